/**
 * What one block's logs say to the chain, read straight off the engine's logs: the messages its
 * transactions sent (L1Messenger's `L1MessageSent`, by engine hash, in log order) and the interop roots
 * it imported (L2InteropRootStorage's `InteropRootAdded`). Pure functions over logs; the sequencer calls
 * them once per mined block.
 */
import type { Hex, Log } from 'viem';
import { decodeEventLog, getAddress } from 'viem';
import { EVENT_TOPICS, L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../protocol/constants.ts';
import { l2InteropRootStorageAbi } from '../contracts/index.ts';
import type { InteropRootRef, SentMessage } from './types.ts';

/**
 * L1MessageSent events of a block's transactions, by engine hash, in log order. Read straight off the
 * log (two indexed topics, one ABI-encoded `bytes`): the event comes from our own L1Messenger, and a
 * generic ABI decode of every log was a visible share of the main thread under load.
 */
export function messagesByTx(logs: readonly Log[]): Map<Hex, SentMessage[]> {
  const out = new Map<Hex, SentMessage[]>();
  for (const log of logs) {
    if (log.topics[0] !== EVENT_TOPICS.L1MessageSent || log.address.toLowerCase() !== L1_MESSENGER_ADDRESS) continue;
    const message = abiBytesOf(log.data);
    const [, senderTopic, hash] = log.topics;
    if (message === undefined || !senderTopic || !hash || !log.transactionHash) continue;
    let list = out.get(log.transactionHash);
    if (!list) out.set(log.transactionHash, (list = []));
    list.push({ sender: getAddress(`0x${senderTopic.slice(26)}`), hash, message, evmLogIndex: Number(log.logIndex) });
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
export function importedRootsOf(logs: readonly Log[]): InteropRootRef[] {
  const out: InteropRootRef[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== L2_INTEROP_ROOT_STORAGE_ADDRESS) continue;
    try {
      const ev = decodeEventLog({ abi: l2InteropRootStorageAbi, data: log.data, topics: log.topics });
      if (ev.eventName !== 'InteropRootAdded') continue;
      const root = ev.args.sides[0];
      if (root) out.push({ chainId: Number(ev.args.chainId), blockNumber: Number(ev.args.blockNumber), root });
    } catch {
      // not ours
    }
  }
  return out;
}
