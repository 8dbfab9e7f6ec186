/**
 * The exact command lines of deploy/docker-compose.yml, run as local processes (no container daemon runs
 * here): the layout-init service's `layout init`, then the L1, Gateway, both chains and the coordinator,
 * in the compose's start order, on a real PostgreSQL (test/support/postgres.ts). What differs from the
 * containers, and only that: the layout volume is a temporary folder, each service's host name is
 * 127.0.0.1 and its port a free one (the compose's own may be taken on this machine), `--host 0.0.0.0`
 * binds 127.0.0.1 (not to expose a devnet on a shared machine), and `--db` is the test's server.
 * Each starts once the one before answers /health, as compose's `depends_on: service_healthy` waits.
 * A message sent on one chain then verifies on the other, through the nodes' own processes only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkNode } from '../../src/network/network.ts';
import { createHttpRpcClient } from '../../src/rpc/client.ts';
import { rpc } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';
import { startPostgres, type RunningPostgres } from '../support/postgres.ts';
import { runCli } from '../cli/runCli.ts';
import { composeFile, flagOf, layoutInitArgs, type ComposeService } from './deployFiles.ts';

const { services } = composeFile();
const initArgs = layoutInitArgs(services['layout-init']!);
const volume = initArgs[initArgs.indexOf('--out') + 1]!;
/** The services in the order compose starts them (each after what it depends on). */
const order = startOrder(Object.fromEntries(Object.entries(services).filter(([, s]) => s.command?.[0] === 'node' || s.command?.[0] === 'coordinator')));

function startOrder(running: Record<string, ComposeService>): string[] {
  const done: string[] = [];
  while (done.length < Object.keys(running).length) {
    const next = Object.keys(running).find((name) => !done.includes(name) && Object.keys(running[name]!.depends_on ?? {}).every((d) => done.includes(d) || !(d in running)));
    if (!next) throw new Error(`the compose's depends_on has a cycle among ${Object.keys(running).join(', ')}`);
    done.push(next);
  }
  return done;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
type Child = { name: string; process: ChildProcess; exited: Promise<number | null>; stderr: () => string };

/** Starts `zkinterop …argv` and resolves once /health at `url` answers 200; rejects with its stderr if it exits first. */
async function startService(name: string, argv: string[], url: string): Promise<Child> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'zkinterop.js'), ...argv], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let gone = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => ((gone = true), resolve(code))));
  // Stops polling once the child is gone (the race below reports that).
  const healthy = pollUntil(async () => gone || (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, { what: `service ${name} to answer /health`, timeoutMs: 120_000, intervalMs: 200 });
  const exitedFirst = exited.then((code) => {
    throw new Error(`service ${name} exited (${code}) before it was healthy:`);
  });
  await Promise.race([healthy, exitedFirst]).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${stderr}`);
  });
  exitedFirst.catch(() => {}); // once healthy, a later exit is the test's to see
  return { name, process: child, exited, stderr: () => stderr };
}

const pg = await startPostgres();

describe.skipIf('skip' in pg)("the compose file's commands, run as local processes", () => {
  const postgres = pg as RunningPostgres;
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-compose-'));
  const children: Child[] = [];
  const ports = new Map<string, number>();

  /** A service's command line as run here: see the header for what is replaced, and nothing else is. */
  function localCommand(name: string): string[] {
    return services[name]!.command!.map((arg) => {
      let out = arg.replaceAll(volume, dir);
      if (out.startsWith('postgres://')) return postgres.url;
      for (const [name, port] of ports) out = out.replace(new RegExp(`^(\\d+=)?http://${name}:\\d+$`), (_, prefix: string | undefined) => `${prefix ?? ''}http://127.0.0.1:${port}`);
      return out === '0.0.0.0' ? '127.0.0.1' : out;
    }).map((arg, i, all) => (all[i - 1] === '--port' ? String(ports.get(name)!) : arg));
  }
  const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name)}`;
  const chainNode = (chainId: number): NetworkNode => {
    const name = Object.entries(services).find(([, s]) => s.command?.[0] === 'node' && flagOf(s.command, '--chain-id') === String(chainId))![0];
    return { chainId, client: createHttpRpcClient(urlOf(name)) } as unknown as NetworkNode;
  };

  beforeAll(async () => {
    // The init service, as its shell line runs it (no layout yet).
    const init = await runCli([...initArgs.slice(0, initArgs.indexOf('--out') + 1), dir, ...initArgs.slice(initArgs.indexOf('--out') + 2)]);
    expect(init.code, init.stderr).toBe(0);
    for (const name of order) ports.set(name, await freePort());
    for (const name of order) children.push(await startService(name, localCommand(name), urlOf(name)));
  });

  afterAll(async () => {
    for (const child of children.reverse()) {
      child.process.kill('SIGTERM');
      await child.exited;
    }
    postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts every service and each answers /health at its port', async () => {
    for (const name of order) expect((await fetch(`${urlOf(name)}/health`)).status, name).toBe(200);
  });

  it("describes through the coordinator's /network every node of the layout", async () => {
    const coordinator = order.find((name) => services[name]!.command![0] === 'coordinator')!;
    const config = await rpc<{ gateway: { chainId: number }; chains: { chainId: number }[] }>(`${urlOf(coordinator)}/network`, 'zkinterop_networkConfig');
    const chainIds = initArgs[initArgs.indexOf('--chains') + 1]!.split(',').map(Number);
    expect(config.chains.map((c) => c.chainId).sort()).toEqual(chainIds.sort());
  });

  it("verifies on chain 272 a message sent on chain 271, across the nodes' own processes", async () => {
    const [from, to] = [chainNode(271), chainNode(272)];
    const gateway = chainNode(Number(initArgs[initArgs.indexOf('--gateway-chain-id') + 1]));
    const sent = await sendMessage(from, 'through the compose commands');
    const settled = await waitSettled(from, gateway, sent);
    await waitInteropRoot(to, gateway.chainId, settled.gatewayBlock);
    expect(await proveOn(to, claimOf(271, settled))).toBe(true);
  });
});
