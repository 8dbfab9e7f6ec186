/**
 * Binary Merkle primitives shared by every tree of the protocol: root from a bottom-up path with
 * the exact rules of era-contracts' `Merkle.calculateRoot`, and padded trees built level by level
 * over flat byte arrays (node j of a level lives at bytes [32j, 32j+32)), where a missing right
 * sibling at level l is `zeros[l]`.
 */
import type { Hex } from 'viem';
import { assertArgument } from '../errors.ts';
import { bytesToWord, keccak256, keccakPair, toUint256, wordToBytes } from './hash.ts';
import { ProofRevertError } from './proofRevert.ts';

/**
 * Root from a bottom-up Merkle path, byte level (see {@link calculateRoot}).
 * @throws ProofRevertError `MerklePathOutOfBounds` (≥ 256 words) or `MerkleIndexOutOfBounds` (index ≥ 2^length)
 */
export function calculateRootBytes(path: readonly Uint8Array[], index: bigint, leaf: Uint8Array): Uint8Array {
  if (path.length >= 256) throw new ProofRevertError('MerklePathOutOfBounds', `path has ${path.length} words`);
  if (index >= 1n << BigInt(path.length)) {
    throw new ProofRevertError('MerkleIndexOutOfBounds', `index ${index} does not fit a path of ${path.length} words`);
  }
  let node = leaf;
  let position = index;
  for (const sibling of path) {
    // Even position: the current node is the left child.
    node = (position & 1n) === 0n ? keccakPair(node, sibling) : keccakPair(sibling, node);
    position >>= 1n;
  }
  return node;
}

/**
 * Root from a bottom-up Merkle path, as era-contracts' `Merkle.calculateRoot`: an empty path with
 * index 0 yields the leaf itself; at each level an even index means the current node is left.
 * @param path siblings from the leaf level upwards
 * @param index leaf index (the "mask"), must be < 2^path.length
 * @param leaf the leaf hash
 * @returns the root
 * @throws ProofRevertError `MerklePathOutOfBounds` or `MerkleIndexOutOfBounds` where the contract reverts
 * @throws InvalidArgumentError for malformed words or a negative index
 * @example calculateRoot([sibling], 1n, leaf) // = H(sibling ‖ leaf)
 */
export function calculateRoot(path: readonly Hex[], index: bigint | number, leaf: Hex): Hex {
  const words = path.map((w, i) => wordToBytes(w, `path[${i}]`));
  return bytesToWord(calculateRootBytes(words, toUint256(index, 'index'), wordToBytes(leaf, 'leaf')));
}

/**
 * Height of a dynamic tree holding `count` leaves: ceil(log2 count), 0 for 0 or 1 leaf.
 * @example treeHeight(5) // 3
 */
export function treeHeight(count: number): number {
  assertArgument(Number.isSafeInteger(count) && count >= 0, `leaf count must be a non-negative integer, got ${count}`);
  let height = 0;
  while (2 ** height < count) height++;
  return height;
}

/**
 * Empty-subtree hashes: `zeros[0] = emptyLeaf`, `zeros[l + 1] = H(zeros[l] ‖ zeros[l])`.
 * @returns `height + 1` hashes
 */
export function zeroHashes(emptyLeaf: Uint8Array, height: number): Uint8Array[] {
  const zeros = [emptyLeaf];
  for (let l = 0; l < height; l++) {
    const below = zeros[l]!;
    zeros.push(keccakPair(below, below));
  }
  return zeros;
}

/**
 * Levels of a padded tree of `height` over `count` leaves packed in `leaves` (32 bytes each).
 * Level l holds ceil(count / 2^l) nodes, so a tree with few leaves costs about `height` hashes.
 * @param zeros empty-subtree hashes, at least `height` of them
 * @returns `height + 1` flat levels, leaves first
 */
export function buildLevels(leaves: Uint8Array, count: number, height: number, zeros: readonly Uint8Array[]): Uint8Array[] {
  assertArgument(leaves.length === count * 32, `expected ${count} packed leaves, got ${leaves.length} bytes`);
  assertArgument(count <= 2 ** height, `${count} leaves do not fit a tree of height ${height}`);
  const levels = [leaves];
  let below = leaves;
  let belowCount = count;
  for (let l = 0; l < height; l++) {
    const nextCount = Math.ceil(belowCount / 2);
    const next = new Uint8Array(nextCount * 32);
    for (let j = 0; j < nextCount; j++) {
      const left = 64 * j;
      // Children are adjacent in the flat level, so a full pair hashes in place.
      const node =
        2 * j + 1 < belowCount
          ? keccak256(below.subarray(left, left + 64))
          : keccakPair(below.subarray(left, left + 32), zeros[l]!);
      next.set(node, 32 * j);
    }
    levels.push(next);
    below = next;
    belowCount = nextCount;
  }
  return levels;
}

/** Node `j` of a flat level, or `zero` when the level has no such node. */
export function nodeOrZero(level: Uint8Array, j: number, zero: Uint8Array): Uint8Array {
  return 32 * j < level.length ? level.subarray(32 * j, 32 * j + 32) : zero;
}

/**
 * Root of levels built by {@link buildLevels} (`zeros[height]` for a tree with no leaves).
 */
export function levelsRoot(levels: readonly Uint8Array[], zeros: readonly Uint8Array[]): Uint8Array {
  const height = levels.length - 1;
  return nodeOrZero(levels[height]!, 0, zeros[height]!).slice();
}

/**
 * Bottom-up sibling path of leaf `index` in levels built by {@link buildLevels}.
 * @returns `height` siblings
 */
export function levelsPath(levels: readonly Uint8Array[], zeros: readonly Uint8Array[], index: number): Uint8Array[] {
  const path: Uint8Array[] = [];
  let position = index;
  for (let l = 0; l < levels.length - 1; l++) {
    path.push(nodeOrZero(levels[l]!, position ^ 1, zeros[l]!).slice());
    position >>>= 1;
  }
  return path;
}
