import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesToHex, concat, keccak256, type Hex } from 'viem';
import { refRoot } from '../../test/protocol/reference.ts';
import { InvalidArgumentError } from '../errors.ts';
import { EMPTY_LOCAL_LOGS_ROOT, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, LOCAL_LOGS_TREE_HEIGHT, LOCAL_LOGS_TREE_LEAVES } from './constants.ts';
import { l2ToL1LogLeaf, messageLog } from './l2ToL1Log.ts';
import { chainBatchRoot, LocalLogsTree } from './localLogsTree.ts';
import { calculateRoot } from './merkle.ts';

/** `count` distinct pseudo-random leaves, cheap to make. */
function leavesOf(count: number, seed = 0): Hex[] {
  const out: Hex[] = [];
  for (let i = 0; i < count; i++) {
    const b = new Uint8Array(32);
    new DataView(b.buffer).setUint32(0, i);
    new DataView(b.buffer).setUint32(4, seed);
    b[31] = 1;
    out.push(bytesToHex(b));
  }
  return out;
}

const aggregatedRoot = keccak256('0xa99');

describe('LocalLogsTree', () => {
  test('a batch without logs has the empty local logs root', () => {
    expect(LocalLogsTree.fromLeaves([]).root).toBe(EMPTY_LOCAL_LOGS_ROOT);
  });

  test('the root equals a padded height-14 tree over the leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), (count, seed) => {
        const leaves = leavesOf(count, seed);
        expect(LocalLogsTree.fromLeaves(leaves).root).toBe(refRoot(leaves, LOCAL_LOGS_TREE_HEIGHT, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH));
      }),
      { numRuns: 20 },
    );
  });

  test('a full batch of 16,384 logs has the root of the full tree', () => {
    const leaves = leavesOf(LOCAL_LOGS_TREE_LEAVES, 7);
    expect(LocalLogsTree.fromLeaves(leaves).root).toBe(refRoot(leaves, LOCAL_LOGS_TREE_HEIGHT, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH));
  });

  test('every leaf of a random batch of 1..16,384 logs is provable to the batch root', () => {
    const sizes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: LOCAL_LOGS_TREE_LEAVES }), fc.constant(LOCAL_LOGS_TREE_LEAVES));
    fc.assert(
      fc.property(sizes, fc.nat(), (count, seed) => {
        const leaves = leavesOf(count, seed);
        const tree = LocalLogsTree.fromLeaves(leaves);
        const root = tree.root;
        for (let i = 0; i < count; i++) {
          const path = tree.path(i);
          if (path.length !== LOCAL_LOGS_TREE_HEIGHT || calculateRoot(path, i, leaves[i]!) !== root) return false;
        }
        return true;
      }),
      { numRuns: 6 },
    );
  });

  test('fromLogs hashes each log into its leaf', () => {
    const logs = [0, 1, 2].map((i) => messageLog('0x000000000000000000000000000000000000beef', `0x0${i}`, i));
    expect(LocalLogsTree.fromLogs(logs).root).toBe(LocalLogsTree.fromLeaves(logs.map(l2ToL1LogLeaf)).root);
  });

  test('a log path to the chain batch root is the local path then the aggregated root', () => {
    const leaves = leavesOf(5);
    const tree = LocalLogsTree.fromLeaves(leaves);
    const path = tree.pathToChainBatchRoot(3, aggregatedRoot);
    expect(path).toEqual([...tree.path(3), aggregatedRoot]);
    expect(calculateRoot(path, 3, leaves[3]!)).toBe(tree.chainBatchRoot(aggregatedRoot));
  });

  test('the chain batch root is H(localLogsRoot ‖ aggregatedRoot)', () => {
    expect(chainBatchRoot(EMPTY_LOCAL_LOGS_ROOT, aggregatedRoot)).toBe(keccak256(concat([EMPTY_LOCAL_LOGS_ROOT, aggregatedRoot])));
  });

  test('error: more than 16,384 logs are rejected', () => {
    expect(() => LocalLogsTree.fromLeaves(leavesOf(LOCAL_LOGS_TREE_LEAVES + 1))).toThrow(InvalidArgumentError);
  });

  test('error: a path for an index past the last log is rejected', () => {
    expect(() => LocalLogsTree.fromLeaves(leavesOf(3)).path(3)).toThrow(InvalidArgumentError);
  });
});
