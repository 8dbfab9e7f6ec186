/**
 * Turns a sealed batch into what Gateway is told at commit: local logs root, chain batch root,
 * dependency-roots rolling hash, and the stored batch hash linking it to the previous batch.
 */
import type { Hex } from 'viem';
import { LocalLogsTree } from '../protocol/localLogsTree.ts';
import { dependencyRootsRollingHash, storedBatchHash, ZERO_WORD } from '../protocol/settlement.ts';
import { L1_MESSENGER_ADDRESS } from '../protocol/constants.ts';
import type { L2ToL1Log } from '../protocol/l2ToL1Log.ts';
import { assertInvariant } from '../errors.ts';
import type { Batch, BatchLog } from './types.ts';

/** The protocol log of a batch log. */
export function protocolLog(log: BatchLog): L2ToL1Log {
  return { l2ShardId: 0, isService: log.isService ?? true, txNumberInBatch: log.txNumberInBatch, sender: log.sender, key: log.key, value: log.value };
}

/** The local logs tree of a batch. */
export function batchLogsTree(batch: Batch): LocalLogsTree {
  return LocalLogsTree.fromLogs(batch.logs.map(protocolLog));
}

/**
 * Fills in a sealed batch's commitment fields.
 * @param aggregatedRoot the chain's own MessageRoot.getAggregatedRoot()
 * @param previous the batch before it (its batchHash must be known; genesis counts as zero)
 */
export function prepareBatchForCommit(batch: Batch, _chainId: number, aggregatedRoot: Hex, previous: Batch | undefined): void {
  if (batch.chainBatchRoot) return;
  assertInvariant(previous, `batch ${batch.number} has a predecessor`);
  const previousHash = previous.number === 0 ? ZERO_WORD : previous.batchHash;
  assertInvariant(previousHash, `batch ${previous.number} was prepared before batch ${batch.number}`);
  const tree = batchLogsTree(batch);
  batch.localLogsRoot = tree.root;
  batch.aggregatedRoot = aggregatedRoot;
  batch.chainBatchRoot = tree.chainBatchRoot(aggregatedRoot);
  batch.dependencyRollingHash = dependencyRootsRollingHash(batch.dependencyRoots);
  batch.previousBatchHash = previousHash;
  batch.batchHash = storedBatchHash(batch.number, batch.chainBatchRoot, batch.dependencyRollingHash, previousHash);
}
