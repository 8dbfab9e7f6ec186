import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { sendMessage } from '../support/interop.ts';
import { jsonOf, runCli } from './runCli.ts';

describe('snapshot, revert and dump commands', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 2 });
  });
  afterAll(() => net.stop());

  it('snapshot then revert returns the network to the saved block', async () => {
    const rpc = net.gateway.rpcUrl;
    const snap = await runCli(['snapshot', '--rpc', rpc, '--json']);
    expect(snap.code).toBe(0);
    const { snapshotId } = jsonOf(snap) as { snapshotId: string };
    const before = net.network.node(271).node.blockNumber;
    await sendMessage(net.network.node(271), 'to be reverted');
    expect(net.network.node(271).node.blockNumber).toBeGreaterThan(before);
    const reverted = await runCli(['revert', snapshotId, '--rpc', rpc, '--json']);
    expect(reverted.code).toBe(0);
    expect(net.network.node(271).node.blockNumber).toBe(before);
  });

  it('revert of an unknown snapshot exits 1 with the reason', async () => {
    const result = await runCli(['revert', '0x99', '--rpc', net.gateway.rpcUrl]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no snapshot 0x99/);
  });

  it('dump writes every chain journal to a file in the dump format', async () => {
    await sendMessage(net.network.node(271), 'to be dumped');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zkinterop-dump-')), 'net.json');
    const result = await runCli(['dump', '--rpc', net.gateway.rpcUrl, '--out', file, '--json']);
    expect(result.code).toBe(0);
    const dump = JSON.parse(await readFile(file, 'utf8')) as { format: string; journals: Record<string, unknown[]> };
    expect(dump.format).toBe('zkinterop-dump');
    expect(Object.keys(dump.journals)).toContain('271');
    expect(dump).toEqual(JSON.parse(JSON.stringify(await net.network.dump())));
  });
});
