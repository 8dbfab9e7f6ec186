import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes, keccak256, type Hex } from 'viem';
import { dynamicIncrementalRoots, refHeight, refPath, refRoot } from '../../test/protocol/reference.ts';
import { InvalidArgumentError } from '../errors.ts';
import { EMPTY_CHAIN_TREE_ROOT, EMPTY_TREE_ENTRY_HASH } from './constants.ts';
import { DynamicMerkleTree } from './dynamicMerkleTree.ts';

const leaves = (count: number, seed: number): Hex[] => Array.from({ length: count }, (_, i) => keccak256(`0x${(seed * 1000 + i).toString(16).padStart(8, '0')}`));

function chainTree(items: readonly Hex[]): DynamicMerkleTree {
  const tree = new DynamicMerkleTree(hexToBytes(EMPTY_TREE_ENTRY_HASH), hexToBytes(EMPTY_CHAIN_TREE_ROOT));
  for (const leaf of items) tree.append(hexToBytes(leaf));
  return tree;
}

describe('DynamicMerkleTree', () => {
  test('an empty tree has the given empty root', () => {
    expect(bytesToHex(chainTree([]).rootAt())).toBe(EMPTY_CHAIN_TREE_ROOT);
  });

  test('a tree of one leaf has that leaf as root', () => {
    const [leaf] = leaves(1, 1);
    expect(bytesToHex(chainTree([leaf!]).rootAt())).toBe(leaf);
  });

  test('append returns consecutive indexes', () => {
    const tree = chainTree([]);
    expect(leaves(3, 2).map((l) => tree.append(hexToBytes(l)))).toEqual([0, 1, 2]);
  });

  test('roots after each append match DynamicIncrementalMerkle.push', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.nat(1000), (count, seed) => {
        const items = leaves(count, seed);
        const expected = dynamicIncrementalRoots(items, EMPTY_TREE_ENTRY_HASH);
        const tree = chainTree([]);
        items.forEach((leaf, i) => {
          tree.append(hexToBytes(leaf));
          expect(bytesToHex(tree.rootAt())).toBe(expected[i]);
        });
      }),
      { numRuns: 20 },
    );
  });

  test('the root at any past size is the padded tree of height ceil(log2 size)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(1000), (count, seed) => {
        const items = leaves(count, seed);
        const tree = chainTree(items);
        for (let size = 1; size <= count; size++) {
          expect(bytesToHex(tree.rootAt(size))).toBe(refRoot(items.slice(0, size), refHeight(size), EMPTY_TREE_ENTRY_HASH));
        }
      }),
      { numRuns: 10 },
    );
  });

  test('the path of any leaf at any past size matches the padded tree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (count, sizePick, indexPick) => {
        const items = leaves(count, 3);
        const tree = chainTree(items);
        const size = 1 + (sizePick % count);
        const index = indexPick % size;
        const path = tree.pathAt(index, size).map((n) => bytesToHex(n));
        expect(path).toEqual(refPath(items.slice(0, size), refHeight(size), EMPTY_TREE_ENTRY_HASH, index));
      }),
      { numRuns: 60 },
    );
  });

  test('error: a size beyond the current one is rejected', () => {
    expect(() => chainTree(leaves(2, 4)).rootAt(3)).toThrow(InvalidArgumentError);
  });

  test('error: a path for a leaf not yet appended at that size is rejected', () => {
    expect(() => chainTree(leaves(4, 5)).pathAt(2, 2)).toThrow(InvalidArgumentError);
  });
});
