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
  index(): Pick<InclusionIndex, 'model' | 'inclusion'>;
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
  // The shared root a Gateway batch commits is MessageRoot's at its last block: the last root written by then.
  const anchor = index.model.lastRootBlockAtOrBefore(gatewayBatch.lastBlock);
  const inclusion = anchor === undefined ? null : index.inclusion(chainId, batchNumber, anchor);
  if (!inclusion || inclusion.interopRoot !== aggregatedRoot || chainBatchRoot(localLogsRoot, inclusion.interopRoot) !== gatewayBatchRoot) {
    throw new InvariantError(
      `Gateway batch ${gatewayBatch.number} committed shared root ${aggregatedRoot}, which Gateway's MessageRoot index does not rebuild at block ${anchor} (a chain registered after the batch's last settlement?)`,
    );
  }
  return { ...inclusion, gatewayBatchNumber: gatewayBatch.number, gatewayLocalLogsRoot: localLogsRoot as Hex, gatewayBatchRoot };
}
