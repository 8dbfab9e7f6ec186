/**
 * What one block's logs say to the chain, read straight off the engine's logs: the L2→L1 logs its
 * transactions sent (L1Messenger's `L2ToL1LogSent`, each message's followed by its `L1MessageSent`,
 * by engine hash, in execution order) and the interop roots
 * it imported (L2InteropRootStorage's `InteropRootAdded`). Pure functions over logs; the sequencer calls
 * them once per mined block.
 */
import type { Address, Hex } from 'viem';
import { decodeEventLog, getAddress } from 'viem';
import { EVENT_TOPICS, L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../protocol/constants.ts';
import { l2InteropRootStorageAbi } from '../contracts/index.ts';
import type { InteropRootRef, SentMessage } from './types.ts';

/**
 * The fields of a log these readers use: a viem `Log` has them, and so has the lean log the engine's
 * `mine` returns (its JSON-RPC log with `logIndex` as a number, without viem's formatting of every field).
 */
export type BlockLog = { address: Address; topics: readonly Hex[]; data: Hex; transactionHash: Hex | null; logIndex: number | null };

/** The contracts whose logs the readers below look at: a block's other logs need not leave the engine. */
export const BLOCK_LOG_ADDRESSES: readonly Address[] = [L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS];

/**
 * The L2→L1 logs of a block's transactions, by engine hash, in execution order: one per
 * `L2ToL1LogSent` of L1Messenger. A message's log (sender 0x…8008) takes its bytes and sender from the
 * `L1MessageSent` that follows it in the same call; any other log is a system contract's raw log.
 * Read straight off the logs (fixed words, one ABI-encoded `bytes`): the events come from our own
 * L1Messenger, and a generic ABI decode of every log was a visible share of the main thread under load.
 */
export function messagesByTx(logs: readonly BlockLog[]): Map<Hex, SentMessage[]> {
  const out = new Map<Hex, SentMessage[]>();
  for (const log of logs) {
    if (log.address.toLowerCase() !== L1_MESSENGER_ADDRESS || !log.transactionHash) continue;
    const topic = log.topics[0];
    if (topic === EVENT_TOPICS.L2ToL1LogSent) {
      if (log.data.length !== 2 + 64 * 6) continue;
      const word = (i: number) => log.data.slice(2 + 64 * i, 66 + 64 * i);
      const sender = `0x${word(3).slice(24)}` as Address;
      const key = `0x${word(4)}` as Hex;
      const value = `0x${word(5)}` as Hex;
      let list = out.get(log.transactionHash);
      if (!list) out.set(log.transactionHash, (list = []));
      const entry: SentMessage = { sender, hash: value, message: '0x', evmLogIndex: Number(log.logIndex) };
      if (sender !== L1_MESSENGER_ADDRESS) entry.raw = { sender: getAddress(sender), isService: BigInt(`0x${word(1)}`) !== 0n, key };
      list.push(entry);
    } else if (topic === EVENT_TOPICS.L1MessageSent) {
      const message = abiBytesOf(log.data);
      const [, senderTopic, hash] = log.topics;
      const last = out.get(log.transactionHash)?.at(-1);
      if (message === undefined || !senderTopic || !hash || !last || last.raw || last.hash !== hash) continue;
      last.sender = getAddress(`0x${senderTopic.slice(26)}`);
      last.message = message;
      last.evmLogIndex = Number(log.logIndex);
    }
  }
  return out;
}

/** The `bytes` value of ABI data holding exactly one (offset 0x20, length, padded bytes). */
function abiBytesOf(data: Hex): Hex | undefined {
  if (data.length < 130 || !data.startsWith(`0x${'0'.repeat(62)}20`)) return undefined;
  const length = Number.parseInt(data.slice(66, 130), 16);
  const end = 130 + 2 * length;
  return Number.isSafeInteger(length) && end <= data.length ? (`0x${data.slice(130, end)}` as Hex) : undefined;
}

/** InteropRootAdded events of a block: the roots it imported (forged ones included: Gateway checks them). */
export function importedRootsOf(logs: readonly BlockLog[]): InteropRootRef[] {
  const out: InteropRootRef[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== L2_INTEROP_ROOT_STORAGE_ADDRESS) continue;
    try {
      const ev = decodeEventLog({ abi: l2InteropRootStorageAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
      if (ev.eventName !== 'InteropRootAdded') continue;
      const root = ev.args.sides[0];
      if (root) out.push({ chainId: Number(ev.args.chainId), blockNumber: Number(ev.args.blockNumber), root });
    } catch {
      // not ours
    }
  }
  return out;
}
