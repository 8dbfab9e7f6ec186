/**
 * Gateway with a batch time of 0 (the instant profile on an L1) holds its open batch while an earlier one
 * still settles on the L1, and seals it once that one is settled (src/chain/chainNode.ts `holdsSeal`): with
 * the L1 paused, a chain's commit lands in a Gateway batch sealed at once, its prove and execute wait together
 * in the open one, which seals and settles once the L1 resumes; the message then verifies on the other chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { pollUntil } from '../support/poll.ts';
import { gatewayBlockOf, sendMessage, waitInteropRoot, waitSettled, type SettledMessage } from '../support/interop.ts';

let net: Network;
let settled: SettledMessage;
let commitBlock: number;
let proveBlock: number;
beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant', dev: true });
  await net.node(271).client.request('zkinterop_pauseL1');
  settled = await waitSettled(net.node(271), net.gateway, await sendMessage(net.node(271), 'held on Gateway'));
  const details = await net.node(271).client.request<{ commitTxHash: Hex; proveTxHash: Hex }>('zks_getL1BatchDetails', [settled.proof.batchNumber]);
  commitBlock = await gatewayBlockOf(net.gateway, details.commitTxHash);
  proveBlock = await gatewayBlockOf(net.gateway, details.proveTxHash);
});
afterAll(async () => {
  await net?.stop();
});

describe("Gateway's batches with batch time 0 while the L1 settles", () => {
  it("seals the batch of the chain's commit, and holds its prove and execute in the one open batch behind it", () => {
    const gateway = net.gateway.node;
    expect(gateway.batchOfBlock(commitBlock)!.stage).toBe('sealed');
    const held = gateway.batchOfBlock(settled.gatewayBlock)!;
    expect(held.stage).toBe('open');
    expect(gateway.batchOfBlock(proveBlock)!.number).toBe(held.number);
    expect(held.number).toBe(gateway.batchOfBlock(commitBlock)!.number + 1);
  });

  it('seals and settles the held batch once the L1 resumes, and the message verifies on the other chain', async () => {
    await net.node(271).client.request('zkinterop_resumeL1');
    await pollUntil(() => net.gateway.node.batchOfBlock(settled.gatewayBlock)!.stage === 'executed', { what: 'the held batch executed on the L1' });
    expect(net.gateway.node.batchOfBlock(settled.gatewayBlock)!.sealedAt).toBeDefined();
    expect(await waitInteropRoot(net.node(272), 506, settled.gatewayBlock)).toBe(settled.interopRoot);
  });
});
