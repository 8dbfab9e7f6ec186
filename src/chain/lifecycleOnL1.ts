/**
 * The steps on the L1 of a chain's message lifecycles (SPEC §10), added to what the chain itself knows
 * (messageLifecycles.ts) where the network runs an L1:
 * - a chain settling on Gateway: after `executed` on Gateway, the Gateway batch holding the chain
 *   batch's execute transaction `committedOnL1`, `provedOnL1` and `executedOnL1` (then the message is
 *   provable on the L1 with the proof without a mode). Read from Gateway over its RPC client as any
 *   client would (the execute transaction's receipt names Gateway's batch, Gateway's
 *   `zks_getL1BatchDetails` names that batch's L1 transactions, times and chain), never from Gateway's
 *   objects, so Gateway may run in another process.
 * - a chain settling on the L1 directly: its own `committed`, `proved` and `executed` are L1
 *   transactions, so they carry `l1TxHash` and the L1's id instead of `gatewayTxHash`.
 * Without an L1 nothing here runs and lifecycles are answered as the chain builds them.
 */
import type { Hex } from 'viem';
import type { RpcClient } from '../rpc/client.ts';
import type { LifecycleStep, MessageLifecycle } from '../wire/types.ts';

/** Adds the L1's part to lifecycles the chain built (same order, same length). */
export type LifecycleL1Steps = (lifecycles: MessageLifecycle[]) => Promise<MessageLifecycle[]>;

/** What Gateway's `zks_getL1BatchDetails` says of its settlement on the L1 (the fields read here). */
type LayerBatchDetails = {
  commitTxHash: Hex | null;
  committedAt: string | null;
  commitChainId: number | null;
  proveTxHash: Hex | null;
  provenAt: string | null;
  proveChainId: number | null;
  executeTxHash: Hex | null;
  executedAt: string | null;
  executeChainId: number | null;
};

/**
 * The L1 steps of a chain settling on Gateway, read through Gateway's RPC client.
 * @param gateway Gateway's RPC client (in-process or HTTP)
 * @example const withL1 = l1StepsThroughGateway(gatewayClient); const [lifecycle] = await withL1([node.messageLifecycle(hash)!])
 */
export function l1StepsThroughGateway(gateway: RpcClient): LifecycleL1Steps {
  return async (lifecycles) => {
    // Messages of one batch share its execute transaction: ask Gateway once per transaction and call.
    const byExecuteTx = new Map<Hex, Promise<LifecycleStep[]>>();
    return Promise.all(
      lifecycles.map(async (lifecycle) => {
        const executeTx = lifecycle.steps.find((s) => s.step === 'executed')?.gatewayTxHash;
        if (!executeTx) return lifecycle;
        let steps = byExecuteTx.get(executeTx);
        // Gateway unreachable (another process, stopped): the chain's own part is still true; the L1 steps are not known now.
        if (!steps) byExecuteTx.set(executeTx, (steps = layerStepsOf(gateway, executeTx).catch(() => [])));
        const l1Steps = await steps;
        return l1Steps.length ? { ...lifecycle, steps: [...lifecycle.steps, ...l1Steps] } : lifecycle;
      }),
    );
  };
}

/** The L1 steps of the Gateway batch holding `gatewayTxHash`: none while that batch is open or unknown. */
async function layerStepsOf(gateway: RpcClient, gatewayTxHash: Hex): Promise<LifecycleStep[]> {
  const receipt = await gateway.request<{ l1BatchNumber: Hex | null } | null>('eth_getTransactionReceipt', [gatewayTxHash]);
  if (!receipt?.l1BatchNumber) return [];
  const gatewayBatchNumber = Number(BigInt(receipt.l1BatchNumber));
  const details = await gateway.request<LayerBatchDetails | null>('zks_getL1BatchDetails', [gatewayBatchNumber]);
  if (!details) return [];
  const steps: LifecycleStep[] = [];
  const add = (step: LifecycleStep['step'], l1TxHash: Hex | null, at: string | null, chainId: number | null) => {
    if (!l1TxHash || at === null) return;
    steps.push({ step, at: Date.parse(at), l1TxHash, gatewayBatchNumber, ...(chainId !== null ? { settlementLayerChainId: chainId } : {}) });
  };
  add('committedOnL1', details.commitTxHash, details.committedAt, details.commitChainId);
  add('provedOnL1', details.proveTxHash, details.provenAt, details.proveChainId);
  add('executedOnL1', details.executeTxHash, details.executedAt, details.executeChainId);
  return steps;
}

/**
 * The lifecycles of a chain settling on the L1 directly: its settlement steps name the L1 transaction.
 * @param l1ChainId the L1's chain id
 */
export function settlementStepsOnL1(l1ChainId: number): LifecycleL1Steps {
  return async (lifecycles) =>
    lifecycles.map((lifecycle) => ({
      ...lifecycle,
      steps: lifecycle.steps.map((s) => {
        if (!s.gatewayTxHash) return s;
        const { gatewayTxHash, ...rest } = s;
        return { ...rest, l1TxHash: gatewayTxHash, settlementLayerChainId: l1ChainId };
      }),
    }));
}
