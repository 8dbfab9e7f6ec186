/**
 * Builds `zks_getL2ToL1LogProof` answers for an executed batch: the log's path in the batch's local
 * logs tree to the chain batch root (final mode), or that path plus the Gateway part of the batch
 * (`proof_based_gw` mode; the `messageRoot` target is the same proof with `gatewayBlockNumber`, the
 * Gateway block that executed the batch, named beside it, as the ZKsync OS server answers), or that path
 * plus the batch's part on the L1 through Gateway (`logProofToL1Json`: the no-mode proof where the network
 * runs an L1, from the Gateway answer src/chain/proofToL1.ts keeps). Per batch, the local tree (a full
 * batch costs 16,383 hashes) and every word of a proof but the log's 14 tree siblings are built once and
 * cached, so a proof is a path lookup; `logProofJson` and `logProofToL1Json` give the answer already
 * serialised, from JSON pieces cached the same way and the siblings written straight from the tree.
 */
import type { Hex } from 'viem';
import { buildFinalProof, buildGatewayProof, buildProofToL1 } from '../protocol/proof.ts';
import type { LocalLogsTree } from '../protocol/localLogsTree.ts';
import { LOCAL_LOGS_TREE_HEIGHT } from '../protocol/constants.ts';
import { InvariantError } from '../errors.ts';
import { batchLogsTree } from './batchCommitment.ts';
import type { Batch } from './types.ts';
import type { GatewayInclusion, GatewayL1Inclusion, L2ToL1LogProof } from '../wire/types.ts';

/** What zks_getL2ToL1LogProof returns (the wire contract's `L2ToL1LogProof`). */
export type LogProof = L2ToL1LogProof;

/**
 * Which root a proof ends at: the chain batch root (final) or a Gateway interop root (`gateway`, and
 * `messageRoot`: the same words, answered with `gatewayBlockNumber`).
 */
export type LogProofMode = 'final' | 'gateway' | 'messageRoot';

/**
 * The proof words a mode is built from: `messageRoot` shares the Gateway proof (and its cache); `l1` is
 * the proof to the L1 through Gateway.
 */
type ProofWords = 'final' | 'gateway' | 'l1';

/** What the words past the log's own path come from: nothing (final), the Gateway or the L1 inclusion. */
type Inclusion = GatewayInclusion | GatewayL1Inclusion | undefined;

/**
 * The words every proof of one batch shares in one mode: `proof = [head, ...14 siblings, ...tail]`.
 * It records what it was built from, so a batch whose roots or inclusion differ (another network in
 * the process, a batch sealed again after a revert, another answer from Gateway) never gets it.
 */
type ProofShape = {
  aggregatedRoot: Hex;
  chainBatchRoot: Hex;
  inclusion: Inclusion;
  head: Hex;
  tail: Hex[];
  root: Hex;
  /** the serialised answer is `{"id":<id>` + headJson + the siblings as JSON strings + tailJson */
  headJson: string;
  tailJson: string;
};

type CachedBatch = { tree: LocalLogsTree; final?: ProofShape; gateway?: ProofShape; l1?: ProofShape };

const CACHE_SIZE = 64;
const cache = new Map<string, CachedBatch>();
/** The most recently used entry (already last in `cache`): most requests ask for the same batch. */
let newestKey: string | undefined;
let newest: CachedBatch | undefined;
/** The batch object, its local logs root and chain `newest` was last found for (a key built from them is `newestKey`). */
let newestBatch: Batch | undefined;
let newestRoot: Hex | undefined;
let newestChain: number | undefined;

/**
 * The proof of log `id` of an executed batch.
 * @param chainId the chain the batch belongs to (cache key)
 * @throws InvariantError if the batch is not executed or not prepared
 * @throws InvalidArgumentError when `id` is not a log of the batch
 */
export function buildLogProofForBatch(batch: Batch, id: number, mode: LogProofMode, chainId: number): LogProof {
  const words = mode === 'final' ? 'final' : 'gateway';
  const { shape, cached, built } = proofParts(batch, id, words, inclusionOf(batch, words), chainId);
  const proof = built ?? { id, proof: [shape.head, ...cached.tree.path(id), ...shape.tail], root: shape.root, batchNumber: batch.number };
  return mode === 'messageRoot' ? { ...proof, gatewayBlockNumber: shape.inclusion!.gatewayBlockNumber } : proof;
}

/**
 * `JSON.stringify(buildLogProofForBatch(batch, id, mode, chainId))`, byte for byte, without building
 * the proof object: what the RPC method sends.
 * @throws as buildLogProofForBatch
 */
export function logProofJson(batch: Batch, id: number, mode: LogProofMode, chainId: number): string {
  const words = mode === 'final' ? 'final' : 'gateway';
  const { shape, cached } = proofParts(batch, id, words, inclusionOf(batch, words), chainId);
  const json = `{"id":${id}${shape.headJson}"${cached.tree.pathJson(id)}"${shape.tailJson}`;
  // The OS server's field after the others (tailJson ends with the object's closing brace).
  return mode === 'messageRoot' ? `${json.slice(0, -1)},"gatewayBlockNumber":${shape.inclusion!.gatewayBlockNumber}}` : json;
}

/**
 * The proof of log `id` to the L1 through Gateway as JSON text: `JSON.stringify({ id, proof:
 * buildProofToL1(…), root, batchNumber })` byte for byte, `root` being the chain batch root as in the
 * other modes. Its shared words are cached while `l1` is the same object (proofToL1.ts keeps one per
 * settled batch).
 * @param l1 Gateway's answer for this batch (`zkinterop_getL1Inclusion`)
 * @throws as buildLogProofForBatch
 */
export function logProofToL1Json(batch: Batch, id: number, l1: GatewayL1Inclusion, chainId: number): string {
  const { shape, cached } = proofParts(batch, id, 'l1', l1, chainId);
  return `{"id":${id}${shape.headJson}"${cached.tree.pathJson(id)}"${shape.tailJson}`;
}

function inclusionOf(batch: Batch, words: 'final' | 'gateway'): GatewayInclusion | undefined {
  if (words === 'final') return undefined;
  // Checked without assertInvariant: its message would be built on every request.
  if (!batch.gatewayInclusion) throw new InvariantError(`batch ${batch.number} has its Gateway inclusion`);
  return batch.gatewayInclusion;
}

type ProofParts = { shape: ProofShape; cached: CachedBatch; built?: LogProof };

function proofParts(batch: Batch, id: number, mode: ProofWords, inclusion: Inclusion, chainId: number): ProofParts {
  const { aggregatedRoot, chainBatchRoot } = batch;
  if (!aggregatedRoot || !chainBatchRoot) throw new InvariantError(`batch ${batch.number} is prepared`);
  const cached = cachedBatch(batch, chainId);
  const shape = cached[mode];
  if (shape && shape.aggregatedRoot === aggregatedRoot && shape.chainBatchRoot === chainBatchRoot && shape.inclusion === inclusion) {
    return { shape, cached };
  }
  // First proof of this batch in this mode: built in full, and its shared words kept.
  const built = fullProof(batch, id, cached.tree.path(id), aggregatedRoot, chainBatchRoot, mode, inclusion);
  const head = built.proof[0]!;
  const tail = built.proof.slice(1 + LOCAL_LOGS_TREE_HEIGHT);
  const fresh: ProofShape = {
    aggregatedRoot,
    chainBatchRoot,
    inclusion,
    head,
    tail,
    root: built.root,
    headJson: `,"proof":[${JSON.stringify(head)},`,
    tailJson: `,${JSON.stringify(tail).slice(1)},"root":${JSON.stringify(built.root)},"batchNumber":${batch.number}}`,
  };
  cached[mode] = fresh;
  return { shape: fresh, cached, built };
}

function fullProof(batch: Batch, id: number, siblings: Hex[], aggregatedRoot: Hex, chainBatchRoot: Hex, mode: ProofWords, inc: Inclusion): LogProof {
  const logLeafPath = [...siblings, aggregatedRoot];
  if (mode === 'final' || !inc) return { id, proof: buildFinalProof(logLeafPath), root: chainBatchRoot, batchNumber: batch.number };
  const proof = mode === 'l1' ? proofToL1Of(logLeafPath, inc as GatewayL1Inclusion) : gatewayProofOf(logLeafPath, inc);
  // `root` is the chain batch root in every mode, as the real server answers; the interop root the
  // Gateway part ends at is Gateway's, stored on the target under the packed Gateway block.
  return { id, proof, root: chainBatchRoot, batchNumber: batch.number };
}

function cachedBatch(batch: Batch, chainId: number): CachedBatch {
  // The local logs root names the tree's content: chain id and number alone are not unique in a
  // process (two networks, or a batch sealed again after a snapshot revert).
  // The same batch object as the last request, with the same root: no key to build and compare.
  if (batch === newestBatch && batch.localLogsRoot === newestRoot && chainId === newestChain) return newest!;
  const key = `${chainId}:${batch.number}:${batch.localLogsRoot}`;
  let entry = key === newestKey ? newest : cache.get(key);
  if (entry) {
    // Refresh recency: Map iteration order is insertion order.
    cache.delete(key);
  } else {
    entry = { tree: batchLogsTree(batch) };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, entry);
  // Only now that `entry` is this batch's (a tree that failed to build leaves the previous ones).
  newestKey = key;
  newest = entry;
  newestBatch = batch;
  newestRoot = batch.localLogsRoot;
  newestChain = chainId;
  return entry;
}

/** The `proof_based_gw` words of a log's path to its chain batch root, from Gateway's inclusion of the batch. */
export function gatewayProofOf(logLeafPath: Hex[], inc: GatewayInclusion): Hex[] {
  return buildGatewayProof({
    logLeafPath,
    batchLeafProofMask: inc.batchLeafProofMask,
    batchLeafPath: inc.batchLeafProof,
    gatewayBlockNumber: inc.gatewayBlockNumber,
    sharedTreeMask: inc.sharedTreeIndex,
    gatewayChainId: inc.gatewayChainId,
    sharedTreePath: inc.sharedTreeProof,
  });
}

/** The words of a log's proof to the L1 through Gateway, from Gateway's answer once its batch is executed on the L1. */
export function proofToL1Of(logLeafPath: Hex[], inc: GatewayL1Inclusion): Hex[] {
  return buildProofToL1({
    logLeafPath,
    batchLeafProofMask: inc.batchLeafProofMask,
    batchLeafPath: inc.batchLeafProof,
    sharedTreeMask: inc.sharedTreeIndex,
    gatewayChainId: inc.gatewayChainId,
    sharedTreePath: inc.sharedTreeProof,
    settlementLayerBatchNumber: inc.gatewayBatchNumber,
    settlementLayerLocalLogsRoot: inc.gatewayLocalLogsRoot,
  });
}
