/**
 * Opens the store a network persists to: `postgres://…` URLs select PostgreSQL, anything else is a
 * data directory for the embedded SQLite store; without either, journals stay in memory.
 */
import { openSqliteStore } from './sqliteStore.ts';
import type { Store } from './journal.ts';

export type { Store, JournalEntry, JournalTx, NetworkDump } from './journal.ts';
export { dumpStore, loadDump } from './journal.ts';
export { openMemoryStore } from './memoryStore.ts';

/**
 * @param location a data directory, or a postgres:// / postgresql:// URL
 * @param options.schema PostgreSQL only: the schema its tables live in (a node's own, `nodeSchemaName`);
 *   a data directory is one node's already
 * @throws ZkInteropError STORE_UNAVAILABLE when it cannot be opened
 */
export async function openStore(location: string, options: { schema?: string } = {}): Promise<Store> {
  // PostgreSQL's module (and `pg`, ~50 ms to load) only when asked for: a data directory's start does without it.
  if (/^postgres(ql)?:\/\//.test(location)) return (await import('./postgresStore.ts')).openPostgresStore(location, { schema: options.schema });
  return openSqliteStore(location);
}
