/**
 * EthWatch for one chain: follows Gateway's `NewInteropRoot` events (MessageRoot, 0x…10005), up to
 * Gateway's latest block, or its finalized one where Gateway settles on an L1 (SPEC §10), and hands
 * each Gateway block's interop root on (`onRoots`: the chain's root relay, src/relay/), and the chain imports
 * it at the start of its next block.
 * Gateway emits one `NewInteropRoot` per appended batch, but `historicalRoot[block]` keeps only the last
 * write of a block, so the watcher takes the last event of each block: importing an earlier one would
 * store a root Gateway never kept, and the chain's next batch would fail at execute.
 * It talks to Gateway only through an RpcClient, so Gateway may be in another process, and reads a
 * long stretch of Gateway blocks (a chain added late, a restart) in pages within Gateway's eth_getLogs
 * limits, handing on each page's roots and moving its position page by page.
 */
import type { Hex, Log } from 'viem';
import { decodeEventLog, encodeEventTopics } from 'viem';
import type { RpcClient } from '../rpc/client.ts';
import { getLogsInPages } from '../rpc/getLogsInPages.ts';
import { MESSAGE_ROOT_ADDRESS } from '../protocol/constants.ts';
import { messageRootAbi } from '../contracts/index.ts';
import type { InteropRootRef } from '../chain/types.ts';

export type WatcherOptions = {
  gateway: RpcClient;
  /** the chain this watcher feeds (its own chain id is skipped) */
  chainId: number;
  /** how often to look at Gateway (ms) */
  pollMs: number;
  /**
   * how far to read: Gateway's latest block (default), or its `finalized` one, where Gateway settles on
   * an L1 (SPEC §10: roots are imported only from finalized Gateway blocks)
   */
  head?: 'latest' | 'finalized';
  /** the last Gateway block already looked at (restored after a restart) */
  fromBlock?: number;
  /** receives the roots of each poll, in Gateway block order */
  onRoots: (roots: InteropRootRef[]) => void | Promise<void>;
  /** told about a failed poll (Gateway away); the watcher retries on the next tick */
  onError?: (error: unknown) => void;
};

const newInteropRootTopic = encodeEventTopics({ abi: messageRootAbi, eventName: 'NewInteropRoot' })[0] as Hex;

/** Polls Gateway for interop roots; see module header. */
export class Watcher {
  private lastBlock: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: WatcherOptions) {
    this.lastBlock = options.fromBlock ?? 0;
  }

  /** The last Gateway block whose events were handed on. */
  get position(): number {
    return this.lastBlock;
  }

  /** Moves the watcher to a Gateway block (network revert). */
  reset(lastBlock: number): void {
    this.lastBlock = lastBlock;
  }

  /** Changes how often it polls (ms). */
  setPollMs(ms: number): void {
    this.options.pollMs = ms;
  }

  /** How often it polls (ms). */
  get pollMs(): number {
    return this.options.pollMs;
  }

  /** Whether it polls (started and not stopped since). */
  get running(): boolean {
    return !this.stopped;
  }

  /** Starts polling. */
  start(): void {
    this.stopped = false;
    this.tick();
  }

  /** Stops polling and waits for a poll in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** Polls once now (used by manual mode and tests). */
  async pollNow(): Promise<void> {
    if (this.polling) await this.polling;
    this.polling = this.poll();
    try {
      await this.polling;
    } finally {
      this.polling = undefined;
    }
  }

  private tick(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow()
        .catch((error) => this.options.onError?.(error))
        .finally(() => this.tick());
    }, this.options.pollMs);
  }

  private async head(): Promise<number> {
    if (this.options.head !== 'finalized') return Number(BigInt(await this.options.gateway.request<Hex>('eth_blockNumber')));
    const block = await this.options.gateway.request<{ number: Hex } | null>('eth_getBlockByNumber', ['finalized', false]);
    return block ? Number(BigInt(block.number)) : 0;
  }

  private async poll(): Promise<void> {
    const latest = await this.head();
    if (latest <= this.lastBlock) return;
    const pages = getLogsInPages<Log>(this.options.gateway, {
      filter: { address: MESSAGE_ROOT_ADDRESS, topics: [newInteropRootTopic] },
      fromBlock: this.lastBlock + 1,
      toBlock: latest,
    });
    // Pages never split a block, so the last root of each block is still the last of its page.
    for await (const page of pages) {
      const roots = lastRootPerBlock(page.logs).filter((r) => r.chainId !== this.options.chainId);
      if (roots.length > 0) await this.options.onRoots(roots);
      this.lastBlock = page.toBlock;
    }
  }
}

/** The interop root each Gateway block ended with: the last NewInteropRoot of the block. */
export function lastRootPerBlock(logs: readonly Log[]): InteropRootRef[] {
  const byBlock = new Map<number, InteropRootRef>();
  const ordered = [...logs].sort((a, b) => Number(BigInt(a.blockNumber ?? 0) - BigInt(b.blockNumber ?? 0)) || Number(BigInt(a.logIndex ?? 0) - BigInt(b.logIndex ?? 0)));
  for (const log of ordered) {
    const ev = decodeEventLog({ abi: messageRootAbi, data: log.data, topics: log.topics });
    if (ev.eventName !== 'NewInteropRoot') continue;
    const root = ev.args.sides[0];
    if (!root) continue;
    const blockNumber = Number(ev.args.blockNumber);
    byBlock.set(blockNumber, { chainId: Number(ev.args.chainId), blockNumber, root });
  }
  return [...byBlock.values()];
}
