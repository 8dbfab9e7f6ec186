/**
 * A chain on Gateway with an L1 below learns how final its settlement is only by reading Gateway over
 * its RPC client (src/chain/layerFinality.ts, SPEC §10): with the L1 paused, a batch of 271 executed on
 * Gateway moves neither 271's `finalized` block nor makes its `executeTxFinality` `finalized`; after the
 * L1 resumes both follow, and a restart from the SQLite store answers the same tags and finality; stepped
 * by hand, the batch's Gateway transactions go pending → fast_finalized (Gateway's batch committed on the
 * L1) → finalized (executed there), as the real server's EthTxFinalityStatus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { pollUntil } from '../support/poll.ts';
import { sendMessage, waitSettled, type SettledMessage } from '../support/interop.ts';
import { sqliteBackend } from '../support/stores.ts';

const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant' as const, dev: true };

type Finality = { commitTxFinality: string | null; proveTxFinality: string | null; executeTxFinality: string | null };

const backend = sqliteBackend();

async function blockTag(net: Network, chainId: number, tag: 'finalized' | 'safe'): Promise<number> {
  const block = await net.node(chainId).client.request<{ number: Hex }>('eth_getBlockByNumber', [tag, false]);
  return Number(BigInt(block.number));
}

function batchFinality(net: Network, batchNumber: number): Promise<Finality> {
  return net.node(271).client.request<Finality>('zks_getL1BatchDetails', [batchNumber]);
}

function blockFinality(net: Network, blockNumber: number): Promise<Finality> {
  return net.node(271).client.request<Finality>('zks_getBlockDetails', [blockNumber]);
}

describe("a chain's finality over Gateway with the L1 paused, resumed and restarted", () => {
  let location: string;
  let net: Network;
  let settled: SettledMessage;
  let block: number;
  let finalizedWhilePaused: number;
  let whilePaused: Finality;

  beforeAll(async () => {
    location = await backend.location();
    net = await startNetwork({ ...layout, store: await openStore(location) });
    await net.node(271).client.request('zkinterop_pauseL1');
    const sent = await sendMessage(net.node(271), 'executed on Gateway while the L1 is paused');
    block = Number(BigInt((await net.node(271).client.request<{ blockNumber: Hex }>('eth_getTransactionReceipt', [sent.txHash])).blockNumber));
    settled = await waitSettled(net.node(271), net.gateway, sent);
    // Gateway's batch holding 271's execute waits for the paused L1: sealed, or (batch time 0) held open while
    // the batch before it cannot settle there.
    await pollUntil(() => { const b = net.gateway.node.batchOfBlock(settled.gatewayBlock); return b !== undefined && (b.stage === 'sealed' || b.stage === 'open'); }, { what: "Gateway's batch holding 271's execute to wait for the L1" });
    // Gives 271's follower many polls of Gateway (the instant profile polls every 2 ms) to see what it can.
    await new Promise((r) => setTimeout(r, 200));
    finalizedWhilePaused = await blockTag(net, 271, 'finalized');
    whilePaused = await batchFinality(net, settled.batchNumber);
  });
  afterAll(async () => {
    await net?.stop();
    await backend.cleanup();
  });

  it("leaves 271's finalized block short of a batch executed on Gateway while the L1 is paused", () => {
    expect(net.node(271).node.batch(settled.batchNumber)!.stage).toBe('executed');
    expect(finalizedWhilePaused).toBeLessThan(block);
  });

  it("answers the batch's Gateway transactions as not finalized while Gateway's batch is not on the L1", () => {
    expect(whilePaused.executeTxFinality).toBe('pending');
    expect(whilePaused.commitTxFinality).not.toBe('finalized');
  });

  it("moves 271's finalized block and the batch's finality once the L1 resumes", async () => {
    await net.node(271).client.request('zkinterop_resumeL1');
    await pollUntil(async () => (await blockTag(net, 271, 'finalized')) >= block, { what: "271's finalized block to pass the message's block" });
    const after = await pollUntil(async () => { const f = await batchFinality(net, settled.batchNumber); return f.executeTxFinality === 'finalized' ? f : undefined; }, { what: "the batch's executeTxFinality to be finalized" });
    expect(after).toMatchObject({ commitTxFinality: 'finalized', proveTxFinality: 'finalized', executeTxFinality: 'finalized' });
    expect(await blockFinality(net, block)).toMatchObject({ executeTxFinality: 'finalized' });
  });

  it('answers the same tags and finality after a restart from the SQLite store', async () => {
    // Quiet first: every Gateway batch on the L1, so nothing moves between the two readings.
    await pollUntil(async () => (await blockTag(net, 271, 'safe')) === (await blockTag(net, 271, 'finalized')), { what: "271's safe and finalized blocks to meet" });
    const before = { finalized: await blockTag(net, 271, 'finalized'), safe: await blockTag(net, 271, 'safe'), batch: await batchFinality(net, settled.batchNumber) };
    await net.stop();
    net = await startNetwork({ ...layout, store: await openStore(location) });
    const after = { finalized: await blockTag(net, 271, 'finalized'), safe: await blockTag(net, 271, 'safe'), batch: await batchFinality(net, settled.batchNumber) };
    expect(after).toEqual(before);
    expect(after.finalized).toBeGreaterThanOrEqual(block);
  });
});

describe("a chain's settlement transactions as Gateway's batch holding them goes through the L1, stepped by hand", () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({ gateway: layout.gateway, chains: layout.chains, l1: { port: 0 }, manual: true });
  });
  afterAll(() => net?.stop());

  it('answers pending, then fast_finalized once committed on the L1, then finalized once executed there', async () => {
    const chain = net.node(271).node;
    const gateway = net.gateway.node;
    await sendMessage(net.node(271), 'stepped through the L1');
    const batch = (await chain.sealBatch())!;
    for (const stage of ['commit', 'prove', 'execute'] as const) await chain.advanceSettlement(stage);
    expect(await batchFinality(net, batch.number)).toMatchObject({ commitTxFinality: 'pending', executeTxFinality: 'pending' });
    await gateway.sealBatch();
    await gateway.advanceSettlement('commit');
    const committed = await pollUntil(async () => { const f = await batchFinality(net, batch.number); return f.executeTxFinality === 'fast_finalized' ? f : undefined; }, { what: "the execute's finality to be fast_finalized" });
    expect(committed).toMatchObject({ commitTxFinality: 'fast_finalized', proveTxFinality: 'fast_finalized' });
    expect(await blockTag(net, 271, 'finalized')).toBeLessThan(batch.lastBlock);
    await gateway.advanceSettlement('prove');
    await gateway.advanceSettlement('execute');
    const executed = await pollUntil(async () => { const f = await batchFinality(net, batch.number); return f.executeTxFinality === 'finalized' ? f : undefined; }, { what: "the execute's finality to be finalized" });
    expect(executed).toMatchObject({ commitTxFinality: 'finalized', proveTxFinality: 'finalized' });
    expect(await blockTag(net, 271, 'finalized')).toBeGreaterThanOrEqual(batch.lastBlock);
  });
});
