/**
 * Log queries with bounded work (docs/security.md, "Request limits"): `eth_getLogs`, and
 * `eth_getFilterLogs` of the log filters a chain has installed (`LogFilters` keeps what each asked for).
 *
 * - The range is resolved against the chain's head, the last sealed block (what eth_blockNumber
 *   answers): a fromBlock past it answers `[]`, a toBlock past it means the head, as the ZKsync server and
 *   geth do. EDR's own cost grows with toBlock even past the head (~5 ns per block), so a toBlock of
 *   2^64-1 used to keep a chain's engine busy forever.
 * - A range of more than `maxLogBlockRange` blocks is refused (reth's words and code: -32602 "query
 *   exceeds max block range N"); over more than one block, more than `maxLogResults` logs are refused
 *   as the ZKsync server refuses them (-32602 "Query returned more than N results. Try with this block
 *   range [from, to]."), naming the widest range from the same start that fits. One block (or a
 *   blockHash) answers all its logs, as there.
 * - The engine is asked a window of blocks at a time, narrower where blocks hold many logs, so no
 *   single engine request is long (block sealing interleaves between windows) and a query stops as soon
 *   as it has more logs than the limit instead of gathering them all. Scanning costs EDR ~0.3-0.5 µs
 *   per block and ~10 µs per matching log (measured, 2 vCPUs): a full-width query is ~50 ms of engine
 *   work plus ~100 ms per 10,000 logs.
 * - Log filters: the engine tracks new blocks only (eth_getFilterChanges answers what arrived since the
 *   last poll, as geth's does); eth_getFilterLogs is `queryLogs` over what the filter asked for.
 * Logs subscriptions (eth_subscribe "logs") read one new block at a time and need none of this.
 */
import { numberToHex, type Hex } from 'viem';
import type { z } from 'zod';
import { InvalidParamsError } from '../../rpc/errors.ts';
import type { BlockSelector } from '../../rpc/schemas.ts';
import type { ChainNode } from '../chainNode.ts';
import { forwardToEngine } from './forwardToEngine.ts';
import { toEngineFilter, type logFilter } from './params.ts';
import { presentLogs } from './present.ts';
import type { RequestLimits } from './requestLimits.ts';

/** A log filter as the RPC schema gives it (block tags unresolved). */
export type LogFilterParams = z.output<typeof logFilter>;

type Json = Record<string, unknown>;

/** What a filter's blocks come to: one block by hash, nothing (it starts past the head), or a range. */
export type LogRange = { kind: 'hash' } | { kind: 'none' } | { kind: 'blocks'; from: number; to: number };

/** Most blocks one engine request scans. */
const WINDOW_BLOCKS = 2_000;
/** About how many logs one engine request should gather: windows narrow where blocks are full. */
const WINDOW_LOGS = 2_000;

/**
 * Resolves a filter's blocks against the head (see module header).
 * @throws InvalidParamsError (-32602) for blockHash together with a range, fromBlock after toBlock, or a
 *   range wider than `limits.maxLogBlockRange`
 * @example resolveLogRange(node, { fromBlock: { kind: 'number', number: 0n } }, limits) // { kind: 'blocks', from: 0, to: head }
 */
export function resolveLogRange(node: ChainNode, filter: LogFilterParams, limits: RequestLimits): LogRange {
  if (filter.blockHash !== undefined) {
    if (filter.fromBlock !== undefined || filter.toBlock !== undefined) throw blockHashWithRange();
    return { kind: 'hash' };
  }
  const head = BigInt(node.blockNumber);
  const from = blockOf(node, filter.fromBlock, head);
  if (from > head) return { kind: 'none' };
  const requestedTo = blockOf(node, filter.toBlock, head);
  const to = requestedTo > head ? head : requestedTo;
  if (from > to) throw new InvalidParamsError(`invalid block range params: fromBlock ${numberToHex(from)} is after toBlock ${numberToHex(to)}`);
  const span = to - from + 1n;
  if (span > BigInt(limits.maxLogBlockRange)) {
    throw new InvalidParamsError(
      `query exceeds max block range ${limits.maxLogBlockRange}: blocks ${numberToHex(from)} to ${numberToHex(to)} are ${span} blocks; ask for at most ${limits.maxLogBlockRange} at a time`,
      { code: 'LOG_RANGE_TOO_WIDE' },
    );
  }
  return { kind: 'blocks', from: Number(from), to: Number(to) };
}

/**
 * The logs a filter matches, presented for clients (ZKsync fields, client transaction hashes).
 * @throws InvalidParamsError (-32602) as `resolveLogRange`, or with more than `limits.maxLogResults` logs
 *   over more than one block; RpcError when the engine refuses the filter (e.g. an unknown blockHash)
 * @example await queryLogs(node, { address: MESSAGE_ROOT_ADDRESS, fromBlock: { kind: 'tag', tag: 'earliest' } }, limits)
 */
export async function queryLogs(node: ChainNode, filter: LogFilterParams, limits: RequestLimits): Promise<Json[]> {
  const range = resolveLogRange(node, filter, limits);
  if (range.kind === 'none') return [];
  const base = toEngineFilter(node, { ...filter, fromBlock: undefined, toBlock: undefined });
  if (range.kind === 'hash') return presentLogs(node, await forwardToEngine<Json[]>(node.engine, 'eth_getLogs', [base]));
  const logs: Json[] = [];
  let window = Math.min(WINDOW_BLOCKS, range.to - range.from + 1);
  for (let start = range.from; start <= range.to; ) {
    const end = Math.min(range.to, start + window - 1);
    const page = await forwardToEngine<Json[]>(node.engine, 'eth_getLogs', [{ ...base, fromBlock: numberToHex(start), toBlock: numberToHex(end) }]);
    for (const log of page) logs.push(log);
    if (range.from !== range.to && logs.length > limits.maxLogResults) throw tooManyLogs(range.from, logs[limits.maxLogResults]!, limits.maxLogResults);
    start = end + 1;
    window = page.length === 0 ? Math.min(WINDOW_BLOCKS, window * 2) : Math.max(1, Math.min(WINDOW_BLOCKS, Math.floor((window * WINDOW_LOGS) / page.length)));
  }
  return presentLogs(node, logs);
}

/** The ZKsync server's refusal of a filter with both a block hash and a range. */
function blockHashWithRange(): InvalidParamsError {
  return new InvalidParamsError('invalid filter: if blockHash is supplied fromBlock and toBlock must not be');
}

/** The ZKsync server's refusal, with the widest range from `from` whose logs fit (up to the block before the first log over the limit). */
function tooManyLogs(from: number, firstOver: Json, max: number): InvalidParamsError {
  const overBlock = Number(BigInt(firstOver.blockNumber as Hex));
  const fits = Math.max(from, overBlock - 1);
  return new InvalidParamsError(`Query returned more than ${max} results. Try with this block range [${numberToHex(from)}, ${numberToHex(fits)}].`, { code: 'TOO_MANY_LOGS' });
}

/** A filter bound as a block number: absent, `latest` and `pending` mean the head (geth's defaults). */
function blockOf(node: ChainNode, selector: Extract<BlockSelector, { kind: 'tag' | 'number' }> | undefined, head: bigint): bigint {
  if (selector === undefined) return head;
  if (selector.kind === 'number') return selector.number;
  switch (selector.tag) {
    case 'earliest':
      return 0n;
    case 'safe':
    case 'l1_committed':
      return BigInt(node.safeBlock());
    case 'finalized':
      return BigInt(node.finalizedBlock());
    case 'latest':
    case 'committed':
    case 'pending':
      return head;
  }
}

/**
 * The filter to install in the engine for `eth_newFilter`: its address and topics over the blocks after
 * the head only. eth_getFilterChanges then answers what new blocks bring, as geth's does (the engine,
 * like Hardhat, would otherwise gather every earlier log of the range at install, at a cost that grows
 * with toBlock); the earlier logs are eth_getFilterLogs' answer. A blockHash filter goes as it is.
 * @throws InvalidParamsError (-32602) for a blockHash together with a range
 */
export function engineFilterForChanges(node: ChainNode, filter: LogFilterParams): Json {
  if (filter.blockHash !== undefined) {
    if (filter.fromBlock !== undefined || filter.toBlock !== undefined) throw blockHashWithRange();
    return toEngineFilter(node, filter);
  }
  return { ...toEngineFilter(node, { ...filter, fromBlock: undefined, toBlock: undefined }), fromBlock: numberToHex(node.blockNumber + 1), toBlock: 'latest' };
}

/** The logs of `logs` inside the filter's numbered bounds (a filter may start or end at a future block number). */
export function withinFilterBounds(filter: LogFilterParams, logs: readonly Json[]): Json[] {
  const from = filter.fromBlock?.kind === 'number' ? filter.fromBlock.number : undefined;
  const to = filter.toBlock?.kind === 'number' ? filter.toBlock.number : undefined;
  if (from === undefined && to === undefined) return [...logs];
  return logs.filter((log) => {
    const block = BigInt(log.blockNumber as Hex);
    return (from === undefined || block >= from) && (to === undefined || block <= to);
  });
}

/** How long an unpolled log filter lives (geth's and Hardhat's 5 minutes). */
const FILTER_TIMEOUT_MS = 5 * 60_000;
/** Most log filters a chain keeps; installing one more forgets the least recently used (the ZKsync server's `filters_limit`). */
const MAX_LOG_FILTERS = 10_000;

/**
 * The log filters installed on one chain (eth_newFilter), by id: what each asked for, so that
 * eth_getFilterLogs runs as a bounded `queryLogs` instead of the engine's own unbounded one. The engine
 * keeps the filter too (`engineFilterForChanges`) and answers eth_getFilterChanges for new blocks. A
 * filter unpolled for five minutes expires; past 10,000 filters the least recently used one goes.
 */
export class LogFilters {
  private readonly filters = new Map<string, { filter: LogFilterParams; polledAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxFilters = MAX_LOG_FILTERS,
  ) {}

  /**
   * Remembers a filter the engine installed under `id`.
   * @returns the ids it forgot to make room or because they expired: uninstall them in the engine too
   */
  add(id: Hex, filter: LogFilterParams): Hex[] {
    const forgotten = this.expire();
    this.filters.set(key(id), { filter, polledAt: this.now() });
    for (const old of this.filters.keys()) {
      if (this.filters.size <= this.maxFilters) break;
      this.filters.delete(old);
      forgotten.push(old as Hex);
    }
    return forgotten;
  }

  /** The filter installed under `id`, unless unknown or expired (an expired one goes at the next `add`). */
  get(id: bigint | Hex): LogFilterParams | undefined {
    const entry = this.filters.get(key(id));
    if (!entry || this.now() - entry.polledAt > FILTER_TIMEOUT_MS) return undefined;
    return entry.filter;
  }

  /** Marks a filter as polled (eth_getFilterChanges): it lives five more minutes and is the most recently used. */
  touch(id: bigint | Hex): void {
    const entry = this.filters.get(key(id));
    if (!entry) return;
    this.filters.delete(key(id));
    this.filters.set(key(id), { ...entry, polledAt: this.now() });
  }

  /** Forgets a filter (uninstalled, or unknown to the engine). */
  remove(id: bigint | Hex): void {
    this.filters.delete(key(id));
  }

  /** Filters remembered now. */
  get size(): number {
    return this.filters.size;
  }

  private expire(): Hex[] {
    const expired: Hex[] = [];
    const now = this.now();
    // Entries are in the order they were last polled (touch moves one to the end), so the expired ones lead.
    for (const [id, entry] of this.filters) {
      if (now - entry.polledAt <= FILTER_TIMEOUT_MS) break;
      expired.push(id as Hex);
    }
    for (const id of expired) this.filters.delete(id);
    return expired;
  }
}

function key(id: bigint | Hex): Hex {
  return numberToHex(typeof id === 'bigint' ? id : BigInt(id));
}
