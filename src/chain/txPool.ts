/**
 * The node's pool of transactions waiting for an earlier nonce of their sender (what geth calls
 * "queued"): a pure data structure, no engine, no clock. It keeps each sender's waiting transactions
 * by nonce, bounds them (how far ahead of the account's next nonce, how many per account, how many in
 * all), decides replacements (same sender and nonce: both fees at least 10% higher, geth's rule), and
 * hands back the run of transactions that became executable once the account's nonce caught up.
 * Who reads nonces from the engine, journals, and feeds the sequencer: txPoolKeeper.ts.
 */
import type { Address, Hex } from 'viem';
import { ZkInteropError } from '../errors.ts';
import type { DecodedTransaction } from '../protocol/transaction.ts';
import type { JournalTx } from '../store/journal.ts';
import type { TxSubmission } from './sequencer.ts';

/** A waiting transaction. */
export type PoolTx = {
  /** the hash clients know it by (the ZKsync hash for 0x71) */
  hash: Hex;
  /** the checked sender */
  from: Address;
  nonce: number;
  /** what replacement compares: maxFeePerGas and maxPriorityFeePerGas, or gasPrice for both */
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** when the node received it (ms) */
  receivedAt: number;
  /** the transaction as decoded (for answers: eth_getTransactionByHash, txpool_content) */
  decoded: DecodedTransaction;
  /** what to hand the sequencer once it is executable */
  submission: TxSubmission;
  /** what the journal keeps of it */
  journal: Extract<JournalTx, { kind: 'raw' | 'zksync' }>;
};

/** The pool's bounds. */
export type TxPoolLimits = {
  /** a transaction's nonce may be at most this far ahead of its account's next nonce */
  maxNonceGap: number;
  /** most waiting transactions of one account */
  maxPerAccount: number;
  /** most waiting transactions in all */
  maxTotal: number;
};

export const DEFAULT_TX_POOL_LIMITS: TxPoolLimits = { maxNonceGap: 64, maxPerAccount: 64, maxTotal: 4_096 };

/** A replacement must raise both fees by at least this much (percent), as geth's default `--txpool.pricebump`. */
export const PRICE_BUMP_PERCENT = 10n;

/** The pool refused a transaction (a bound, or a replacement without enough of a fee bump). */
export class TxPoolRejectedError extends ZkInteropError {
  override name = 'TxPoolRejectedError';
  constructor(code: 'NONCE_GAP_TOO_LARGE' | 'TXPOOL_FULL' | 'REPLACEMENT_UNDERPRICED', message: string) {
    super(code, message);
  }
}

/** What `admissible` found: the transaction is already here, or it may go in (replacing one). */
export type Admission = { known: true } | { known: false; replaces?: PoolTx };

/** A saved copy of the pool (snapshots). */
export type TxPoolState = PoolTx[];

/** The waiting transactions; see module header. */
export class TxPool {
  /** sender (lowercase) → nonce → transaction */
  private readonly bySender = new Map<string, Map<number, PoolTx>>();
  private readonly byHash = new Map<Hex, PoolTx>();

  constructor(readonly limits: TxPoolLimits = DEFAULT_TX_POOL_LIMITS) {}

  /** Number of waiting transactions. */
  get size(): number {
    return this.byHash.size;
  }

  /**
   * Whether `tx` may wait, its account's next nonce being `accountNonce` (the caller has checked that
   * `tx.nonce` is not below it: that is "nonce too low", not the pool's business).
   * @throws TxPoolRejectedError NONCE_GAP_TOO_LARGE, TXPOOL_FULL or REPLACEMENT_UNDERPRICED
   */
  admissible(tx: PoolTx, accountNonce: number): Admission {
    if (this.byHash.has(tx.hash)) return { known: true };
    const gap = tx.nonce - accountNonce;
    if (gap > this.limits.maxNonceGap) {
      throw new TxPoolRejectedError(
        'NONCE_GAP_TOO_LARGE',
        `nonce too high: nonce ${tx.nonce} is ${gap} ahead of the next nonce ${accountNonce} of ${tx.from}, and this node keeps transactions at most ${this.limits.maxNonceGap} nonces ahead; send the transactions with nonces ${accountNonce} to ${tx.nonce - 1} first (eth_getTransactionCount(address, "pending") gives the next nonce to use)`,
      );
    }
    const own = this.bySender.get(key(tx.from));
    const waiting = own?.get(tx.nonce);
    if (waiting) {
      if (!outbids(tx, waiting)) {
        throw new TxPoolRejectedError(
          'REPLACEMENT_UNDERPRICED',
          `replacement transaction underpriced: ${waiting.hash} (nonce ${tx.nonce} of ${tx.from}) is waiting; to replace it, raise both maxFeePerGas and maxPriorityFeePerGas (or gasPrice) by at least ${PRICE_BUMP_PERCENT}%, to at least ${bumped(waiting.maxFeePerGas)} and ${bumped(waiting.maxPriorityFeePerGas)} wei`,
        );
      }
      return { known: false, replaces: waiting };
    }
    if ((own?.size ?? 0) >= this.limits.maxPerAccount) {
      throw new TxPoolRejectedError(
        'TXPOOL_FULL',
        `account limit exceeded: ${tx.from} already has ${own!.size} transactions waiting for its nonce ${accountNonce} (at most ${this.limits.maxPerAccount}); send the transaction with nonce ${accountNonce} so they can be mined`,
      );
    }
    if (this.byHash.size >= this.limits.maxTotal) {
      throw new TxPoolRejectedError(
        'TXPOOL_FULL',
        `txpool is full: ${this.byHash.size} transactions are waiting for earlier nonces of their senders (at most ${this.limits.maxTotal}); send the missing nonces, or try again once some were mined`,
      );
    }
    return { known: false };
  }

  /**
   * Puts a transaction in (after `admissible`, or unchecked when a journal is replayed), replacing any
   * with the same sender and nonce.
   * @returns the transaction it replaced
   */
  put(tx: PoolTx): PoolTx | undefined {
    let own = this.bySender.get(key(tx.from));
    if (!own) this.bySender.set(key(tx.from), (own = new Map()));
    const replaced = own.get(tx.nonce);
    if (replaced) this.byHash.delete(replaced.hash);
    own.set(tx.nonce, tx);
    this.byHash.set(tx.hash, tx);
    return replaced;
  }

  /**
   * Takes out a sender's transactions that are executable once its next nonce is `accountNonce`
   * (the unbroken run from it, in nonce order), and those whose nonce is already used.
   */
  take(sender: Address, accountNonce: number): { ready: PoolTx[]; stale: PoolTx[] } {
    const own = this.bySender.get(key(sender));
    if (!own) return { ready: [], stale: [] };
    const stale = [...own.values()].filter((t) => t.nonce < accountNonce);
    const ready: PoolTx[] = [];
    for (let n = accountNonce; own.has(n); n++) ready.push(own.get(n)!);
    for (const t of [...stale, ...ready]) this.remove(t);
    return { ready, stale };
  }

  /** Removes one transaction (if waiting). */
  remove(tx: PoolTx): void {
    const own = this.bySender.get(key(tx.from));
    if (own?.get(tx.nonce) !== tx) return;
    own.delete(tx.nonce);
    if (own.size === 0) this.bySender.delete(key(tx.from));
    this.byHash.delete(tx.hash);
  }

  /** A waiting transaction by its client hash. */
  get(hash: Hex): PoolTx | undefined {
    return this.byHash.get(hash.toLowerCase() as Hex);
  }

  /** Senders with waiting transactions. */
  senders(): Address[] {
    return [...this.bySender.values()].map((own) => own.values().next().value!.from);
  }

  /** A sender's waiting transactions, in nonce order. */
  of(sender: Address): PoolTx[] {
    return [...(this.bySender.get(key(sender))?.values() ?? [])].sort((a, b) => a.nonce - b.nonce);
  }

  /** The next nonce of `sender` counting its waiting transactions that follow `accountNonce` without a gap. */
  pendingNonce(sender: Address, accountNonce: number): number {
    const own = this.bySender.get(key(sender));
    let n = accountNonce;
    while (own?.has(n)) n++;
    return n;
  }

  /** Every waiting transaction. */
  all(): PoolTx[] {
    return [...this.byHash.values()];
  }

  /** A copy of the pool (the transactions themselves are not changed in place, so they are shared). */
  saveState(): TxPoolState {
    return this.all();
  }

  /** Replaces the pool's content with a saved copy. */
  restoreState(state: TxPoolState): void {
    this.bySender.clear();
    this.byHash.clear();
    for (const tx of state) this.put(tx);
  }
}

/** True when `tx` raises both fees of `waiting` by at least PRICE_BUMP_PERCENT (geth's rule: and above the old fee). */
function outbids(tx: PoolTx, waiting: PoolTx): boolean {
  return tx.maxFeePerGas >= bumped(waiting.maxFeePerGas) && tx.maxPriorityFeePerGas >= bumped(waiting.maxPriorityFeePerGas);
}

/** The least fee that replaces `fee`: fee × (100 + bump) / 100 (rounded down, as geth), and more than `fee`. */
function bumped(fee: bigint): bigint {
  const threshold = (fee * (100n + PRICE_BUMP_PERCENT)) / 100n;
  return threshold > fee ? threshold : fee + 1n;
}

function key(address: Address): string {
  return address.toLowerCase();
}

/** The fees replacement compares, from a decoded transaction (gasPrice counts as both). */
export function feesOf(decoded: DecodedTransaction): { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } {
  if (decoded.gasPrice !== undefined) return { maxFeePerGas: decoded.gasPrice, maxPriorityFeePerGas: decoded.gasPrice };
  return { maxFeePerGas: decoded.maxFeePerGas, maxPriorityFeePerGas: decoded.maxPriorityFeePerGas };
}
