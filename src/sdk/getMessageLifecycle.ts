/**
 * `getMessageLifecycle`: a message's stage and timed steps on its source chain (`zkinterop_getMessageLifecycle`).
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
