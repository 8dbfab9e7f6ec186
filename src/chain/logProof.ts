/**
 * Builds `zks_getL2ToL1LogProof` answers for an executed batch: the log's path in the batch's local
 * logs tree to the chain batch root (final mode), or that path plus the Gateway part of the batch
 * (`proof_based_gw` mode). Local trees are cached per batch: a full batch costs 16,383 hashes to build
 * once, then each proof is a path lookup.
 */
import type { Hex } from 'viem';
import { buildFinalProof, buildGatewayProof } from '../protocol/proof.ts';
import type { LocalLogsTree } from '../protocol/localLogsTree.ts';
import { assertInvariant } from '../errors.ts';
import { batchLogsTree } from './batchCommitment.ts';
import type { Batch } from './types.ts';

/** What zks_getL2ToL1LogProof returns. */
export type LogProof = { id: number; proof: Hex[]; root: Hex; batchNumber: number };

const TREE_CACHE_SIZE = 64;
const treeCache = new Map<string, LocalLogsTree>();

/**
 * The proof of log `id` of an executed batch.
 * @param chainId the chain the batch belongs to (cache key)
 * @throws InvariantError if the batch is not executed or not prepared
 */
export function buildLogProofForBatch(batch: Batch, id: number, mode: 'final' | 'gateway', chainId: number): LogProof {
  assertInvariant(batch.aggregatedRoot && batch.chainBatchRoot, `batch ${batch.number} is prepared`);
  const logLeafPath = treeOf(batch, chainId).pathToChainBatchRoot(id, batch.aggregatedRoot);
  if (mode === 'final') {
    return { id, proof: buildFinalProof(logLeafPath), root: batch.chainBatchRoot, batchNumber: batch.number };
  }
  const inc = batch.gatewayInclusion;
  assertInvariant(inc, `batch ${batch.number} has its Gateway inclusion`);
  const proof = buildGatewayProof({
    logLeafPath,
    batchLeafProofMask: inc.batchLeafProofMask,
    batchLeafPath: inc.batchLeafProof,
    gatewayBlockNumber: inc.gatewayBlockNumber,
    sharedTreeMask: inc.sharedTreeIndex,
    gatewayChainId: inc.gatewayChainId,
    sharedTreePath: inc.sharedTreeProof,
  });
  return { id, proof, root: inc.interopRoot, batchNumber: batch.number };
}

function treeOf(batch: Batch, chainId: number): LocalLogsTree {
  // The local logs root names the tree's content: chain id and number alone are not unique in a
  // process (two networks, or a batch sealed again after a snapshot revert).
  const key = `${chainId}:${batch.number}:${batch.localLogsRoot}`;
  let tree = treeCache.get(key);
  if (tree) {
    // Refresh recency: Map iteration order is insertion order.
    treeCache.delete(key);
  } else {
    tree = batchLogsTree(batch);
    if (treeCache.size >= TREE_CACHE_SIZE) treeCache.delete(treeCache.keys().next().value!);
  }
  treeCache.set(key, tree);
  return tree;
}
