/**
 * The per-batch local logs tree (SPEC §3): fixed height 14 (16,384 leaves), empty leaf
 * `H(88 zero bytes)`, and the chain batch root `H(localLogsRoot ‖ aggregatedRoot)` that a log's
 * path ends at. Only the occupied part of each level is stored and hashed.
 */
import { bytesToHex, type Hex } from 'viem';
import { assertArgument } from '../errors.ts';
import { L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, LOCAL_LOGS_TREE_HEIGHT, LOCAL_LOGS_TREE_LEAVES } from './constants.ts';
import { keccakPair, packWords, wordToBytes } from './hash.ts';
import { l2ToL1LogLeafBytes, type L2ToL1Log } from './l2ToL1Log.ts';
import { buildLevels, levelsPath, levelsRoot, zeroHashes } from './merkle.ts';

const ZEROS = zeroHashes(wordToBytes(L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH), LOCAL_LOGS_TREE_HEIGHT);
/** The lowest level whose nodes' hex digits `pathJson` keeps (from it up, 2^(14-6) = 256 nodes or fewer per level). */
const CACHED_FROM_LEVEL = 6;
/** `ZEROS` as hex digits without `0x` (what `pathJson` writes for an empty subtree). */
const ZERO_DIGITS = ZEROS.map((z) => Buffer.from(z).toString('hex'));

/** The local logs tree of one batch: root and paths for its logs. */
export class LocalLogsTree {
  /** Number of logs (occupied leaves). */
  readonly leafCount: number;
  readonly #levels: Uint8Array[];
  /** Buffer views of `#levels` (no copy), made on the first `pathJson`: Node turns their bytes into hex natively. */
  #views: Buffer[] | undefined;
  /**
   * Hex digits of the nodes of levels `CACHED_FROM_LEVEL` and up, kept as `pathJson` writes them: every
   * path passes through these few nodes (at most 511 in a full batch, ~40 KB), so each is converted once.
   */
  readonly #upperDigits: string[][] = [];

  private constructor(packedLeaves: Uint8Array, count: number) {
    this.leafCount = count;
    this.#levels = buildLevels(packedLeaves, count, LOCAL_LOGS_TREE_HEIGHT, ZEROS);
  }

  /**
   * Builds the tree from leaf hashes in log order.
   * @throws InvalidArgumentError for more than 16,384 leaves or a malformed hash
   * @example LocalLogsTree.fromLeaves([l2ToL1LogLeaf(log)]).root
   */
  static fromLeaves(leaves: readonly Hex[]): LocalLogsTree {
    assertArgument(leaves.length <= LOCAL_LOGS_TREE_LEAVES, `a batch holds at most ${LOCAL_LOGS_TREE_LEAVES} logs, got ${leaves.length}`);
    return new LocalLogsTree(packWords(leaves, 'leaves'), leaves.length);
  }

  /**
   * Builds the tree from a batch's logs in execution order.
   * @throws InvalidArgumentError for more than 16,384 logs or a malformed log
   */
  static fromLogs(logs: readonly L2ToL1Log[]): LocalLogsTree {
    assertArgument(logs.length <= LOCAL_LOGS_TREE_LEAVES, `a batch holds at most ${LOCAL_LOGS_TREE_LEAVES} logs, got ${logs.length}`);
    const packed = new Uint8Array(logs.length * 32);
    logs.forEach((log, i) => packed.set(l2ToL1LogLeafBytes(log), 32 * i));
    return new LocalLogsTree(packed, logs.length);
  }

  /** The local logs root (EMPTY_LOCAL_LOGS_ROOT for a batch without logs). */
  get root(): Hex {
    return bytesToHex(levelsRoot(this.#levels, ZEROS));
  }

  /**
   * The 14 bottom-up siblings of log `index` up to the local logs root.
   * @throws InvalidArgumentError when `index` is not a log of this batch
   */
  path(index: number): Hex[] {
    assertArgument(Number.isInteger(index) && index >= 0 && index < this.leafCount, `log index ${index} is not in a batch of ${this.leafCount} logs`);
    return levelsPath(this.#levels, ZEROS, index).map((node) => bytesToHex(node));
  }

  /**
   * `path(index)` as JSON text without the outer quotes: `0x…","0x…` (its words joined by `","`), for an
   * answer served as text (src/chain/logProof.ts). Written straight from the tree's bytes, with none of
   * `path`'s 14 copies and hex conversions in JS: a proof server builds one per request.
   * @throws InvalidArgumentError when `index` is not a log of this batch
   */
  pathJson(index: number): string {
    // Not assertArgument: its message would be built on every request.
    if (!(Number.isInteger(index) && index >= 0 && index < this.leafCount)) assertArgument(false, `log index ${index} is not in a batch of ${this.leafCount} logs`);
    const views = (this.#views ??= this.#levels.map((level) => Buffer.from(level.buffer, level.byteOffset, level.byteLength)));
    let json = '';
    let position = index;
    for (let l = 0; l < LOCAL_LOGS_TREE_HEIGHT; l++) {
      const j = position ^ 1;
      const view = views[l]!;
      let digits: string;
      if (32 * j >= view.length) digits = ZERO_DIGITS[l]!;
      else if (l < CACHED_FROM_LEVEL) digits = view.toString('hex', 32 * j, 32 * j + 32);
      else {
        const level = (this.#upperDigits[l] ??= []);
        digits = level[j] ??= view.toString('hex', 32 * j, 32 * j + 32);
      }
      json += l === 0 ? `0x${digits}` : `","0x${digits}`;
      position >>>= 1;
    }
    return json;
  }

  /**
   * Path of log `index` to the chain batch root: the 14 local siblings, then `aggregatedRoot`
   * (the log leaf proof of SPEC §7; its mask is `index`).
   * @param aggregatedRoot the batch's `MessageRoot.getAggregatedRoot()`
   */
  pathToChainBatchRoot(index: number, aggregatedRoot: Hex): Hex[] {
    wordToBytes(aggregatedRoot, 'aggregatedRoot');
    return [...this.path(index), aggregatedRoot];
  }

  /** The chain batch root `H(root ‖ aggregatedRoot)` of this batch. */
  chainBatchRoot(aggregatedRoot: Hex): Hex {
    return chainBatchRoot(this.root, aggregatedRoot);
  }
}

/**
 * Chain batch root `H(localLogsRoot ‖ aggregatedRoot)` (SPEC §3).
 * @example chainBatchRoot(EMPTY_LOCAL_LOGS_ROOT, chainIdLeaf(EMPTY_CHAIN_TREE_ROOT, 271n))
 */
export function chainBatchRoot(localLogsRoot: Hex, aggregatedRoot: Hex): Hex {
  return bytesToHex(keccakPair(wordToBytes(localLogsRoot, 'localLogsRoot'), wordToBytes(aggregatedRoot, 'aggregatedRoot')));
}
