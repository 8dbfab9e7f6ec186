/**
 * The narrow client interface every component uses to talk to another chain or to Gateway: exactly
 * what a JSON-RPC client sees. Components never hold another node's object, so a chain or Gateway
 * can move to its own process or machine by swapping the in-process client for the HTTP one.
 */
import { ZkInteropError } from '../errors.ts';
import { getMethod, type MethodTable } from './methodTable.ts';
import { toJsonRpcError } from './errors.ts';
import { JsonText } from './jsonText.ts';

/** A JSON-RPC client: `request(method, params)` resolves with `result` or throws RpcClientError. */
export interface RpcClient {
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
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
 * @throws RpcClientError on a JSON-RPC error answer or a transport failure
 */
export function createHttpRpcClient(url: string): RpcClient {
  let nextId = 1;
  return {
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
  return createInProcessRpcClient(async (method, params) => {
    try {
      return await getMethod(table, method).invoke(params, { path: '/', method, transport: 'in-process' });
    } catch (error) {
      const rpc = toJsonRpcError(error, () => undefined);
      throw new RpcClientError(method, rpc.code, rpc.message, rpc.data, error);
    }
  });
}
