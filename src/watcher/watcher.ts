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
 * It reads when Gateway's tag it follows moves past its position, as Gateway's client pushes the tags
 * (`followTags`: in-process, or over Gateway's WebSocket), and otherwise only every `FALLBACK_POLL_MS` (a
 * lost push); while the subscription is not live (a socket away) and with a client that cannot push, it
 * polls every `pollMs`, as before push existed.
 * A burst of Gateway blocks costs one read (wakeLoop.ts), and an idle Gateway costs nothing but the slow poll.
 */
import type { Hex, Log } from 'viem';
import { decodeEventLog, encodeEventTopics } from 'viem';
import type { RpcClient, TagsEvent } from '../rpc/client.ts';
import { FALLBACK_POLL_MS, WakeLoop } from '../rpc/wakeLoop.ts';
import { getLogsInPages } from '../rpc/getLogsInPages.ts';
import { MESSAGE_ROOT_ADDRESS } from '../protocol/constants.ts';
import { messageRootAbi } from '../contracts/index.ts';
import type { InteropRootRef } from '../chain/types.ts';

export type WatcherOptions = {
  gateway: RpcClient;
  /** the chain this watcher feeds (its own chain id is skipped) */
  chainId: number;
  /** how often to look at Gateway (ms) when its client cannot push its tags (see module header) */
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
  /** told about a failed read (Gateway away); the watcher reads again at the next push or poll */
  onError?: (error: unknown) => void;
};

const newInteropRootTopic = encodeEventTopics({ abi: messageRootAbi, eventName: 'NewInteropRoot' })[0] as Hex;

/** Follows Gateway's interop roots; see module header. */
export class Watcher {
  private lastBlock: number;
  private readonly loop: WakeLoop;
  private unfollow: (() => void) | undefined;
  /** whether Gateway's tags are pushed now (its subscription answered, its socket not dropped since) */
  private live = false;
  /** the tag it follows as last pushed (read instead of asking Gateway again), until a reset or a lost push */
  private pushedHead: number | undefined;

  constructor(private readonly options: WatcherOptions) {
    this.lastBlock = options.fromBlock ?? 0;
    this.loop = new WakeLoop({
      work: () => this.poll(),
      intervalMs: () => (this.live ? Math.max(this.options.pollMs, FALLBACK_POLL_MS) : this.options.pollMs),
      onError: (error) => this.options.onError?.(error),
    });
  }

  /** The last Gateway block whose events were handed on. */
  get position(): number {
    return this.lastBlock;
  }

  /** Moves the watcher to a Gateway block (network revert); it reads from there at once if running. */
  reset(lastBlock: number): void {
    this.lastBlock = lastBlock;
    // Gateway went back too: its tag is read again, not taken from a push of the abandoned history.
    this.pushedHead = undefined;
    this.loop.wake();
  }

  /** Changes how often it polls a client that cannot push (ms). */
  setPollMs(ms: number): void {
    this.options.pollMs = ms;
  }

  /** How often it polls a client that cannot push (ms). */
  get pollMs(): number {
    return this.options.pollMs;
  }

  /** Whether it follows Gateway (started and not stopped since). */
  get running(): boolean {
    return this.loop.active;
  }

  /** Starts following: reads now, then on each push that moves its tag past the position. */
  start(): void {
    if (this.loop.active) return;
    this.unfollow = this.options.gateway.followTags?.((tags) => this.pushed(tags));
    this.loop.start();
  }

  /** Stops following and waits for a read in flight. */
  async stop(): Promise<void> {
    this.unfollow?.();
    this.unfollow = undefined;
    this.live = false;
    this.pushedHead = undefined;
    await this.loop.stop();
  }

  /** Reads once now (used by manual mode and tests). */
  async pollNow(): Promise<void> {
    await this.loop.runNow();
  }

  /** A push: read when the tag this watcher follows is past its position, or the subscription (re)started or dropped. */
  private pushed(event: TagsEvent): void {
    if (event === 'subscribed' || event === 'lost') {
      this.live = event === 'subscribed';
      this.pushedHead = undefined;
    } else {
      this.pushedHead = this.options.head === 'finalized' ? event.finalized : event.latest;
      if (this.pushedHead <= this.lastBlock) return;
    }
    this.loop.wake();
  }

  private async head(): Promise<number> {
    // Pushed since the subscription (re)started: Gateway's tag as of its last move, without asking again.
    if (this.live && this.pushedHead !== undefined) return this.pushedHead;
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
