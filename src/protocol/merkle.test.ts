import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { keccak256, type Hex } from 'viem';
import { refPair, refPath, refRoot } from '../../test/protocol/reference.ts';
import { InvalidArgumentError } from '../errors.ts';
import { EMPTY_TREE_ENTRY_HASH } from './constants.ts';
import { calculateRoot, treeHeight } from './merkle.ts';
import { ProofRevertError } from './proofRevert.ts';

const leafA = keccak256('0x0a');
const leafB = keccak256('0x0b');

function revertReason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProofRevertError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('calculateRoot', () => {
  test('an empty path with index 0 yields the leaf itself', () => {
    expect(calculateRoot([], 0, leafA)).toBe(leafA);
  });

  test('an even index puts the current node on the left', () => {
    expect(calculateRoot([leafB], 0, leafA)).toBe(refPair(leafA, leafB));
  });

  test('an odd index puts the current node on the right', () => {
    expect(calculateRoot([leafB], 1, leafA)).toBe(refPair(leafB, leafA));
  });

  test('every leaf of a padded tree leads to its root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), (count, pick) => {
        const leaves = Array.from({ length: count }, (_, i) => keccak256(`0x${i.toString(16).padStart(4, '0')}`));
        const height = treeHeight(count);
        const index = pick % count;
        const path = refPath(leaves, height, EMPTY_TREE_ENTRY_HASH, index);
        expect(calculateRoot(path, index, leaves[index]!)).toBe(refRoot(leaves, height, EMPTY_TREE_ENTRY_HASH));
      }),
      { numRuns: 50 },
    );
  });

  test('error: an index of 2^length or more reverts with MerkleIndexOutOfBounds', () => {
    expect(revertReason(() => calculateRoot([leafB], 2, leafA))).toBe('MerkleIndexOutOfBounds');
    expect(revertReason(() => calculateRoot([], 1, leafA))).toBe('MerkleIndexOutOfBounds');
  });

  test('error: a path of 256 words reverts with MerklePathOutOfBounds, 255 words do not', () => {
    const words: Hex[] = Array(256).fill(leafB);
    expect(revertReason(() => calculateRoot(words, 0, leafA))).toBe('MerklePathOutOfBounds');
    expect(revertReason(() => calculateRoot(words.slice(1), 0, leafA))).toBeUndefined();
  });

  test('error: a negative index is a caller error', () => {
    expect(() => calculateRoot([leafB], -1, leafA)).toThrow(InvalidArgumentError);
  });
});

describe('treeHeight', () => {
  test.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 3],
    [53, 6],
    [64, 6],
    [65, 7],
    [16_384, 14],
  ])('a tree of %i leaves has height %i', (count, height) => {
    expect(treeHeight(count)).toBe(height);
  });
});
