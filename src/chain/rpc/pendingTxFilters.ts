/**
 * The pending-transaction filters of one chain (eth_newPendingTransactionFilter): each collects the
 * client hashes of the transactions the chain accepts (ChainNode.onPendingTransaction) until polled
 * with eth_getFilterChanges. Kept here, not in the engine, whose own filter would see the engine's
 * hashes (not a 0x71 transaction's ZKsync hash) and the node's system calls, and never a transaction
 * waiting in the node's pool. The chain is listened to only while a filter exists. A filter unpolled
 * for five minutes expires (geth's timeout); at most 1,000 filters, each keeping its last 10,000 hashes.
 */
import type { Hex } from 'viem';
import { numberToHex } from 'viem';
import type { ChainNode } from '../chainNode.ts';

/** How long an unpolled filter lives (geth's 5 minutes). */
const FILTER_TIMEOUT_MS = 5 * 60_000;
const MAX_FILTERS = 1_000;
const MAX_HASHES_PER_FILTER = 10_000;
/**
 * Ids are numbered from here, far above the engine's own filter ids (it counts from 1), so that
 * eth_getFilterChanges and eth_uninstallFilter can tell a pending filter from an engine's filter.
 */
const FIRST_ID = 0x7a6b_0000_0000n;

type Filter = { hashes: Hex[]; polledAt: number };

/** The pending-transaction filters of one chain; see module header. */
export class PendingTxFilters {
  private readonly filters = new Map<bigint, Filter>();
  private nextId = FIRST_ID;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly node: Pick<ChainNode, 'onPendingTransaction'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Installs a filter; its changes are the hashes accepted from now on. */
  install(): Hex {
    this.expire();
    if (this.filters.size >= MAX_FILTERS) this.filters.delete(this.filters.keys().next().value!);
    const id = this.nextId++;
    this.filters.set(id, { hashes: [], polledAt: this.now() });
    this.stopListening ??= this.node.onPendingTransaction((hash) => {
      for (const filter of this.filters.values()) {
        filter.hashes.push(hash);
        if (filter.hashes.length > MAX_HASHES_PER_FILTER) filter.hashes.shift();
      }
    });
    return numberToHex(id);
  }

  /** The hashes accepted since the last poll (each once); undefined for no such filter. */
  changes(id: bigint): Hex[] | undefined {
    this.expire();
    const filter = this.filters.get(id);
    if (!filter) return undefined;
    const hashes = filter.hashes;
    filter.hashes = [];
    filter.polledAt = this.now();
    return hashes;
  }

  /** Uninstalls a filter; false when there was none. */
  remove(id: bigint): boolean {
    const removed = this.filters.delete(id);
    if (this.filters.size === 0) this.quiet();
    return removed;
  }

  private expire(): void {
    const now = this.now();
    for (const [id, filter] of this.filters) if (now - filter.polledAt > FILTER_TIMEOUT_MS) this.filters.delete(id);
    if (this.filters.size === 0) this.quiet();
  }

  /** Stops listening to the chain: no filter is left. */
  private quiet(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }
}
