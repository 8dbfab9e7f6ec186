/**
 * The sequencer of one chain: turns queued transactions into L2 blocks on the EVM engine.
 * Each block first imports the interop roots waiting (a call from the bootloader address to
 * L2InteropRootStorage, as ZKsync's bootloader does at the start of a block), then runs the queued
 * user transactions in arrival order, then is mined. Imports are bootloader work, not transactions:
 * in the EVM each is a transaction at the head of its block, and the block says how many
 * (`rootImportTxs`) so the node shows clients only the user transactions after them (rpc/present.ts).
 * A block imports at most `rootBudget()` roots (what the open batch may still take: the bootloader's
 * 100 per batch); the rest wait, and are not due, until the node makes room by sealing the batch.
 * One block is sealed at a time; what arrives before it is mined (while its transactions go to the
 * engine and the block before is handed over) still joins it, what arrives later goes into the next one,
 * so blocks grow with load and stay instant when idle.
 * A submission resolves once its block is sealed and handed to `onBlock` (which persists it), like an
 * automining dev node; one the engine did not mine (a future nonce) fails with NonceTooHighError, and
 * the chain node's pool (txPoolKeeper.ts) keeps it. Every sealed block carries its inputs, so it can be
 * replayed identically.
 * What a block's logs say (messages sent, roots imported) is read in blockLogs.ts.
 */
import type { Address, Hex } from 'viem';
import { encodeFunctionData, numberToHex } from 'viem';
import type { Engine } from './engine.ts';
import { InvariantError, ZkInteropError, assertInvariant } from '../errors.ts';
import { BOOTLOADER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../protocol/constants.ts';
import { l2InteropRootStorageAbi } from '../contracts/index.ts';
import type { JournalTx } from '../store/journal.ts';
import type { IncludedTx, InteropRootRef, SealedBlock } from './types.ts';
import { BLOCK_LOG_ADDRESSES, importedRootsOf, messagesByTx } from './blockLogs.ts';
import { BlockClock, type ClockState } from './blockClock.ts';

/**
 * A transaction to run: a signed standard one, or one to run as its (already verified) sender.
 * `budgetGas` is the gas it declares when it came from a remote RPC caller: a block takes such
 * transactions only up to `SequencerOptions.blockGasBudget` in total (see there).
 */
export type TxSubmission = (
  | { kind: 'raw'; hash: Hex; raw: Hex }
  | {
      kind: 'impersonated';
      /** the client-facing hash (ZKsync EIP-712 hash) */
      hash: Hex;
      /** the signed 0x71 transaction (kept for the journal) */
      raw: Hex;
      from: Address;
      to?: Address;
      data?: Hex;
      value?: bigint;
      gas?: bigint;
      nonce: number;
      /** the fees it signed: it pays them as an EIP-1559 transaction with the same fees would */
      maxFeePerGas?: bigint;
      maxPriorityFeePerGas?: bigint;
    }
  | { kind: 'dev'; request: Record<string, unknown> }
) & { budgetGas?: bigint };

/**
 * A journaled block came out different on replay (code STORE_INCOMPATIBLE): the store was written by a
 * zkinterop whose chains differ (other system contracts or genesis) or was changed by hand. Not a bug
 * of this node, and nothing it can repair: the error says what the user can do.
 */
export class JournalMismatchError extends ZkInteropError {
  override name = 'JournalMismatchError';
  constructor(chainId: number, what: string) {
    super(
      'STORE_INCOMPATIBLE',
      `chain ${chainId} cannot replay its store: ${what}. The store was written by another version of zkinterop (its system contracts or genesis differ) or changed by hand; start with a fresh --data-dir (or database), or run the zkinterop version that wrote it`,
    );
  }
}

/** What a submission resolves to once its block is sealed. */
export type TxInclusion = { hash: Hex; evmHash: Hex; blockNumber: number };

/** The transaction was refused before it ran (bad nonce, funds, gas): never included. */
export class TransactionRejectedError extends ZkInteropError {
  override name = 'TransactionRejectedError';
  constructor(message: string, cause?: unknown) {
    super('TRANSACTION_REJECTED', message, { cause });
  }
}

/**
 * The engine took the transaction but did not mine it: its nonce is ahead of its sender's next one.
 * The chain node then lets it wait in its pool (txPoolKeeper.ts); a dev-account send is refused with it.
 */
export class NonceTooHighError extends TransactionRejectedError {
  override name = 'NonceTooHighError';
  constructor() {
    super('nonce too high: the transaction would wait for a missing earlier nonce; send the missing transaction first (or sign it and send it with eth_sendRawTransaction, where it waits in the pool)');
  }
}

type Queued = { tx: TxSubmission; receivedAt: number; resolve: (r: TxInclusion) => void; reject: (e: unknown) => void };
type Exclusive = { run: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (e: unknown) => void; minesNothing?: boolean };

/** A block sealed by the sequencer with the inputs that produced it. */
export type ProducedBlock = SealedBlock & {
  inputs: { roots: InteropRootRef[]; txs: JournalTx[] };
  sealedAt: number;
  /** mined by a system operation (journaled by that operation, not as a block) */
  system?: boolean;
  /** the block clock after this block, when sealing it used up a set next-block timestamp (journal it after the block) */
  clock?: ClockState;
};

export type SequencerOptions = {
  /** called with every sealed block, in order, before submissions resolve (persist it here) */
  onBlock: (block: ProducedBlock) => void | Promise<void>;
  /** most user transactions in one block */
  maxTxsPerBlock?: number;
  /**
   * Most gas the remote callers' transactions of one block may declare together (their `budgetGas`),
   * beyond a block's first transaction; the rest wait for the next block. EDR keeps a trace of every
   * step of every transaction of a block until the block is mined (~200-800 B per gas), so this, with
   * the per-transaction cap, bounds a block's memory (docs/security.md, "Request limits"). Default: none.
   */
  blockGasBudget?: bigint;
  /**
   * How many more interop roots the open batch may import (the node: MAX_INTEROP_ROOTS_IN_BATCH minus
   * those it holds). Read when a block takes its roots, after the block before is handed over; roots
   * beyond it wait, and are not due while it is 0. Default: no limit.
   */
  rootBudget?: () => number;
  /** wait this long (ms) before sealing a block, to gather more transactions (0 = seal at once) */
  blockTimeMs?: number;
  /** called if sealing itself fails (engine fault); the sequencer keeps going */
  onError?: (error: unknown) => void;
};

/** Builds L2 blocks from submissions and interop roots; see module header. */
export class Sequencer {
  private queue: Queued[] = [];
  private exclusives: Exclusive[] = [];
  private roots: InteropRootRef[] = [];
  private holdRoots = false;
  private readonly imported = new Set<string>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastTimestamp = 0;
  /** the last block's hand-over (journal, books, answers); the next block is mined only after it */
  private finalizing: Promise<void> = Promise.resolve();
  /**
   * What new blocks are stamped with: wall-clock time plus the dev methods' offset, or a timestamp set
   * for the next block (blockClock.ts). Replay ignores it: replayed blocks keep their journaled times.
   */
  readonly clock = new BlockClock();
  /** set while block production is held (fault injection); resolves on release */
  private heldUntil: { promise: Promise<void>; release: () => void } | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly options: SequencerOptions,
  ) {}

  /**
   * Queues a transaction for the next block.
   * @param receivedAt when the node received it (ms; kept in the journal)
   * @returns its inclusion once the block is sealed
   * @throws TransactionRejectedError when the engine refuses it (nonce, balance, gas)
   */
  submit(tx: TxSubmission, receivedAt = Date.now()): Promise<TxInclusion> {
    if (this.stopped) return Promise.reject(new TransactionRejectedError('the chain is stopping; send the transaction again once it is up'));
    return new Promise((resolve, reject) => {
      this.queue.push({ tx, receivedAt, resolve, reject });
      this.schedule();
    });
  }

  /** Queues interop roots for import at the start of the next block (duplicates are ignored). */
  importRoots(roots: readonly InteropRootRef[]): void {
    for (const root of roots) {
      const key = rootKey(root);
      if (this.imported.has(key)) continue;
      this.imported.add(key);
      this.roots.push(root);
    }
    if (this.rootsDue()) this.schedule();
  }

  /** Keys of every root ever queued (for snapshots). */
  importedKeys(): string[] {
    return [...this.imported];
  }

  /**
   * Stamps later blocks from `timestamp`, the latest block's time after the engine went back to an
   * earlier block (a snapshot restored): the blocks after it are gone, and so is their time. Without
   * this a time travel undone by `evm_revert` would still stamp the next block (the floor is the
   * previous block's time).
   */
  rewindTo(timestamp: number): void {
    this.lastTimestamp = timestamp;
  }

  /** Restores the roots bookkeeping of a snapshot. */
  restoreRoots(importedKeys: readonly string[], waiting: readonly InteropRootRef[]): void {
    this.imported.clear();
    for (const k of importedKeys) this.imported.add(k);
    this.roots = [...waiting];
    if (this.rootsDue()) this.schedule();
  }

  /** Number of interop roots waiting for the next block. */
  get pendingRoots(): number {
    return this.roots.length;
  }

  /** The interop roots waiting for import, oldest first. */
  waitingRoots(): readonly InteropRootRef[] {
    return this.roots;
  }

  /** Manual mode: hold interop roots until `releaseRoots` (no block is sealed for them). */
  setHoldRoots(hold: boolean): void {
    this.holdRoots = hold;
    if (this.rootsDue()) this.schedule();
  }

  /**
   * Imports the waiting roots in one new block now (manual mode's import step), as many as the open
   * batch may still take (`rootBudget`); none, and no block, when it may take none.
   * @returns the roots imported
   */
  async releaseRoots(): Promise<InteropRootRef[]> {
    const roots = this.roots.slice(0, this.rootBudget());
    if (roots.length === 0) return [];
    await this.drain(true, true);
    return roots;
  }

  /** True when roots wait that the open batch has no room for (`rootBudget` is 0): only sealing the batch lets them in. */
  get rootsBlocked(): boolean {
    return this.roots.length > 0 && this.rootBudget() <= 0;
  }

  /**
   * Runs `operation` on the engine between blocks, so nothing else mines meanwhile (e.g. registering
   * a chain on Gateway at runtime). Blocks it mines are reported to `onBlocks` (to journal them) and
   * then like any sealed block. All or nothing: if it throws, the engine is returned (evm_revert) to
   * where it stood before, blocks it already mined included, and the promise rejects with its error.
   */
  exclusive<T>(operation: () => Promise<T>, onBlocks?: (blocks: { number: number; hash: Hex; timestamp: number }[]) => Promise<void>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.exclusives.push({
        run: async () => {
          const result = await operation();
          return { result, onBlocks };
        },
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      void this.drain(false);
    });
  }

  /**
   * Runs `operation` between blocks, like `exclusive`, for work that mines no block (e.g. sealing a
   * batch in the books, a dev method's account change): no block accounting around it, which saved two
   * engine round trips per batch.
   */
  between<T>(operation: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.exclusives.push({ run: async () => ({ result: await operation() }), resolve: resolve as (v: unknown) => void, reject, minesNothing: true });
      void this.drain(false);
    });
  }

  /** Seals a block now (even an empty one) and waits for everything queued so far. */
  async sealNow(): Promise<void> {
    await this.drain(true);
  }

  /** Waits until everything queued is sealed (held roots excepted). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0 || this.exclusives.length > 0 || this.rootsDue()) {
      await (this.running ?? this.drain(false));
    }
  }

  /**
   * Holds block production (fault injection: a paused Gateway): submissions keep queueing and stay
   * pending, and `idle()` waits, until `release`. Resolves once the block in flight (if any) is sealed.
   */
  async hold(): Promise<void> {
    if (!this.heldUntil) {
      let release!: () => void;
      const promise = new Promise<void>((r) => (release = r));
      this.heldUntil = { promise, release };
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
  }

  /** Ends a `hold`: everything queued meanwhile is sealed, in arrival order. */
  release(): void {
    const held = this.heldUntil;
    if (!held) return;
    this.heldUntil = undefined;
    held.release();
    this.schedule();
  }

  /** True while block production is held. */
  get held(): boolean {
    return this.heldUntil !== undefined;
  }

  /** Number of transactions waiting for a block. */
  get queuedTransactions(): number {
    return this.queue.length;
  }

  /** The transactions waiting for a block, in arrival order (the pending block, txpool_content). */
  queuedSubmissions(): TxSubmission[] {
    return this.queue.map((q) => q.tx);
  }

  /** Stops accepting work; queued work is still sealed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  /**
   * Replays one journaled block: same roots, same transactions, same timestamp.
   * @throws JournalMismatchError if the engine produces a different block (the journal does not fit this engine)
   */
  async replay(entry: { number: number; hash: Hex; timestamp: number; sealedAt: number; roots: InteropRootRef[]; txs: JournalTx[] }, submissionOf: (tx: JournalTx) => TxSubmission): Promise<void> {
    for (const r of entry.roots) this.imported.add(rootKey(r));
    const items: Queued[] = entry.txs.map((t) => ({ tx: submissionOf(t), receivedAt: t.receivedAt, resolve: () => undefined, reject: () => undefined }));
    const block = await this.produce(entry.roots, items, entry.timestamp, entry.sealedAt);
    if (!block || block.number !== entry.number || block.hash !== entry.hash) {
      throw new JournalMismatchError(this.engine.chainId, `replaying block ${entry.number} gave ${block ? `block ${block.number} ${block.hash}` : 'no block'} instead of ${entry.hash}`);
    }
  }

  /**
   * Replays blocks a journaled system operation mined (their timestamps fixed by the engine clock).
   * @throws JournalMismatchError if the engine produces different blocks
   */
  async replaySystem(operation: () => Promise<unknown>, blocks: { number: number; hash: Hex; timestamp: number }[]): Promise<void> {
    let i = 0;
    this.engine.setClock(() => blocks[Math.min(i++, blocks.length - 1)]?.timestamp ?? this.lastTimestamp);
    try {
      await this.runExclusive({ run: async () => ({ result: await operation(), onBlocks: undefined }), resolve: () => undefined, reject: (e) => { throw e; } }, blocks);
    } finally {
      this.engine.setClock(undefined);
    }
  }

  /** Roots waiting that the next block may take; with no room left in the batch none is due (else the loop would seal empty blocks). */
  private rootsDue(): boolean {
    return this.roots.length > 0 && !this.holdRoots && this.rootBudget() > 0;
  }

  private rootBudget(): number {
    return this.options.rootBudget?.() ?? Number.POSITIVE_INFINITY;
  }

  private schedule(): void {
    if (this.running || this.timer || this.heldUntil) return;
    if (this.queue.length === 0 && !this.rootsDue()) return;
    const delay = this.options.blockTimeMs ?? 0;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain(false);
    }, delay);
  }

  private drain(forceEmpty: boolean, withHeldRoots = false): Promise<void> {
    if (this.heldUntil) return this.heldUntil.promise.then(() => this.drain(forceEmpty, withHeldRoots));
    if (this.running) return this.running.then(() => (forceEmpty ? this.drain(true, withHeldRoots) : undefined));
    // `running` is set only if the loop is still going once its first synchronous part has run: an
    // async function with nothing to await finishes before returning, and marking that finished loop
    // as running would block every later drain (nothing would ever seal again).
    let finished = false;
    const run = (async () => {
      try {
        let force = forceEmpty;
        let takeRoots = withHeldRoots || !this.holdRoots;
        const workLeft = () => !this.heldUntil && (force || this.queue.length > 0 || this.exclusives.length > 0 || (takeRoots && this.roots.length > 0 && this.rootBudget() > 0));
        // Checked again after the last hand-over: its answers may have brought more work, which found
        // the loop still running and so scheduled nothing.
        while (workLeft() || (await this.finalizing, workLeft())) {
          if (this.exclusives.length > 0) {
            await this.runExclusive(this.exclusives.shift()!);
            continue;
          }
          await this.sealBlock(takeRoots, force);
          force = false;
          takeRoots = !this.holdRoots;
        }
      } finally {
        finished = true;
        this.running = undefined;
      }
    })();
    if (!finished) this.running = run;
    return run;
  }

  private async runExclusive(op: Exclusive, expected?: { number: number; hash: Hex }[]): Promise<void> {
    await this.finalizing;
    if (op.minesNothing) {
      try {
        op.resolve(((await op.run()) as { result: unknown }).result);
      } catch (error) {
        op.reject(error);
      }
      return;
    }
    const before = Number(await this.engine.blockNumber());
    // An operation that fails partway may already have mined blocks (a system call that reverts still
    // mines its block): nobody would hand those to `onBlock`, so the books and the journal would lose
    // them, and the next block would break the chain's block order for good. The engine goes back to
    // where it stood instead: a failed operation leaves nothing behind. (A replay expects its blocks.)
    const checkpoint = expected ? undefined : await this.engine.snapshot();
    let outcome: { result: unknown; onBlocks?: (blocks: { number: number; hash: Hex; timestamp: number }[]) => Promise<void> };
    try {
      outcome = (await op.run()) as typeof outcome;
    } catch (error) {
      op.reject(error);
      if (checkpoint !== undefined) await this.rollBack(checkpoint, before);
      return;
    }
    try {
      // Report blocks the operation mined, so the chain's books stay continuous.
      const after = Number(await this.engine.blockNumber());
      const mined: ProducedBlock[] = [];
      for (let n = before + 1; n <= after; n++) {
        const header = await this.engine.request<{ hash: Hex; timestamp: Hex }>('eth_getBlockByNumber', [numberToHex(n), false]);
        const logs = await this.engine.getLogs({ fromBlock: BigInt(n), toBlock: BigInt(n) });
        const timestamp = Number(BigInt(header.timestamp));
        this.lastTimestamp = Math.max(this.lastTimestamp, timestamp);
        mined.push({ number: n, hash: header.hash, timestamp, txs: [], importedRoots: importedRootsOf(logs), rootImportTxs: 0, inputs: { roots: [], txs: [] }, sealedAt: Date.now(), system: true });
      }
      if (expected && (expected.length !== mined.length || expected.some((e, i) => e.hash !== mined[i]!.hash))) {
        throw new JournalMismatchError(this.engine.chainId, `replaying a system operation gave blocks ${mined.map((b) => b.hash).join(', ')} instead of ${expected.map((b) => b.hash).join(', ')}`);
      }
      await outcome.onBlocks?.(mined.map((b) => ({ number: b.number, hash: b.hash, timestamp: b.timestamp })));
      for (const b of mined) await this.options.onBlock(b);
      op.resolve(outcome.result);
    } catch (error) {
      op.reject(error);
      if (!expected) this.options.onError?.(error);
      else throw error;
    }
  }

  /** Returns the engine to `checkpoint` (taken at block `blockNumber`) after a failed exclusive operation. */
  private async rollBack(checkpoint: Hex, blockNumber: number): Promise<void> {
    try {
      const reverted = await this.engine.revert(checkpoint);
      const now = Number(await this.engine.blockNumber());
      assertInvariant(reverted && now === blockNumber, `a failed operation is undone (engine at block ${now}, expected ${blockNumber})`);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Seals the next block: roots within the batch's budget, then queued transactions; nothing to do and not `force`d: no block. */
  private async sealBlock(takeRoots: boolean, force: boolean): Promise<void> {
    let roots: InteropRootRef[] = [];
    if (takeRoots && this.roots.length > 0) {
      // The budget counts the roots of every block handed over, so the last hand-over goes first.
      await this.finalizing;
      roots = this.roots.splice(0, Math.max(0, Math.min(this.rootBudget(), this.roots.length)));
    }
    const items = this.takeBlockItems();
    if (!force && roots.length === 0 && items.length === 0) return;
    try {
      const { timestamp, changed } = this.clock.take(this.lastTimestamp);
      this.lastTimestamp = timestamp;
      await this.produce(roots, items, this.lastTimestamp, Date.now(), true, changed);
    } catch (error) {
      for (const q of items) q.reject(error);
      this.options.onError?.(error);
    }
  }

  /**
   * The next block's transactions: up to `maxTxsPerBlock`, and within `blockGasBudget` after the first.
   * `taken`: what the block already holds (a late take tops it up to the same limits).
   */
  private takeBlockItems(taken: readonly Queued[] = []): Queued[] {
    const max = Math.min(this.queue.length, (this.options.maxTxsPerBlock ?? 5_000) - taken.length);
    if (max <= 0) return [];
    const budget = this.options.blockGasBudget;
    if (budget === undefined) return this.queue.splice(0, max);
    let count = 0;
    let gas = taken.reduce((sum, q) => sum + (q.tx.budgetGas ?? 0n), 0n);
    while (count < max) {
      gas += this.queue[count]!.tx.budgetGas ?? 0n;
      if (count + taken.length > 0 && gas > budget) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /**
   * Transactions that arrived while this block's went to the engine and the block before was handed
   * over, taken into this block before it is mined (same limits). The senders the last hand-over
   * answered send again meanwhile; without this each waited a whole further block. Only in the live loop
   * (not replay), and not past an operation waiting for its turn between blocks.
   */
  private takeLateItems(taken: readonly Queued[]): Queued[] {
    if (this.exclusives.length > 0 || this.heldUntil || this.queue.length === 0) return [];
    return this.takeBlockItems(taken);
  }

  /**
   * Imports roots, runs transactions, mines, hands the block on, resolves the submissions.
   * `pipelined`: the hand-over (journal, books, answers) runs on while the next block's transactions
   * go to the engine (the engine's thread and the main thread overlap); the next block is still mined
   * only after it, so nothing is mined on top of a block that is not yet journaled. A failed hand-over
   * then goes to `onError` (its senders get the error) instead of being thrown.
   */
  private async produce(roots: InteropRootRef[], items: Queued[], timestamp: number, sealedAt: number, pipelined = false, clock?: ClockState): Promise<ProducedBlock | undefined> {
    const importHashes = new Set<Hex>();
    for (const root of roots) {
      const importHash = await this.engine.sendAs({
        from: BOOTLOADER_ADDRESS as Address,
        to: L2_INTEROP_ROOT_STORAGE_ADDRESS as Address,
        data: encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'addInteropRoot', args: [BigInt(root.chainId), BigInt(root.blockNumber), [root.root]] }),
      });
      importHashes.add(importHash);
    }
    const accepted = await this.submitAll(items);
    await this.finalizing;
    if (pipelined) {
      const late = this.takeLateItems(items);
      if (late.length > 0) {
        // Rejected with the rest if sealing fails (sealBlock rejects `items`).
        items.push(...late);
        accepted.push(...(await this.submitAll(late)));
      }
    }
    this.lastTimestamp = Math.max(this.lastTimestamp, timestamp);
    const mined = await this.engine.mine({ timestamp: this.lastTimestamp, withLogs: true, logAddresses: BLOCK_LOG_ADDRESSES });
    // Each hash's index in the block (a lookup per transaction instead of a scan of the block for each).
    const included = new Map(mined.transactionHashes.map((h, i) => [h, i]));
    // The engine mines in submission order (FIFO), so the imports lead the block: clients see the
    // transactions after them, numbered from 0 (rpc/present.ts).
    const rootImportTxs = mined.transactionHashes.filter((h) => importHashes.has(h)).length;
    assertInvariant(
      mined.transactionHashes.slice(0, rootImportTxs).every((h) => importHashes.has(h)),
      `block ${mined.number} starts with its ${rootImportTxs} root imports`,
    );
    // A transaction the engine queued but did not mine (future nonce) must not hang its sender: it leaves
    // the engine's pool, and its submission fails with NonceTooHighError (the node's pool may keep it).
    for (const a of accepted.filter((a) => !included.has(a.evmHash))) {
      await this.engine.request('hardhat_dropTransaction', [a.evmHash]).catch(() => undefined);
      a.q.reject(new NonceTooHighError());
    }
    const mineable = accepted.filter((a) => included.has(a.evmHash));
    const logs = mined.logs ?? [];
    const messages = messagesByTx(logs);
    const block: ProducedBlock = {
      number: Number(mined.number),
      hash: mined.hash,
      timestamp: Number(mined.timestamp),
      txs: mineable.map((a): IncludedTx => ({
        hash: clientHash(a.q.tx, a.evmHash),
        evmHash: a.evmHash,
        transactionIndex: included.get(a.evmHash)! - rootImportTxs,
        messages: messages.get(a.evmHash) ?? [],
      })),
      importedRoots: importedRootsOf(logs),
      rootImportTxs,
      inputs: { roots, txs: mineable.map((a) => journalTx(a.q)) },
      sealedAt,
      ...(clock ? { clock } : {}),
    };
    const handOver = (async () => {
      try {
        await this.options.onBlock(block);
      } catch (error) {
        // Not persisted, so not acknowledged: the senders get the error (the block stays in the engine
        // until a restart replays the journal without it).
        for (const a of mineable) a.q.reject(error);
        throw error;
      }
      for (const [i, a] of mineable.entries()) a.q.resolve({ hash: block.txs[i]!.hash, evmHash: a.evmHash, blockNumber: block.number });
    })();
    this.finalizing = handOver.catch((error: unknown) => {
      if (pipelined) this.options.onError?.(error);
    });
    if (!pipelined) await handOver;
    return block;
  }

  /**
   * Hands a block's transactions to the engine in arrival order. Runs of signed transactions go in
   * one request (`sendRawTransactions`): one round trip per block instead of one per transaction,
   * each of which waited on the engine's thread. A refused transaction is rejected on its own.
   */
  private async submitAll(items: readonly Queued[]): Promise<{ q: Queued; evmHash: Hex }[]> {
    const accepted: { q: Queued; evmHash: Hex }[] = [];
    const settle = (q: Queued, outcome: PromiseSettledResult<Hex>) => {
      if (outcome.status === 'fulfilled') accepted.push({ q, evmHash: outcome.value });
      else q.reject(new TransactionRejectedError(engineMessage(outcome.reason), outcome.reason));
    };
    for (let i = 0; i < items.length; ) {
      let end = i;
      while (end < items.length && items[end]!.tx.kind === 'raw') end++;
      if (end > i) {
        const run = items.slice(i, end);
        const outcomes = await this.engine.sendRawTransactions(run.map((q) => (q.tx as Extract<TxSubmission, { kind: 'raw' }>).raw));
        run.forEach((q, k) => settle(q, outcomes[k]!));
        i = end;
        continue;
      }
      const q = items[i++]!;
      const [outcome] = await Promise.allSettled([this.submitToEngine(q.tx)]);
      settle(q, outcome!);
    }
    return accepted;
  }

  private async submitToEngine(tx: TxSubmission): Promise<Hex> {
    switch (tx.kind) {
      case 'raw':
        return this.engine.sendRawTransaction(tx.raw);
      case 'impersonated':
        return this.engine.sendAs({ from: tx.from, to: tx.to, data: tx.data, value: tx.value, gas: tx.gas, nonce: tx.nonce, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas });
      case 'dev':
        return this.engine.request<Hex>('eth_sendTransaction', [tx.request]);
    }
  }
}

function rootKey(root: InteropRootRef): string {
  return `${root.chainId}:${root.blockNumber}`;
}

function journalTx(q: Queued): JournalTx {
  switch (q.tx.kind) {
    case 'raw':
      return { kind: 'raw', raw: q.tx.raw, receivedAt: q.receivedAt };
    case 'impersonated':
      return { kind: 'zksync', raw: q.tx.raw, receivedAt: q.receivedAt };
    case 'dev':
      return { kind: 'dev', request: q.tx.request, receivedAt: q.receivedAt };
  }
}

function clientHash(tx: TxSubmission, evmHash: Hex): Hex {
  return tx.kind === 'impersonated' ? tx.hash : evmHash;
}

function engineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
