/**
 * The store a network uses when none is given: journals in memory. Nothing survives the process, but
 * the network can still be dumped (`zkinterop_dump`), snapshotted and reverted the same way.
 *
 * Why entries are kept as compressed JSON, not as objects: a journal holds every transaction ever
 * sent and is read only to dump, replay or truncate, never on the request path. As objects it cost
 * ~600 bytes of JS heap per single-message transaction (the biggest share of the heap a stored
 * message costs); as JSON (what the SQLite and PostgreSQL stores write too) compressed in chunks of
 * consecutive entries it costs a few dozen. Recent entries stay uncompressed JSON until their chunk
 * is full, so an append never recompresses old data.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { JournalEntry, Store } from './journal.ts';

/** Entries of one chunk before it is compressed. */
const CHUNK_ENTRIES = 256;
/** Characters of JSON in one chunk before it is compressed. */
const CHUNK_CHARS = 256 * 1024;

/** One chain's journal: compressed chunks of JSON arrays, then the open (uncompressed) entries. */
class ChunkedJournal {
  private readonly sealed: { count: number; bytes: Buffer }[] = [];
  private sealedCount = 0;
  private open: string[] = [];
  private openChars = 0;

  get length(): number {
    return this.sealedCount + this.open.length;
  }

  append(entries: readonly JournalEntry[]): void {
    // Serialising first also copies: later changes to the caller's objects never reach the journal.
    for (const entry of entries) {
      const json = JSON.stringify(entry);
      this.open.push(json);
      this.openChars += json.length;
      if (this.open.length >= CHUNK_ENTRIES || this.openChars >= CHUNK_CHARS) this.seal();
    }
  }

  entries(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const chunk of this.sealed) out.push(...(JSON.parse(inflateRawSync(chunk.bytes).toString('utf8')) as JournalEntry[]));
    for (const json of this.open) out.push(JSON.parse(json) as JournalEntry);
    return out;
  }

  truncate(length: number): void {
    if (length >= this.length) return;
    // Reopen whole chunks from the end until the cut falls among the open entries.
    while (this.sealedCount > length) {
      const chunk = this.sealed.pop()!;
      this.sealedCount -= chunk.count;
      const reopened = (JSON.parse(inflateRawSync(chunk.bytes).toString('utf8')) as JournalEntry[]).map((e) => JSON.stringify(e));
      this.open = [...reopened, ...this.open];
    }
    this.open.length = length - this.sealedCount;
    this.openChars = this.open.reduce((n, json) => n + json.length, 0);
  }

  private seal(): void {
    this.sealed.push({ count: this.open.length, bytes: deflateRawSync(`[${this.open.join(',')}]`, { level: 1 }) });
    this.sealedCount += this.open.length;
    this.open = [];
    this.openChars = 0;
  }
}

/** A fresh in-memory store. */
export function openMemoryStore(): Store {
  const journals = new Map<number, ChunkedJournal>();
  const meta = new Map<string, string>();
  const journal = (id: number) => {
    let j = journals.get(id);
    if (!j) journals.set(id, (j = new ChunkedJournal()));
    return j;
  };
  return {
    kind: 'memory',
    async append(chainId, entries) {
      journal(chainId).append(entries);
    },
    async load(chainId) {
      return journal(chainId).entries();
    },
    async length(chainId) {
      return journal(chainId).length;
    },
    async truncate(chainId, length) {
      journal(chainId).truncate(length);
    },
    async chainIds() {
      return [...journals.keys()].filter((id) => journal(id).length > 0).sort((a, b) => a - b);
    },
    async allMeta() {
      return Object.fromEntries(meta);
    },
    async getMeta(key) {
      return meta.get(key);
    },
    async setMeta(key, value) {
      meta.set(key, value);
    },
    async clear() {
      journals.clear();
      meta.clear();
    },
    async close() {},
  };
}
