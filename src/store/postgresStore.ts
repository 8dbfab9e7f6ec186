/**
 * The server store: PostgreSQL through `pg`. Each append is one transaction; a journal survives
 * anything the database survives. Selected with `--db postgres://…`. A network in one process keeps its
 * two tables in the database's default schema; with `schema` (one node of a network of processes, issue 16,
 * docs/design/processes.md §3) the same two tables live in that schema, so every node of one database
 * has its own journal and meta (its operator key among them), and clearing or truncating touches its own only.
 */
import pg from 'pg';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import type { JournalEntry, Store } from './journal.ts';

/** Where one node keeps its tables in a database shared by a network's processes. */
export function nodeSchemaName(chainId: number): string {
  return `zkinterop_node_${chainId}`;
}

/** A plain lower-case identifier: safe to put in SQL as it is, and the same name PostgreSQL folds to. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export type PostgresStoreOptions = {
  /**
   * the schema holding this store's tables, created if needed (default: none, the database's default
   * schema, as one process has always used); a plain identifier such as `nodeSchemaName(271)`
   */
  schema?: string;
};

/**
 * Connects and creates the tables (and the schema, if one is named) if needed.
 * @throws InvalidArgumentError when `schema` is not a plain lower-case identifier
 * @throws ZkInteropError STORE_UNAVAILABLE when the server cannot be reached (with what to check)
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new InvalidArgumentError(`"${schema}" is not a schema name zkinterop uses: give a lower-case identifier of letters, digits and _ (at most 63), such as ${nodeSchemaName(271)}`);
  }
  // Table names, qualified by the schema when there is one (validated above, so quoting is all it needs).
  const journal = schema === undefined ? 'zkinterop_journal' : `"${schema}".zkinterop_journal`;
  const meta = schema === undefined ? 'zkinterop_meta' : `"${schema}".zkinterop_meta`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client that loses its server must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  try {
    await pool.query(`
      ${schema === undefined ? '' : `CREATE SCHEMA IF NOT EXISTS "${schema}";`}
      CREATE TABLE IF NOT EXISTS ${journal} (chain_id BIGINT NOT NULL, seq BIGINT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (chain_id, seq));
      CREATE TABLE IF NOT EXISTS ${meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw unavailable(url, cause);
  }
  const nextSeq = new Map<number, number>();
  // Appends of one chain run one after another: each takes the next sequence numbers.
  const appendQueues = new Map<number, Promise<unknown>>();
  let closed = false;
  const run = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) throw new ZkInteropError('STORE_CLOSED', 'the store is closed; the network is stopping');
    try {
      return await fn();
    } catch (cause) {
      throw new ZkInteropError('STORE_FAILED', `PostgreSQL ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}; is the database still up?`, { cause });
    }
  };

  const appendNow = (chainId: number, entries: readonly JournalEntry[]) =>
    run('append', async () => {
        if (entries.length === 0) return;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          let seq = nextSeq.get(chainId);
          if (seq === undefined) {
            const r = await client.query<{ m: string | null }>(`SELECT MAX(seq) AS m FROM ${journal} WHERE chain_id = $1`, [chainId]);
            seq = Number(r.rows[0]?.m ?? 0) + 1;
          }
          const values: unknown[] = [];
          const rows = entries.map((e, i) => {
            values.push(chainId, seq! + i, JSON.stringify(e));
            return `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`;
          });
          await client.query(`INSERT INTO ${journal} (chain_id, seq, entry) VALUES ${rows.join(', ')}`, values);
          await client.query('COMMIT');
          nextSeq.set(chainId, seq + entries.length);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          nextSeq.delete(chainId);
          throw error;
        } finally {
          client.release();
        }
    });

  return {
    kind: 'postgres',
    append: (chainId, entries) => {
      const previous = appendQueues.get(chainId) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(() => appendNow(chainId, entries));
      appendQueues.set(chainId, next);
      return next;
    },
    load: (chainId) =>
      run('load', async () => {
        const r = await pool.query<{ entry: string }>(`SELECT entry FROM ${journal} WHERE chain_id = $1 ORDER BY seq`, [chainId]);
        return r.rows.map((row) => JSON.parse(row.entry) as JournalEntry);
      }),
    length: (chainId) =>
      run('count', async () => {
        await appendQueues.get(chainId)?.catch(() => undefined);
        const r = await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${journal} WHERE chain_id = $1`, [chainId]);
        return Number(r.rows[0]?.n ?? 0);
      }),
    truncate: (chainId, length) =>
      run('truncate', async () => {
        await appendQueues.get(chainId)?.catch(() => undefined);
        await pool.query(`DELETE FROM ${journal} WHERE chain_id = $1 AND seq > $2`, [chainId, length]);
        nextSeq.set(chainId, length + 1);
      }),
    chainIds: () =>
      run('read', async () => {
        const r = await pool.query<{ chain_id: string }>(`SELECT DISTINCT chain_id FROM ${journal} ORDER BY chain_id`);
        return r.rows.map((row) => Number(row.chain_id));
      }),
    allMeta: () =>
      run('read', async () => {
        const r = await pool.query<{ key: string; value: string }>(`SELECT key, value FROM ${meta}`);
        return Object.fromEntries(r.rows.map((row) => [row.key, row.value]));
      }),
    getMeta: (key) =>
      run('read', async () => {
        const r = await pool.query<{ value: string }>(`SELECT value FROM ${meta} WHERE key = $1`, [key]);
        return r.rows[0]?.value;
      }),
    setMeta: (key, value) =>
      run('write', async () => {
        await pool.query(`INSERT INTO ${meta} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [key, value]);
      }),
    clear: () =>
      run('clear', async () => {
        await pool.query(`DELETE FROM ${journal}; DELETE FROM ${meta};`);
        nextSeq.clear();
      }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

function unavailable(url: string, cause: unknown): ZkInteropError {
  const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return new ZkInteropError('STORE_UNAVAILABLE', `cannot reach PostgreSQL at ${safe}: ${cause instanceof Error ? cause.message : String(cause)}; check that the server runs and the URL is right`, { cause });
}
