/**
 * Builds `zks_getL2ToL1LogProof` answers for an executed batch: the log's path in the batch's local
 * logs tree to the chain batch root (final mode), or that path plus the Gateway part of the batch
 * (`proof_based_gw` mode; the `messageRoot` target is the same proof with `gatewayBlockNumber`, the
 * Gateway block that executed the batch, named beside it, as the ZKsync OS server answers). Per batch, the local tree (a full batch costs 16,383 hashes) and every word
 * of a proof but the log's 14 tree siblings are built once and cached, so a proof is a path lookup;
 * `logProofJson` gives the answer already serialised, from JSON pieces cached the same way.
 */
import type { Hex } from 'viem';
import { buildFinalProof, buildGatewayProof } from '../protocol/proof.ts';
import type { LocalLogsTree } from '../protocol/localLogsTree.ts';
import { LOCAL_LOGS_TREE_HEIGHT } from '../protocol/constants.ts';
import { InvariantError } from '../errors.ts';
import { batchLogsTree } from './batchCommitment.ts';
import type { Batch } from './types.ts';
import type { GatewayInclusion, L2ToL1LogProof } from '../wire/types.ts';

/** What zks_getL2ToL1LogProof returns (the wire contract's `L2ToL1LogProof`). */
export type LogProof = L2ToL1LogProof;

/**
 * Which root a proof ends at: the chain batch root (final) or a Gateway interop root (`gateway`, and
 * `messageRoot`: the same words, answered with `gatewayBlockNumber`).
 */
export type LogProofMode = 'final' | 'gateway' | 'messageRoot';

/** The proof words a mode is built from: `messageRoot` shares the Gateway proof (and its cache). */
type ProofWords = 'final' | 'gateway';

/**
 * The words every proof of one batch shares in one mode: `proof = [head, ...14 siblings, ...tail]`.
 * It records what it was built from, so a batch whose roots or Gateway inclusion differ (another
 * network in the process, a batch sealed again after a revert) never gets it.
 */
type ProofShape = {
  aggregatedRoot: Hex;
  chainBatchRoot: Hex;
  inclusion: GatewayInclusion | undefined;
  head: Hex;
  tail: Hex[];
  root: Hex;
  /** the serialised answer is `{"id":<id>` + headJson + the siblings as JSON strings + tailJson */
  headJson: string;
  tailJson: string;
};

type CachedBatch = { tree: LocalLogsTree; final?: ProofShape; gateway?: ProofShape };

const CACHE_SIZE = 64;
const cache = new Map<string, CachedBatch>();
/** The most recently used entry (already last in `cache`): most requests ask for the same batch. */
let newestKey: string | undefined;
let newest: CachedBatch | undefined;

/**
 * The proof of log `id` of an executed batch.
 * @param chainId the chain the batch belongs to (cache key)
 * @throws InvariantError if the batch is not executed or not prepared
 * @throws InvalidArgumentError when `id` is not a log of the batch
 */
export function buildLogProofForBatch(batch: Batch, id: number, mode: LogProofMode, chainId: number): LogProof {
  const { shape, siblings, built } = proofParts(batch, id, mode, chainId);
  const proof = built ?? { id, proof: [shape.head, ...siblings, ...shape.tail], root: shape.root, batchNumber: batch.number };
  return mode === 'messageRoot' ? { ...proof, gatewayBlockNumber: shape.inclusion!.gatewayBlockNumber } : proof;
}

/**
 * `JSON.stringify(buildLogProofForBatch(batch, id, mode, chainId))`, byte for byte, without building
 * the proof object: what the RPC method sends.
 * @throws as buildLogProofForBatch
 */
export function logProofJson(batch: Batch, id: number, mode: LogProofMode, chainId: number): string {
  const { shape, siblings } = proofParts(batch, id, mode, chainId);
  const json = `{"id":${id}${shape.headJson}"${siblings.join('","')}"${shape.tailJson}`;
  // The OS server's field after the others (tailJson ends with the object's closing brace).
  return mode === 'messageRoot' ? `${json.slice(0, -1)},"gatewayBlockNumber":${shape.inclusion!.gatewayBlockNumber}}` : json;
}

type ProofParts = { shape: ProofShape; siblings: Hex[]; built?: LogProof };

function proofParts(batch: Batch, id: number, target: LogProofMode, chainId: number): ProofParts {
  const mode: ProofWords = target === 'final' ? 'final' : 'gateway';
  const { aggregatedRoot, chainBatchRoot } = batch;
  // Checked without assertInvariant: its message would be built on every request.
  if (!aggregatedRoot || !chainBatchRoot) throw new InvariantError(`batch ${batch.number} is prepared`);
  const inclusion = mode === 'gateway' ? batch.gatewayInclusion : undefined;
  if (mode === 'gateway' && !inclusion) throw new InvariantError(`batch ${batch.number} has its Gateway inclusion`);
  const cached = cachedBatch(batch, chainId);
  const siblings = cached.tree.path(id);
  const shape = cached[mode];
  if (shape && shape.aggregatedRoot === aggregatedRoot && shape.chainBatchRoot === chainBatchRoot && shape.inclusion === inclusion) {
    return { shape, siblings };
  }
  // First proof of this batch in this mode: built in full, and its shared words kept.
  const built = fullProof(batch, id, siblings, aggregatedRoot, chainBatchRoot, inclusion);
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
  return { shape: fresh, siblings, built };
}

function fullProof(batch: Batch, id: number, siblings: Hex[], aggregatedRoot: Hex, chainBatchRoot: Hex, inc: GatewayInclusion | undefined): LogProof {
  const logLeafPath = [...siblings, aggregatedRoot];
  if (!inc) return { id, proof: buildFinalProof(logLeafPath), root: chainBatchRoot, batchNumber: batch.number };
  const proof = buildGatewayProof({
    logLeafPath,
    batchLeafProofMask: inc.batchLeafProofMask,
    batchLeafPath: inc.batchLeafProof,
    gatewayBlockNumber: inc.gatewayBlockNumber,
    sharedTreeMask: inc.sharedTreeIndex,
    gatewayChainId: inc.gatewayChainId,
    sharedTreePath: inc.sharedTreeProof,
  });
  // `root` is the chain batch root in every mode, as the real server answers; the interop root the
  // Gateway part ends at is Gateway's, stored on the target under the packed Gateway block.
  return { id, proof, root: chainBatchRoot, batchNumber: batch.number };
}

function cachedBatch(batch: Batch, chainId: number): CachedBatch {
  // The local logs root names the tree's content: chain id and number alone are not unique in a
  // process (two networks, or a batch sealed again after a snapshot revert).
  const key = `${chainId}:${batch.number}:${batch.localLogsRoot}`;
  if (key === newestKey) return newest!;
  let entry = cache.get(key);
  if (entry) {
    // Refresh recency: Map iteration order is insertion order.
    cache.delete(key);
  } else {
    entry = { tree: batchLogsTree(batch) };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, entry);
  newestKey = key;
  newest = entry;
  return entry;
}
