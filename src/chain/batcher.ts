/**
 * Batch bookkeeping of one chain: which blocks and transactions form which batch, each transaction's
 * `txNumberInBatch`, each L2→L1 log's id, the dependency roots a batch imported, and when a batch is
 * sealed. No I/O: the sequencer feeds it sealed blocks, the settlement loop reads sealed batches.
 *
 * Why a batch only seals when it holds a user transaction: every executed batch yields a new interop
 * root that every chain imports; if import-only batches sealed too, chains would ping-pong empty
 * batches forever. Imported roots simply ride along in the next batch that has work (or one sealed on
 * request), which is also when they are checked on Gateway.
 */
import type { Address, Hex } from 'viem';
import { pad } from 'viem';
import { L1_MESSENGER_ADDRESS } from '../protocol/constants.ts';
import { InvariantError, assertInvariant } from '../errors.ts';
import type { Batch, BatchLog, SealedBlock } from './types.ts';

/** Most L2→L1 logs one batch can hold: the local logs tree has 16,384 leaves. */
export const MAX_LOGS_PER_BATCH = 16_384;

export type BatcherOptions = {
  /** seal a batch this long after its first user transaction (ms) */
  batchTimeMs: number;
  /** seal a batch once it holds this many user transactions */
  maxTxsPerBatch: number;
  /** logs per batch before it must seal (default and maximum 16,384) */
  maxLogsPerBatch?: number;
};

/** Everything a Batcher holds, as plain data. */
export type BatcherState = { batches: Batch[]; placements: Map<Hex, TxPlacement>; openedAt: number | undefined };

/** Where a transaction landed in its batch. */
export type TxPlacement = { batchNumber: number; txNumberInBatch: number; logs: BatchLog[] };

/** Batches of one chain, in order; batch 0 is genesis (block 0) and counts as executed. */
export class Batcher {
  readonly batches: Batch[] = [];
  private readonly placements = new Map<Hex, TxPlacement>();
  private openedAt: number | undefined;
  private readonly maxLogs: number;

  /** Changes how long a batch stays open after its first transaction (ms). */
  setBatchTime(ms: number): void {
    this.options.batchTimeMs = ms;
  }

  /** How long a batch stays open after its first transaction (ms). */
  get batchTimeMs(): number {
    return this.options.batchTimeMs;
  }

  /** Plain-data copy of the books (for network snapshots). */
  saveState(): BatcherState {
    return structuredClone({ batches: this.batches, placements: this.placements, openedAt: this.openedAt });
  }

  /** Restores books saved by `saveState`. */
  restoreState(state: BatcherState): void {
    const copy = structuredClone(state);
    this.batches.splice(0, this.batches.length, ...copy.batches);
    this.placements.clear();
    for (const [k, v] of copy.placements) this.placements.set(k, v);
    this.openedAt = copy.openedAt;
  }

  constructor(private readonly options: BatcherOptions) {
    this.maxLogs = Math.min(options.maxLogsPerBatch ?? MAX_LOGS_PER_BATCH, MAX_LOGS_PER_BATCH);
    this.batches.push({ ...emptyBatch(0, 0, 0, 'executed'), lastBlock: 0 });
    this.batches.push(emptyBatch(1, 1, 0, 'open'));
  }

  /** The batch that is still receiving blocks. */
  get open(): Batch {
    const batch = this.batches[this.batches.length - 1];
    assertInvariant(batch && batch.stage === 'open', 'the last batch is always open');
    return batch;
  }

  /**
   * Adds a sealed block to the open batch (sealing that batch first if the block's logs would not fit),
   * assigns txNumberInBatch and log ids.
   * @param block the block as the sequencer sealed it
   * @param now the time (ms) used for batch timing
   * @returns where each of the block's transactions landed
   */
  addBlock(block: SealedBlock, now: number): Map<Hex, TxPlacement> {
    const messageCount = block.txs.reduce((n, tx) => n + tx.messages.length, 0);
    if (messageCount > this.maxLogs) {
      throw new InvariantError(`block ${block.number} holds ${messageCount} L2→L1 logs, more than one batch can (${this.maxLogs})`);
    }
    if (this.open.logs.length + messageCount > this.maxLogs) this.seal(now);
    const batch = this.open;
    assertInvariant(block.number === batch.lastBlock + 1, `blocks arrive in order (got ${block.number} after ${batch.lastBlock})`);
    batch.lastBlock = block.number;
    batch.timestamp = block.timestamp;
    batch.dependencyRoots.push(...block.importedRoots);

    const placed = new Map<Hex, TxPlacement>();
    for (const tx of block.txs) {
      if (batch.txHashes.length === 0) this.openedAt = now;
      const txNumberInBatch = batch.txHashes.length;
      batch.txHashes.push(tx.hash);
      const logs = tx.messages.map((m, transactionLogIndex): BatchLog => ({
        id: batch.logs.length + transactionLogIndex,
        txHash: tx.hash,
        txNumberInBatch,
        transactionLogIndex,
        blockNumber: block.number,
        blockHash: block.hash,
        transactionIndex: tx.transactionIndex,
        sender: L1_MESSENGER_ADDRESS as Address,
        // A 32-byte word, so lowercase hex like every hash the server returns (not a checksummed address).
        key: pad(m.sender.toLowerCase() as Address, { size: 32 }),
        value: m.hash,
        message: m.message,
      }));
      batch.logs.push(...logs);
      const placement = { batchNumber: batch.number, txNumberInBatch, logs };
      this.placements.set(tx.hash, placement);
      placed.set(tx.hash, placement);
    }
    if (batch.txHashes.length >= this.options.maxTxsPerBatch || batch.logs.length >= this.maxLogs) this.seal(now);
    return placed;
  }

  /** Milliseconds until the open batch is due (0 = due now), or undefined when it holds no user transaction. */
  dueIn(now: number): number | undefined {
    if (this.open.txHashes.length === 0 || this.openedAt === undefined) return undefined;
    return Math.max(0, this.openedAt + this.options.batchTimeMs - now);
  }

  /**
   * Seals the open batch and opens the next one.
   * @param force seal even without user transactions (manual sealing of imported roots)
   * @returns the sealed batch, or undefined if there was nothing to seal
   */
  seal(now: number, force = false): Batch | undefined {
    const batch = this.open;
    const hasWork = batch.txHashes.length > 0 || (force && batch.dependencyRoots.length > 0);
    if (!hasWork) return undefined;
    batch.stage = 'sealed';
    batch.sealedAt = now;
    this.openedAt = undefined;
    this.batches.push(emptyBatch(batch.number + 1, batch.lastBlock + 1, batch.timestamp, 'open'));
    return batch;
  }

  /** Where a transaction landed, by its client-facing hash. */
  placement(txHash: Hex): TxPlacement | undefined {
    return this.placements.get(txHash);
  }

  /** The batch with this number, if it exists. */
  get(batchNumber: number): Batch | undefined {
    return this.batches[batchNumber];
  }

  /** The batch a block belongs to (the open batch for blocks not yet placed). */
  batchOfBlock(blockNumber: number): Batch | undefined {
    // Batches are contiguous block ranges in order: binary search.
    let lo = 0;
    let hi = this.batches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.batches[mid]!;
      if (blockNumber < b.firstBlock) hi = mid - 1;
      else if (blockNumber > b.lastBlock && b.stage !== 'open') lo = mid + 1;
      else return b;
    }
    return undefined;
  }

  /** Last batch whose stage is at least `stage` (0 = genesis). */
  lastWithStage(stage: 'sealed' | 'committed' | 'proved' | 'executed'): number {
    const order = ['open', 'sealed', 'committed', 'proved', 'executed'];
    const want = order.indexOf(stage);
    let last = 0;
    for (const b of this.batches) {
      if (order.indexOf(b.stage) >= want) last = b.number;
      else break;
    }
    return last;
  }
}

function emptyBatch(number: number, firstBlock: number, timestamp: number, stage: Batch['stage']): Batch {
  // lastBlock = firstBlock - 1 marks a batch that holds no block yet.
  return { number, stage, firstBlock, lastBlock: firstBlock - 1, timestamp, txHashes: [], logs: [], dependencyRoots: [] };
}
