/**
 * What a chain writes down so it can come back after a restart or a crash. EDR cannot dump its state,
 * so zkinterop keeps the inputs instead: every sealed block's imported roots and transactions (with
 * the timestamp it was mined at), system operations, batch seals, settlement stages, the dev methods'
 * changes between blocks (account state, impersonation, the block clock), and the transactions that wait
 * in the pool for an earlier nonce (a mined one is in its block's entry too), in order.
 * Replaying them into a fresh engine rebuilds the same blocks, hashes, receipts and books.
 */
import type { Address, Hex } from 'viem';
import type { InteropRootRef } from '../chain/types.ts';
import type { GatewayInclusion } from '../wire/types.ts';

/** A user transaction as submitted (enough to submit it again, identically). */
export type JournalTx =
  | { kind: 'raw'; raw: Hex; receivedAt: number }
  /** a ZKsync EIP-712 transaction: `raw` is the signed 0x71 bytes (decoded again on replay) */
  | { kind: 'zksync'; raw: Hex; receivedAt: number }
  | { kind: 'dev'; request: Record<string, unknown>; receivedAt: number };

/** One entry of a chain's journal. */
export type JournalEntry =
  | { type: 'block'; number: number; hash: Hex; timestamp: number; sealedAt: number; roots: InteropRootRef[]; txs: JournalTx[] }
  /** blocks mined by a system operation (registering a chain on Gateway at runtime; on the L1, `settlementLayer` names the layer a chain settles on) */
  | { type: 'registerChain'; chainId: number; operator: Address; operatorBalance: string; settlementLayer?: number; blocks: { number: number; hash: Hex; timestamp: number }[] }
  | { type: 'batchSealed'; batchNumber: number; at: number }
  /** a chain added at runtime became a bundle destination here, between blocks (src/chain/interopDestinations.ts) */
  | { type: 'interopChain'; chainId: number }
  /** a transaction that went to wait in the pool for an earlier nonce of its sender (src/chain/txPool.ts) */
  | { type: 'pooled'; tx: Extract<JournalTx, { kind: 'raw' | 'zksync' }> }
  | { type: 'batchStage'; batchNumber: number; stage: 'committed' | 'proved' | 'executed' | 'failed'; txHash?: Hex; at: number; error?: string; inclusion?: GatewayInclusion }
  | DevJournalEntry;

/**
 * What the dev methods (src/chain/rpc/hardhatNamespace.ts) change between blocks, replayed in order:
 * an account's state set on the engine (`hardhat_setBalance` …, the engine method and its params), an
 * account `eth_sendTransaction` may name or no longer (impersonation), and the block clock after a
 * change (time offset in seconds, and the timestamp the next block takes, if one is set).
 */
export type DevJournalEntry =
  | { type: 'devState'; method: 'hardhat_setBalance' | 'hardhat_setCode' | 'hardhat_setNonce' | 'hardhat_setStorageAt'; params: string[] }
  | { type: 'impersonation'; address: Address; active: boolean }
  | { type: 'clock'; offset: number; next: number | null };

/**
 * Where journals live. Appends are durable when the promise resolves (committed to the database),
 * which is what lets a chain acknowledge a transaction only once it would survive a crash.
 */
export interface Store {
  /** 'sqlite' or 'postgres' */
  readonly kind: string;
  /** Appends entries to a chain's journal in one transaction. */
  append(chainId: number, entries: readonly JournalEntry[]): Promise<void>;
  /** A chain's journal, in append order. */
  load(chainId: number): Promise<JournalEntry[]>;
  /** Number of entries in a chain's journal. */
  length(chainId: number): Promise<number>;
  /** Drops every entry of a chain's journal after the first `length` (a network revert). */
  truncate(chainId: number, length: number): Promise<void>;
  /** Every chain id that has a journal. */
  chainIds(): Promise<number[]>;
  /** Every meta key and value. */
  allMeta(): Promise<Record<string, string>>;
  /** A small value kept with the journals (network layout, genesis times). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Deletes everything (a fresh start on the same database). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** A whole network as data: what `zkinterop_dump` returns and `up --load` takes. */
export type NetworkDump = { format: 'zkinterop-dump'; version: 1; meta: Record<string, string>; journals: Record<string, JournalEntry[]> };

/** Reads everything a store holds into a dump. */
export async function dumpStore(store: Store): Promise<NetworkDump> {
  const journals: Record<string, JournalEntry[]> = {};
  for (const id of await store.chainIds()) journals[String(id)] = await store.load(id);
  return { format: 'zkinterop-dump', version: 1, meta: await store.allMeta(), journals };
}

/** Writes a dump into an empty store. */
export async function loadDump(store: Store, dump: NetworkDump): Promise<void> {
  for (const [key, value] of Object.entries(dump.meta)) await store.setMeta(key, value);
  for (const [id, entries] of Object.entries(dump.journals)) await store.append(Number(id), entries);
}
