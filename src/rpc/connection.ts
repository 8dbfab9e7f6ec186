/**
 * One WebSocket connection's subscriptions (`eth_subscribe` / `eth_subscription` pushes).
 *
 * A handler calls `ctx.connection.subscribe(source)`; `source(emit)` starts producing results
 * and returns the function that stops it. Each `emit(result)` is pushed to the client as
 * `{ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription, result } }`.
 * Results emitted before the client has received the subscription id (i.e. while the
 * `eth_subscribe` response is not yet sent) are held back and flushed right after it, so a
 * client never sees a notification for an id it does not know. If the handler call fails, the
 * subscriptions it created are stopped. Every subscription stops when the socket closes.
 */
import { randomBytes } from 'node:crypto';
import { LimitExceededError, type InternalErrorLogger } from './errors.ts';
import type { Hex } from './schemas.ts';

/** Pushes one subscription result to the client. No-op once the subscription has ended. */
export type SubscriptionEmit = (result: unknown) => void;

/**
 * Starts a subscription's event source; returns the function that stops it (called once, on
 * `eth_unsubscribe`, socket close or server stop).
 * @example (emit) => chain.onNewHead((head) => emit(formatHead(head)))
 */
export type SubscriptionSource = (emit: SubscriptionEmit) => (() => void) | void;

/** What a handler sees as `ctx.connection` on a WebSocket request. */
export interface RpcConnection {
  /** Process-unique id of this socket (for logs). */
  readonly id: number;
  /** Number of live subscriptions on this socket. */
  readonly subscriptionCount: number;
  /**
   * Starts a subscription and returns its id (`0x` + 32 hex digits), which the `eth_subscribe`
   * handler returns as its result.
   * @throws LimitExceededError when the socket already has `maxSubscriptionsPerConnection`
   */
  subscribe(source: SubscriptionSource): Hex;
  /** Stops a subscription of this socket; false when there is no such id here. */
  unsubscribe(subscriptionId: string): boolean;
}

type Subscription = {
  id: Hex;
  stop: (() => void) | undefined;
  ended: boolean;
  /** Results held back until the subscribe response is sent; undefined once active. */
  held: unknown[] | undefined;
};

/** Options of `WsConnection`. */
export type WsConnectionOptions = {
  /** Sends one text frame to the client. */
  send: (text: string) => void;
  maxSubscriptions: number;
  log: InternalErrorLogger;
};

let nextConnectionId = 1;

/** Server-side state of one socket: its subscriptions and how to push to it. */
export class WsConnection {
  readonly id = nextConnectionId++;
  private readonly subscriptions = new Map<string, Subscription>();
  private closed = false;

  constructor(private readonly options: WsConnectionOptions) {}

  /** Number of live subscriptions. */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /**
   * A handle for one handler call: what it subscribes is held back until `activate()` (after
   * the response is sent) and stopped by `discard()` (when the call failed).
   */
  openCall(): CallScope {
    const created: Subscription[] = [];
    const connection = this;
    const handle: RpcConnection = {
      id: this.id,
      get subscriptionCount() {
        return connection.subscriptionCount;
      },
      subscribe: (source) => {
        const subscription = this.start(source);
        created.push(subscription);
        return subscription.id;
      },
      unsubscribe: (subscriptionId) => this.unsubscribe(subscriptionId),
    };
    return {
      handle,
      activate: () => {
        for (const subscription of created.splice(0)) this.activate(subscription);
      },
      discard: () => {
        for (const subscription of created.splice(0)) this.end(subscription);
      },
    };
  }

  /** Stops one subscription; false when the id is not one of this socket's. */
  unsubscribe(subscriptionId: string): boolean {
    const subscription = this.subscriptions.get(subscriptionId.toLowerCase());
    if (subscription === undefined) return false;
    this.end(subscription);
    return true;
  }

  /** Stops every subscription; later subscribes are refused. Called when the socket closes. */
  close(): void {
    this.closed = true;
    for (const subscription of [...this.subscriptions.values()]) this.end(subscription);
  }

  private start(source: SubscriptionSource): Subscription {
    if (this.closed) throw new LimitExceededError('the connection is closed; no new subscriptions');
    if (this.subscriptions.size >= this.options.maxSubscriptions) {
      throw new LimitExceededError(
        `too many subscriptions on this connection (limit ${String(this.options.maxSubscriptions)}); unsubscribe first`,
      );
    }
    const subscription: Subscription = { id: newSubscriptionId(), stop: undefined, ended: false, held: [] };
    this.subscriptions.set(subscription.id, subscription);
    try {
      const stop = source((result) => this.emit(subscription, result));
      subscription.stop = typeof stop === 'function' ? stop : undefined;
    } catch (error) {
      this.subscriptions.delete(subscription.id);
      subscription.ended = true;
      throw error;
    }
    // The source may have ended (unsubscribed) synchronously; honour that.
    if (subscription.ended) this.runStop(subscription);
    return subscription;
  }

  private emit(subscription: Subscription, result: unknown): void {
    if (subscription.ended) return;
    if (subscription.held !== undefined) {
      subscription.held.push(result);
      return;
    }
    this.push(subscription, result);
  }

  private activate(subscription: Subscription): void {
    const held = subscription.held ?? [];
    subscription.held = undefined;
    for (const result of held) {
      if (subscription.ended) return;
      this.push(subscription, result);
    }
  }

  private push(subscription: Subscription, result: unknown): void {
    let text: string;
    try {
      text = JSON.stringify({
        jsonrpc: '2.0',
        method: 'eth_subscription',
        params: { subscription: subscription.id, result: result ?? null },
      });
    } catch (error) {
      this.options.log(error);
      return;
    }
    try {
      this.options.send(text);
    } catch (error) {
      this.options.log(error);
    }
  }

  private end(subscription: Subscription): void {
    if (subscription.ended) return;
    subscription.ended = true;
    subscription.held = undefined;
    this.subscriptions.delete(subscription.id);
    this.runStop(subscription);
  }

  private runStop(subscription: Subscription): void {
    const stop = subscription.stop;
    subscription.stop = undefined;
    if (stop === undefined) return;
    try {
      stop();
    } catch (error) {
      this.options.log(error);
    }
  }
}

/** One handler call's view of a connection; see `WsConnection.openCall`. */
export type CallScope = {
  handle: RpcConnection;
  /** Flushes held results; call after the response carrying the subscription id was sent. */
  activate: () => void;
  /** Stops what this call subscribed; call when the handler failed. */
  discard: () => void;
};

function newSubscriptionId(): Hex {
  return `0x${randomBytes(16).toString('hex')}`;
}
