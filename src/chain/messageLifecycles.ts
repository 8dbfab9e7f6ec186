/**
 * The lifecycles of a chain's messages (`zkinterop_getMessageLifecycle`, `zkinterop_listMessages`):
 * where an L2→L1 message stands (its batch's stage) and the steps it went through with their times
 * (sent, included, sealed, committed, proved, executed). Built on demand from the batcher's books and
 * the node's time columns; the shapes are the wire contract (src/wire/types.ts). No I/O.
 */
import type { Address, Hex } from 'viem';
import type { Batcher } from './batcher.ts';
import type { Batch, BatchLog } from './types.ts';
import type { LifecycleStage, LifecycleStep, MessageLifecycle, MessageListFilter, MessageListPage } from '../wire/types.ts';

/** What lifecycles are read from: the chain's batches and when its transactions and blocks came. */
export type LifecycleSource = {
  chainId: number;
  batcher: Batcher;
  /** when the node received a transaction (ms), by client hash */
  receivedAtOf(hash: Hex): number | undefined;
  /** when a block was sealed (ms) */
  blockSealedAt(blockNumber: number): number | undefined;
};

/**
 * Lifecycle of a message by its transaction hash (n-th message, default 0) or its message hash.
 * @returns undefined for unknown hashes
 */
export function messageLifecycle(source: LifecycleSource, hash: Hex, index = 0): MessageLifecycle | undefined {
  const key = hash.toLowerCase() as Hex;
  const byMessage = source.batcher.messageLog(key);
  if (byMessage) return lifecycleOf(source, byMessage.batch, byMessage.log);
  const placement = source.batcher.placement(key);
  const log = placement?.logs[index];
  return placement && log ? lifecycleOf(source, source.batcher.get(placement.batchNumber)!, log) : undefined;
}

/** Messages of a chain, newest first, optionally only those at one stage. */
export function listMessages(source: LifecycleSource, options: MessageListFilter = {}): MessageListPage {
  const offset = options.offset ?? 0;
  const end = offset + (options.limit ?? 100);
  const messages: MessageLifecycle[] = [];
  let total = 0;
  const batches = source.batcher.batches;
  // A message's stage is its batch's, so whole batches are counted or skipped; lifecycles are built
  // only for the page asked for (a page costs the same with 1,000 or 1,000,000 messages stored).
  for (let b = batches.length - 1; b >= 0; b--) {
    const batch = batches[b]!;
    if (options.stage && lifecycleStageOf(batch) !== options.stage) continue;
    const count = batch.logs.length;
    for (let k = Math.max(offset - total, 0); k < Math.min(end - total, count); k++) {
      messages.push(lifecycleOf(source, batch, batch.logs[count - 1 - k]!));
    }
    total += count;
  }
  return { total, messages };
}

/** The lifecycle of one message (a log of a batch). */
export function lifecycleOf(source: LifecycleSource, batch: Batch, log: BatchLog): MessageLifecycle {
  const steps: LifecycleStep[] = [];
  const sentAt = source.receivedAtOf(log.txHash);
  if (sentAt !== undefined) steps.push({ step: 'sent', at: sentAt });
  steps.push({ step: 'included', at: source.blockSealedAt(log.blockNumber) ?? 0, blockNumber: log.blockNumber });
  if (batch.sealedAt !== undefined) steps.push({ step: 'sealed', at: batch.sealedAt, batchNumber: batch.number });
  if (batch.committedAt !== undefined) steps.push({ step: 'committed', at: batch.committedAt, gatewayTxHash: batch.commitTxHash });
  if (batch.provenAt !== undefined) steps.push({ step: 'proved', at: batch.provenAt, gatewayTxHash: batch.proveTxHash });
  const executed = batch.stage === 'executed' && batch.gatewayInclusion;
  if (executed && batch.executedAt !== undefined) {
    steps.push({ step: 'executed', at: batch.executedAt, gatewayTxHash: batch.executeTxHash, gatewayBlockNumber: batch.gatewayInclusion!.gatewayBlockNumber });
  }
  const stage = lifecycleStageOf(batch);
  return {
    chainId: source.chainId,
    txHash: log.txHash,
    index: log.transactionLogIndex,
    messageHash: log.value,
    sender: `0x${log.key.slice(26)}` as Address,
    message: log.message,
    logId: log.id,
    txNumberInBatch: log.txNumberInBatch,
    blockNumber: log.blockNumber,
    batchNumber: batch.number,
    stage,
    gatewayBlockNumber: executed ? batch.gatewayInclusion!.gatewayBlockNumber : null,
    interopRoot: executed ? batch.gatewayInclusion!.interopRoot : null,
    steps,
    ...(batch.error ? { error: batch.error } : {}),
  };
}

/** The lifecycle stage of every message of a batch: a message in the open batch is 'included'. */
export function lifecycleStageOf(batch: Batch): LifecycleStage {
  return batch.stage === 'open' ? 'included' : batch.stage;
}
