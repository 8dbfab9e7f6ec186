/**
 * A data directory whose store file cannot be used says why, and what to do: a file that is not a
 * zkinterop store (garbage bytes, a damaged database, another program's database) is named as such
 * and the user is told to move it away or restore it; only path and permission problems blame the
 * path and its permissions.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/index.ts';

function dataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'zkinterop-store-'));
}

describe('opening a data directory whose store cannot be used', () => {
  it('error: a store file of garbage bytes is not a zkinterop store, and the message says to move it away', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'zkinterop.sqlite'), randomBytes(8192));
    const error = await openStore(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_CORRUPT' });
    expect((error as Error).message).toMatch(/is not a zkinterop store \(not an SQLite database at all\)/);
    expect((error as Error).message).toMatch(/Move it away .* or restore it from a backup/);
    expect((error as Error).message).not.toMatch(/permission/);
  });

  it('error: a damaged zkinterop store is called corrupt, and the message says to move it away or restore it', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'zkinterop.sqlite');
    const store = await openStore(dir);
    await store.setMeta('filler', 'x'.repeat(20_000));
    await store.close();
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(file);
    for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff; // keep the header, ruin every page
    writeFileSync(file, bytes);
    const error = await openStore(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_CORRUPT' });
    expect((error as Error).message).toMatch(/is a corrupt zkinterop store/);
    expect((error as Error).message).toMatch(/restore it from a backup/);
  });

  it("error: another program's SQLite database is not taken over as a store", async () => {
    const dir = dataDir();
    const file = path.join(dir, 'zkinterop.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    other.close();
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/is not a zkinterop store: .*other tables \(users\)/) });
    const tables = new Database(file).prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables.map((t) => t.name)).toEqual(['users']);
  });

  it('error: a data directory path that cannot be created still points at the path and its permissions', async () => {
    const file = path.join(dataDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openStore(path.join(file, 'data'))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/check the --data-dir path and its permissions/) });
  });

  // Root reads and writes any file, so a permission refusal can only be seen as another user.
  it.skipIf(process.getuid?.() === 0)('error: a data directory without write permission blames its permissions', async () => {
    const dir = dataDir();
    chmodSync(dir, 0o500);
    try {
      await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/permissions/) });
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
