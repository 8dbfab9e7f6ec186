/**
 * Batch bookkeeping of one chain: which blocks and transactions form which batch, each transaction's
 * `txNumberInBatch`, each L2→L1 log's id, the dependency roots a batch imported, and when a batch is
 * sealed. No I/O: the sequencer feeds it sealed blocks, the settlement loop reads sealed batches.
 * A batch's stage changes only through batchStage.ts (sealing included).
 *
 * Why a batch only seals when it holds a user transaction: every executed batch yields a new interop
 * root that every chain imports; if import-only batches sealed too, chains would ping-pong empty
 * batches forever. Imported roots simply ride along in the next batch that has work (or one sealed on
 * request, or one the node seals because it holds MAX_INTEROP_ROOTS_IN_BATCH roots while more wait),
 * which is also when they are checked on Gateway.
 *
 * Why the indexes hold positions, not objects: they grow with every stored message. A transaction
 * is indexed by its ordinal (its position among all the chain's transactions) and a message by its
 * log ordinal; batch, position in batch and logs follow by binary search over where each batch
 * starts. The hash → ordinal indexes live in typed arrays (hashOrdinals.ts), not Maps of strings.
 * Strings kept per log are flat (viem's decoded hex is a rope of one piece per byte, ~6× the
 * size) and the padded sender word is shared by every log of the same sender.
 *
 * Why settled history leaves memory: beyond the newest EXECUTED_BATCHES_IN_MEMORY executed batches,
 * a batch's hashes and logs move to the history archive (src/store/historyArchive.ts) and the batch
 * keeps read-only views that read them back (same values, same field order), so what the books hold
 * stays bounded however many messages the chain stores (issue 17).
 */
import type { Address, Hex } from 'viem';
import { pad } from 'viem';
import { L1_MESSENGER_ADDRESS } from '../protocol/constants.ts';
import { InvariantError, assertInvariant } from '../errors.ts';
import type { Batch, BatchLog, SealedBlock } from './types.ts';
import { transitionBatch } from './batchStage.ts';
import { HistoryArchive, archivedArray, type ArchivedBatch } from '../store/historyArchive.ts';
import { HashOrdinals, type HashOrdinalsState } from './hashOrdinals.ts';

/**
 * Executed batches whose hashes and logs stay in memory; older executed ones move to the history
 * archive (src/store/historyArchive.ts) and are read back from there. At most this many batches of
 * at most 16,384 logs each: the books' working set, however many messages the chain has stored.
 */
export const EXECUTED_BATCHES_IN_MEMORY = 4;

/** Most L2→L1 logs one batch can hold: the local logs tree has 16,384 leaves. */
export const MAX_LOGS_PER_BATCH = 16_384;

export type BatcherOptions = {
  /** seal a batch this long after its first user transaction (ms) */
  batchTimeMs: number;
  /** seal a batch once it holds this many user transactions */
  maxTxsPerBatch: number;
  /** logs per batch before it must seal (default and maximum 16,384) */
  maxLogsPerBatch?: number;
  /** where executed batches' hashes and logs go (default: an archive of its own, in the OS temp directory) */
  archive?: HistoryArchive;
};

/** Everything a Batcher holds, as plain data. */
export type BatcherState = {
  batches: Batch[];
  txOrdinals: HashOrdinalsState;
  messageOrdinals: HashOrdinalsState;
  openedAt: number | undefined;
  /** batches whose hashes and logs are in an archive (their `txHashes` and `logs` are saved empty), and which archive */
  archived?: { archive: number; batches: [number, ArchivedBatch][] };
};

/** Where a transaction landed in its batch. */
export type TxPlacement = { batchNumber: number; txNumberInBatch: number; logs: BatchLog[] };

/** Batches of one chain, in order; batch 0 is genesis (block 0) and counts as executed. */
export class Batcher {
  readonly batches: Batch[] = [];
  /** client-facing tx hash → ordinal of the transaction in the chain */
  private readonly txOrdinals = new HashOrdinals((ordinal) => this.txHashAt(ordinal));
  /** message hash → ordinal of its log in the chain (latest wins) */
  private readonly messageOrdinals = new HashOrdinals((ordinal) => this.messageHashAt(ordinal));
  /** ordinal of the first transaction / log of each batch (parallel to `batches`) */
  private readonly firstTx: number[] = [];
  private readonly firstLog: number[] = [];
  /** sender address → its 32-byte key word, one string per sender */
  private readonly keys = new Map<string, Hex>();
  private openedAt: number | undefined;
  private readonly maxLogs: number;
  private readonly archive: HistoryArchive;
  /** archived batches: where their hashes and logs lie */
  private readonly archived = new Map<number, ArchivedBatch>();
  /** batches up to this number are archived, or stay in memory because they could not be */
  private archivedUpTo = 0;

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
    // Archived records never change (the archive only appends), so a snapshot keeps where they lie.
    const batches = this.batches.map((b) => (this.archived.has(b.number) ? { ...b, txHashes: [], logs: [] } : b));
    return {
      ...structuredClone({ batches, txOrdinals: this.txOrdinals.save(), messageOrdinals: this.messageOrdinals.save(), openedAt: this.openedAt }),
      archived: { archive: this.archive.id, batches: [...this.archived] },
    };
  }

  /** Restores books saved by `saveState`. */
  restoreState(state: BatcherState): void {
    const copy = structuredClone(state);
    this.archived.clear();
    this.archivedUpTo = 0;
    const source = copy.archived && (copy.archived.archive === this.archive.id ? this.archive : HistoryArchive.byId(copy.archived.archive));
    for (const [number, at] of copy.archived?.batches ?? []) {
      const batch = copy.batches[number]!;
      if (!source) throw new InvariantError(`a saved state names history archive ${copy.archived!.archive}, which is closed`);
      if (source === this.archive) this.attachArchived(batch, at);
      else {
        // Another batcher's archive (a state restored elsewhere): copy the records into this one.
        const txHashes = Array.from({ length: at.txCount }, (_, i) => source.txHash(at, i));
        const logs = Array.from({ length: at.logCount }, (_, i) => source.log(at, i));
        const mine = this.archive.put(txHashes, logs);
        if (mine) this.attachArchived(batch, mine);
        else Object.assign(batch, { txHashes, logs });
      }
      this.archivedUpTo = Math.max(this.archivedUpTo, number);
    }
    this.batches.splice(0, this.batches.length, ...copy.batches);
    this.txOrdinals.restore(copy.txOrdinals);
    this.messageOrdinals.restore(copy.messageOrdinals);
    this.firstTx.length = 0;
    this.firstLog.length = 0;
    for (const b of this.batches) this.pushStarts(b);
    this.openedAt = copy.openedAt;
  }

  constructor(private readonly options: BatcherOptions) {
    this.maxLogs = Math.min(options.maxLogsPerBatch ?? MAX_LOGS_PER_BATCH, MAX_LOGS_PER_BATCH);
    this.archive = options.archive ?? new HistoryArchive();
    this.addBatch({ ...emptyBatch(0, 0, 0, 'executed'), lastBlock: 0 });
    this.addBatch(emptyBatch(1, 1, 0, 'open'));
  }

  private addBatch(batch: Batch): void {
    this.pushStarts(batch);
    this.batches.push(batch);
  }

  /** Records where a batch appended after the current last one starts. */
  private pushStarts(batch: Batch): void {
    const last = this.firstTx.length - 1;
    const prev = last >= 0 ? this.batches[last]! : undefined;
    this.firstTx.push(prev ? this.firstTx[last]! + prev.txHashes.length : 0);
    this.firstLog.push(prev ? this.firstLog[last]! + prev.logs.length : 0);
    assertInvariant(batch.number === this.firstTx.length - 1, `batch ${batch.number} is appended at its own index`);
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
   */
  addBlock(block: SealedBlock, now: number): void {
    const messageCount = block.txs.reduce((n, tx) => n + tx.messages.length, 0);
    if (messageCount > this.maxLogs) {
      throw new InvariantError(`block ${block.number} holds ${messageCount} L2→L1 logs, more than one batch can (${this.maxLogs})`);
    }
    if (this.open.logs.length + messageCount > this.maxLogs) this.seal(now);
    this.archiveExecuted();
    const batch = this.open;
    assertInvariant(block.number === batch.lastBlock + 1, `blocks arrive in order (got ${block.number} after ${batch.lastBlock})`);
    batch.lastBlock = block.number;
    batch.timestamp = block.timestamp;
    batch.dependencyRoots.push(...block.importedRoots);

    const firstTx = this.firstTx[batch.number]!;
    const firstLog = this.firstLog[batch.number]!;
    for (const tx of block.txs) {
      if (batch.txHashes.length === 0) this.openedAt = now;
      const txNumberInBatch = batch.txHashes.length;
      batch.txHashes.push(tx.hash);
      this.txOrdinals.set(tx.hash, firstTx + txNumberInBatch);
      tx.messages.forEach((m, transactionLogIndex) => {
        const id = batch.logs.length;
        const log: BatchLog = {
          id,
          txHash: tx.hash,
          txNumberInBatch,
          transactionLogIndex,
          blockNumber: block.number,
          blockHash: block.hash,
          transactionIndex: tx.transactionIndex,
          sender: L1_MESSENGER_ADDRESS as Address,
          key: this.keyOf(m.sender),
          value: m.hash,
          message: flat(m.message),
        };
        // A system contract's raw log (sendL2ToL1Log): its own sender, isService and key; no message.
        if (m.raw) Object.assign(log, { sender: m.raw.sender, isService: m.raw.isService, key: m.raw.key });
        batch.logs.push(log);
        if (!m.raw) this.messageOrdinals.set(m.hash, firstLog + id);
      });
    }
    if (batch.txHashes.length >= this.options.maxTxsPerBatch || batch.logs.length >= this.maxLogs) this.seal(now);
  }

  /**
   * Moves the hashes and logs of executed batches beyond the newest EXECUTED_BATCHES_IN_MEMORY to the
   * archive; the batch keeps read-only arrays that read them back from there (same values).
   */
  private archiveExecuted(): void {
    let executed = 0;
    for (let n = this.archivedUpTo + 1; n < this.batches.length && this.batches[n]!.stage === 'executed'; n++) executed++;
    for (; executed > EXECUTED_BATCHES_IN_MEMORY; executed--) {
      const batch = this.batches[++this.archivedUpTo]!;
      const at = this.archive.put(batch.txHashes, batch.logs);
      if (at) this.attachArchived(batch, at);
    }
  }

  private attachArchived(batch: Batch, at: ArchivedBatch): void {
    this.archived.set(batch.number, at);
    batch.txHashes = archivedArray(at.txCount, (i) => this.archive.txHash(at, i));
    batch.logs = archivedArray(at.logCount, (i) => this.archive.log(at, i));
  }

  /** The hash of the transaction with this ordinal (what confirms a txOrdinals lookup). */
  private txHashAt(ordinal: number): Hex | undefined {
    const n = lastAtMost(this.firstTx, ordinal);
    const i = ordinal - this.firstTx[n]!;
    const at = this.archived.get(n);
    return at ? this.archive.peekTxHash(at, i) : this.batches[n]?.txHashes[i];
  }

  /** The message hash of the log with this ordinal (what confirms a messageOrdinals lookup). */
  private messageHashAt(ordinal: number): Hex | undefined {
    const n = lastAtMost(this.firstLog, ordinal);
    const i = ordinal - this.firstLog[n]!;
    const at = this.archived.get(n);
    return at ? this.archive.peekLogValue(at, i) : this.batches[n]?.logs[i]?.value;
  }

  /** The sender's 32-byte key word: lowercase hex like every hash the server returns (not a checksummed address). */
  private keyOf(sender: Address): Hex {
    const lower = sender.toLowerCase();
    let key = this.keys.get(lower);
    if (key === undefined) this.keys.set(lower, (key = flat(pad(lower as Address, { size: 32 }))));
    return key;
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
    transitionBatch(batch, { stage: 'sealed', at: now });
    this.openedAt = undefined;
    this.addBatch(emptyBatch(batch.number + 1, batch.lastBlock + 1, batch.timestamp, 'open'));
    return batch;
  }

  /** A transaction's ordinal (its position among all the chain's transactions), by its client-facing hash. */
  txOrdinal(txHash: Hex): number | undefined {
    return this.txOrdinals.get(txHash);
  }

  /** Where a transaction landed, by its client-facing hash. */
  placement(txHash: Hex): TxPlacement | undefined {
    const at = this.position(txHash);
    return at && { ...at, logs: logsOfTx(this.batches[at.batchNumber]!.logs, at.txNumberInBatch) };
  }

  /** Where a transaction landed without its logs (what a log or transaction object names: no copy of the logs). */
  position(txHash: Hex): Omit<TxPlacement, 'logs'> | undefined {
    const ordinal = this.txOrdinals.get(txHash);
    if (ordinal === undefined) return undefined;
    const batchNumber = lastAtMost(this.firstTx, ordinal);
    return { batchNumber, txNumberInBatch: ordinal - this.firstTx[batchNumber]! };
  }

  /**
   * The `index`-th L2→L1 log of a transaction and its batch, without copying its other logs (a
   * transaction may send hundreds): what a log proof looks up per request.
   */
  txLog(txHash: Hex, index: number): { batch: Batch; log: BatchLog } | undefined {
    const ordinal = this.txOrdinals.get(txHash);
    if (ordinal === undefined) return undefined;
    const batchNumber = lastAtMost(this.firstTx, ordinal);
    const batch = this.batches[batchNumber]!;
    const txNumberInBatch = ordinal - this.firstTx[batchNumber]!;
    const log = batch.logs[firstLogOfTx(batch.logs, txNumberInBatch) + index];
    return log !== undefined && log.txNumberInBatch === txNumberInBatch ? { batch, log } : undefined;
  }

  /** The log that sent a message, by the message hash (the latest, if the same message was sent again). */
  messageLog(messageHash: Hex): { batch: Batch; log: BatchLog } | undefined {
    const ordinal = this.messageOrdinals.get(messageHash);
    if (ordinal === undefined) return undefined;
    const batch = this.batches[lastAtMost(this.firstLog, ordinal)]!;
    return { batch, log: batch.logs[ordinal - this.firstLog[batch.number]!]! };
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
    // Past sealing, stages only go down with the batch number (each stage settles in batch order, and a
    // rejected batch stops the pipeline), so the answer is the newest batch at or past the stage: found
    // from the end, over the few batches in flight, not over the whole history (read at every block).
    if (stage !== 'sealed') {
      for (let n = this.batches.length - 1; n > 0; n--) if (order.indexOf(this.batches[n]!.stage) >= want) return n;
      return 0;
    }
    let last = 0;
    for (const b of this.batches) {
      if (order.indexOf(b.stage) >= want) last = b.number;
      else break;
    }
    return last;
  }
}

/** Index of the last element of an ascending array that is ≤ `value` (0 if none). */
function lastAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The logs of the n-th transaction of a batch: a run of `logs`, which are in transaction order. */
function logsOfTx(logs: readonly BatchLog[], txNumberInBatch: number): BatchLog[] {
  const lo = firstLogOfTx(logs, txNumberInBatch);
  let end = lo;
  while (end < logs.length && logs[end]!.txNumberInBatch === txNumberInBatch) end++;
  return logs.slice(lo, end);
}

/** Where a transaction's logs start in its batch's logs (ordered by txNumberInBatch): binary search. */
function firstLogOfTx(logs: readonly BatchLog[], txNumberInBatch: number): number {
  let lo = 0;
  let hi = logs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (logs[mid]!.txNumberInBatch < txNumberInBatch) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The same string, flattened in place: V8 keeps a string built piece by piece (viem's bytesToHex, a
 * template literal) as a rope of small pieces until something reads it as a whole; a number
 * conversion does, so a string kept for long costs its characters, not its pieces.
 */
function flat<T extends string>(s: T): T {
  void Number(s);
  return s;
}

function emptyBatch(number: number, firstBlock: number, timestamp: number, stage: Batch['stage']): Batch {
  // lastBlock = firstBlock - 1 marks a batch that holds no block yet.
  return { number, stage, firstBlock, lastBlock: firstBlock - 1, timestamp, txHashes: [], logs: [], dependencyRoots: [] };
}
