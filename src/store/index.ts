/**
 * Opens the store a network persists to: `postgres://…` URLs select PostgreSQL, anything else is a
 * data directory for the embedded SQLite store; without either, journals stay in memory.
 */
import { openPostgresStore } from './postgresStore.ts';
import { openSqliteStore } from './sqliteStore.ts';
import type { Store } from './journal.ts';

export type { Store, JournalEntry, JournalTx, NetworkDump } from './journal.ts';
export { dumpStore, loadDump } from './journal.ts';
export { openMemoryStore } from './memoryStore.ts';

/**
 * @param location a data directory, or a postgres:// / postgresql:// URL
 * @throws ZkInteropError STORE_UNAVAILABLE when it cannot be opened
 */
export async function openStore(location: string): Promise<Store> {
  return /^postgres(ql)?:\/\//.test(location) ? openPostgresStore(location) : openSqliteStore(location);
}
