/**
 * Where a chain's settled history goes so it stops costing memory: the transaction hashes and L2→L1
 * logs of executed batches, written once as compact binary records to a file and read back on demand
 * (synchronously: receipts, proofs and message lookups are synchronous views). A small cache keeps
 * the records (and the logs decoded from them) of the few batches read last, so the memory it holds
 * is bounded however long the history.
 *
 * Why a file beside the store, not the store itself: what it holds is derived data. Every entry is
 * rebuilt from the journal when a chain replays at start (the batcher archives again as batches
 * execute), so it needs no durability and no schema in SQLite or PostgreSQL, and a file read is
 * synchronous where a PostgreSQL query is not. The file is unlinked as soon as it is opened: it
 * vanishes with the process (or at `close`), whatever way the process ends.
 *
 * Why records are checked before they are written: an archived log must read back as the same object
 * (same fields in the same order, same strings), so answers stay byte for byte what they were. A
 * batch with anything the binary form cannot carry exactly (a hash not in lowercase, an odd field) is
 * simply not archived and stays in memory.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import type { BatchLog } from '../chain/types.ts';
import { InvariantError } from '../errors.ts';

/** Where one batch's record lies in the archive. */
export type ArchivedBatch = { offset: number; bytes: number; txCount: number; logCount: number; dictBytes: number };

/** Options of {@link HistoryArchive}. */
export type HistoryArchiveOptions = {
  /** directory for the (unlinked) file; default the OS temp directory */
  dir?: string;
  /** records kept decoded in memory (default 4: a full batch's record is ~2.5 MB, its decoded logs ~4 MB) */
  cachedBatches?: number;
};

/** Fixed part of one log: txNumberInBatch, transactionLogIndex, blockNumber, transactionIndex (u32 each), blockHash, value, key (32 bytes each), sender index (u16), isService (u8), message offset and length (u32 each). */
const LOG_BYTES = 16 + 96 + 2 + 1 + 8;
const HEADER_BYTES = 12;
const WORD = /^0x[0-9a-f]{64}$/;
const BYTES = /^0x(?:[0-9a-f]{2})*$/;
const U32 = 0xffff_ffff;
/** The field orders a BatchLog is built with (src/chain/batcher.ts): a message's log, and a raw log's. */
const FIELDS = 'id,txHash,txNumberInBatch,transactionLogIndex,blockNumber,blockHash,transactionIndex,sender,key,value,message';
const RAW_FIELDS = `${FIELDS},isService`;

/** Closes the file of an archive nobody holds any more (a network dropped without stopping). */
const unreferenced = new FinalizationRegistry<{ fd: number; id: number }>(({ fd, id }) => {
  archives.delete(id);
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

type Cached = { buf: Buffer; senders: string[]; logs: (BatchLog | undefined)[]; hashes: (Hex | undefined)[] };

/** Archives by id, so a saved state names the archive its records lie in (without keeping it alive). */
const archives = new Map<number, WeakRef<HistoryArchive>>();
let nextId = 1;

/** An append-only file of executed batches' hashes and logs, read back through a bounded cache. */
export class HistoryArchive {
  /** names this archive in saved states ({@link HistoryArchive.byId}) */
  readonly id = nextId++;
  private fd: number | undefined;
  private end = 0;
  private readonly cache = new Map<number, Cached>();
  private readonly cachedBatches: number;

  constructor(private readonly options: HistoryArchiveOptions = {}) {
    this.cachedBatches = Math.max(1, options.cachedBatches ?? 4);
    archives.set(this.id, new WeakRef(this));
  }

  /** The archive with this id, while it is open. */
  static byId(id: number): HistoryArchive | undefined {
    const archive = archives.get(id)?.deref();
    return archive?.fd !== undefined ? archive : undefined;
  }

  /**
   * Writes one batch's transaction hashes and logs.
   * @returns where it lies, or undefined when it cannot be stored exactly (the caller keeps it in memory)
   */
  put(txHashes: readonly Hex[], logs: readonly BatchLog[]): ArchivedBatch | undefined {
    const record = encode(txHashes, logs);
    if (!record) return undefined;
    const fd = this.open();
    let written = 0;
    while (written < record.length) written += writeSync(fd, record, written, record.length - written, this.end + written);
    const at: ArchivedBatch = { offset: this.end, bytes: record.length, txCount: txHashes.length, logCount: logs.length, dictBytes: record.readUInt32LE(8) };
    this.end += record.length;
    return at;
  }

  /** The i-th transaction hash of an archived batch. */
  txHash(at: ArchivedBatch, i: number): Hex {
    const c = this.read(at);
    return (c.hashes[i] ??= hex(c.buf, HEADER_BYTES + at.dictBytes + 32 * i, 32));
  }

  /**
   * The i-th transaction hash of an archived batch, read alone when its batch is not cached (what the
   * hash indexes confirm a lookup with: one small read instead of a whole batch).
   */
  peekTxHash(at: ArchivedBatch, i: number): Hex | undefined {
    if (i < 0 || i >= at.txCount) return undefined;
    const c = this.cache.get(at.offset);
    return c ? this.txHash(at, i) : this.peek(at.offset + HEADER_BYTES + at.dictBytes + 32 * i, 32);
  }

  /** The `value` (message hash) of the i-th log of an archived batch, read alone when its batch is not cached. */
  peekLogValue(at: ArchivedBatch, i: number): Hex | undefined {
    if (i < 0 || i >= at.logCount) return undefined;
    const c = this.cache.get(at.offset);
    return c ? this.log(at, i).value : this.peek(at.offset + HEADER_BYTES + at.dictBytes + 32 * at.txCount + LOG_BYTES * i + 48, 32);
  }

  private peek(position: number, length: number): Hex {
    if (this.fd === undefined) throw new InvariantError('the history archive was read after it was closed');
    const buf = Buffer.allocUnsafe(length);
    if (readSync(this.fd, buf, 0, length, position) !== length) throw new InvariantError(`the history archive ends before ${position + length}`);
    return hex(buf, 0, length);
  }

  /** The i-th log of an archived batch (the same object each time while its batch stays cached). */
  log(at: ArchivedBatch, i: number): BatchLog {
    const c = this.read(at);
    return (c.logs[i] ??= decodeLog(c, at, i, (k) => this.txHash(at, k)));
  }

  /** Closes and removes the file (reads after this reopen nothing: only a stopped chain closes it). */
  close(): void {
    if (this.fd !== undefined) {
      unreferenced.unregister(this);
      closeSync(this.fd);
    }
    this.fd = undefined;
    this.cache.clear();
    archives.delete(this.id);
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const dir = mkdtempSync(join(this.options.dir ?? tmpdir(), 'zkinterop-history-'));
    const path = join(dir, 'batches.bin');
    this.fd = openSync(path, 'w+');
    unreferenced.register(this, { fd: this.fd, id: this.id }, this);
    // Unlinked at once: the open descriptor keeps the data, and nothing is left behind on any exit.
    rmSync(dir, { recursive: true, force: true });
    return this.fd;
  }

  private read(at: ArchivedBatch): Cached {
    const hit = this.cache.get(at.offset);
    if (hit) {
      this.cache.delete(at.offset);
      this.cache.set(at.offset, hit);
      return hit;
    }
    if (this.fd === undefined) throw new InvariantError('the history archive was read after it was closed');
    const buf = Buffer.allocUnsafe(at.bytes);
    let got = 0;
    while (got < at.bytes) {
      const n = readSync(this.fd, buf, got, at.bytes - got, at.offset + got);
      if (n === 0) throw new InvariantError(`the history archive ends inside the record at ${at.offset}`);
      got += n;
    }
    const dictBytes = buf.readUInt32LE(8);
    const senders = JSON.parse(buf.toString('utf8', HEADER_BYTES, HEADER_BYTES + dictBytes)) as string[];
    const entry: Cached = { buf, senders, logs: new Array<BatchLog | undefined>(at.logCount), hashes: new Array<Hex | undefined>(at.txCount) };
    this.cache.set(at.offset, entry);
    if (this.cache.size > this.cachedBatches) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}

/**
 * A read-only array whose items are read on demand (what an archived batch's `logs` and `txHashes`
 * become): length, indexing, iteration, the array methods and JSON.stringify work as on an array.
 */
export function archivedArray<T>(length: number, at: (i: number) => T): T[] {
  const indexOf = (prop: string | symbol): number | undefined => {
    if (typeof prop !== 'string') return undefined;
    const i = Number(prop);
    return Number.isInteger(i) && i >= 0 && String(i) === prop ? i : undefined;
  };
  const readOnly = () => {
    throw new InvariantError('an archived batch is read-only');
  };
  return new Proxy([] as T[], {
    get(target, prop, receiver) {
      if (prop === 'length') return length;
      const i = indexOf(prop);
      if (i !== undefined) return i < length ? at(i) : undefined;
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      const i = indexOf(prop);
      return i !== undefined ? i < length : Reflect.has(target, prop);
    },
    ownKeys() {
      return [...Array.from({ length }, (_, i) => String(i)), 'length'];
    },
    getOwnPropertyDescriptor(target, prop) {
      if (prop === 'length') return Reflect.getOwnPropertyDescriptor(target, prop);
      const i = indexOf(prop);
      return i !== undefined && i < length ? { value: at(i), writable: false, enumerable: true, configurable: true } : undefined;
    },
    set: readOnly,
    deleteProperty: readOnly,
    defineProperty: readOnly,
  });
}

function encode(txHashes: readonly Hex[], logs: readonly BatchLog[]): Buffer | undefined {
  const senders: string[] = [];
  const senderIndex = new Map<string, number>();
  let messageBytes = 0;
  for (const hash of txHashes) if (!WORD.test(hash)) return undefined;
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i]!;
    const fields = Object.keys(log).join(',');
    if (fields !== FIELDS && fields !== RAW_FIELDS) return undefined;
    if (log.id !== i || txHashes[log.txNumberInBatch] !== log.txHash) return undefined;
    for (const n of [log.txNumberInBatch, log.transactionLogIndex, log.blockNumber, log.transactionIndex]) if (!Number.isInteger(n) || n < 0 || n > U32) return undefined;
    if (!WORD.test(log.blockHash) || !WORD.test(log.value) || !WORD.test(log.key) || !BYTES.test(log.message) || typeof log.sender !== 'string') return undefined;
    if (fields === RAW_FIELDS && typeof log.isService !== 'boolean') return undefined;
    if (!senderIndex.has(log.sender)) {
      senderIndex.set(log.sender, senders.length);
      senders.push(log.sender);
    }
    messageBytes += (log.message.length - 2) / 2;
  }
  if (senders.length > 0xffff) return undefined;
  const dict = Buffer.from(JSON.stringify(senders), 'utf8');
  const logsAt = HEADER_BYTES + dict.length + 32 * txHashes.length;
  let messageAt = logsAt + LOG_BYTES * logs.length;
  const buf = Buffer.alloc(messageAt + messageBytes);
  buf.writeUInt32LE(txHashes.length, 0);
  buf.writeUInt32LE(logs.length, 4);
  buf.writeUInt32LE(dict.length, 8);
  dict.copy(buf, HEADER_BYTES);
  txHashes.forEach((hash, i) => buf.write(hash.slice(2), HEADER_BYTES + dict.length + 32 * i, 'hex'));
  logs.forEach((log, i) => {
    let o = logsAt + LOG_BYTES * i;
    o = buf.writeUInt32LE(log.txNumberInBatch, o);
    o = buf.writeUInt32LE(log.transactionLogIndex, o);
    o = buf.writeUInt32LE(log.blockNumber, o);
    o = buf.writeUInt32LE(log.transactionIndex, o);
    o += buf.write(log.blockHash.slice(2), o, 'hex');
    o += buf.write(log.value.slice(2), o, 'hex');
    o += buf.write(log.key.slice(2), o, 'hex');
    o = buf.writeUInt16LE(senderIndex.get(log.sender)!, o);
    o = buf.writeUInt8(log.isService === undefined ? 0 : log.isService ? 1 : 2, o);
    const length = buf.write(log.message.slice(2), messageAt, 'hex');
    o = buf.writeUInt32LE(messageAt, o);
    buf.writeUInt32LE(length, o);
    messageAt += length;
  });
  return buf;
}

function decodeLog(c: Cached, at: ArchivedBatch, i: number, txHashAt: (k: number) => Hex): BatchLog {
  if (i >= at.logCount) throw new InvariantError(`log ${i} of an archived batch of ${at.logCount}`);
  const b = c.buf;
  const o = HEADER_BYTES + b.readUInt32LE(8) + 32 * at.txCount + LOG_BYTES * i;
  const txNumberInBatch = b.readUInt32LE(o);
  const isService = b.readUInt8(o + 114);
  // The fields in the order the batcher builds them (JSON of a decoded log is the original's).
  const log: BatchLog = {
    id: i,
    txHash: txHashAt(txNumberInBatch),
    txNumberInBatch,
    transactionLogIndex: b.readUInt32LE(o + 4),
    blockNumber: b.readUInt32LE(o + 8),
    blockHash: hex(b, o + 16, 32),
    transactionIndex: b.readUInt32LE(o + 12),
    sender: c.senders[b.readUInt16LE(o + 112)]! as BatchLog['sender'],
    key: hex(b, o + 80, 32),
    value: hex(b, o + 48, 32),
    message: hex(b, b.readUInt32LE(o + 115), b.readUInt32LE(o + 119)),
  };
  if (isService !== 0) log.isService = isService === 1;
  return log;
}

function hex(buf: Buffer, at: number, length: number): Hex {
  return `0x${buf.toString('hex', at, at + length)}`;
}
