/**
 * Gateway's part of a chain's proof to the L1 (SPEC §10, the real server's
 * `get_l1_batch_chain_merkle_path`): for a chain batch settled on Gateway, the Gateway batch that holds
 * its execute, once that batch is executed on the L1, with the chain batch's paths anchored at the
 * shared root that Gateway batch committed as its aggregated root, and Gateway's local logs root (the
 * other half of Gateway's batch root on the L1). Read by the chains through Gateway's RPC
 * (`zkinterop_getL1Inclusion`), as `zkinterop_getBatchInclusion` is.
 */
import type { Hex } from 'viem';
import { chainBatchRoot } from '../protocol/localLogsTree.ts';
import { InvariantError } from '../errors.ts';
import type { Batch } from '../chain/types.ts';
import type { InclusionIndex } from './inclusionIndex.ts';
import type { GatewayL1Inclusion } from '../wire/types.ts';

/** What the answer is built from: Gateway's MessageRoot index and its own batches. */
export type L1InclusionSource = {
  /** Gateway's MessageRoot index (a function: the network creates it once Gateway's client exists) */
  index(): Pick<InclusionIndex, 'model'>;
  /** Gateway's batch holding a Gateway block */
  batchOfBlock(blockNumber: number): Batch | undefined;
};

/**
 * The L1 part of a chain batch's proof, or null while the batch is not settled on Gateway or the Gateway
 * batch holding it is not executed on the L1 (as the real server answers null before).
 * @throws InvariantError if the rebuilt Gateway batch root is not the one Gateway committed (the index
 *   and Gateway's books disagree)
 */
export function l1Inclusion(source: L1InclusionSource, chainId: number, batchNumber: number): GatewayL1Inclusion | null {
  const index = source.index();
  const settledIn = index.model.settledInBlock(chainId, batchNumber);
  if (settledIn === undefined) return null;
  const gatewayBatch = source.batchOfBlock(settledIn);
  if (!gatewayBatch || gatewayBatch.stage !== 'executed') return null;
  const { localLogsRoot, chainBatchRoot: gatewayBatchRoot, aggregatedRoot } = gatewayBatch;
  if (!localLogsRoot || !gatewayBatchRoot || !aggregatedRoot) throw new InvariantError(`Gateway batch ${gatewayBatch.number} is executed but has no roots`);
  // The shared root a Gateway batch commits is MessageRoot's at its last block (appends and registrations by then).
  const inc = index.model.batchInclusionAtBlock(chainId, batchNumber, gatewayBatch.lastBlock);
  if (inc.interopRoot !== aggregatedRoot || chainBatchRoot(localLogsRoot, inc.interopRoot) !== gatewayBatchRoot) {
    throw new InvariantError(`Gateway batch ${gatewayBatch.number} committed shared root ${aggregatedRoot}; Gateway's MessageRoot index rebuilds ${inc.interopRoot} at its last block ${gatewayBatch.lastBlock}`);
  }
  return {
    gatewayChainId: Number(index.model.hostChainId),
    gatewayBlockNumber: gatewayBatch.lastBlock,
    batchLeafProofMask: Number(inc.batchLeafProofMask),
    batchLeafProof: inc.batchLeafPath,
    sharedTreeIndex: Number(inc.sharedTreeMask),
    sharedTreeProof: inc.sharedTreePath,
    interopRoot: inc.interopRoot,
    gatewayBatchNumber: gatewayBatch.number,
    gatewayLocalLogsRoot: localLogsRoot,
    gatewayBatchRoot,
  };
}
