/**
 * `zkinterop coordinator` (src/cli/coordinator.ts) as its own process, over the nodes of an in-process
 * network given by URL: its ready line, the network config on its router's `/network`, a request routed
 * to a node, SIGTERM exits 0; without the internal token it refuses to start, saying where to get it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { readyLineOf, type ReadyLine } from '../../src/network/supervisor.ts';
import type { NetworkConfig } from '../../src/wire/types.ts';
import { spawnCli, type ChildCli } from '../support/childNetwork.ts';
import { call } from '../support/httpRpc.ts';

const TOKEN = 'coordinator-cli-token';
let net: Network;
let dir: string;
let args: string[];
let coordinator: ChildCli<ReadyLine> | undefined;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: false, profile: 'instant', autorelay: false, internalToken: TOKEN });
  dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-coordinator-'));
  writeFileSync(path.join(dir, 'layout.json'), JSON.stringify(await net.layout()));
  writeFileSync(path.join(dir, 'internal-token'), `${TOKEN}\n`, { mode: 0o600 });
  writeFileSync(path.join(dir, 'relayer.key'), (await net.store.getMeta('relayerKey'))!, { mode: 0o600 });
  args = ['coordinator', '--layout', path.join(dir, 'layout.json'), ...net.allNodes().flatMap((n) => ['--node', `${n.chainId}=${n.rpcUrl}`]), '--relayer-key-file', path.join(dir, 'relayer.key'), '--port', '0', '--no-explorer', '--profile', 'instant'];
  coordinator = await spawnCli([...args, '--internal-token-file', path.join(dir, 'internal-token')], readyLineOf);
});

afterAll(async () => {
  if (coordinator && coordinator.process.exitCode === null) {
    coordinator.process.kill('SIGKILL');
    await coordinator.exited;
  }
  await net?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('zkinterop coordinator', () => {
  it('prints a ready line with its router URL', () => {
    expect(coordinator!.ready).toMatchObject({ ready: true, role: 'coordinator', routerUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), pid: coordinator!.process.pid });
  });

  it('answers the network config of the nodes it was given on /network', async () => {
    const config = await call<NetworkConfig>(`${coordinator!.ready.routerUrl as string}/network`, 'zkinterop_networkConfig');
    expect(config.gateway.rpcUrl).toBe(net.node(506).rpcUrl);
    expect(config.chains.map((c) => c.routedUrl)).toEqual([`${coordinator!.ready.routerUrl as string}/chains/271`]);
    expect(config.autorelay).toEqual({ enabled: true, address: (await net.layout()).relayer });
  });

  it('routes a request to the node its path names', async () => {
    expect(await call(`${coordinator!.ready.routerUrl as string}/chains/271`, 'eth_chainId')).toBe('0x10f');
  });

  it('exits 0 on SIGTERM', async () => {
    coordinator!.process.kill('SIGTERM');
    expect(await coordinator!.exited).toBe(0);
  });

  it('refuses to start without the internal token, saying where it comes from', async () => {
    await expect(spawnCli(args, readyLineOf)).rejects.toThrow(/exited \(2\) before it was ready[\s\S]*--internal-token-file/);
  });
});
