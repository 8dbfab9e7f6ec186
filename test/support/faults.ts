/**
 * Helpers for the fault-injection tests: Gateway's record of a chain's settlement, the fault report,
 * and the checks that a chain's batches all settled in order.
 */
import type { Hex } from 'viem';
import { decodeFunctionResult, encodeFunctionData } from 'viem';
import type { NetworkNode } from '../../src/network/network.ts';
import type { FaultReport } from '../../src/network/faults.ts';
import { chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { gatewayBlockOf } from './interop.ts';

/** `totalBatchesCommitted / Proved / Executed` of a chain's settlement contract on Gateway. */
export async function settlementCount(gateway: NetworkNode, chainId: number, functionName: 'totalBatchesCommitted' | 'totalBatchesProved' | 'totalBatchesExecuted'): Promise<number> {
  const data = await gateway.client.request<Hex>('eth_call', [{ to: chainSettlementAddress(chainId), data: encodeFunctionData({ abi: chainSettlementAbi, functionName }) }, 'latest']);
  return Number(decodeFunctionResult({ abi: chainSettlementAbi, functionName, data }));
}

/** zkinterop_listFaults as any client sees it. */
export function listFaults(node: NetworkNode): Promise<FaultReport> {
  return node.client.request<FaultReport>('zkinterop_listFaults');
}

/** The sealed batches of a chain (batch 0, genesis, excluded), as numbers. */
export function sealedBatchNumbers(chain: NetworkNode): number[] {
  return chain.node.batches.filter((b) => b.number > 0 && b.stage !== 'open').map((b) => b.number);
}

/**
 * The Gateway block of each sealed batch's execute transaction, in batch order (zks_getL1BatchDetails).
 * @throws Error when a batch has no executeTxHash
 */
export async function executeBlocks(chain: NetworkNode, gateway: NetworkNode): Promise<number[]> {
  const blocks: number[] = [];
  for (const n of sealedBatchNumbers(chain)) {
    const details = await chain.client.request<{ executeTxHash: Hex | null }>('zks_getL1BatchDetails', [n]);
    if (!details.executeTxHash) throw new Error(`batch ${n} of chain ${chain.chainId} has no executeTxHash`);
    blocks.push(await gatewayBlockOf(gateway, details.executeTxHash));
  }
  return blocks;
}

/** True when every sealed batch of the chain is executed on Gateway. */
export async function allBatchesExecuted(chain: NetworkNode, gateway: NetworkNode): Promise<boolean> {
  const sealed = sealedBatchNumbers(chain);
  return sealed.length > 0 && (await settlementCount(gateway, chain.chainId, 'totalBatchesExecuted')) === sealed[sealed.length - 1] && chain.node.batches.every((b) => b.stage === 'open' || b.stage === 'executed');
}
