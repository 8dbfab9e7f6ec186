/**
 * The two store backends as test fixtures: SQLite in a temp dir, and PostgreSQL on a throwaway
 * server (skipped, with the reason printed, only when no server can be started).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPostgres, type RunningPostgres } from './postgres.ts';

/** A backend: `location()` gives a fresh, empty place each call (dir or database URL). */
export type StoreBackend = { name: 'sqlite' | 'postgres'; location(): Promise<string>; cleanup(): Promise<void> };

/** SQLite in temporary directories. */
export function sqliteBackend(): StoreBackend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async location() {
      const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-sqlite-'));
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL: one server, a fresh database per location; or the reason it is unavailable. */
export async function postgresBackend(): Promise<StoreBackend | { skip: string }> {
  const server = await startPostgres();
  if ('skip' in server) {
    console.warn(`[zkinterop tests] PostgreSQL tests skipped: ${server.skip}`);
    return server;
  }
  const pg = await import('pg');
  let n = 0;
  return {
    name: 'postgres',
    async location() {
      const name = `zk_${process.pid}_${++n}`;
      const admin = new pg.default.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return server.url.replace(/\/postgres$/, `/${name}`);
    },
    async cleanup() {
      (server as RunningPostgres).stop();
    },
  };
}
