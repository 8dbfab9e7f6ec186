import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import type { JournalEntry } from '../../src/store/journal.ts';

const sealed = (n: number): JournalEntry => ({ type: 'batchSealed', batchNumber: n, at: 1000 + n });
const numbers = (entries: JournalEntry[]) => entries.map((e) => (e as { batchNumber: number }).batchNumber);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('memory store', () => {
  it('returns a journal of many chunks in append order', async () => {
    const store = openMemoryStore();
    for (let i = 0; i < 1_000; i += 7) await store.append(271, range(i, Math.min(i + 7, 1_000)).map(sealed));
    expect(await store.length(271)).toBe(1_000);
    expect(await store.load(271)).toEqual(range(0, 1_000).map(sealed));
  });

  it('truncates inside a compressed chunk and keeps appending after the cut', async () => {
    const store = openMemoryStore();
    await store.append(271, range(0, 700).map(sealed));
    await store.truncate(271, 300);
    expect(await store.length(271)).toBe(300);
    await store.append(271, [sealed(9_999)]);
    expect(numbers(await store.load(271))).toEqual([...range(0, 300), 9_999]);
  });

  it('ignores a truncation beyond the journal', async () => {
    const store = openMemoryStore();
    await store.append(271, [sealed(1), sealed(2)]);
    await store.truncate(271, 5);
    expect(numbers(await store.load(271))).toEqual([1, 2]);
  });

  it('keeps a copy: changing an entry after appending it does not change the journal', async () => {
    const store = openMemoryStore();
    const entry = { type: 'block', number: 1, hash: '0x01', timestamp: 1, sealedAt: 1, roots: [], txs: [{ kind: 'raw', raw: '0xaa', receivedAt: 1 }] } as JournalEntry & { txs: unknown[] };
    await store.append(271, [entry]);
    entry.txs.push({ kind: 'raw', raw: '0xbb', receivedAt: 2 });
    const [loaded] = (await store.load(271)) as (JournalEntry & { txs: unknown[] })[];
    expect(loaded!.txs).toHaveLength(1);
  });

  it('lists only chains that have entries', async () => {
    const store = openMemoryStore();
    await store.append(272, [sealed(1)]);
    await store.append(271, [sealed(1)]);
    await store.truncate(272, 0);
    expect(await store.chainIds()).toEqual([271]);
  });
});
