/**
 * Keccak-256 and the byte/word helpers every protocol module shares. One hash-wasm hasher is
 * created at load time and reused: it is several times faster than viem's pure-JS keccak, and
 * hashing is synchronous so a single instance cannot be interleaved.
 */
import { createKeccak } from 'hash-wasm';
import { bytesToHex, type Hex } from 'viem';
import { assertArgument } from '../errors.ts';

const hasher = await createKeccak(256);
const pairScratch = new Uint8Array(64);
const WORD_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/** 2^256: one past the largest uint256. */
export const UINT256_LIMIT = 1n << 256n;

/**
 * Keccak-256 of raw bytes.
 * @param bytes data to hash
 * @returns the 32-byte digest (a fresh array)
 * @example keccak256(new Uint8Array(88)) // L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH as bytes
 */
export function keccak256(bytes: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(bytes);
  return hasher.digest('binary');
}

/**
 * Merkle node hash `H(left ‖ right)` of two 32-byte words (the hot path of every tree).
 * Inputs are not length-checked: callers pass 32-byte words.
 * @returns the 32-byte digest (a fresh array)
 */
export function keccakPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  pairScratch.set(left, 0);
  pairScratch.set(right, 32);
  hasher.init();
  hasher.update(pairScratch);
  return hasher.digest('binary');
}

/**
 * Keccak-256 of hex or raw bytes, as hex.
 * @example keccakHex('0x') // 0xc5d2…a470
 */
export function keccakHex(data: Hex | Uint8Array): Hex {
  hasher.init();
  hasher.update(typeof data === 'string' ? hexBytes(data) : data);
  return `0x${hasher.digest('hex')}`;
}

/** Nibble value of each character code (-1: not hex). */
const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c;
for (let c = 0; c < 6; c++) NIBBLE[65 + c] = NIBBLE[97 + c] = 10 + c;

/**
 * 0x-hex to bytes, table-driven (several times faster than viem's hexToBytes on transaction-sized
 * input, which every screened transaction is hashed from).
 * @throws InvalidArgumentError for odd-length or non-hex text
 */
export function hexBytes(hex: Hex): Uint8Array {
  assertArgument(hex.length % 2 === 0 && hex.startsWith('0x'), () => `expected 0x-prefixed hex of whole bytes, got ${hex.slice(0, 12)}…`);
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0, at = 2; i < out.length; i++, at += 2) {
    const high = NIBBLE[hex.charCodeAt(at)] ?? -1;
    const low = NIBBLE[hex.charCodeAt(at + 1)] ?? -1;
    // Checked before the message is built: a template argument would be formatted for every byte.
    if (high < 0 || low < 0) assertArgument(false, `not hex at character ${at}: ${hex.slice(at, at + 2)}`);
    out[i] = (high << 4) | low;
  }
  return out;
}

/**
 * Converts a 32-byte hex word to bytes.
 * @throws InvalidArgumentError when `word` is not 0x-prefixed hex of exactly 32 bytes
 */
export function wordToBytes(word: Hex, what = 'word'): Uint8Array {
  assertArgument(typeof word === 'string' && WORD_PATTERN.test(word), () => `${what} must be a 32-byte hex string, got ${String(word)}`);
  // Buffer's hex decoder is several times faster than a JS loop; copy out of its shared pool.
  return new Uint8Array(Buffer.from(word.slice(2), 'hex'));
}

/**
 * Packs hex words into one flat array (word i at bytes [32i, 32i+32)), the layout trees are built on.
 * @throws InvalidArgumentError when a word is not 32-byte hex
 */
export function packWords(words: readonly Hex[], what = 'words'): Uint8Array {
  const packed = new Uint8Array(words.length * 32);
  const view = Buffer.from(packed.buffer, packed.byteOffset, packed.length);
  words.forEach((word, i) => {
    assertArgument(typeof word === 'string' && WORD_PATTERN.test(word), () => `${what}[${i}] must be a 32-byte hex string, got ${String(word)}`);
    view.write(word.slice(2), 32 * i, 32, 'hex');
  });
  return packed;
}

/** Converts 32 bytes to a hex word. */
export function bytesToWord(bytes: Uint8Array): Hex {
  return bytesToHex(bytes);
}

/**
 * Checks that `value` fits a uint256 and returns it as a bigint.
 * @throws InvalidArgumentError for negative, fractional or too large values
 */
export function toUint256(value: bigint | number, what = 'value'): bigint {
  assertArgument(typeof value === 'bigint' || Number.isSafeInteger(value), () => `${what} must be an integer, got ${String(value)}`);
  const n = BigInt(value);
  assertArgument(n >= 0n && n < UINT256_LIMIT, () => `${what} must fit in uint256, got ${n}`);
  return n;
}

/** `u256(n)`: 32-byte big-endian encoding of a uint256. */
export function u256Bytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads a 32-byte big-endian word as a uint256. */
export function bytesToUint256(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** `u256(n)` as a hex word. */
export function uint256ToWord(value: bigint | number): Hex {
  return bytesToHex(u256Bytes(toUint256(value)));
}

/** True when both byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when every byte is zero. */
export function isZeroBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
