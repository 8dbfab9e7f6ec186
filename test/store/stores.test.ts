import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import type { JournalEntry } from '../../src/store/journal.ts';
import { postgresBackend, sqliteBackend, type StoreBackend } from '../support/stores.ts';

const pgBackend = await postgresBackend();
const backends: [string, () => StoreBackend][] = [['sqlite', sqliteBackend]];
if (!('skip' in pgBackend)) backends.push(['postgres', () => pgBackend]);

const sealed = (n: number): JournalEntry => ({ type: 'batchSealed', batchNumber: n, at: 1000 + n });

describe.each(backends)('%s store', (_name, make) => {
  let backend: StoreBackend;
  beforeAll(() => {
    backend = make();
  });
  afterAll(() => backend.cleanup());

  it('returns a chain journal in append order across appends and reopening', async () => {
    const location = await backend.location();
    const store = await openStore(location);
    await store.append(271, [sealed(1), sealed(2)]);
    await store.append(272, [sealed(9)]);
    await store.append(271, [sealed(3)]);
    await store.close();
    const reopened = await openStore(location);
    expect(await reopened.load(271)).toEqual([sealed(1), sealed(2), sealed(3)]);
    expect(await reopened.load(272)).toEqual([sealed(9)]);
    await reopened.append(271, [sealed(4)]);
    expect((await reopened.load(271)).map((e) => (e as { batchNumber: number }).batchNumber)).toEqual([1, 2, 3, 4]);
    await reopened.close();
  });

  it('keeps meta values and overwrites them', async () => {
    const store = await openStore(await backend.location());
    expect(await store.getMeta('network')).toBeUndefined();
    await store.setMeta('network', 'a');
    await store.setMeta('network', 'b');
    expect(await store.getMeta('network')).toBe('b');
    await store.close();
  });

  it('clear empties journals and meta', async () => {
    const store = await openStore(await backend.location());
    await store.append(1, [sealed(1)]);
    await store.setMeta('k', 'v');
    await store.clear();
    expect(await store.load(1)).toEqual([]);
    expect(await store.getMeta('k')).toBeUndefined();
    await store.close();
  });

  it('refuses to work after close with a clear error', async () => {
    const store = await openStore(await backend.location());
    await store.close();
    await expect(store.load(1)).rejects.toThrow(/store is closed/);
  });
});

describe('store errors', () => {
  it('an unreachable PostgreSQL server gives STORE_UNAVAILABLE without the password', async () => {
    await expect(openStore('postgres://user:secret@127.0.0.1:1/db')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.not.stringContaining('secret') });
  });

  it('an unusable data directory gives STORE_UNAVAILABLE', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zkinterop-file-')), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openStore(path.join(file, 'data'))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
