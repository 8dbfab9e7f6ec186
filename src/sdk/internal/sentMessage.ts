/**
 * The n-th message a transaction sent, as the verification arguments need it: the sender and data
 * of its `L1MessageSent` event and its `txNumberInBatch` (receipt `l2ToL1Logs` / `l1BatchTxIndex`),
 * cross-checked against the receipt's L2→L1 log.
 */
import { keccak256, pad, type Client, type Hex } from 'viem';
import { InvalidArgumentError } from '../../errors.ts';
import { MessageNotFoundError, NodeInconsistencyError, TransactionRevertedError } from '../errors.ts';
import type { InteropMessage } from '../types.ts';
import { getReceipt, sentMessages } from './receipt.ts';

/**
 * @throws InvalidArgumentError (bad index), MessageNotFoundError, TransactionRevertedError, NodeInconsistencyError
 */
export async function sentMessageAt(client: Client, txHash: Hex, index: number): Promise<{ message: InteropMessage; messageHash: Hex }> {
  if (!Number.isInteger(index) || index < 0) throw new InvalidArgumentError(`message index must be a whole number ≥ 0, got ${index}`);
  const receipt = await getReceipt(client, txHash);
  if (!receipt) throw new MessageNotFoundError(`no receipt for ${txHash} on this chain: not sent here, or not in a block yet`);
  if (BigInt(receipt.status) !== 1n) throw new TransactionRevertedError(txHash, `transaction ${txHash} reverted: it sent no message`);
  const messages = sentMessages(receipt);
  const sent = messages[index];
  if (!sent) throw new MessageNotFoundError(`transaction ${txHash} sent ${messages.length} message(s); there is no message with index ${index}`);

  const log = receipt.l2ToL1Logs?.[index];
  if (log && (log.key.toLowerCase() !== pad(sent.sender).toLowerCase() || log.value.toLowerCase() !== keccak256(sent.message).toLowerCase())) {
    throw new NodeInconsistencyError(`receipt of ${txHash}: L2→L1 log ${index} (key ${log.key}, value ${log.value}) does not match its L1MessageSent event (sender ${sent.sender})`);
  }
  const txNumber = log?.txIndexInL1Batch ?? receipt.l1BatchTxIndex;
  if (txNumber === undefined || txNumber === null) throw new NodeInconsistencyError(`receipt of ${txHash} has neither l2ToL1Logs[${index}].txIndexInL1Batch nor l1BatchTxIndex`);
  return { message: { txNumberInBatch: Number(BigInt(txNumber)), sender: sent.sender, data: sent.message }, messageHash: sent.hash };
}
