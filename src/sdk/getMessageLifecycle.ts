/**
 * `getMessageLifecycle`: a message's stage and timed steps on its source chain (`zkinterop_getMessageLifecycle`),
 * with its steps on the L1 where the network runs one; `isExecutedOnL1` reads from one whether the
 * message is provable on the L1.
 */
import type { Client, Hex } from 'viem';
import { rpcRequiring } from './internal/rpc.ts';
import type { MessageLifecycle } from '../wire/types.ts';

export type GetMessageLifecycleParameters = {
  /** the transaction hash, or the message hash */
  hash: Hex;
  /** which message of a transaction (default 0) */
  index?: number;
};

/** The lifecycle, or null when the chain knows no message by that hash. */
export type GetMessageLifecycleReturnType = MessageLifecycle | null;

/**
 * Asks the source chain where a message is: stage, block, batch, Gateway transactions, interop root.
 * @param client a viem client of the source chain (a zkinterop node)
 * @throws UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const lifecycle = await getMessageLifecycle(publicClient, { hash: txHash });
 * console.log(lifecycle?.stage); // 'executed'
 */
export async function getMessageLifecycle(client: Client, parameters: GetMessageLifecycleParameters): Promise<GetMessageLifecycleReturnType> {
  return rpcRequiring<MessageLifecycle | null>(client, 'zkinterop_getMessageLifecycle', [parameters.hash, parameters.index ?? 0], 'getMessageLifecycle');
}

/**
 * Whether a lifecycle says the message is provable on the L1 (SPEC §10): its `executedOnL1` step (the
 * Gateway batch holding its batch's execute is executed on the L1), or, for a chain settling on the L1
 * directly, its own `executed` step on the L1 (`l1TxHash`). Always false on a network without an L1.
 * @example if (isExecutedOnL1(lifecycle)) await getL1MessageProof(client, { txHash })
 */
export function isExecutedOnL1(lifecycle: MessageLifecycle): boolean {
  return lifecycle.steps.some((s) => s.step === 'executedOnL1' || (s.step === 'executed' && s.l1TxHash !== undefined));
}
