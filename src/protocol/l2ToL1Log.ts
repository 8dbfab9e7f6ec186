/**
 * L2→L1 logs (SPEC §2): the record L1Messenger.sendToL1 makes, its 88-byte serialization and its
 * leaf hash in the local logs tree.
 */
import { bytesToHex, hexToBytes, isAddress, isHex, padHex, type Address, type Hex } from 'viem';
import { assertArgument } from '../errors.ts';
import { L1_MESSENGER_ADDRESS, L2_TO_L1_LOG_SERIALIZED_SIZE } from './constants.ts';
import { keccak256, keccakHex, wordToBytes } from './hash.ts';

/** One L2→L1 log, as the contracts' `L2Log` struct and as receipts' `l2ToL1Logs[]` carry it. */
export type L2ToL1Log = {
  /** uint8; always 0 today. */
  l2ShardId: number;
  /** true for logs of system contracts (all messages). */
  isService: boolean;
  /** uint16: position of the emitting transaction in its batch. */
  txNumberInBatch: number;
  /** Emitting system contract (L1Messenger for messages). */
  sender: Address;
  /** 32-byte key (for messages: the user's address, left-padded). */
  key: Hex;
  /** 32-byte value (for messages: H(message)). */
  value: Hex;
};

/** An arbitrary-length message as the verifier receives it (`L2Message` in the contracts). */
export type L2Message = {
  /** uint16: position of the sending transaction in its batch. */
  txNumberInBatch: number;
  /** The account that called `sendToL1`. */
  sender: Address;
  /** The message bytes. */
  data: Hex;
};

/**
 * 88-byte serialization `shardId ‖ isService ‖ txNumberInBatch(BE) ‖ sender ‖ key ‖ value`, as bytes.
 * @throws InvalidArgumentError when a field is out of its Solidity type's range
 */
export function serializeL2ToL1LogBytes(log: L2ToL1Log): Uint8Array {
  assertArgument(Number.isInteger(log.l2ShardId) && log.l2ShardId >= 0 && log.l2ShardId <= 0xff, `l2ShardId must be a uint8, got ${log.l2ShardId}`);
  assertArgument(
    Number.isInteger(log.txNumberInBatch) && log.txNumberInBatch >= 0 && log.txNumberInBatch <= 0xffff,
    `txNumberInBatch must be a uint16, got ${log.txNumberInBatch}`,
  );
  assertArgument(isAddress(log.sender, { strict: false }), `sender must be an address, got ${log.sender}`);
  const out = new Uint8Array(L2_TO_L1_LOG_SERIALIZED_SIZE);
  out[0] = log.l2ShardId;
  out[1] = log.isService ? 1 : 0;
  out[2] = log.txNumberInBatch >> 8;
  out[3] = log.txNumberInBatch & 0xff;
  out.set(hexToBytes(log.sender), 4);
  out.set(wordToBytes(log.key, 'log key'), 24);
  out.set(wordToBytes(log.value, 'log value'), 56);
  return out;
}

/**
 * 88-byte serialization of a log, as hex.
 * @example serializeL2ToL1Log(log).length // 2 + 176
 */
export function serializeL2ToL1Log(log: L2ToL1Log): Hex {
  return bytesToHex(serializeL2ToL1LogBytes(log));
}

/** Leaf hash of a log in the local logs tree, as bytes. */
export function l2ToL1LogLeafBytes(log: L2ToL1Log): Uint8Array {
  return keccak256(serializeL2ToL1LogBytes(log));
}

/**
 * Leaf hash `H(serialized log)` of a log in the local logs tree.
 * @example l2ToL1LogLeaf(messageLog(alice, '0x01', 0))
 */
export function l2ToL1LogLeaf(log: L2ToL1Log): Hex {
  return bytesToHex(l2ToL1LogLeafBytes(log));
}

/**
 * The log `L1Messenger.sendToL1(message)` records for a call by `sender`.
 * @param sender the caller of sendToL1 (becomes the key)
 * @param message the message bytes (its hash becomes the value)
 * @param txNumberInBatch position of the transaction in its batch
 * @example messageLog('0x…', '0xdeadbeef', 3).sender // L1_MESSENGER_ADDRESS
 */
export function messageLog(sender: Address, message: Hex | Uint8Array, txNumberInBatch: number): L2ToL1Log {
  assertArgument(isAddress(sender, { strict: false }), `sender must be an address, got ${sender}`);
  assertArgument(typeof message !== 'string' || isHex(message, { strict: true }), 'message must be hex or bytes');
  return {
    l2ShardId: 0,
    isService: true,
    txNumberInBatch,
    sender: L1_MESSENGER_ADDRESS,
    key: padHex(sender.toLowerCase() as Hex, { size: 32 }),
    value: keccakHex(message),
  };
}

/** The log the verifier rebuilds from an `L2Message` (same as {@link messageLog}). */
export function l2MessageToLog(message: L2Message): L2ToL1Log {
  return messageLog(message.sender, message.data, message.txNumberInBatch);
}
