/**
 * Tells the coordinator of every block its chains seal when the chains run in other processes
 * (docs/design/processes.md §1 #5): one WebSocket per chain, subscribed with `eth_subscribe newHeads`,
 * and `onHead(chainId)` for each head (the bundle index's `blockSealed`, as the in-process network's
 * `onSealedBlock` hook). A socket that drops or cannot connect (the node restarting) is opened again
 * every `retryMs`, and `onHead` runs once it is subscribed again, so blocks sealed meanwhile are read
 * on that turn; nothing is lost, as the index reads ranges of blocks, not the heads themselves.
 */
import { WebSocket } from 'ws';

/** Options of a HeadsFollower. */
export type HeadsFollowerOptions = {
  /** a chain sealed a block (or its socket came back) */
  onHead: (chainId: number) => void;
  /** pause before opening a dropped socket again (ms; default 500) */
  retryMs?: number;
};

type Followed = { wsUrl: string; socket: WebSocket | undefined; retry: NodeJS.Timeout | undefined };

/** newHeads subscriptions on the chains' WebSockets; see module header. */
export class HeadsFollower {
  private readonly followed = new Map<number, Followed>();
  private stopped = false;

  constructor(private readonly options: HeadsFollowerOptions) {}

  /** Follows chain `chainId` at `wsUrl` (again, at a new URL, when it is followed already). */
  follow(chainId: number, wsUrl: string): void {
    this.unfollow(chainId);
    const entry: Followed = { wsUrl, socket: undefined, retry: undefined };
    this.followed.set(chainId, entry);
    this.open(chainId, entry);
  }

  /** Stops following chain `chainId`. */
  unfollow(chainId: number): void {
    const entry = this.followed.get(chainId);
    if (!entry) return;
    this.followed.delete(chainId);
    clearTimeout(entry.retry);
    entry.socket?.terminate();
  }

  /** Closes every socket. */
  stop(): void {
    this.stopped = true;
    for (const chainId of [...this.followed.keys()]) this.unfollow(chainId);
  }

  private open(chainId: number, entry: Followed): void {
    if (this.stopped || this.followed.get(chainId) !== entry) return;
    const socket = new WebSocket(entry.wsUrl);
    entry.socket = socket;
    socket.on('open', () => socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] })));
    socket.on('message', (data) => {
      let message: { id?: unknown; method?: unknown; result?: unknown };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      // The subscription's answer: subscribed again, so what was sealed while the socket was away is read now.
      if (message.id === 1 || message.method === 'eth_subscription') this.options.onHead(chainId);
    });
    socket.on('error', () => {
      // 'close' follows and schedules the retry.
    });
    socket.on('close', () => {
      if (this.stopped || this.followed.get(chainId) !== entry || entry.socket !== socket) return;
      entry.socket = undefined;
      entry.retry = setTimeout(() => this.open(chainId, entry), this.options.retryMs ?? 500);
      entry.retry.unref?.();
    });
  }
}
