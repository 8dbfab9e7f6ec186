/**
 * A pure model of Gateway's MessageRoot (SPEC §4): one append-only chain tree of batch leaves per
 * registered chain, a shared tree of chain-id leaves (host chain at index 0) whose root is the
 * interop root, and the historical root per Gateway block (last write in a block wins). It
 * answers the Gateway part of a `proof_based_gw` proof for any settled batch, against the root
 * stored for the block that batch was executed in. State is an event list, so it serialises to
 * plain JSON and restores by replay.
 */
import { bytesToHex, type Hex } from 'viem';
import { assertArgument, assertInvariant, InvalidArgumentError } from '../errors.ts';
import { BATCH_LEAF_PADDING, CHAIN_ID_LEAF_PADDING, EMPTY_CHAIN_TREE_ROOT, EMPTY_TREE_ENTRY_HASH } from './constants.ts';
import { DynamicMerkleTree } from './dynamicMerkleTree.ts';
import { concatBytes, keccak256, toUint256, u256Bytes, wordToBytes } from './hash.ts';
import { buildLevels, levelsPath, levelsRoot, treeHeight, zeroHashes } from './merkle.ts';

const BATCH_LEAF_PADDING_BYTES = wordToBytes(BATCH_LEAF_PADDING);
const CHAIN_ID_LEAF_PADDING_BYTES = wordToBytes(CHAIN_ID_LEAF_PADDING);
const EMPTY_ENTRY = wordToBytes(EMPTY_TREE_ENTRY_HASH);
const EMPTY_CHAIN_ROOT = wordToBytes(EMPTY_CHAIN_TREE_ROOT);

/** `batchLeaf(root, batchNumber) = H(BATCH_LEAF_PADDING ‖ root ‖ u256(batchNumber))`, byte level. */
export function batchLeafBytes(chainBatchRoot: Uint8Array, batchNumber: bigint): Uint8Array {
  return keccak256(concatBytes(BATCH_LEAF_PADDING_BYTES, chainBatchRoot, u256Bytes(batchNumber)));
}

/** `chainIdLeaf(chainRoot, chainId) = H(CHAIN_ID_LEAF_PADDING ‖ chainRoot ‖ u256(chainId))`, byte level. */
export function chainIdLeafBytes(chainTreeRoot: Uint8Array, chainId: bigint): Uint8Array {
  return keccak256(concatBytes(CHAIN_ID_LEAF_PADDING_BYTES, chainTreeRoot, u256Bytes(chainId)));
}

/**
 * Leaf of a chain batch in its chain tree (SPEC §4).
 * @example batchLeaf(chainBatchRoot, 66n)
 */
export function batchLeaf(chainBatchRoot: Hex, batchNumber: bigint | number): Hex {
  return bytesToHex(batchLeafBytes(wordToBytes(chainBatchRoot, 'chainBatchRoot'), toUint256(batchNumber, 'batchNumber')));
}

/**
 * Leaf of a chain in the shared tree (SPEC §4).
 * @example chainIdLeaf(EMPTY_CHAIN_TREE_ROOT, 271n) // 0xe4ed1ec1…5944
 */
export function chainIdLeaf(chainTreeRoot: Hex, chainId: bigint | number): Hex {
  return bytesToHex(chainIdLeafBytes(wordToBytes(chainTreeRoot, 'chainTreeRoot'), toUint256(chainId, 'chainId')));
}

/**
 * `getAggregatedRoot()` of a MessageRoot on which nothing settles (every ordinary chain):
 * `chainIdLeaf(0x00…00, chainId)`, the second half of its chain batch roots.
 * @example emptyAggregatedRoot(271n) // 0xe4ed1ec1…5944
 */
export function emptyAggregatedRoot(chainId: bigint | number): Hex {
  return chainIdLeaf(EMPTY_CHAIN_TREE_ROOT, chainId);
}

/**
 * One state change of the model, JSON-able (uint256 values as decimal strings).
 * The host chain's registration is implied by the model's construction and never appears.
 */
export type MessageRootEvent =
  /** `gatewayBlock`: where it was registered, when known (what `batchInclusionAtBlock` needs) */
  | { type: 'registerChain'; chainId: string; gatewayBlock?: number }
  | { type: 'addChainBatchRoot'; chainId: string; batchNumber: string; chainBatchRoot: Hex; gatewayBlock: number };

/** Plain-JSON state of a {@link MessageRootModel}. */
export type MessageRootJson = { version: 1; hostChainId: string; events: MessageRootEvent[] };

/** What one `addChainBatchRoot` changed: everything its three events carry. */
export type AddChainBatchRootResult = {
  chainId: bigint;
  batchNumber: bigint;
  chainBatchRoot: Hex;
  /** The appended leaf `batchLeaf(chainBatchRoot, batchNumber)`. */
  batchLeaf: Hex;
  /** Index of that leaf in the chain tree. */
  leafIndex: number;
  /** The chain tree's new root. */
  chainRoot: Hex;
  /** The chain's new shared-tree leaf `chainIdLeaf(chainRoot, chainId)`. */
  chainIdLeaf: Hex;
  /** The new aggregated (interop) root, now `historicalRoot(gatewayBlock)`. */
  sharedRoot: Hex;
  gatewayBlock: number;
};

/**
 * The Gateway part of a `proof_based_gw` proof for one settled batch, valid against the interop
 * root Gateway stored for the block the batch was executed in. Field names match
 * {@link import('./proof.ts').GatewayProofParts} so it can be spread into `buildGatewayProof`.
 */
export type BatchInclusion = {
  /** Gateway block whose historical root this inclusion proves against. */
  gatewayBlockNumber: bigint;
  /** Index of the batch leaf in the chain tree. */
  batchLeafProofMask: bigint;
  /** Bottom-up path of the batch leaf in the chain tree at that block. */
  batchLeafPath: Hex[];
  /** Chain tree root at that block. */
  chainTreeRoot: Hex;
  /** The chain's shared-tree leaf at that block. */
  chainIdLeaf: Hex;
  /** Index of the chain in the shared tree. */
  sharedTreeMask: bigint;
  /** Bottom-up path of the chain-id leaf in the shared tree at that block. */
  sharedTreePath: Hex[];
  /** `historicalRoot(gatewayBlockNumber)`: the interop root chains import. */
  interopRoot: Hex;
};

type ChainState = {
  chainId: bigint;
  index: number;
  registeredSeq: number;
  tree: DynamicMerkleTree;
  /** Per leaf: the event sequence number and Gateway block of its append. */
  appendSeqs: number[];
  appendBlocks: number[];
  leafByBatch: Map<bigint, number>;
  lastBatchNumber: bigint;
};

/** In-memory model of Gateway's MessageRoot; pure, deterministic, serialisable. */
export class MessageRootModel {
  /** Chain id of the chain the MessageRoot lives on (Gateway); index 0 of the shared tree. */
  readonly hostChainId: bigint;
  readonly #chains: ChainState[] = [];
  readonly #byId = new Map<bigint, ChainState>();
  /** Current shared-tree leaves, by chain index. */
  readonly #sharedLeaves: Uint8Array[] = [];
  readonly #historical = new Map<number, { root: Hex; seq: number }>();
  /** Gateway block → the sequence number after its last registration (registrations whose block is known). */
  readonly #registeredIn = new Map<number, number>();
  readonly #events: MessageRootEvent[] = [];
  #seq = 0;
  #lastBlock = -1;

  /**
   * A fresh MessageRoot: the host chain registered at index 0 with an empty chain tree.
   * @param hostChainId Gateway's chain id
   */
  constructor(hostChainId: bigint | number) {
    this.hostChainId = toUint256(hostChainId, 'hostChainId');
    this.#register(this.hostChainId);
  }

  /** Number of registered chains, host included. */
  get chainCount(): number {
    return this.#chains.length;
  }

  /** Registered chain ids in index order (host first). */
  get chainIds(): bigint[] {
    return this.#chains.map((c) => c.chainId);
  }

  /** The events applied since construction, in order. */
  get events(): readonly MessageRootEvent[] {
    return this.#events;
  }

  /** True when `chainId` has a chain tree here. */
  isRegistered(chainId: bigint | number): boolean {
    return this.#byId.has(toUint256(chainId, 'chainId'));
  }

  /**
   * Index of a chain in the shared tree; 0 for unknown chains, like the contract's mapping.
   */
  chainIndex(chainId: bigint | number): number {
    return this.#byId.get(toUint256(chainId, 'chainId'))?.index ?? 0;
  }

  /**
   * Registers a chain: appends its chain-id leaf (over an empty chain tree) to the shared tree.
   * @returns the chain's index
   * @throws InvalidArgumentError when the chain is already registered
   */
  registerChain(chainId: bigint | number, gatewayBlock?: number): number {
    const id = toUint256(chainId, 'chainId');
    assertArgument(!this.#byId.has(id), `chain ${id} is already registered in MessageRoot`);
    this.#events.push({ type: 'registerChain', chainId: id.toString(), ...(gatewayBlock !== undefined ? { gatewayBlock } : {}) });
    const chain = this.#register(id);
    if (gatewayBlock !== undefined) this.#registeredIn.set(gatewayBlock, chain.registeredSeq);
    return chain.index;
  }

  /**
   * Appends a settled batch of `chainId` (SPEC §4 `addChainBatchRoot`), updates its shared leaf
   * and stores the new shared root as `historicalRoot(gatewayBlock)`.
   * @param gatewayBlock the Gateway block of the execute transaction; never decreases
   * @throws InvalidArgumentError for an unregistered chain, a batch number not above the chain's
   *   last one, or a Gateway block lower than the previous write's
   * @example model.addChainBatchRoot(271n, 1n, chainBatchRoot, 12).sharedRoot
   */
  addChainBatchRoot(chainId: bigint | number, batchNumber: bigint | number, chainBatchRoot: Hex, gatewayBlock: number): AddChainBatchRootResult {
    const id = toUint256(chainId, 'chainId');
    const number = toUint256(batchNumber, 'batchNumber');
    const root = wordToBytes(chainBatchRoot, 'chainBatchRoot');
    const chain = this.#byId.get(id);
    if (!chain) throw new InvalidArgumentError(`chain ${id} is not registered in MessageRoot`);
    assertArgument(
      number > chain.lastBatchNumber,
      `batch ${number} of chain ${id} must come after its last settled batch ${chain.lastBatchNumber}`,
    );
    assertArgument(
      Number.isSafeInteger(gatewayBlock) && gatewayBlock >= this.#lastBlock && gatewayBlock >= 0,
      `Gateway block ${gatewayBlock} must be an integer ≥ the last write's block ${this.#lastBlock}`,
    );
    this.#events.push({ type: 'addChainBatchRoot', chainId: id.toString(), batchNumber: number.toString(), chainBatchRoot, gatewayBlock });

    const seq = ++this.#seq;
    const leaf = batchLeafBytes(root, number);
    const leafIndex = chain.tree.append(leaf);
    chain.appendSeqs.push(seq);
    chain.appendBlocks.push(gatewayBlock);
    chain.leafByBatch.set(number, leafIndex);
    chain.lastBatchNumber = number;
    this.#lastBlock = gatewayBlock;

    const chainRoot = chain.tree.rootAt();
    const idLeaf = chainIdLeafBytes(chainRoot, id);
    this.#sharedLeaves[chain.index] = idLeaf;
    const sharedRoot = bytesToHex(sharedTreeRoot(this.#sharedLeaves));
    this.#historical.set(gatewayBlock, { root: sharedRoot, seq });
    return {
      chainId: id,
      batchNumber: number,
      chainBatchRoot,
      batchLeaf: bytesToHex(leaf),
      leafIndex,
      chainRoot: bytesToHex(chainRoot),
      chainIdLeaf: bytesToHex(idLeaf),
      sharedRoot,
      gatewayBlock,
    };
  }

  /** The current shared-tree root (`getAggregatedRoot()`). */
  getAggregatedRoot(): Hex {
    return bytesToHex(sharedTreeRoot(this.#sharedLeaves));
  }

  /** `historicalRoot(block)`: the shared root after the last write in that Gateway block, or 0x00…00. */
  historicalRoot(gatewayBlock: number): Hex {
    return this.#historical.get(gatewayBlock)?.root ?? EMPTY_CHAIN_TREE_ROOT;
  }

  /** Current chain tree root of a chain (0x00…00 when it has no batches or is unknown). */
  getChainRoot(chainId: bigint | number): Hex {
    const chain = this.#byId.get(toUint256(chainId, 'chainId'));
    return bytesToHex(chain ? chain.tree.rootAt() : EMPTY_CHAIN_ROOT);
  }

  /** The Gateway block a settled batch was appended in, or undefined when it is not settled here. */
  settledInBlock(chainId: bigint | number, batchNumber: bigint | number): number | undefined {
    const chain = this.#byId.get(toUint256(chainId, 'chainId'));
    const leafIndex = chain?.leafByBatch.get(toUint256(batchNumber, 'batchNumber'));
    return leafIndex === undefined ? undefined : chain!.appendBlocks[leafIndex];
  }

  /**
   * The Gateway part of the proof for a settled batch, against `historicalRoot` of the block it
   * was appended in (the tree as it stood after that block's last write), or of a later block
   * `atBlock` that wrote a root: chain trees only grow, so every later root still holds the batch.
   * @throws InvalidArgumentError when the batch is not settled here, or `atBlock` is before its
   *   settlement or wrote no root
   */
  batchInclusion(chainId: bigint | number, batchNumber: bigint | number, atBlock?: number): BatchInclusion {
    const id = toUint256(chainId, 'chainId');
    const number = toUint256(batchNumber, 'batchNumber');
    const chain = this.#byId.get(id);
    const leafIndex = chain?.leafByBatch.get(number);
    if (!chain || leafIndex === undefined) throw new InvalidArgumentError(`batch ${number} of chain ${id} is not settled on this MessageRoot`);
    const settledIn = chain.appendBlocks[leafIndex]!;
    const block = atBlock ?? settledIn;
    assertArgument(block >= settledIn, `batch ${number} of chain ${id} settled in Gateway block ${settledIn}; no earlier root holds it (asked for block ${block})`);
    const stored = this.#historical.get(block);
    if (atBlock !== undefined) assertArgument(stored, `Gateway block ${block} wrote no interop root; anchor the proof at a block that did`);
    assertInvariant(stored, `no historical root for Gateway block ${block}`);
    return this.#inclusionAt(chain, leafIndex, stored.seq, block, stored.root);
  }

  /**
   * The Gateway part of the proof for a settled batch against the shared root as it stood at the END of
   * Gateway block `gatewayBlock`, whether or not that block wrote a root (`getAggregatedRoot()` read at
   * that block: what a Gateway batch ending there commits as its aggregated root on the L1, SPEC §10).
   * A registration counts from its block where that is known (`registerChain(id, block)`, as the
   * inclusion index passes it); one without a block counts only from the next event that has one.
   * @throws InvalidArgumentError when the batch is not settled by then
   */
  batchInclusionAtBlock(chainId: bigint | number, batchNumber: bigint | number, gatewayBlock: number): BatchInclusion {
    const id = toUint256(chainId, 'chainId');
    const number = toUint256(batchNumber, 'batchNumber');
    const chain = this.#byId.get(id);
    const leafIndex = chain?.leafByBatch.get(number);
    if (!chain || leafIndex === undefined || chain.appendBlocks[leafIndex]! > gatewayBlock) {
      throw new InvalidArgumentError(`batch ${number} of chain ${id} is not settled on this MessageRoot by Gateway block ${gatewayBlock}`);
    }
    // The last event at or before the block: appends (historical roots) and known registrations.
    let seq = 0;
    for (const [block, at] of this.#historical) if (block <= gatewayBlock && at.seq > seq) seq = at.seq;
    for (const [block, at] of this.#registeredIn) if (block <= gatewayBlock && at > seq) seq = at;
    return this.#inclusionAt(chain, leafIndex, seq, gatewayBlock);
  }

  /** The inclusion of leaf `leafIndex` of `chain` in the trees as they stood at event `seq`; checked against `expectedRoot` when given. */
  #inclusionAt(chain: ChainState, leafIndex: number, seq: number, block: number, expectedRoot?: Hex): BatchInclusion {
    const sizeAt = (c: ChainState) => countAtMost(c.appendSeqs, seq);
    const size = sizeAt(chain);
    const chainRoot = chain.tree.rootAt(size);
    const leaves = this.#chains.filter((c) => c.registeredSeq <= seq).map((c) => chainIdLeafBytes(c.tree.rootAt(sizeAt(c)), c.chainId));
    const { levels, zeros } = sharedTreeLevels(leaves);
    const root = bytesToHex(levelsRoot(levels, zeros));
    assertInvariant(expectedRoot === undefined || root === expectedRoot, `rebuilt shared root differs from historicalRoot(${block})`);
    return {
      gatewayBlockNumber: BigInt(block),
      batchLeafProofMask: BigInt(leafIndex),
      batchLeafPath: chain.tree.pathAt(leafIndex, size).map((n) => bytesToHex(n)),
      chainTreeRoot: bytesToHex(chainRoot),
      chainIdLeaf: bytesToHex(leaves[chain.index]!),
      sharedTreeMask: BigInt(chain.index),
      sharedTreePath: levelsPath(levels, zeros, chain.index).map((n) => bytesToHex(n)),
      interopRoot: root,
    };
  }

  /** Plain-JSON state; restore with {@link MessageRootModel.fromJSON}. */
  toJSON(): MessageRootJson {
    return { version: 1, hostChainId: this.hostChainId.toString(), events: this.#events.map((e) => ({ ...e })) };
  }

  /**
   * Restores a model by replaying its events.
   * @throws InvalidArgumentError for an unknown version or an event the model rejects
   */
  static fromJSON(json: MessageRootJson): MessageRootModel {
    assertArgument(json !== null && typeof json === 'object' && json.version === 1, 'MessageRoot state must be version 1');
    assertArgument(Array.isArray(json.events), 'MessageRoot state must have an events array');
    const model = new MessageRootModel(parseUint(json.hostChainId, 'hostChainId'));
    for (const event of json.events) {
      if (event.type === 'registerChain') model.registerChain(parseUint(event.chainId, 'chainId'), event.gatewayBlock);
      else if (event.type === 'addChainBatchRoot') {
        model.addChainBatchRoot(parseUint(event.chainId, 'chainId'), parseUint(event.batchNumber, 'batchNumber'), event.chainBatchRoot, event.gatewayBlock);
      } else throw new InvalidArgumentError(`unknown MessageRoot event ${JSON.stringify(event)}`);
    }
    return model;
  }

  #register(chainId: bigint): ChainState {
    const chain: ChainState = {
      chainId,
      index: this.#chains.length,
      registeredSeq: ++this.#seq,
      tree: new DynamicMerkleTree(EMPTY_ENTRY, EMPTY_CHAIN_ROOT),
      appendSeqs: [],
      appendBlocks: [],
      leafByBatch: new Map(),
      lastBatchNumber: -1n,
    };
    this.#chains.push(chain);
    this.#byId.set(chainId, chain);
    this.#sharedLeaves.push(chainIdLeafBytes(EMPTY_CHAIN_ROOT, chainId));
    return chain;
  }
}

/** Levels of the shared tree over chain-id leaves: height ceil(log2 count), EMPTY_TREE_ENTRY_HASH padding. */
function sharedTreeLevels(leaves: readonly Uint8Array[]): { levels: Uint8Array[]; zeros: Uint8Array[] } {
  const height = treeHeight(leaves.length);
  const zeros = zeroHashes(EMPTY_ENTRY, height);
  // The shared tree has one leaf per chain, so rebuilding it costs a handful of hashes.
  return { levels: buildLevels(concatBytes(...leaves), leaves.length, height, zeros), zeros };
}

function sharedTreeRoot(leaves: readonly Uint8Array[]): Uint8Array {
  const { levels, zeros } = sharedTreeLevels(leaves);
  return levelsRoot(levels, zeros);
}

/** Number of entries ≤ `limit` in an ascending array. */
function countAtMost(sorted: readonly number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parseUint(value: unknown, what: string): bigint {
  assertArgument(typeof value === 'string' && /^\d+$/.test(value), `${what} must be a decimal string, got ${String(value)}`);
  return BigInt(value);
}
