/**
 * `eth_getLogs` over a long block range through any `RpcClient`, one page of blocks at a time, so a
 * caller stays within what a node answers: this node refuses a range wider than 100,000 blocks or more
 * than 10,000 logs (docs/security.md, "Request limits"), as reth, the ZKsync server and Infura refuse
 * theirs. A page refused for its width or its number of logs is asked again narrower (up to the end of
 * the ZKsync server's suggested range when it names one, else half as wide) and later pages widen again;
 * one block is never split. Pages come oldest first, or newest first for a search back from the head.
 */
import type { Hex } from 'viem';
import { numberToHex } from 'viem';
import { RpcClientError, type RpcClient } from './client.ts';

/** What the logs must match (the block range is the pager's). */
export type LogPageFilter = { address?: Hex | Hex[]; topics?: (Hex | Hex[] | null)[] };

/** Options of `getLogsInPages`. */
export type GetLogsInPagesOptions = {
  filter: LogPageFilter;
  /** first block (inclusive) */
  fromBlock: number;
  /** last block (inclusive); nothing is asked when it is below `fromBlock` */
  toBlock: number;
  /** blocks per page to start with (default 10,000: a tenth of this node's range limit) */
  pageBlocks?: number;
  /** newest page first (default: oldest first) */
  newestFirst?: boolean;
};

/** One page: its blocks (inclusive) and their matching logs, in the node's order. */
export type LogPage<T> = { fromBlock: number; toBlock: number; logs: T[] };

const DEFAULT_PAGE_BLOCKS = 10_000;

/** Messages of the range and result limits of this node, reth, the ZKsync server, Infura, Alchemy and others. */
const LIMIT_MESSAGE = /max block range|block range|more than \d+ results|too many (logs|results|blocks)|response size|limit exceeded|range (is )?too (large|wide)/i;
/** The ZKsync server's (and this node's) suggestion: "Try with this block range [0x1, 0x2]". */
const SUGGESTED_RANGE = /block range \[(0x[0-9a-fA-F]+), (0x[0-9a-fA-F]+)\]/;

/**
 * The logs of `fromBlock`..`toBlock` matching `filter`, page by page (see module header).
 * @yields one page at a time; stop early by leaving the loop
 * @throws RpcClientError for any other error, or a limit error for a single block
 * @example
 * for await (const page of getLogsInPages<Log>(gateway, { filter: { address }, fromBlock: 0, toBlock: head })) handle(page.logs);
 */
export async function* getLogsInPages<T = unknown>(client: RpcClient, options: GetLogsInPagesOptions): AsyncGenerator<LogPage<T>> {
  const widest = Math.max(1, Math.floor(options.pageBlocks ?? DEFAULT_PAGE_BLOCKS));
  let width = widest;
  let low = options.fromBlock;
  let high = options.toBlock;
  while (low <= high) {
    const from = options.newestFirst ? Math.max(low, high - width + 1) : low;
    const to = options.newestFirst ? high : Math.min(high, low + width - 1);
    let logs: T[];
    try {
      logs = await client.request<T[]>('eth_getLogs', [{ ...options.filter, fromBlock: numberToHex(from), toBlock: numberToHex(to) }]);
    } catch (error) {
      if (to === from || !isLimitError(error)) throw error;
      const suggestedTo = options.newestFirst ? undefined : suggestedEnd(error, from, to);
      width = suggestedTo !== undefined ? suggestedTo - from + 1 : Math.max(1, Math.floor((to - from + 1) / 2));
      continue;
    }
    yield { fromBlock: from, toBlock: to, logs };
    if (options.newestFirst) high = from - 1;
    else low = to + 1;
    width = Math.min(widest, width * 2);
  }
}

function isLimitError(error: unknown): boolean {
  return error instanceof RpcClientError && [-32602, -32005, -32000].includes(error.rpcCode) && LIMIT_MESSAGE.test(error.message);
}

/** The end of a suggested range that starts at `from` and is narrower than the page, if the error names one. */
function suggestedEnd(error: unknown, from: number, to: number): number | undefined {
  const match = SUGGESTED_RANGE.exec((error as Error).message);
  if (!match) return undefined;
  const start = Number(BigInt(match[1]!));
  const end = Number(BigInt(match[2]!));
  return start === from && end >= from && end < to ? end : undefined;
}
