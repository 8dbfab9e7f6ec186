/**
 * A network with an L1 under Gateway on a PostgreSQL store (issue 13): it stops and starts again from
 * PostgreSQL with its L1 state — Gateway's batches on the L1, the L1 message proofs, which still verify
 * there — and a message sent after the restart verifies on the L1 too. Skipped (with the reason printed)
 * only when no PostgreSQL server can be started here (test/support/postgres.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { pollUntil } from '../support/poll.ts';
import { sendMessage, type LogProof, type SentMessage } from '../support/interop.ts';
import { postgresBackend } from '../support/stores.ts';

const pg = await postgresBackend();
afterAll(async () => {
  if (!('skip' in pg)) await pg.cleanup();
});

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant' as const });

/** The message's proof without a mode, once it exists (its Gateway batch executed on the L1). */
function proofToL1(net: Network, chainId: number, sent: SentMessage): Promise<LogProof> {
  return pollUntil(() => net.node(chainId).client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: `the proof to the L1 of ${sent.txHash}` });
}

/** Bridgehub.proveL2MessageInclusion on the L1. */
async function provesOnL1(net: Network, chainId: number, sent: SentMessage, proof: LogProof): Promise<boolean> {
  const data = encodeFunctionData({
    abi: bridgehubAbi,
    functionName: 'proveL2MessageInclusion',
    args: [BigInt(chainId), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data }, proof.proof],
  });
  return BigInt(await net.l1!.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest'])) === 1n;
}

/** Gateway's batches executed on the L1, from its ZK chain contract there. */
async function gatewayExecutedOnL1(net: Network): Promise<bigint> {
  const data = encodeFunctionData({ abi: chainSettlementAbi, functionName: 'getTotalBatchesExecuted' });
  return BigInt(await net.l1!.client.request<Hex>('eth_call', [{ to: chainSettlementAddress(506), data }, 'latest']));
}

describe.skipIf('skip' in pg)('a network with an L1 on a PostgreSQL store', () => {
  it("restarts with the L1, Gateway's batches on it and the L1 proofs, and a new message verifies on the L1", async () => {
    if ('skip' in pg) return;
    const location = await pg.location();
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    const sent = await sendMessage(net.node(271), 'on the L1, through PostgreSQL');
    const proof = await proofToL1(net, 271, sent);
    expect(await provesOnL1(net, 271, sent, proof)).toBe(true);
    const executed = await gatewayExecutedOnL1(net);
    const l1Head = net.l1!.node.blockNumber;
    const details = await net.gateway.client.request('zks_getL1BatchDetails', [1]);
    await net.stop();

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    try {
      expect(net.l1?.chainId).toBe(9);
      expect(net.l1!.node.blockNumber).toBeGreaterThanOrEqual(l1Head);
      expect(await gatewayExecutedOnL1(net)).toBeGreaterThanOrEqual(executed);
      expect(await net.gateway.client.request('zks_getL1BatchDetails', [1])).toEqual(details);
      expect(await net.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0])).toEqual(proof);
      expect(await provesOnL1(net, 271, sent, proof)).toBe(true);

      const next = await sendMessage(net.node(272), 'after the restart, on the L1');
      const nextProof = await proofToL1(net, 272, next);
      expect(await provesOnL1(net, 272, next, nextProof)).toBe(true);
      expect(await gatewayExecutedOnL1(net)).toBeGreaterThan(executed);
    } finally {
      await net.stop();
    }
  });
});
