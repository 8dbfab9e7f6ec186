/**
 * A network's dump in parts, one per node (issue 16, docs/design/processes.md §1 #14): a node in its
 * own process holds only its own journal and the meta keys that are its own (`operatorKey:<id>`,
 * `genesis:<id>`, `relayerFunded:<id>`, Gateway's `genesisChains:<id>`: every key ending in `:<its id>`);
 * the keys naming no node (`network`, `chainsOnL1`, `relayerKey`) are the network's, kept by whoever
 * holds the network (the coordinator). `mergeNodeDumps` assembles today's `NetworkDump` from the parts
 * (`zkinterop_dumpNode` of each node, plus the network's keys), `splitNetworkDump` takes one node's
 * part back out of a dump (`up --processes --load` seeds each node's store with it), and
 * `networkMetaOf` the network's keys. Pure functions: no store is read or written here.
 */
import type { JournalEntry, NetworkDump } from './journal.ts';

/** One node's part of a dump: what `zkinterop_dumpNode` answers. */
export type NodeDump = { chainId: number; entries: JournalEntry[]; meta: Record<string, string> };

/** Whether meta key `key` is node `chainId`'s own (it ends in `:<chainId>`). */
export function nodeOwnsMetaKey(key: string, chainId: number): boolean {
  return key.endsWith(`:${chainId}`);
}

/** Whether meta key `key` belongs to no node (it ends in no `:<id>`): the network's own. */
export function isNetworkMetaKey(key: string): boolean {
  return !/:\d+$/.test(key);
}

/** The meta of `meta` that is node `chainId`'s own. */
export function nodeMetaOf(meta: Record<string, string>, chainId: number): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).filter(([key]) => nodeOwnsMetaKey(key, chainId)));
}

/** The meta of `dump` that belongs to no node (the network's: its chains, which settle on the L1, the relayer's key). */
export function networkMetaOf(dump: NetworkDump): Record<string, string> {
  return Object.fromEntries(Object.entries(dump.meta).filter(([key]) => isNetworkMetaKey(key)));
}

/**
 * One network dump from its nodes' parts and the network's own meta.
 * @throws Error when two parts are of one chain, or a part holds a meta key that is not its own
 * @example mergeNodeDumps(await Promise.all(nodes.map((n) => n.request('zkinterop_dumpNode', [auth]))), networkMeta)
 */
export function mergeNodeDumps(parts: readonly NodeDump[], networkMeta: Record<string, string> = {}): NetworkDump {
  const journals: Record<string, JournalEntry[]> = {};
  const meta: Record<string, string> = {};
  const seen = new Set<number>();
  for (const [key, value] of Object.entries(networkMeta)) {
    if (!isNetworkMetaKey(key)) throw new Error(`meta key ${key} names a node: it belongs in that node's part, not in the network's meta`);
    meta[key] = value;
  }
  for (const part of parts) {
    if (seen.has(part.chainId)) throw new Error(`two parts of chain ${part.chainId}: merge one part per node`);
    seen.add(part.chainId);
    // A node with nothing journaled yet has no journal, as dumpStore sees it.
    if (part.entries.length > 0) journals[String(part.chainId)] = part.entries;
    for (const [key, value] of Object.entries(part.meta)) {
      if (!nodeOwnsMetaKey(key, part.chainId)) throw new Error(`chain ${part.chainId}'s part holds meta key ${key}, which is not its own (its keys end in :${part.chainId})`);
      meta[key] = value;
    }
  }
  return { format: 'zkinterop-dump', version: 1, meta, journals };
}

/** Node `chainId`'s part of `dump`: its journal (empty if it has none) and its own meta keys. */
export function splitNetworkDump(dump: NetworkDump, chainId: number): NodeDump {
  return { chainId, entries: dump.journals[String(chainId)] ?? [], meta: nodeMetaOf(dump.meta, chainId) };
}
