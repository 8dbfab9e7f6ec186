/**
 * `zkinterop up --processes` as a child process for the tests of test/processes/: a config file with free
 * ports (L1, Gateway 506, chains 271 and 272, router on a free port), the network started with `--json`,
 * and what it printed (NetworkConfig with `processes`). Stops it with SIGTERM and waits for its exit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hex } from 'viem';
import { expect } from 'vitest';
import type { NetworkConfig } from '../../src/wire/types.ts';
import { runCli } from '../cli/runCli.ts';
import { spawnCli, type ChildCli } from './childNetwork.ts';

/** What `up --processes --json` prints. */
export type ProcessUp = NetworkConfig & { processes: { chainId: number; role: 'l1' | 'gateway' | 'chain'; pid: number }[] };

export type ProcessNetworkChild = ChildCli<ProcessUp> & {
  /** the config it printed */
  config: ProcessUp;
  /** `<router>/chains/<id>` */
  routed(chainId: number): string;
  /** the node's own port */
  own(chainId: number): string;
  /** `<router>/network` */
  network: string;
  /** SIGTERM, then its exit code */
  stop(): Promise<number | null>;
};

/** A fresh temporary directory. */
export function tempDir(prefix = 'zkinterop-proc-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes the network config with free ports (and extra fields) into `dir`; returns its path. */
export function writeProcessConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, 'network.json');
  writeFileSync(file, JSON.stringify({ gateway: { chainId: 506, port: 0 }, l1: { port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], ...extra }));
  return file;
}

/**
 * Starts `zkinterop up --processes --json --port 0 --config <config> ...args`.
 * @throws Error with the child's stderr if it exits before it printed its config
 */
export async function startProcessUp(config: string, args: string[] = []): Promise<ProcessNetworkChild> {
  // `--json` prints `{"error": …}` when it fails: not ready, so the child's exit and stderr are reported.
  const child = await spawnCli(['up', '--processes', '--json', '--port', '0', '--config', config, ...args], processUpLineOf);
  const config_ = child.ready;
  const nodes = [...(config_.l1 ? [config_.l1] : []), config_.gateway, ...config_.chains];
  const find = (chainId: number) => {
    const node = nodes.find((n) => n.chainId === chainId);
    if (!node) throw new Error(`no node ${chainId} in ${JSON.stringify(nodes.map((n) => n.chainId))}`);
    return node;
  };
  return {
    ...child,
    config: config_,
    routed: (chainId) => `${config_.routerUrl}/chains/${chainId}`,
    own: (chainId) => find(chainId).rpcUrl,
    network: `${config_.routerUrl}/network`,
    async stop() {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
      return child.exited;
    },
  };
}

/** The first complete stdout line that is the printed NetworkConfig with `processes` (a long line may come in several chunks). */
export function processUpLineOf(out: string): ProcessUp | undefined {
  for (const line of out.split('\n').slice(0, -1)) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Partial<ProcessUp>;
      if (Array.isArray(parsed.chains) && Array.isArray(parsed.processes)) return parsed as ProcessUp;
    } catch {
      // another line that starts with a brace
    }
  }
  return undefined;
}

/** Sends a message with the CLI on `url` and waits until it is verifiable on chain `on`; its tx hash. */
export async function sendVerifiable(url: string, on: number, text: string): Promise<Hex> {
  const sent = await runCli(['send', '--rpc', url, text, '--json']);
  expect(sent.code, sent.stderr).toBe(0);
  const { txHash } = jsonLine<{ txHash: Hex }>(sent.stdout);
  const waited = await runCli(['wait', txHash, '--rpc', url, '--until', 'verifiable', '--on', String(on), '--json']);
  expect(waited.code, waited.stderr).toBe(0);
  return txHash;
}

/** `zkinterop verify` of `txHash` (sent on `url`'s chain) on chain `on`: its answer. */
export async function verifies(url: string, txHash: Hex, on: number): Promise<boolean> {
  const result = await runCli(['verify', txHash, '--rpc', url, '--on', String(on), '--json']);
  if (result.code !== 0 && result.code !== 1) throw new Error(`verify exited ${result.code}: ${result.stderr}`);
  return jsonLine<{ verified: boolean }>(result.stdout, result.stderr).verified;
}

/** The JSON line a command printed with --json. */
export function jsonLine<T = Record<string, unknown>>(stdout: string, stderr = ''): T {
  const lines = stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line of JSON on stdout, got:\n${stdout}\nstderr:\n${stderr}`);
  return JSON.parse(lines[0]!) as T;
}
