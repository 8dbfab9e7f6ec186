/**
 * The WebSocket behind an HTTP client's `followTags` (client.ts): one socket to the node, opened with the
 * first listener and closed with the last, subscribed with `eth_subscribe('zkinterop_blockTags')`, whose
 * pushes every listener gets. A socket that drops or cannot connect (the node restarting) is opened again
 * every `retryMs`; listeners are told `lost` when it drops (they poll meanwhile) and `subscribed` once it is
 * subscribed again (read now), so what moved meanwhile is read then, as headsFollower.ts does for the
 * coordinator's newHeads. A node that refuses the subscription (one without it) is not asked again: its
 * listeners, never told `subscribed`, keep polling.
 */
import { WebSocket } from 'ws';
import { parseBlockTags, type TagsEvent } from './blockTags.ts';

type Listener = (event: TagsEvent) => void;

/** One node's tags over a WebSocket; see module header. */
export class TagsSocket {
  private readonly listeners = new Set<Listener>();
  private socket: WebSocket | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** whether the socket is open and its subscription answered */
  private subscribed = false;
  /** the node refused the subscription: the socket is not opened again */
  private unsupported = false;

  constructor(
    private readonly wsUrl: string,
    private readonly retryMs = 500,
  ) {}

  /** Adds a listener (opening the socket if it is the first); returns the function that removes it. */
  follow(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    else if (this.subscribed) queueMicrotask(() => this.listeners.has(listener) && listener('subscribed'));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  private open(): void {
    if (this.listeners.size === 0 || this.unsupported) return;
    const socket = new WebSocket(this.wsUrl);
    this.socket = socket;
    socket.on('open', () => socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['zkinterop_blockTags'] })));
    socket.on('message', (data) => {
      let message: { id?: unknown; method?: unknown; result?: unknown; error?: unknown; params?: { result?: unknown } };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      // Subscribed (again): what moved while the socket was away is read now.
      if (message.id === 1) {
        // A node without the subscription (an older one): no pushes will come, so the listeners keep polling.
        if (message.error !== undefined) {
          this.unsupported = true;
          this.close();
          return;
        }
        this.subscribed = true;
        this.tell('subscribed');
      }
      else if (message.method === 'eth_subscription') {
        const tags = parseBlockTags(message.params?.result);
        if (tags) this.tell(tags);
      }
    });
    socket.on('error', () => {
      // 'close' follows and schedules the retry.
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.listeners.size === 0) return;
      if (this.subscribed) this.tell('lost');
      this.subscribed = false;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.open();
      }, this.retryMs);
      this.retry.unref?.();
    });
  }

  private tell(event: TagsEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private close(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.subscribed = false;
    socket?.terminate();
  }
}
