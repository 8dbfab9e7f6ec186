/**
 * The store a network uses when none is given: journals in memory. Nothing survives the process, but
 * the network can still be dumped (`zkinterop_dump`), snapshotted and reverted the same way.
 */
import type { JournalEntry, Store } from './journal.ts';

/** A fresh in-memory store. */
export function openMemoryStore(): Store {
  const journals = new Map<number, JournalEntry[]>();
  const meta = new Map<string, string>();
  const journal = (id: number) => {
    let j = journals.get(id);
    if (!j) journals.set(id, (j = []));
    return j;
  };
  return {
    kind: 'memory',
    async append(chainId, entries) {
      journal(chainId).push(...structuredClone(entries));
    },
    async load(chainId) {
      return structuredClone(journal(chainId));
    },
    async length(chainId) {
      return journal(chainId).length;
    },
    async truncate(chainId, length) {
      journal(chainId).length = Math.min(journal(chainId).length, length);
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
