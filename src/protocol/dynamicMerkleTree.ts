/**
 * Append-only Merkle tree that grows its height as needed, as era-contracts'
 * `DynamicIncrementalMerkle`: with n ≥ 1 leaves its height is ceil(log2 n) (one leaf: root = leaf),
 * missing leaves are `emptyLeaf` and its level-wise hashes, and the empty tree's root is given.
 * Only complete subtrees are stored (amortised one hash per append), which is enough to answer
 * roots and paths for any past size in O(log² n) hashes.
 */
import { assertArgument } from '../errors.ts';
import { keccakPair } from './hash.ts';
import { treeHeight } from './merkle.ts';

/** Append-only, dynamically growing Merkle tree over 32-byte leaves (byte level). */
export class DynamicMerkleTree {
  readonly #emptyRoot: Uint8Array;
  /** `#zeros[l]`: hash of an empty subtree of height l. */
  readonly #zeros: Uint8Array[];
  /** `#complete[l][j]`: root of the complete subtree j of height l. */
  readonly #complete: Uint8Array[][] = [[]];

  /**
   * @param emptyLeaf hash standing for a missing leaf
   * @param emptyRoot root of the tree with no leaves
   */
  constructor(emptyLeaf: Uint8Array, emptyRoot: Uint8Array) {
    this.#zeros = [emptyLeaf];
    this.#emptyRoot = emptyRoot;
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#complete[0]!.length;
  }

  /**
   * Appends a leaf.
   * @returns the leaf's index
   */
  append(leaf: Uint8Array): number {
    const index = this.size;
    let node: Uint8Array = leaf.slice();
    let position = index;
    for (let l = 0; ; l++) {
      (this.#complete[l] ??= []).push(node);
      if (position % 2 === 0) break;
      node = keccakPair(this.#complete[l]![position - 1]!, node);
      position = (position - 1) / 2;
    }
    return index;
  }

  /** The leaf at `index`. */
  leaf(index: number): Uint8Array {
    this.#assertIndex(index, this.size);
    return this.#complete[0]![index]!;
  }

  /**
   * Root when the tree had `size` leaves (default: now).
   * @throws InvalidArgumentError when `size` exceeds the current size
   */
  rootAt(size: number = this.size): Uint8Array {
    this.#assertSize(size);
    if (size === 0) return this.#emptyRoot;
    return this.#node(treeHeight(size), 0, size);
  }

  /**
   * Bottom-up sibling path of leaf `index` when the tree had `size` leaves (default: now).
   * @returns ceil(log2 size) siblings
   * @throws InvalidArgumentError when `index` ≥ `size` or `size` exceeds the current size
   */
  pathAt(index: number, size: number = this.size): Uint8Array[] {
    this.#assertSize(size);
    this.#assertIndex(index, size);
    const path: Uint8Array[] = [];
    let position = index;
    for (let l = 0; l < treeHeight(size); l++) {
      path.push(this.#node(l, position % 2 === 0 ? position + 1 : position - 1, size));
      position = Math.floor(position / 2);
    }
    return path;
  }

  /** Node j of height `level` in the tree of the first `size` leaves. */
  #node(level: number, j: number, size: number): Uint8Array {
    const width = 2 ** level;
    const first = j * width;
    if (first >= size) return this.#zero(level);
    if (first + width <= size) return this.#complete[level]![j]!;
    // The one partially filled subtree of this level: combine its halves.
    return keccakPair(this.#node(level - 1, 2 * j, size), this.#node(level - 1, 2 * j + 1, size));
  }

  #zero(level: number): Uint8Array {
    while (this.#zeros.length <= level) {
      const top = this.#zeros[this.#zeros.length - 1]!;
      this.#zeros.push(keccakPair(top, top));
    }
    return this.#zeros[level]!;
  }

  #assertSize(size: number): void {
    assertArgument(Number.isInteger(size) && size >= 0 && size <= this.size, `tree size ${size} is not in 0..${this.size}`);
  }

  #assertIndex(index: number, size: number): void {
    assertArgument(Number.isInteger(index) && index >= 0 && index < size, `leaf index ${index} is not in a tree of ${size} leaves`);
  }
}
