/**
 * Faults on the L1 under Gateway (issue 13): a paused L1 holds Gateway's settlement there, so Gateway's
 * `finalized` stops and a new message's interop root is not imported on 272 until the L1 resumes; a
 * commit of Gateway's made to revert on the L1 is recorded, sent again, and the message verifies on the
 * L1 after; a network without an L1 refuses the L1 fault methods, saying how to start one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi } from '../../src/contracts/index.ts';
import { RpcClientError } from '../../src/rpc/client.ts';
import { claimOf, interopRootOn, proveOn, sendMessage, waitInteropRoot, waitSettled, type LogProof, type SentMessage, type SettledMessage } from '../support/interop.ts';
import { listFaults } from '../support/faults.ts';
import { pollUntil } from '../support/poll.ts';

const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, dev: true };

/** A block tag's number on a node. */
async function blockOf(net: Network, chainId: number, tag: 'finalized' | 'latest'): Promise<number> {
  const block = await net.node(chainId).client.request<{ number: Hex }>('eth_getBlockByNumber', [tag, false]);
  return Number(BigInt(block.number));
}

/** Bridgehub.proveL2MessageInclusion on the L1 for a message of 271 with its proof to the L1. */
async function verifiesOnL1(net: Network, sent: SentMessage, toL1: LogProof): Promise<unknown> {
  const data = encodeFunctionData({
    abi: bridgehubAbi,
    functionName: 'proveL2MessageInclusion',
    args: [271n, BigInt(toL1.batchNumber), BigInt(toL1.id), { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data }, toL1.proof],
  });
  const result = await net.l1!.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest']);
  return decodeFunctionResult({ abi: bridgehubAbi, functionName: 'proveL2MessageInclusion', data: result });
}

describe('an L1 paused under Gateway', () => {
  let net: Network;
  let settled: SettledMessage;
  let finalizedAtPause: number;
  let finalizedWhilePaused: number;
  let rootWhilePaused: Hex;
  let waitingOnL1: number;

  beforeAll(async () => {
    net = await startNetwork({ ...layout });
    await net.node(271).client.request('zkinterop_pauseL1');
    finalizedAtPause = await blockOf(net, 506, 'finalized');
    const sent = await sendMessage(net.node(271), 'sent while the L1 is paused');
    // Gateway executes 271's batch (Gateway itself runs), then its own batch holding that execute waits for the L1.
    settled = await waitSettled(net.node(271), net.gateway, sent);
    waitingOnL1 = await pollUntil(async () => {
      const report = await listFaults(net.gateway);
      const gatewayBatch = net.gateway.node.batchOfBlock(settled.gatewayBlock);
      return gatewayBatch && gatewayBatch.stage !== 'open' && report.l1!.pendingTransactions > 0 ? report.l1!.pendingTransactions : undefined;
    }, { what: "Gateway's batch holding 271's execute to wait for the paused L1" });
    finalizedWhilePaused = await blockOf(net, 506, 'finalized');
    rootWhilePaused = await interopRootOn(net.node(272), 506, settled.gatewayBlock);
  });
  afterAll(() => net?.stop());

  it("keeps Gateway's settlement transaction waiting in the L1's queue", () => {
    expect(waitingOnL1).toBeGreaterThan(0);
  });

  it("stops Gateway's finalized block short of the block that executed the message's batch", () => {
    expect(finalizedWhilePaused).toBe(finalizedAtPause);
    expect(finalizedWhilePaused).toBeLessThan(settled.gatewayBlock);
  });

  it('does not import the new interop root on 272 while paused', () => {
    expect(BigInt(rootWhilePaused)).toBe(0n);
  });

  it('imports the root on 272 after resume, and the message verifies there', async () => {
    const resumed = await net.node(272).client.request<{ paused: boolean; releasedTransactions: number }>('zkinterop_resumeL1');
    expect(resumed.paused).toBe(false);
    expect(await waitInteropRoot(net.node(272), 506, settled.gatewayBlock)).toBe(settled.interopRoot);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
    expect(await blockOf(net, 506, 'finalized')).toBeGreaterThanOrEqual(settled.gatewayBlock);
  });

  it('reports the pause and the resume in zkinterop_listFaults', async () => {
    const report = await listFaults(net.node(271));
    expect(report.l1).toMatchObject({ chainId: 9, paused: false, pausedSince: null });
    expect(report.events.map((e) => e.kind)).toEqual(['l1Paused', 'l1Resumed']);
  });
});

describe("Gateway's next commit on the L1 rejected", () => {
  let net: Network;
  let sent: SentMessage;
  let toL1: LogProof;

  beforeAll(async () => {
    net = await startNetwork({ ...layout });
    await net.gateway.client.request('zkinterop_rejectNextL1Batch');
    sent = await sendMessage(net.node(271), 'settled on the L1 after a rejected commit');
    await waitSettled(net.node(271), net.gateway, sent);
    toL1 = await pollUntil(() => net.node(271).client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: `the proof to the L1 of ${sent.txHash}` });
  });
  afterAll(() => net?.stop());

  it('records the reverted commit and its recovery in zkinterop_listFaults', async () => {
    const report = await listFaults(net.node(272));
    expect(report.l1!.rejectionArmed).toBe(false);
    expect(report.l1!.rejections).toHaveLength(1);
    const [rejection] = report.l1!.rejections;
    expect(rejection).toMatchObject({ outcome: 'recovered' });
    expect(rejection!.recoveredTx).not.toBe(rejection!.revertedTx);
    expect(report.events.map((e) => e.kind)).toEqual(['l1RejectionArmed', 'l1StageReverted', 'l1StageRecovered']);
  });

  it('reverted the commit in an L1 block, and the commit sent again succeeded', async () => {
    const [rejection] = (await listFaults(net.gateway)).l1!.rejections;
    const receipt = (hash: Hex) => net.l1!.client.request<{ status: Hex; blockNumber: Hex }>('eth_getTransactionReceipt', [hash]);
    expect(BigInt((await receipt(rejection!.revertedTx)).status)).toBe(0n);
    expect(BigInt((await receipt(rejection!.recoveredTx!)).status)).toBe(1n);
  });

  it("leaves no Gateway batch failed: Gateway's settlement recovered", () => {
    expect(net.gateway.node.batches.filter((b) => b.stage === 'failed')).toEqual([]);
    expect(net.gateway.node.settlementHalted).toBeUndefined();
  });

  it('lets the message verify on the L1 with its proof without a mode', async () => {
    expect(await verifiesOnL1(net, sent, toL1)).toBe(true);
  });
});

describe('a network without an L1', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({ gateway: layout.gateway, chains: layout.chains, l1: false, dev: true });
  });
  afterAll(() => net?.stop());

  it.each(['zkinterop_pauseL1', 'zkinterop_resumeL1', 'zkinterop_rejectNextL1Batch'])('refuses %s, saying how to start a network with an L1', async (method) => {
    const error = await net.node(271).client.request(method).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcClientError);
    expect((error as RpcClientError).rpcCode).toBe(-32602);
    expect((error as RpcClientError).message).toMatch(/runs no L1: it was started with `--no-l1`/);
  });

  it('reports no L1 in zkinterop_listFaults', async () => {
    expect((await listFaults(net.gateway)).l1).toBeNull();
  });
});
