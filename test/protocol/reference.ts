/**
 * Slow, obviously-correct reference trees for the protocol tests, written independently of
 * src/protocol (viem's keccak, recursion over hex): a padded Merkle tree, and a transcription of
 * the push algorithm of era-contracts' DynamicIncrementalMerkle.
 */
import { concat, keccak256, type Hex } from 'viem';

/** H(a ‖ b) with viem. */
export function refPair(a: Hex, b: Hex): Hex {
  return keccak256(concat([a, b]));
}

/** Node j of `level` in a padded tree over `leaves` with empty leaf `empty`. */
function refNode(leaves: readonly Hex[], empty: Hex, level: number, j: number, zeros: Hex[]): Hex {
  const width = 2 ** level;
  if (j * width >= leaves.length) {
    while (zeros.length <= level) zeros.push(refPair(zeros[zeros.length - 1]!, zeros[zeros.length - 1]!));
    return zeros[level]!;
  }
  if (level === 0) return leaves[j]!;
  return refPair(refNode(leaves, empty, level - 1, 2 * j, zeros), refNode(leaves, empty, level - 1, 2 * j + 1, zeros));
}

/** Root of a padded tree of `height` over `leaves`. */
export function refRoot(leaves: readonly Hex[], height: number, empty: Hex): Hex {
  return refNode(leaves, empty, height, 0, [empty]);
}

/** Bottom-up path of leaf `index` in a padded tree of `height`. */
export function refPath(leaves: readonly Hex[], height: number, empty: Hex, index: number): Hex[] {
  const zeros = [empty];
  const path: Hex[] = [];
  for (let l = 0; l < height; l++) path.push(refNode(leaves, empty, l, (index >> l) ^ 1, zeros));
  return path;
}

/** ceil(log2 n), 0 for n ≤ 1. */
export function refHeight(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

/**
 * Roots after each push of DynamicIncrementalMerkle (setup with `zero`, root 0x00…00 when empty):
 * the tree doubles when the next index equals 2^levels; left nodes are remembered as sides.
 */
export function dynamicIncrementalRoots(leaves: readonly Hex[], zero: Hex): Hex[] {
  const zeros: Hex[] = [zero];
  const sides: Hex[] = ['0x0000000000000000000000000000000000000000000000000000000000000000'];
  const roots: Hex[] = [];
  leaves.forEach((leaf, index) => {
    let levels = zeros.length - 1;
    if (index === 2 ** levels) {
      zeros.push(refPair(zeros[levels]!, zeros[levels]!));
      sides.push('0x0000000000000000000000000000000000000000000000000000000000000000');
      levels++;
    }
    let node = leaf;
    let position = index;
    let sideWritten = false;
    for (let i = 0; i < levels; i++) {
      const isLeft = position % 2 === 0;
      if (isLeft && !sideWritten) {
        sides[i] = node;
        sideWritten = true;
      }
      node = isLeft ? refPair(node, zeros[i]!) : refPair(sides[i]!, node);
      position = Math.floor(position / 2);
    }
    sides[levels] = node;
    roots.push(node);
  });
  return roots;
}
