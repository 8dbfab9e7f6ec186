/**
 * The test harness over one process per node in manual mode (issue 16, docs/design/processes.md §1 #22):
 * `advanceUntil` steps each node's settlement over HTTP with the stage methods (zkinterop_sealBatch …
 * zkinterop_executeBatch, zkinterop_importInteropRoots), and for `provableOnL1` Gateway's batches on the
 * L1, reading where things stand only through JSON-RPC. One network for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type ChainHandle, type ProcessNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import type { MessageLifecycle } from '../../src/wire/types.ts';
import { getL1MessageProof, verifyMessageOnL1 } from '../../src/sdk/index.ts';
import { sendMessage } from '../support/interop.ts';

function nodeOf(handle: ChainHandle): NetworkNode {
  return { chainId: handle.chainId, client: { request: handle.request } } as unknown as NetworkNode;
}

describe('the harness with one process per node, manual mode', () => {
  let net: TestNetwork<ProcessNetwork>;
  beforeAll(async () => {
    net = await createNetwork({ processes: true, chains: 2, l1: true, manual: true });
  });
  afterAll(() => net?.stop());

  it("advanceUntil 'committed' steps the batch to committed and no further", async () => {
    const sent = await sendMessage(nodeOf(net.chain(271)), 'stepped across processes');
    const life = await net.advanceUntil(sent.txHash, 'committed');
    expect(life.stage).toBe('committed');
    const now = await net.chain(271).request<MessageLifecycle>('zkinterop_getMessageLifecycle', [sent.txHash]);
    expect(now.stage).toBe('committed');
  });

  it("advanceUntil 'imported' steps settlement and the target's root import", async () => {
    const sent = await sendMessage(nodeOf(net.chain(271)), 'imported across processes');
    const life = await net.advanceUntil(sent.txHash, 'imported', { on: 272 });
    expect(life.stage).toBe('executed');
    expect(await net.chain(272).request('zkinterop_getImportedRoot', [net.gateway.chainId, life.gatewayBlockNumber])).not.toBeNull();
  });

  it("advanceUntil 'provableOnL1' steps Gateway's batch on the L1 until the L1 verifies the message", async () => {
    const sent = await sendMessage(nodeOf(net.chain(272)), 'to the L1 across processes');
    await net.advanceUntil(sent.txHash, 'executed');
    // Executed on Gateway only: in manual mode nothing moves Gateway's batch to the L1 by itself.
    expect(await net.chain(272).request('zks_getL2ToL1LogProof', [sent.txHash, 0])).toBeNull();
    await net.advanceUntil(sent.txHash, 'provableOnL1');
    const proof = await getL1MessageProof(net.chain(272).client, { txHash: sent.txHash });
    expect(await verifyMessageOnL1(net.l1!.client, proof)).toBe(true);
  });
});
