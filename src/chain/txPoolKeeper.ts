/**
 * The chain's side of its transaction pool (the data and its rules are txPool.ts): a transaction the
 * engine took but did not mine because its nonce is ahead of its sender's (NonceTooHighError) comes
 * here to wait. Its sender is recovered here, on this rare path only (standard transactions are not
 * recovered in JS on the hot path: ARCHITECTURE.md), it is journaled as a `pooled` entry so a restart
 * keeps it, and after each block the waiting transactions whose gap filled go to the sequencer, in
 * nonce order (one engine nonce read per waiting sender). Admissions and promotions run one turn at a
 * time, so a block sealed while a transaction is being admitted still promotes it. With nothing
 * waiting, a block costs the pool one comparison.
 */
import type { Address, Hex } from 'viem';
import { decodeRawTransaction, type DecodedTransaction } from '../protocol/transaction.ts';
import type { JournalEntry, JournalTx } from '../store/journal.ts';
import type { Engine } from './engine.ts';
import { NonceTooHighError, TransactionRejectedError, type Sequencer, type TxSubmission } from './sequencer.ts';
import { TxPool, feesOf, type PoolTx, type TxPoolLimits, type TxPoolState } from './txPool.ts';
import type { ZksyncTxs } from './zksyncTxs.ts';

/** A transaction the pool can keep: a signed standard one, or a verified 0x71 one. */
export type PoolableSubmission = Extract<TxSubmission, { kind: 'raw' | 'impersonated' }>;

export type TxPoolKeeperOptions = {
  chainId: number;
  engine: Pick<Engine, 'getNonce'>;
  sequencer: Pick<Sequencer, 'submit'>;
  /** writes journal entries (durable when it resolves) */
  journal: (entries: JournalEntry[]) => Promise<void>;
  /** the 0x71 book: a waiting 0x71 transaction stays held there until it is mined or leaves the pool */
  zksyncTxs: Pick<ZksyncTxs, 'release'>;
  limits?: TxPoolLimits;
  /** told of a promotion that failed for a reason of the node's (not the transaction's) */
  onError?: (error: unknown) => void;
};

type PooledJournalTx = Extract<JournalTx, { kind: 'raw' | 'zksync' }>;

/** How often a transaction whose gap filled may go back to the pool unmined before it is dropped. */
const MAX_PROMOTIONS = 3;

/** Waiting transactions of one chain; see module header. */
export class TxPoolKeeper {
  readonly pool: TxPool;
  private turn: Promise<unknown> = Promise.resolve();
  private turnsInFlight = 0;
  private promotionQueued = false;
  /** times each transaction went to the sequencer from the pool */
  private readonly promotions = new Map<Hex, number>();

  constructor(private readonly options: TxPoolKeeperOptions) {
    this.pool = new TxPool(options.limits);
  }

  /**
   * Lets a transaction the engine did not mine (its nonce is ahead) wait for its gap to fill.
   * @param decoded the decoded transaction when known (0x71); a standard one is decoded here
   * @returns its client hash, once it waits (journaled), or went on to the sequencer if its gap just filled
   * @throws TransactionRejectedError "nonce too low" when its nonce got used meanwhile
   * @throws TxPoolRejectedError past the pool's bounds, or a replacement without enough of a fee bump
   */
  admit(submission: PoolableSubmission, decoded: DecodedTransaction | undefined, receivedAt: number): Promise<Hex> {
    const tx = this.poolTx(submission, decoded ?? decodeRawTransaction(submission.raw, this.options.chainId), receivedAt);
    return this.inTurn(async () => {
      const nonce = await this.options.engine.getNonce(tx.from);
      if (tx.nonce < nonce) {
        throw new TransactionRejectedError(`nonce too low: ${tx.from} is at nonce ${nonce} and this transaction has nonce ${tx.nonce}; sign it again with nonce ${nonce} or later`);
      }
      if (this.pool.admissible(tx, nonce).known) return tx.hash;
      await this.options.journal([{ type: 'pooled', tx: tx.journal }]);
      const replaced = this.pool.put(tx);
      if (replaced) this.forget(replaced);
      this.promote(tx.from, nonce);
      return tx.hash;
    });
  }

  /**
   * Puts a journaled transaction back (replay on start: no bounds, no engine). `settle` afterwards
   * drops those whose nonce got used and sends on those that are executable.
   */
  restore(journal: PooledJournalTx, submission: PoolableSubmission, decoded: DecodedTransaction): void {
    const replaced = this.pool.put(this.poolTx(submission, decoded, journal.receivedAt, journal));
    if (replaced) this.forget(replaced);
  }

  /**
   * After a block: the waiting transactions whose gap filled go to the sequencer, and those whose nonce
   * got used leave. Costs nothing with nothing waiting. Also called once a replay is done.
   */
  settle(): void {
    if ((this.pool.size === 0 && this.turnsInFlight === 0) || this.promotionQueued) return;
    this.promotionQueued = true;
    this.inTurn(async () => {
      this.promotionQueued = false;
      for (const sender of this.pool.senders()) this.promote(sender, await this.options.engine.getNonce(sender));
    }).catch((error: unknown) => this.options.onError?.(error));
  }

  /** The next nonce of `sender` counting its waiting transactions on top of `accountNonce` (the engine's). */
  pendingNonce(sender: Address, accountNonce: number): number {
    return this.pool.size === 0 ? accountNonce : this.pool.pendingNonce(sender, accountNonce);
  }

  /** A waiting transaction by its client hash. */
  waiting(hash: Hex): PoolTx | undefined {
    return this.pool.size === 0 ? undefined : this.pool.get(hash);
  }

  /**
   * The waiting transactions split as geth's txpool_* methods do: `ready` can run now (their gap is
   * filled, they go to the sequencer at the next `settle`), `future` wait for an earlier nonce.
   * Reads the engine's pending nonce of each waiting sender.
   */
  async split(): Promise<{ ready: PoolTx[]; future: PoolTx[] }> {
    const ready: PoolTx[] = [];
    const future: PoolTx[] = [];
    for (const sender of this.pool.senders()) {
      let next = await this.options.engine.getNonce(sender, 'pending');
      for (const tx of this.pool.of(sender)) {
        if (tx.nonce === next) {
          ready.push(tx);
          next++;
        } else if (tx.nonce > next) future.push(tx);
      }
    }
    return { ready, future };
  }

  /** A copy of the pool (snapshots). */
  saveState(): TxPoolState {
    return this.pool.saveState();
  }

  /** Returns the pool to a saved copy (snapshots); what then waits is settled after the next block. */
  restoreState(state: TxPoolState): void {
    this.pool.restoreState(state);
  }

  /** Sends a sender's executable run to the sequencer and drops its used nonces (inside a turn). */
  private promote(sender: Address, accountNonce: number): void {
    const { ready, stale } = this.pool.take(sender, accountNonce);
    for (const tx of stale) this.forget(tx);
    for (const tx of ready) this.send(tx);
  }

  /** Hands a promoted transaction to the sequencer; its sender already has its hash, so the outcome stays here. */
  private send(tx: PoolTx): void {
    this.promotions.set(tx.hash, (this.promotions.get(tx.hash) ?? 0) + 1);
    this.options.sequencer.submit(tx.submission, tx.receivedAt).then(
      () => this.forget(tx),
      (error: unknown) => {
        // Not mined although its gap looked filled (a block full of earlier ones): it waits again, a few times.
        if (error instanceof NonceTooHighError && (this.promotions.get(tx.hash) ?? 0) < MAX_PROMOTIONS) {
          this.inTurn(async () => {
            const nonce = await this.options.engine.getNonce(tx.from);
            if (tx.nonce < nonce) return this.forget(tx);
            this.pool.put(tx);
            this.settle();
          }).catch((e: unknown) => this.options.onError?.(e));
          return;
        }
        // Refused by the engine (funds, gas): like a transaction geth drops from its pool.
        this.forget(tx);
      },
    );
  }

  /** Lets go of what the node holds for a transaction that left the pool for good. */
  private forget(tx: PoolTx): void {
    this.promotions.delete(tx.hash);
    if (tx.submission.kind === 'impersonated') this.options.zksyncTxs.release(tx.hash);
  }

  private poolTx(submission: PoolableSubmission, decoded: DecodedTransaction, receivedAt: number, journal?: PooledJournalTx): PoolTx {
    return {
      hash: decoded.hash,
      from: decoded.from,
      nonce: decoded.nonce,
      ...feesOf(decoded),
      receivedAt,
      decoded,
      submission,
      journal: journal ?? { kind: submission.kind === 'raw' ? 'raw' : 'zksync', raw: submission.raw, receivedAt },
    };
  }

  /** Runs `work` after every turn queued before it. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    this.turnsInFlight++;
    const run = this.turn.then(work).finally(() => this.turnsInFlight--);
    this.turn = run.catch(() => undefined);
    return run;
  }
}
