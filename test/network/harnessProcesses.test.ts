/**
 * The test harness over one process per node (issue 16, docs/design/processes.md §1 #22):
 * `createNetwork({ processes: true })` starts the L1, Gateway and two chains each in its own process, and
 * the same harness calls work over HTTP: `advanceUntil` to `imported` and `provableOnL1` (automatic mode),
 * snapshot and revert of the whole network. Outcomes are checked with the test helpers and the SDK on the
 * handles' own clients, not with the harness's own checks. One network for the file (a process per node
 * is slow to start).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type ChainHandle, type ProcessNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import { getL1MessageProof, verifyMessageOnL1 } from '../../src/sdk/index.ts';
import { claimOf, proveOn, sendMessage, waitSettled } from '../support/interop.ts';

/** The interop helpers read only a node's chain id and client: a handle's HTTP request is that client. */
function nodeOf(handle: ChainHandle): NetworkNode {
  return { chainId: handle.chainId, client: { request: handle.request } } as unknown as NetworkNode;
}

describe('the harness with one process per node, automatic mode', () => {
  let net: TestNetwork<ProcessNetwork>;
  beforeAll(async () => {
    net = await createNetwork({ processes: true, chains: 2, l1: true });
  });
  afterAll(() => net?.stop());

  it('runs each node in its own process and talks to it over HTTP', async () => {
    const pids = (net.network.config().processes ?? []).map((p) => p.pid);
    expect(pids).toHaveLength(4);
    expect(new Set(pids).size).toBe(4);
    expect(pids).not.toContain(process.pid);
    expect(await net.chain(272).request('eth_chainId')).toBe('0x110');
    expect(net.chain(271).rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  });

  it("advanceUntil 'imported' makes a message verifiable on the other chain", async () => {
    const a = nodeOf(net.chain(271));
    const sent = await sendMessage(a, 'across processes');
    const life = await net.advanceUntil(sent.txHash, 'imported', { on: 272 });
    expect(life.stage).toBe('executed');
    expect(await net.chain(272).request('zkinterop_getImportedRoot', [net.gateway.chainId, life.gatewayBlockNumber])).not.toBeNull();
    const settled = await waitSettled(a, nodeOf(net.gateway), sent);
    expect(await proveOn(nodeOf(net.chain(272)), claimOf(271, settled))).toBe(true);
  });

  it("advanceUntil 'provableOnL1' waits until the L1 verifies the message", async () => {
    const sent = await sendMessage(nodeOf(net.chain(272)), 'provable on the L1 across processes');
    await net.advanceUntil(sent.txHash, 'provableOnL1');
    const proof = await getL1MessageProof(net.chain(272).client, { txHash: sent.txHash });
    expect(await verifyMessageOnL1(net.l1!.client, proof)).toBe(true);
  });

  it('advanceUntil refuses a transaction no chain knows, with the same message as in one process', async () => {
    const unknown = `0x${'ab'.repeat(32)}` as Hex;
    await expect(net.advanceUntil(unknown, 'sealed')).rejects.toThrow(`no chain of this network knows transaction ${unknown}`);
  });

  it('revert returns every node process to the snapshot, and the network keeps working', async () => {
    const a = nodeOf(net.chain(271));
    const id = await net.snapshot();
    const heads = { a: await net.chain(271).client.getBlockNumber(), gateway: await net.gateway.client.getBlockNumber(), l1: await net.l1!.client.getBlockNumber() };
    const after = await sendMessage(a, 'after the snapshot');
    await net.advanceUntil(after.txHash, 'imported');
    await net.revert(id);
    expect(await net.chain(271).client.getBlockNumber()).toBe(heads.a);
    expect(await net.gateway.client.getBlockNumber()).toBe(heads.gateway);
    expect(await net.l1!.client.getBlockNumber()).toBe(heads.l1);
    expect(await net.chain(271).request('zkinterop_getMessageLifecycle', [after.txHash])).toBeNull();
    expect(await net.chain(271).request('eth_getTransactionReceipt', [after.txHash])).toBeNull();
    const again = await sendMessage(a, 'after the revert');
    await net.advanceUntil(again.txHash, 'imported', { on: 272 });
    const settled = await waitSettled(a, nodeOf(net.gateway), again);
    expect(await proveOn(nodeOf(net.chain(272)), claimOf(271, settled))).toBe(true);
  });
});
