/**
 * A chain's journal, the chain's side (the entries' schema is src/store/journal.ts; the store keeps them
 * without knowing what they mean): writing entries (none while replaying; after a failed write the chain
 * refuses further work until restarted, since its engine would be ahead of its journal), what a batch's
 * settlement stage is written as, and replay on start (blocks, system operations, batch seals, stages,
 * the dev methods' changes between blocks, and pooled transactions),
 * whose stages go through the one stage transition (batchStage.ts).
 */
import type { Address } from 'viem';
import { ZkInteropError } from '../errors.ts';
import type { DevJournalEntry, JournalEntry, JournalTx, Store } from '../store/journal.ts';
import type { Batcher } from './batcher.ts';
import { transitionBatch, type StageChange } from './batchStage.ts';
import type { Sequencer, TxSubmission } from './sequencer.ts';
import type { Batch } from './types.ts';

/** A journaled settlement stage. */
export type StageEntry = Extract<JournalEntry, { type: 'batchStage' }>;

/** Writes one chain's journal; see module header. */
export class ChainJournal {
  /** True while the journal is being replayed (nothing is written back). */
  replaying = false;

  /**
   * Set when a journal write failed. From then on the chain refuses work: its engine holds a block the
   * journal lacks, and building on it would make the journal unreplayable. A restart from the store
   * resumes from the last durable block.
   */
  private failure: ZkInteropError | undefined;

  constructor(
    private readonly chainId: number,
    private readonly store: Store | undefined,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  /**
   * Writes journal entries (no-op without a store or while replaying).
   * @throws ZkInteropError STORE_FAILED when this or an earlier write failed
   */
  async append(entries: JournalEntry[]): Promise<void> {
    if (!this.store || this.replaying || entries.length === 0) return;
    if (this.failure) throw this.failure;
    try {
      await this.store.append(this.chainId, entries);
    } catch (cause) {
      this.failure = new ZkInteropError(
        'STORE_FAILED',
        `chain ${this.chainId} cannot write to its store (${cause instanceof Error ? cause.message : String(cause)}); it refuses transactions until restarted from the store, which resumes at the last durable block`,
        { cause },
      );
      this.onError?.(this.failure);
      throw this.failure;
    }
  }

  /** @throws ZkInteropError STORE_FAILED once a write failed */
  refuseIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/** The journal entry of a batch's current settlement stage. */
export function stageEntry(batch: Batch): JournalEntry {
  const at = Date.now();
  return batch.stage === 'committed'
    ? { type: 'batchStage', batchNumber: batch.number, stage: 'committed', txHash: batch.commitTxHash, at: batch.committedAt ?? at }
    : batch.stage === 'proved'
      ? { type: 'batchStage', batchNumber: batch.number, stage: 'proved', txHash: batch.proveTxHash, at: batch.provenAt ?? at }
      : batch.stage === 'executed'
        ? { type: 'batchStage', batchNumber: batch.number, stage: 'executed', txHash: batch.executeTxHash, at: batch.executedAt ?? at, inclusion: batch.gatewayInclusion }
        : { type: 'batchStage', batchNumber: batch.number, stage: 'failed', at, error: batch.error };
}

/** The stage change a journaled stage entry records. */
export function stageChangeOf(entry: StageEntry): StageChange {
  if (entry.stage === 'committed' || entry.stage === 'proved') return { stage: entry.stage, txHash: entry.txHash, at: entry.at };
  if (entry.stage === 'executed') return { stage: 'executed', txHash: entry.txHash, at: entry.at, inclusion: entry.inclusion };
  return { stage: 'failed', error: entry.error };
}

/** What replay drives: the chain's parts and what the node does for a system operation. */
export type ReplayTarget = {
  journal: ChainJournal;
  sequencer: Sequencer;
  batcher: Batcher;
  /** rebuilds the submission of a journaled transaction */
  submissionOf(tx: JournalTx): TxSubmission;
  /** keeps a settling chain's operator from ever being a `from` over RPC */
  protectOperator(operator: Address, chainId: number): void;
  /** Gateway (or the L1): registers a settling chain on the engine (the system operation of a `registerChain` entry) */
  registerChain(chainId: number, operator: Address, operatorBalance: bigint, settlementLayer?: number): Promise<void>;
  /** marks a chain as a bundle destination again (an `interopChain` entry; src/chain/interopDestinations.ts) */
  registerInteropChain?(chainId: number): Promise<void>;
  /** fills a batch's commitment fields before it is marked committed */
  prepareForCommit(batch: Batch): void | Promise<void>;
  /** applies a dev method's change again (account state, impersonation, block clock: devControls.ts) */
  replayDev(entry: DevJournalEntry): Promise<void>;
  /** puts a transaction back in the pool (the node drops those whose nonce got used once replay is done) */
  pooled?(tx: Extract<JournalEntry, { type: 'pooled' }>['tx']): void;
};

/**
 * Replays a chain's journal into a fresh engine and books, checking every block hash (the sequencer does).
 * Nothing is written back meanwhile.
 */
export async function replayJournal(journal: readonly JournalEntry[], target: ReplayTarget): Promise<void> {
  target.journal.replaying = true;
  try {
    for (const entry of journal) {
      switch (entry.type) {
        case 'block':
          await target.sequencer.replay(entry, (tx) => target.submissionOf(tx));
          break;
        case 'registerChain':
          target.protectOperator(entry.operator, entry.chainId);
          await target.sequencer.replaySystem(() => target.registerChain(entry.chainId, entry.operator, BigInt(entry.operatorBalance), entry.settlementLayer), entry.blocks);
          break;
        case 'batchSealed':
          if (target.batcher.open.number === entry.batchNumber) target.batcher.seal(entry.at, true);
          break;
        case 'batchStage': {
          // Gateway inclusion of an executed batch is the journaled one (the settlement loop fetched it).
          const batch = target.batcher.get(entry.batchNumber);
          if (batch) {
            if (entry.stage === 'committed') await target.prepareForCommit(batch);
            transitionBatch(batch, stageChangeOf(entry));
          }
          break;
        }
        case 'devState':
        case 'impersonation':
        case 'clock':
          await target.replayDev(entry);
          break;
        case 'pooled':
          target.pooled?.(entry.tx);
          break;
        case 'interopChain':
          await target.registerInteropChain?.(entry.chainId);
          break;
      }
    }
  } finally {
    target.journal.replaying = false;
  }
}
