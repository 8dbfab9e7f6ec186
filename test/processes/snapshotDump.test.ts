/**
 * Snapshot/revert and dump/load of `zkinterop up --processes` (issue 16): `evm_snapshot`/`evm_revert` and
 * `zkinterop_snapshot`/`zkinterop_revert` called on a chain's own port are forwarded to the coordinator and
 * revert every node; `zkinterop snapshot`/`revert` through the router; `zkinterop dump` of a network of
 * processes loaded by `up --processes --load` (same block hashes, its messages verify), a one-process
 * dump loaded with `--processes`, and a `--processes` dump loaded into a one-process `up`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Hex } from 'viem';
import { createChainClients, verifyMessage } from '../../src/sdk/index.ts';
import { runCli } from '../cli/runCli.ts';
import { rpc, startChildNetwork } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { jsonLine, sendVerifiable, startProcessUp, verifies, tempDir, writeProcessConfig, type ProcessNetworkChild } from '../support/processNetwork.ts';

const NODES = [9, 506, 271, 272];


const blockNumber = async (url: string) => Number(await rpc<Hex>(url, 'eth_blockNumber'));
const blockHash = async (url: string, n: number) => (await rpc<{ hash: Hex } | null>(url, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false]))?.hash;

describe('snapshot and revert across processes', () => {
  let net: ProcessNetworkChild;
  beforeAll(async () => {
    net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }));
  });
  afterAll(async () => {
    expect(await net?.stop(), net?.stderr()).toBe(0);
  });

  it('evm_snapshot on 271\'s own port and evm_revert on 272\'s revert every node: 272\'s message is gone and no longer verifies on 271', async () => {
    const id = await rpc<string>(net.own(271), 'evm_snapshot');
    const heads = new Map(await Promise.all(NODES.map(async (n) => {
      const head = await blockNumber(net.own(n));
      return [n, { head, hash: await blockHash(net.own(n), head) }] as const;
    })));
    const txHash = await sendVerifiable(net.own(272), 271, 'after the snapshot');
    const proof = await runCli(['proof', txHash, '--rpc', net.own(272), '--json']);
    expect(proof.code, proof.stderr).toBe(0);
    const on271 = await createChainClients({ rpcUrl: net.own(271) });
    const args = jsonLine(proof.stdout) as unknown as Parameters<typeof verifyMessage>[1];
    expect(await verifyMessage(on271.publicClient, args)).toBe(true);

    expect(await rpc<boolean>(net.own(272), 'evm_revert', [id])).toBe(true);
    expect(await rpc(net.own(272), 'eth_getTransactionReceipt', [txHash])).toBeNull();
    expect(await rpc(net.routed(272), 'eth_getTransactionReceipt', [txHash])).toBeNull();
    // Every node's history up to the snapshot is unchanged, and 271 forgot the root that proved the message.
    for (const [n, { head, hash }] of heads) expect(await blockHash(net.own(n), head)).toBe(hash);
    expect(await verifyMessage(on271.publicClient, args)).toBe(false);
  });

  it('zkinterop_snapshot then zkinterop_revert on a chain\'s own port return Gateway to the saved block', async () => {
    const id = await rpc<string>(net.own(272), 'zkinterop_snapshot');
    const gatewayBefore = await blockNumber(net.own(506));
    const savedHash = await blockHash(net.own(506), gatewayBefore);
    await sendVerifiable(net.own(271), 272, 'to be reverted');
    expect(await blockNumber(net.own(506))).toBeGreaterThan(gatewayBefore);
    const settledHash = await blockHash(net.own(506), gatewayBefore + 1);
    expect(await rpc<boolean>(net.own(272), 'zkinterop_revert', [id])).toBe(true);
    // Gateway is back at the saved block: what it sealed after is gone (it may seal new blocks at once).
    expect(await blockHash(net.own(506), gatewayBefore)).toBe(savedHash);
    expect(await blockHash(net.own(506), gatewayBefore + 1)).not.toBe(settledHash);
  });

  it('zkinterop snapshot / revert through the router revert 271', async () => {
    const snap = await runCli(['snapshot', '--rpc', net.routed(271), '--json']);
    expect(snap.code, snap.stderr).toBe(0);
    const { snapshotId } = jsonLine<{ snapshotId: string }>(snap.stdout);
    const before = await blockNumber(net.own(271));
    const sent = await runCli(['send', '--rpc', net.routed(271), 'gone', '--json']);
    const { txHash } = jsonLine<{ txHash: Hex }>(sent.stdout);
    const reverted = await runCli(['revert', snapshotId, '--rpc', net.routed(271), '--json']);
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(await rpc(net.own(271), 'eth_getTransactionReceipt', [txHash])).toBeNull();
    expect(await blockNumber(net.own(271))).toBeGreaterThanOrEqual(before);
  });

  it('the network goes on after the reverts: a new message verifies', async () => {
    const txHash = await sendVerifiable(net.routed(271), 272, 'after the reverts');
    expect(await verifies(net.routed(271), txHash, 272)).toBe(true);
  });
});

describe('dump and load across processes', () => {
  let net: ProcessNetworkChild;
  let txHash: Hex;
  let dumpFile: string;
  let heads: Map<number, { n: number; hash: Hex | undefined }>;

  beforeAll(async () => {
    net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }));
    txHash = await sendVerifiable(net.routed(271), 272, 'dumped across processes');
    heads = new Map(await Promise.all(NODES.map(async (id) => {
      const n = await blockNumber(net.own(id));
      return [id, { n, hash: await blockHash(net.own(id), n) }] as const;
    })));
    dumpFile = path.join(tempDir(), 'dump.json');
    const dumped = await runCli(['dump', '--rpc', net.routed(271), '--out', dumpFile, '--json']);
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(await net.stop(), net.stderr()).toBe(0);
  });

  it('the dump holds every node\'s journal', () => {
    const dump = JSON.parse(readFileSync(dumpFile, 'utf8')) as { format: string; journals: Record<string, unknown[]> };
    expect(dump.format).toBe('zkinterop-dump');
    expect(Object.keys(dump.journals).map(Number).sort()).toEqual([...NODES].sort());
  });

  it('up --processes --load into a new data dir has the same blocks, and the message verifies', async () => {
    const loaded = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }), ['--load', dumpFile, '--data-dir', tempDir()]);
    try {
      for (const [id, head] of heads) expect(await blockHash(loaded.own(id), head.n)).toBe(head.hash);
      expect(await verifies(loaded.routed(271), txHash, 272)).toBe(true);
      // and it goes on: a new message settles and verifies
      const next = await sendVerifiable(loaded.routed(272), 271, 'after the load');
      expect(await verifies(loaded.routed(272), next, 271)).toBe(true);
    } finally {
      expect(await loaded.stop(), loaded.stderr()).toBe(0);
    }
  });

  it('a dump of up --processes loads into a one-process up: same blocks, the message verifies', async () => {
    const dir = tempDir();
    const config = writeProcessConfig(dir, { profile: 'instant', routerPort: null });
    const one = await startChildNetwork(config, ['--load', dumpFile]);
    try {
      const url = (id: number) => (id === 9 ? (one.endpoints as unknown as { l1: { rpcUrl: string } }).l1.rpcUrl : one.url(id));
      for (const [id, head] of heads) expect(await blockHash(url(id), head.n)).toBe(head.hash);
      expect(await verifies(url(271), txHash, 272)).toBe(true);
    } finally {
      one.process.kill('SIGTERM');
      expect(await one.exited).toBe(0);
    }
  });
});

describe('a one-process dump', () => {
  it('loads with --processes: same blocks, its message verifies, and new messages settle', async () => {
    const one = await startChildNetwork(writeProcessConfig(tempDir(), { profile: 'instant', routerPort: null }), []);
    let txHash: Hex;
    const dumpFile = path.join(tempDir(), 'one.json');
    const heads = new Map<number, { n: number; hash: Hex | undefined }>();
    try {
      const url = (id: number) => (id === 9 ? (one.endpoints as unknown as { l1: { rpcUrl: string } }).l1.rpcUrl : one.url(id));
      txHash = await sendVerifiable(url(271), 272, 'from one process');
      for (const id of NODES) {
        const n = await blockNumber(url(id));
        heads.set(id, { n, hash: await blockHash(url(id), n) });
      }
      const dumped = await runCli(['dump', '--rpc', url(271), '--out', dumpFile, '--json']);
      expect(dumped.code, dumped.stderr).toBe(0);
    } finally {
      one.process.kill('SIGTERM');
      expect(await one.exited).toBe(0);
    }
    const loaded = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }), ['--load', dumpFile]);
    try {
      for (const [id, head] of heads) expect(await blockHash(loaded.own(id), head.n)).toBe(head.hash);
      expect(await verifies(loaded.routed(271), txHash, 272)).toBe(true);
      const next = await sendVerifiable(loaded.routed(272), 271, 'after loading one process');
      expect(await verifies(loaded.routed(272), next, 271)).toBe(true);
      // the loaded network's relayer is the dump's
      await pollUntil(async () => (await rpc<{ autorelay: { enabled: boolean } }>(loaded.network, 'zkinterop_networkConfig')).autorelay.enabled, { what: 'auto-relay on' });
    } finally {
      expect(await loaded.stop(), loaded.stderr()).toBe(0);
    }
  });
});
