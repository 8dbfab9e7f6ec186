/**
 * The embedded store: one SQLite file (better-sqlite3, WAL). With `synchronous = NORMAL` in WAL mode a
 * committed transaction survives the process being killed (the OS holds the write); FULL would also
 * survive power loss at a cost this local tool does not need.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ZkInteropError } from '../errors.ts';
import type { JournalEntry, Store } from './journal.ts';

/** The tables a zkinterop store holds; a database with any other table belongs to something else. */
const STORE_TABLES = ['journal', 'meta'];

/**
 * Opens (or creates) the store in `dataDir/zkinterop.sqlite`.
 * @throws ZkInteropError STORE_UNAVAILABLE when the directory or file cannot be opened (path,
 *   permissions); STORE_CORRUPT when the file is not an SQLite database, is damaged, or is another
 *   program's database (the message says to move it away or restore it)
 */
export function openSqliteStore(dataDir: string): Store {
  let db: Database.Database;
  let opened: Database.Database | undefined;
  const file = path.join(dataDir, 'zkinterop.sqlite');
  try {
    mkdirSync(dataDir, { recursive: true });
    db = opened = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const foreign = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((t) => t.name)
      .filter((name) => !STORE_TABLES.includes(name));
    if (foreign.length > 0) {
      throw new ZkInteropError(
        'STORE_CORRUPT',
        `${file} is not a zkinterop store: it is an SQLite database with other tables (${foreign.slice(0, 5).join(', ')}). ` +
          'Point --data-dir at a directory of its own (an empty one starts a new network), or move that file away',
      );
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS journal (chain_id INTEGER NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (chain_id, seq));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  } catch (cause) {
    opened?.close();
    throw openError(file, cause);
  }
  const nextSeq = new Map<number, number>();
  const maxSeq = db.prepare<[number], { m: number | null }>('SELECT MAX(seq) AS m FROM journal WHERE chain_id = ?');
  const insert = db.prepare<[number, number, string]>('INSERT INTO journal (chain_id, seq, entry) VALUES (?, ?, ?)');
  const select = db.prepare<[number], { entry: string }>('SELECT entry FROM journal WHERE chain_id = ? ORDER BY seq');
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const count = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM journal WHERE chain_id = ?');
  const cut = db.prepare<[number, number]>('DELETE FROM journal WHERE chain_id = ? AND seq > ?');
  const ids = db.prepare<[], { chain_id: number }>('SELECT DISTINCT chain_id FROM journal ORDER BY chain_id');
  const metaAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta');
  const appendMany = db.transaction((chainId: number, entries: readonly JournalEntry[]) => {
    let seq = nextSeq.get(chainId) ?? (maxSeq.get(chainId)?.m ?? 0) + 1;
    for (const e of entries) insert.run(chainId, seq++, JSON.stringify(e));
    nextSeq.set(chainId, seq);
  });
  let closed = false;
  const guard = () => {
    if (closed) throw new ZkInteropError('STORE_CLOSED', 'the store is closed; the network is stopping');
  };

  return {
    kind: 'sqlite',
    async append(chainId, entries) {
      guard();
      if (entries.length > 0) appendMany(chainId, entries);
    },
    async load(chainId) {
      guard();
      return select.all(chainId).map((r) => JSON.parse(r.entry) as JournalEntry);
    },
    async length(chainId) {
      guard();
      return count.get(chainId)?.n ?? 0;
    },
    async truncate(chainId, length) {
      guard();
      // Sequence numbers start at 1 and have no gaps, so the first `length` entries are seq ≤ length.
      cut.run(chainId, length);
      nextSeq.set(chainId, length + 1);
    },
    async chainIds() {
      guard();
      return ids.all().map((r) => r.chain_id);
    },
    async allMeta() {
      guard();
      return Object.fromEntries(metaAll.all().map((r) => [r.key, r.value]));
    },
    async getMeta(key) {
      guard();
      return getMeta.get(key)?.value;
    },
    async setMeta(key, value) {
      guard();
      setMeta.run(key, value);
    },
    async clear() {
      guard();
      db.exec('DELETE FROM journal; DELETE FROM meta;');
      nextSeq.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/**
 * Why the store could not be opened, in words that say what to do: a file that is not an SQLite
 * database or is damaged is not a permission problem, and moving it away (or restoring it) is the fix.
 */
function openError(file: string, cause: unknown): ZkInteropError {
  if (cause instanceof ZkInteropError) return cause;
  const code = (cause as { code?: unknown } | null)?.code;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    const what = code === 'SQLITE_NOTADB' ? 'is not a zkinterop store (not an SQLite database at all)' : 'is a corrupt zkinterop store (the database is damaged)';
    return new ZkInteropError(
      'STORE_CORRUPT',
      `${file} ${what}: SQLite says "${detail}". Move it away (with any ${path.basename(file)}-wal and -shm files beside it) to start a new network in that directory, ` +
        'or restore it from a backup, or start from a dump into an empty directory (zkinterop up --load <dump> --data-dir <empty dir>)',
      { cause },
    );
  }
  return new ZkInteropError('STORE_UNAVAILABLE', `cannot open the SQLite store at ${file} (${detail}): check the --data-dir path and its permissions`, { cause });
}
