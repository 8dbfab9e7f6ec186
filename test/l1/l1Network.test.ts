import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { createSettlementClient } from '../../src/chain/settlementClient.ts';
import { chainSettlementAddress } from '../../src/contracts/index.ts';
import { pollUntil } from '../support/poll.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

// The L1 under Gateway (issue 13, SPEC §10), opt-in: `l1` on startNetwork.
const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 } };

/** Gateway's settlement counters as the L1's settlement contract of chain 506 keeps them. */
function gatewayProgressOnL1(net: Network) {
  // progress() only reads; the key signs nothing here.
  return createSettlementClient({ settlementLayer: net.l1!.client, settlementLayerChainId: 9, chainId: 506, operatorKey: `0x${'11'.repeat(32)}` }).progress();
}

async function blockTag(net: Network, chainId: number, tag: 'finalized' | 'safe'): Promise<number> {
  const block = await net.node(chainId).client.request<{ number: Hex }>('eth_getBlockByNumber', [tag, false]);
  return Number(BigInt(block.number));
}

describe('a network with an L1 under Gateway', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({ ...layout, profile: 'instant' });
  });
  afterAll(() => net.stop());

  it('starts the L1 first, as chain 9, and describes it in the network config', async () => {
    expect(net.allNodes().map((n) => n.chainId)).toEqual([9, 506, 271, 272]);
    expect(await net.l1!.client.request('eth_chainId')).toBe('0x9');
    const config = net.config();
    expect(config.l1).toMatchObject({ chainId: 9, role: 'l1', rpcUrl: net.l1!.rpcUrl });
    expect(config.gateway.settlementContract).toBe(chainSettlementAddress(506));
  });

  it('serves no zks_ methods on the L1', async () => {
    await expect(net.l1!.client.request('zks_L1ChainId')).rejects.toThrow(/not found|does not exist|unknown/i);
  });

  it('answers zks_L1ChainId 9 on Gateway and on the chains', async () => {
    for (const id of [506, 271, 272]) expect(await net.node(id).client.request('zks_L1ChainId')).toBe('0x9');
  });

  it('a message from 271 still verifies on 272', async () => {
    const sent = await sendMessage(net.node(271), 'over an L1');
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
  });

  it("commits, proves and executes Gateway's batches on the L1", async () => {
    await sendMessage(net.node(271), 'makes Gateway settle');
    const progress = await pollUntil(async () => {
      const p = await gatewayProgressOnL1(net);
      return p.executed >= 1 ? p : undefined;
    }, { what: "Gateway's first batch executed on the L1" });
    expect(progress.committed).toBeGreaterThanOrEqual(progress.executed);
    const batch = net.gateway.node.batch(1)!;
    const details = await net.gateway.client.request<{ commitTxHash: Hex; executeTxHash: Hex; commitChainId: number; executeChainId: number }>('zks_getL1BatchDetails', [1]);
    expect(details).toMatchObject({ commitTxHash: batch.commitTxHash, executeTxHash: batch.executeTxHash, commitChainId: 9, executeChainId: 9 });
    const receipt = await net.l1!.client.request<{ to: string; status: Hex }>('eth_getTransactionReceipt', [batch.executeTxHash]);
    expect(receipt).toMatchObject({ to: chainSettlementAddress(506).toLowerCase(), status: '0x1' });
  });

  it("answers Gateway's main contract: its settlement contract on the L1", async () => {
    expect(await net.gateway.client.request('zks_getMainContract')).toBe(chainSettlementAddress(506));
    const code = await net.l1!.client.request<Hex>('eth_getCode', [chainSettlementAddress(506), 'latest']);
    expect(code.length).toBeGreaterThan(2);
  });
});

describe('finality with an L1 (SPEC §10), stepped by hand', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({ ...layout, manual: true });
  });
  afterAll(() => net.stop());

  it("finalizes a chain's block only once Gateway's batch holding its execute is executed on the L1", async () => {
    const chain = net.node(271).node;
    const gateway = net.gateway.node;
    const sent = await sendMessage(net.node(271), 'final only on L1');
    const block = Number(BigInt((await net.node(271).client.request<{ blockNumber: Hex }>('eth_getTransactionReceipt', [sent.txHash])).blockNumber));
    await chain.sealBatch();
    for (const stage of ['commit', 'prove', 'execute'] as const) await chain.advanceSettlement(stage);
    expect(chain.batch(chain.lastBatchWithStage('executed'))!.lastBlock).toBeGreaterThanOrEqual(block);
    // Executed on Gateway, but Gateway's batch holding that execute is not on the L1 yet.
    expect(await blockTag(net, 271, 'finalized')).toBeLessThan(block);
    expect(await blockTag(net, 271, 'safe')).toBeLessThan(block);
    expect(await blockTag(net, 506, 'finalized')).toBe(gateway.batch(0)!.lastBlock);

    await gateway.sealBatch();
    await gateway.advanceSettlement('commit');
    // The chain reads Gateway's tags over its RPC client at the watchers' poll interval (layerFinality.ts).
    await pollUntil(async () => (await blockTag(net, 271, 'safe')) >= block, { what: "271's safe block to follow Gateway's commit on the L1" });
    expect(await blockTag(net, 271, 'finalized')).toBeLessThan(block);
    await gateway.advanceSettlement('prove');
    await gateway.advanceSettlement('execute');
    await pollUntil(async () => (await blockTag(net, 271, 'finalized')) >= block, { what: "271's finalized block to follow Gateway's execute on the L1" });
    expect(await blockTag(net, 506, 'finalized')).toBe(gateway.batch(1)!.lastBlock);
  });
});
