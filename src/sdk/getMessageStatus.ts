/**
 * `getMessageStatus`: the stage of a message on its source chain. Asks `zkinterop_getMessageLifecycle`;
 * on a node without the `zkinterop_*` namespace it reads `zks_getTransactionDetails` instead (which
 * cannot tell `sealed` apart: a transaction is `included` until its batch is committed).
 */
import type { Client, Hex } from 'viem';
import { MessageNotFoundError } from './errors.ts';
import { isMethodNotFound, rpc } from './internal/rpc.ts';
import type { MessageStage } from './types.ts';
import type { MessageLifecycle } from '../wire/types.ts';

export type GetMessageStatusParameters = {
  /** the transaction that sent the message (or, on zkinterop nodes, the message hash) */
  txHash: Hex;
  /** which message of the transaction (default 0; zkinterop nodes only) */
  index?: number;
};

export type GetMessageStatusReturnType = MessageStage;

type TransactionDetails = {
  status: 'pending' | 'included' | 'verified' | 'failed';
  ethCommitTxHash: Hex | null;
  ethProveTxHash: Hex | null;
  ethExecuteTxHash: Hex | null;
};

/**
 * The stage of a message: sent, included, sealed, committed, proved, executed or failed.
 * @param client a viem client of the source chain
 * @throws MessageNotFoundError when the chain knows no message (or transaction) by that hash
 * @example
 * const stage = await getMessageStatus(publicClient, { txHash });
 * if (stage === 'executed') console.log('provable now');
 */
export async function getMessageStatus(client: Client, parameters: GetMessageStatusParameters): Promise<GetMessageStatusReturnType> {
  let lifecycle: MessageLifecycle | null;
  try {
    lifecycle = await rpc<MessageLifecycle | null>(client, 'zkinterop_getMessageLifecycle', [parameters.txHash, parameters.index ?? 0]);
  } catch (error) {
    if (!isMethodNotFound(error)) throw error;
    return statusFromTransactionDetails(client, parameters.txHash);
  }
  if (!lifecycle) throw new MessageNotFoundError(`no interop message found for ${parameters.txHash}: not a transaction of this chain, or it sent no message`);
  return lifecycle.stage;
}

async function statusFromTransactionDetails(client: Client, txHash: Hex): Promise<MessageStage> {
  const details = await rpc<TransactionDetails | null>(client, 'zks_getTransactionDetails', [txHash]);
  if (!details) throw new MessageNotFoundError(`no transaction ${txHash} on this chain: check the hash, and that the client is the chain that sent it`);
  switch (details.status) {
    case 'failed':
      return 'failed';
    case 'verified':
      return 'executed';
    case 'pending':
      return 'sent';
    default:
      return details.ethProveTxHash ? 'proved' : details.ethCommitTxHash ? 'committed' : 'included';
  }
}
