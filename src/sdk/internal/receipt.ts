/**
 * Receipts as a ZKsync node serves them (with `l1BatchTxIndex` and `l2ToL1Logs`), fetched raw so the
 * ZKsync fields survive, and the `L1MessageSent` events read out of them.
 */
import { decodeEventLog, type Address, type Client, type Hex } from 'viem';
import { l1MessengerAbi, L1_MESSENGER_ADDRESS } from '../../contracts/index.ts';
import { TransactionRevertedError } from '../errors.ts';
import { pollUntil } from './poll.ts';
import { EVENT_TOPICS } from '../../protocol/constants.ts';

const L1_MESSAGE_SENT_TOPIC = EVENT_TOPICS.L1MessageSent;
import { rpc } from './rpc.ts';

/** The receipt fields the SDK reads. */
export type ZkReceipt = {
  transactionHash: Hex;
  status: Hex;
  blockNumber: Hex;
  from: Address;
  contractAddress?: Address | null;
  logs: { address: Address; topics: Hex[]; data: Hex }[];
  l1BatchNumber?: Hex | null;
  l1BatchTxIndex?: Hex | null;
  l2ToL1Logs?: { sender: Address; key: Hex; value: Hex; txIndexInL1Batch?: Hex; l1BatchNumber?: Hex }[];
};

/** One `L1MessageSent` event: `sender` is the msg.sender of `sendToL1`. */
export type SentMessageEvent = { sender: Address; hash: Hex; message: Hex };

/** The receipt of `txHash`, or null if the node has none (yet). */
export function getReceipt(client: Client, txHash: Hex): Promise<ZkReceipt | null> {
  return rpc<ZkReceipt | null>(client, 'eth_getTransactionReceipt', [txHash]);
}

/**
 * Polls for the receipt of a transaction just sent.
 * @throws TransactionRevertedError if it reverted; Error if none appears within `timeoutMs`
 */
export async function waitForSuccessfulReceipt(client: Client, txHash: Hex, what: string, timeoutMs = 60_000): Promise<ZkReceipt> {
  const receipt = await pollUntil(async () => (await getReceipt(client, txHash)) ?? undefined, { timeoutMs, intervalMs: 10 });
  if (!receipt) throw new TransactionRevertedError(txHash, `${what}: no receipt for ${txHash} after ${timeoutMs} ms`);
  if (BigInt(receipt.status) !== 1n) throw new TransactionRevertedError(txHash, `${what}: transaction ${txHash} reverted`);
  return receipt;
}

/** The `L1MessageSent` events of a receipt, in order (L1Messenger at 0x…8008 only). */
export function sentMessages(receipt: ZkReceipt): SentMessageEvent[] {
  const out: SentMessageEvent[] = [];
  for (const log of receipt.logs) {
    // L1Messenger also emits L2ToL1LogSent (before each L1MessageSent, as the real one): only messages count here.
    if (log.address.toLowerCase() !== L1_MESSENGER_ADDRESS.toLowerCase() || log.topics[0] !== L1_MESSAGE_SENT_TOPIC) continue;
    try {
      const event = decodeEventLog({ abi: l1MessengerAbi, eventName: 'L1MessageSent', topics: log.topics as [Hex, ...Hex[]], data: log.data });
      out.push({ sender: event.args.sender, hash: event.args.hash, message: event.args.message });
    } catch {
      // another event of L1Messenger: not a message
    }
  }
  return out;
}
