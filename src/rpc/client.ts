/**
 * The narrow client interface every component uses to talk to another chain or to Gateway: exactly
 * what a JSON-RPC client sees. Components never hold another node's object, so a chain or Gateway
 * can move to its own process or machine by swapping the in-process client for the HTTP one. Where a
 * component follows another node (new blocks, finality), the client pushes the node's tags to it
 * (`followTags`: in-process through the node's method table, over HTTP through the node's WebSocket).
 */
import { ZkInteropError } from '../errors.ts';
import { getMethod, type MethodTable } from './methodTable.ts';
import type { RpcConnection } from './connection.ts';
import { TagsSocket } from './tagsSocket.ts';
import { parseBlockTags, type TagsEvent } from './blockTags.ts';
import { toJsonRpcError } from './errors.ts';
import { JsonText } from './jsonText.ts';

export { parseBlockTags, type BlockTags, type TagsEvent } from './blockTags.ts';

/**
 * A JSON-RPC client: `request(method, params)` resolves with `result` or throws RpcClientError.
 * `followTags`, where the client can be pushed to (in-process, or over a WebSocket), is the node's
 * `eth_subscribe('zkinterop_blockTags')`: `listener` gets the tags each time one moves, `subscribed` each
 * time the subscription (re)starts (the caller reads what moved while it was away) and `lost` when its
 * socket dropped (the caller polls until `subscribed` again). It returns the function that stops it. A
 * client without it (plain HTTP) is polled by its callers.
 */
export interface RpcClient {
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
  followTags?(listener: (event: TagsEvent) => void): () => void;
}

/** A JSON-RPC error answered by the remote side (or a transport failure, code -32000 + cause). */
export class RpcClientError extends ZkInteropError {
  override name = 'RpcClientError';
  readonly rpcCode: number;
  readonly data?: unknown;
  /** true when no answer came (the node is down or unreachable), not an error the node answered */
  readonly unreachable: boolean;
  constructor(method: string, rpcCode: number, message: string, data?: unknown, cause?: unknown, unreachable = false) {
    super('RPC_CLIENT_ERROR', `${method} failed: ${message}`, { cause });
    this.rpcCode = rpcCode;
    this.data = data;
    this.unreachable = unreachable;
  }
}

/** True when `error` (or one of its causes) is a call that got no answer at all (RpcClientError.unreachable). */
export function isUnreachable(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof RpcClientError && e.unreachable) return true;
  return false;
}

/** A handler that answers one request in-process, as the server would (used by createInProcessRpcClient). */
export type InProcessHandler = (method: string, params: readonly unknown[]) => Promise<unknown>;

/**
 * Client for a node living in the same process: no sockets, same semantics. Results are passed through
 * a JSON round trip so callers cannot depend on in-memory objects (bigints, shared references).
 * @param handle the node's request dispatcher
 * @example const gw = createInProcessRpcClient((m, p) => gatewayNode.handle(m, p));
 */
export function createInProcessRpcClient(handle: InProcessHandler): RpcClient {
  return {
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      const result = await handle(method, params);
      if (result instanceof JsonText) return JSON.parse(result.text) as T;
      return (result === undefined ? null : JSON.parse(JSON.stringify(result))) as T;
    },
  };
}

/**
 * Client for a node behind an HTTP JSON-RPC endpoint.
 * @param url the endpoint, e.g. http://127.0.0.1:3150
 * @param options.wsUrl the node's WebSocket endpoint (e.g. ws://127.0.0.1:3150): the client then has `followTags`
 * @throws RpcClientError on a JSON-RPC error answer or a transport failure
 */
export function createHttpRpcClient(url: string, options: { wsUrl?: string } = {}): RpcClient {
  let nextId = 1;
  // With the node's WebSocket URL the client also follows its tags by push (one socket, opened on first use).
  const socket = options.wsUrl === undefined ? undefined : new TagsSocket(options.wsUrl);
  return {
    ...(socket ? { followTags: (listener: (event: TagsEvent) => void) => socket.follow(listener) } : {}),
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      const id = nextId++;
      let body: { result?: unknown; error?: { code: number; message: string; data?: unknown } };
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        });
        body = (await res.json()) as typeof body;
      } catch (cause) {
        throw new RpcClientError(method, -32000, `cannot reach ${url}; is the node running?`, undefined, cause, true);
      }
      if (body.error) throw new RpcClientError(method, body.error.code, body.error.message, body.error.data);
      return body.result as T;
    },
  };
}

/**
 * Client that calls a method table directly (same process), with the server's validation and error
 * mapping, so a caller sees exactly what it would over HTTP. Its calls carry `transport: 'in-process'`:
 * the limits meant for remote callers (an eth_call's timeout and turn) do not apply to them.
 * @example const gw = createTableRpcClient(gatewayTable);
 */
export function createTableRpcClient(table: MethodTable): RpcClient {
  const client = createInProcessRpcClient(async (method, params) => {
    try {
      return await getMethod(table, method).invoke(params, { path: '/', method, transport: 'in-process' });
    } catch (error) {
      const rpc = toJsonRpcError(error, () => undefined);
      throw new RpcClientError(method, rpc.code, rpc.message, rpc.data, error);
    }
  });
  return table.has('eth_subscribe') ? { ...client, followTags: tableTagsFollower(table) } : client;
}

/**
 * `followTags` of a table client: one in-process `eth_subscribe('zkinterop_blockTags')` on the table, made
 * with the first listener and ended with the last, whose pushes every listener gets (no socket, no JSON).
 */
function tableTagsFollower(table: MethodTable): NonNullable<RpcClient['followTags']> {
  const listeners = new Set<(event: TagsEvent) => void>();
  /** the subscription: asked for (`stop` comes once the handler made it), or none */
  let subscription: { stop: (() => void) | undefined; ended: boolean } | undefined;
  const subscribe = () => {
    const current: { stop: (() => void) | undefined; ended: boolean } = { stop: undefined, ended: false };
    subscription = current;
    const connection: RpcConnection = {
      id: 0,
      subscriptionCount: 1,
      subscribe: (source) => {
        const stop = source((result) => {
          const tags = parseBlockTags(result);
          if (tags && !current.ended) for (const listener of [...listeners]) listener(tags);
        });
        current.stop = typeof stop === 'function' ? stop : undefined;
        // Ended before the handler got here (the last listener left): stop at once.
        if (current.ended) current.stop?.();
        return '0x00000000000000000000000000000001';
      },
      unsubscribe: () => false,
    };
    void getMethod(table, 'eth_subscribe')
      .invoke(['zkinterop_blockTags'], { path: '/', method: 'eth_subscribe', transport: 'in-process', connection })
      .catch(() => undefined);
  };
  return (listener) => {
    listeners.add(listener);
    if (!subscription) subscribe();
    // Subscribed: the caller reads what it has not seen yet.
    queueMicrotask(() => {
      if (listeners.has(listener)) listener('subscribed');
    });
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || !subscription) return;
      subscription.ended = true;
      subscription.stop?.();
      subscription = undefined;
    };
  };
}
