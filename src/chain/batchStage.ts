/**
 * The one function that moves a batch from stage to stage (open → sealed → committed → proved →
 * executed, or → failed), with the fields each stage carries (its time, the settlement layer's
 * transaction, Gateway inclusion, the error). Every writer of a batch's `stage` goes through it: the
 * batcher when it seals, the settlement loop when a stage lands or is found on the settlement layer,
 * and the chain's journal replay (chainJournal.ts). Snapshot restore replaces whole batches and writes
 * no stage of its own. No I/O.
 */
import type { Hex } from 'viem';
import type { Batch } from './types.ts';
import type { GatewayInclusion } from '../wire/types.ts';

/** A change of a batch's stage and what the new stage records. */
export type StageChange =
  | { stage: 'sealed'; at: number }
  | { stage: 'committed'; txHash: Hex | undefined; at: number }
  | { stage: 'proved'; txHash: Hex | undefined; at: number }
  | { stage: 'executed'; txHash: Hex | undefined; at: number; inclusion: GatewayInclusion | undefined }
  | { stage: 'failed'; error: string | undefined };

/**
 * Moves a batch to a new stage, recording what that stage carries.
 * @param batch the batch, changed in place
 * @param change the new stage and its fields
 * @example transitionBatch(batch, { stage: 'proved', txHash, at: Date.now() })
 */
export function transitionBatch(batch: Batch, change: StageChange): void {
  switch (change.stage) {
    case 'sealed':
      batch.sealedAt = change.at;
      break;
    case 'committed':
      batch.commitTxHash = change.txHash;
      batch.committedAt = change.at;
      break;
    case 'proved':
      batch.proveTxHash = change.txHash;
      batch.provenAt = change.at;
      break;
    case 'executed':
      batch.executeTxHash = change.txHash;
      batch.gatewayInclusion = change.inclusion;
      batch.executedAt = change.at;
      break;
    case 'failed':
      batch.error = change.error;
      break;
  }
  batch.stage = change.stage;
}
