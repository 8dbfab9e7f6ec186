/**
 * Where a chain's settlement layer itself settles on an L1 (Gateway under the L1, SPEC §10): how final
 * the chain's stage transactions on that layer are, learned only by reading the layer over its
 * `RpcClient` (as a node in its own process would), never from the layer's objects. It follows the
 * layer's `safe` and `finalized` block numbers (`eth_getBlockByNumber`; Gateway's tags follow its batches
 * on the L1) and the layer block of each of the chain's commit / prove / execute transactions (from their
 * receipts), and keeps a cached view the chain answers its own `safe` / `finalized` tags and
 * `*TxFinality` fields from synchronously. A stage transaction is `finalized` once its layer block is at
 * or below the layer's finalized block, `fast_finalized` at or below its safe block, else `pending`: the
 * real server's `EthTxFinalityStatus` over its settlement layer's tags.
 * It reads when the layer's `safe` or `finalized` block moves, as the layer's client pushes its tags
 * (`followTags`), and when the chain's own stage lands (`kick`); besides, only every `FALLBACK_POLL_MS` (a
 * lost push), or at the watcher's interval while the subscription is not live and where the client cannot push. A read asks the
 * layer anything only while some stage transaction is not yet finalized (an idle chain costs the layer
 * nothing), and a burst of wakes costs one read (wakeLoop.ts). Nothing is journaled: on start the view is rebuilt by reading the
 * receipts again, newest batch first, down to the first batch whose execute is final (every earlier
 * stage transaction precedes it on the layer, so it is final too).
 */
import type { Hex } from 'viem';
import type { RpcClient, TagsEvent } from '../rpc/client.ts';
import { FALLBACK_POLL_MS, WakeLoop } from '../rpc/wakeLoop.ts';
import type { Batch } from './types.ts';

/** The real server's `EthTxFinalityStatus`, as its API writes it. */
export type EthTxFinality = 'pending' | 'fast_finalized' | 'finalized';

/** A batch's stage transactions on the layer. */
export type StageTx = 'commit' | 'prove' | 'execute';

export type LayerFinalityOptions = {
  /** JSON-RPC access to the settlement layer (Gateway) */
  layer: RpcClient;
  /** the chain's batches, in order (batch n at index n) */
  batches: () => readonly Batch[];
  /** how often to read a layer whose client cannot push (ms): the watchers' poll interval, read at each turn */
  pollMs: () => number;
  /** told after a read that changed what it knows (the chain's own tags may have moved) */
  onChange?: () => void;
  /** told about a failed read (the layer away); the follower reads again at the next wake or poll */
  onError?: (error: unknown) => void;
};

const TX_OF: Record<StageTx, 'commitTxHash' | 'proveTxHash' | 'executeTxHash'> = { commit: 'commitTxHash', prove: 'proveTxHash', execute: 'executeTxHash' };

/** Follows the layer's finality of one chain's stage transactions; see module header. */
export class LayerFinality {
  /** the layer's safe / finalized block numbers as last read (-1: not read yet, nothing counts) */
  private safe = -1;
  private finalized = -1;
  /** every stage transaction of batches up to here is in a finalized layer block (batch 0, genesis, has none) */
  private finalThrough = 0;
  /** layer block of each stage transaction of the batches above `finalThrough`, once its receipt was read */
  private readonly blockOf = new Map<Hex, number>();
  private readonly loop: WakeLoop;
  private unfollow: (() => void) | undefined;
  /** whether the layer's tags are pushed now (its subscription answered, its socket not dropped since) */
  private live = false;
  /** the layer's safe / finalized blocks as last pushed (read instead of asking the layer again), until a reset or a lost push */
  private pushedTags: { safe: number; finalized: number } | undefined;
  /** bumped by `reset`, so a read begun before it does not write what it found into the new view */
  private generation = 0;

  constructor(private readonly options: LayerFinalityOptions) {
    this.loop = new WakeLoop({
      work: () => this.read(),
      intervalMs: () => (this.live ? Math.max(options.pollMs(), FALLBACK_POLL_MS) : options.pollMs()),
      onError: (error) => options.onError?.(error),
    });
  }

  /** How final a batch's stage transaction is on the layer (`pending` while it has none or its block is unknown). */
  finality(batch: Batch, stage: StageTx): EthTxFinality {
    if (batch.number <= this.finalThrough) return 'finalized';
    const hash = batch[TX_OF[stage]];
    const block = hash === undefined ? undefined : this.blockOf.get(hash);
    if (block === undefined) return 'pending';
    if (block <= this.finalized) return 'finalized';
    return block <= this.safe ? 'fast_finalized' : 'pending';
  }

  /**
   * Whether a batch counts for the chain's tag: `safe` once its commit is in a safe layer block
   * (committed on the L1), `finalized` once its execute is in a finalized one (executed on the L1).
   */
  settled(batch: Batch, tag: 'safe' | 'finalized'): boolean {
    const f = tag === 'finalized' ? this.finality(batch, 'execute') : this.finality(batch, 'commit');
    return f === 'finalized' || (tag === 'safe' && f === 'fast_finalized');
  }

  /** Reads the layer once now, then follows it until `stop`. */
  async start(): Promise<void> {
    if (this.loop.active) return;
    try {
      await this.loop.runNow();
    } catch (error) {
      this.options.onError?.(error);
    }
    this.unfollow = this.options.layer.followTags?.((tags) => this.pushed(tags));
    this.loop.start();
  }

  /** Stops following and waits for a read in flight. */
  async stop(): Promise<void> {
    this.unfollow?.();
    this.unfollow = undefined;
    this.live = false;
    this.pushedTags = undefined;
    await this.loop.stop();
  }

  /** Forgets what it read (the chain and its layer went back to a snapshot); the next read, soon, rebuilds it. */
  reset(): void {
    this.generation++;
    this.safe = -1;
    this.finalized = -1;
    this.finalThrough = 0;
    this.blockOf.clear();
    // The layer went back too: its tags are read again, not taken from a push of the abandoned history.
    this.pushedTags = undefined;
    this.loop.wake();
  }

  /** Reads soon: one of the chain's stage transactions landed on the layer (its block is to be read). */
  kick(): void {
    this.loop.wake();
  }

  /** Reads the layer's tags and the blocks of new stage transactions now (one read at a time). */
  async refresh(): Promise<void> {
    await this.loop.runNow();
  }

  /** A push of the layer's tags: read when its safe or finalized block moved, or the subscription (re)started or dropped. */
  private pushed(event: TagsEvent): void {
    if (event === 'subscribed' || event === 'lost') {
      this.live = event === 'subscribed';
      this.pushedTags = undefined;
    } else {
      this.pushedTags = { safe: event.safe, finalized: event.finalized };
      if (event.safe === this.safe && event.finalized === this.finalized) return;
    }
    this.loop.wake();
  }

  private async read(): Promise<void> {
    const before = this.known();
    try {
      await this.readLayer();
    } finally {
      if (this.known() !== before) this.options.onChange?.();
    }
  }

  /** What it knows, in a word: compared around a read to tell whether anything changed. */
  private known(): string {
    return `${this.safe}/${this.finalized}/${this.finalThrough}/${this.blockOf.size}/${this.generation}`;
  }

  private async readLayer(): Promise<void> {
    const batches = this.options.batches();
    // Only batches with a commit on the layer above what is already final need anything read.
    let top = batches.length - 1;
    while (top > this.finalThrough && batches[top]!.commitTxHash === undefined) top--;
    if (top <= this.finalThrough) return;
    const generation = this.generation;
    // Pushed since the subscription (re)started: the layer's tags as of their last move, without asking again.
    const pushed = this.live ? this.pushedTags : undefined;
    const [safe, finalized] = pushed ? [pushed.safe, pushed.finalized] : await Promise.all([this.tagNumber('safe'), this.tagNumber('finalized')]);
    if (generation !== this.generation) return;
    this.safe = safe;
    this.finalized = finalized;
    // Newest first, down to the first batch whose execute is final: every batch below it is final too.
    let finalFrom = this.finalThrough;
    for (let n = top; n > this.finalThrough; n--) {
      const batch = batches[n]!;
      for (const stage of ['execute', 'prove', 'commit'] as const) {
        const hash = batch[TX_OF[stage]];
        if (hash !== undefined && !this.blockOf.has(hash)) {
          const block = await this.receiptBlock(hash);
          if (generation !== this.generation) return;
          if (block !== undefined) this.blockOf.set(hash, block);
        }
      }
      const executed = batch.executeTxHash === undefined ? undefined : this.blockOf.get(batch.executeTxHash);
      if (executed !== undefined && executed <= finalized) {
        finalFrom = n;
        break;
      }
    }
    if (finalFrom > this.finalThrough) this.advanceFinal(batches, finalFrom);
  }

  /** Everything through batch `n` is final: forget the blocks of its stage transactions and those below. */
  private advanceFinal(batches: readonly Batch[], n: number): void {
    for (let i = this.finalThrough + 1; i <= n; i++) {
      const b = batches[i];
      if (!b) continue;
      for (const stage of ['commit', 'prove', 'execute'] as const) {
        const hash = b[TX_OF[stage]];
        if (hash !== undefined) this.blockOf.delete(hash);
      }
    }
    this.finalThrough = n;
  }

  private async tagNumber(tag: 'safe' | 'finalized'): Promise<number> {
    const block = await this.options.layer.request<{ number: Hex } | null>('eth_getBlockByNumber', [tag, false]);
    return block ? Number(BigInt(block.number)) : -1;
  }

  private async receiptBlock(hash: Hex): Promise<number | undefined> {
    const receipt = await this.options.layer.request<{ blockNumber: Hex | null } | null>('eth_getTransactionReceipt', [hash]);
    return receipt?.blockNumber ? Number(BigInt(receipt.blockNumber)) : undefined;
  }
}
