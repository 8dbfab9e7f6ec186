/**
 * Every single change to a valid message claim that must make it fail, and the few rewrites that
 * the protocol documents as equivalent (see src/protocol/verify.ts and its property test):
 * words after the last link's path are never read, a final link without its metadata word is the
 * same link in the legacy plain-path format, and any nonzero final-flag byte means "final".
 * Mutations are enumerated exhaustively over the proof's words and the claim's fields; `salt`
 * only varies which bit, byte or replacement word each one uses.
 */
import { bytesToHex, hexToBytes, numberToHex, toHex, type Address, type Hex } from 'viem';
import { keccakHex } from '../../src/protocol/hash.ts';
import type { MessageClaim } from './verifierOutcome.ts';

/** A proof built by `buildGatewayProof` or by `buildFinalProof`. */
export type ProofKind = 'gateway' | 'final';

/** A named variant of a claim. */
export type ClaimVariant = { name: string; claim: MessageClaim };

/** Positions of the structural words of a built proof. */
export type ProofLayout = {
  /** Metadata words: the top one, and for a Gateway proof the nested (final) one. */
  metadata: number[];
  /** The metadata word of the last (final) link. */
  finalMetadata: number;
  /** Gateway proof only: the batch-leaf mask word, the packed (block, shared mask) word, the Gateway chain id word. */
  batchMask?: number;
  settlementWord?: number;
  settlementChainId?: number;
};

const UINT256_MAX = (1n << 256n) - 1n;
const ZERO_WORD: Hex = `0x${'00'.repeat(32)}`;
const FINAL_FLAG_BYTE = 3;

/** Where the structural words of `proof` sit (read from its top metadata word). */
export function proofLayout(proof: readonly Hex[], kind: ProofKind): ProofLayout {
  if (kind === 'final') return { metadata: [0], finalMetadata: 0 };
  const top = hexToBytes(proof[0]!);
  const batchMask = 1 + top[1]!;
  const settlementWord = batchMask + 1 + top[2]!;
  const finalMetadata = settlementWord + 2;
  return { metadata: [0, finalMetadata], finalMetadata, batchMask, settlementWord, settlementChainId: settlementWord + 1 };
}

/**
 * Every mutation of `claim` that a correct verifier must reject (false or revert): each word
 * bit-flipped, replaced by a random word and by zero, dropped, preceded by an inserted word; each
 * metadata byte changed; every truncation; the masks, Gateway block and chain id; the index, data,
 * sender, txNumberInBatch, chain id and batch number of the claim.
 * @param others chain ids and batch numbers of the same history to swap in (they have stored roots)
 */
export function rejectedMutations(claim: MessageClaim, kind: ProofKind, salt: number, others: { chainIds: bigint[]; batchNumbers: bigint[] }): ClaimVariant[] {
  const { proof } = claim;
  const layout = proofLayout(proof, kind);
  const variants: ClaimVariant[] = [];
  const withProof = (name: string, mutated: Hex[]) => variants.push({ name, claim: { ...claim, proof: mutated } });
  const withClaim = (name: string, change: Partial<MessageClaim>) => variants.push({ name, claim: { ...claim, ...change } });

  proof.forEach((word, i) => {
    const isMetadata = layout.metadata.includes(i);
    withProof(`word ${i}: one bit flipped`, replaced(proof, i, flipBit(word, pickBit(salt + i, isMetadata))));
    withProof(`word ${i}: replaced by a random word`, replaced(proof, i, randomWord(salt, `replace ${i}`)));
    if (word !== ZERO_WORD) withProof(`word ${i}: replaced by zero`, replaced(proof, i, ZERO_WORD));
    if (i !== layout.finalMetadata) withProof(`word ${i}: dropped`, spliced(proof, i, 1));
    withProof(`word inserted before word ${i}`, spliced(proof, i, 0, randomWord(salt, `insert ${i}`)));
    withProof(`truncated to ${i} words`, proof.slice(0, i));
  });

  for (const at of layout.metadata) {
    for (const byte of [0, 1, 2]) {
      withProof(`metadata word ${at}: byte ${byte} + 1`, replaced(proof, at, withByte(proof[at]!, byte, (b) => b + 1)));
      withProof(`metadata word ${at}: byte ${byte} - 1`, replaced(proof, at, withByte(proof[at]!, byte, (b) => b - 1)));
      withProof(`metadata word ${at}: byte ${byte} scrambled`, replaced(proof, at, withByte(proof[at]!, byte, (b) => b ^ (1 + (salt % 255)))));
    }
    withProof(`metadata word ${at}: final flag toggled`, replaced(proof, at, withByte(proof[at]!, FINAL_FLAG_BYTE, (b) => (b === 0 ? 1 : 0))));
    if (at === layout.finalMetadata) {
      withProof(`metadata word ${at}: made non-final, three words appended`, [...replaced(proof, at, withByte(proof[at]!, FINAL_FLAG_BYTE, () => 0)), ZERO_WORD, ZERO_WORD, randomWord(salt, 'chain id')]);
    }
    const low = 4 + (salt % 28);
    withProof(`metadata word ${at}: byte ${low} set (no longer metadata)`, replaced(proof, at, withByte(proof[at]!, low, (b) => b | 1)));
  }

  if (layout.batchMask !== undefined) {
    const at = layout.batchMask;
    withProof('batch-leaf mask + 1', replaced(proof, at, addToWord(proof[at]!, 1n)));
    withProof('batch-leaf mask with its top bit set', replaced(proof, at, orWord(proof[at]!, 1n << 255n)));
  }
  if (layout.settlementWord !== undefined) {
    const at = layout.settlementWord;
    withProof('Gateway block + 1', replaced(proof, at, addToWord(proof[at]!, 1n << 128n)));
    withProof('Gateway block - 1', replaced(proof, at, addToWord(proof[at]!, UINT256_MAX << 128n)));
    withProof('shared-tree mask xor 1', replaced(proof, at, xorWord(proof[at]!, 1n)));
    withProof('shared-tree mask + 2^64', replaced(proof, at, addToWord(proof[at]!, 1n << 64n)));
  }
  if (layout.settlementChainId !== undefined) {
    const at = layout.settlementChainId;
    withProof('Gateway chain id + 1', replaced(proof, at, addToWord(proof[at]!, 1n)));
  }

  const { index, message, chainId, batchNumber } = claim;
  withClaim('index xor 1', { index: index ^ 1n });
  withClaim('index xor 2^13', { index: index ^ (1n << 13n) });
  withClaim('index + 2^15 (beyond the log path)', { index: index + (1n << 15n) });
  withClaim('index 2^256 - 1', { index: UINT256_MAX });
  withClaim('data with one more byte', { message: { ...message, data: `${message.data}${(salt & 0xff).toString(16).padStart(2, '0')}` as Hex } });
  if (message.data !== '0x') {
    withClaim('data with its first bit flipped', { message: { ...message, data: withByte(message.data, 0, (b) => b ^ 1) } });
    withClaim('data without its last byte', { message: { ...message, data: message.data.slice(0, -2) as Hex } });
  }
  withClaim('sender with one bit flipped', { message: { ...message, sender: flipBit(message.sender, salt % 160) as Address } });
  withClaim('txNumberInBatch + 1', { message: { ...message, txNumberInBatch: (message.txNumberInBatch + 1) & 0xffff } });
  withClaim('txNumberInBatch xor 0x8000', { message: { ...message, txNumberInBatch: message.txNumberInBatch ^ 0x8000 } });
  withClaim('chain id + 1', { chainId: chainId + 1n });
  withClaim('chain id - 1', { chainId: chainId - 1n });
  for (const other of others.chainIds) if (other !== chainId) withClaim(`chain id ${other} of another chain`, { chainId: other });
  withClaim('batch number + 1', { batchNumber: batchNumber + 1n });
  withClaim('batch number - 1', { batchNumber: batchNumber - 1n });
  for (const other of others.batchNumbers) if (other !== batchNumber) withClaim(`batch number ${other} of another batch`, { batchNumber: other });
  return variants;
}

/**
 * The documented rewrites of a valid claim that verify exactly like it: words appended after the
 * last path, the final link's metadata word dropped (legacy plain path), and other nonzero values
 * of the final flag byte.
 */
export function equivalentRewrites(claim: MessageClaim, kind: ProofKind, salt: number): ClaimVariant[] {
  const { proof } = claim;
  const { finalMetadata } = proofLayout(proof, kind);
  const rewrite = (name: string, rewritten: Hex[]): ClaimVariant => ({ name, claim: { ...claim, proof: rewritten } });
  return [
    rewrite('a random word appended', [...proof, randomWord(salt, 'append')]),
    rewrite('a zero word and a random word appended', [...proof, ZERO_WORD, randomWord(salt, 'append 2')]),
    rewrite(`final link's metadata word ${finalMetadata} dropped`, spliced(proof, finalMetadata, 1)),
    ...[0x02, 0x80, 0xff].map((flag) => rewrite(`final flag byte set to ${flag}`, replaced(proof, finalMetadata, withByte(proof[finalMetadata]!, FINAL_FLAG_BYTE, () => flag)))),
  ];
}

/** A copy of `proof` with word `i` replaced. */
function replaced(proof: readonly Hex[], i: number, word: Hex): Hex[] {
  const copy = [...proof];
  copy[i] = word;
  return copy;
}

/** A copy of `proof` spliced like Array.prototype.splice. */
function spliced(proof: readonly Hex[], start: number, deleteCount: number, ...insert: Hex[]): Hex[] {
  const copy = [...proof];
  copy.splice(start, deleteCount, ...insert);
  return copy;
}

/** A bit to flip; in a metadata word never one of the final-flag byte (any nonzero value is final). */
function pickBit(seed: number, isMetadata: boolean): number {
  const spread = (seed * 2_654_435_761) >>> 0;
  if (!isMetadata) return spread % 256;
  const bit = spread % 248;
  return bit < 8 * FINAL_FLAG_BYTE ? bit : bit + 8;
}

/** Flips bit `bit % 8` of byte `bit >> 3` (byte 0 is the leftmost). */
function flipBit(hex: Hex, bit: number): Hex {
  return withByte(hex, bit >> 3, (b) => b ^ (1 << (bit & 7)));
}

function withByte(hex: Hex, byte: number, change: (value: number) => number): Hex {
  const bytes = hexToBytes(hex);
  bytes[byte] = change(bytes[byte]!) & 0xff;
  return bytesToHex(bytes);
}

function randomWord(salt: number, tag: string): Hex {
  // hash-wasm's keccak (same digest as viem's, several times faster: the robustness suite builds mutations of 10,000 proofs)
  return keccakHex(toHex(`${salt}:${tag}`));
}

const word = (value: bigint): Hex => numberToHex(value & UINT256_MAX, { size: 32 });
const addToWord = (hex: Hex, delta: bigint): Hex => word(BigInt(hex) + delta);
const orWord = (hex: Hex, bits: bigint): Hex => word(BigInt(hex) | bits);
const xorWord = (hex: Hex, bits: bigint): Hex => word(BigInt(hex) ^ bits);
