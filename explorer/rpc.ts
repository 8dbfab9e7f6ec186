/**
 * JSON-RPC from the page: single calls and batches over HTTP `POST` to a node's routed path
 * (`/chains/<id>` on the page's own origin, so the Content-Security-Policy's `connect-src 'self'`
 * holds whatever name the page was opened under), with the node's error kept whole.
 */

/** A JSON-RPC error answered by a node (`code`, `message`, `data` as sent). */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

type Response = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

let nextId = 1;

/**
 * Calls one method.
 * @throws RpcError with the node's code and message; TypeError when the node cannot be reached
 */
export async function rpc<T>(url: string, method: string, params: readonly unknown[] = []): Promise<T> {
  const [answer] = await rpcBatch<[T]>(url, [[method, params]]);
  if (answer instanceof RpcError) throw answer;
  return answer as T;
}

/**
 * Calls several methods in one HTTP request; each answer is its result or its RpcError, in order.
 * @throws TypeError when the node cannot be reached, RpcError when the whole request is refused
 */
export async function rpcBatch<T extends unknown[]>(url: string, calls: readonly (readonly [string, readonly unknown[]])[]): Promise<{ [K in keyof T]: T[K] | RpcError }> {
  if (calls.length === 0) return [] as unknown as { [K in keyof T]: T[K] | RpcError };
  const first = nextId;
  nextId += calls.length;
  const body = calls.map(([method, params], i) => ({ jsonrpc: '2.0', id: first + i, method, params }));
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = (await response.json()) as Response[] | Response;
  if (!Array.isArray(parsed)) throw new RpcError(parsed.error?.code ?? -32603, parsed.error?.message ?? `HTTP ${response.status}`, parsed.error?.data);
  const byId = new Map(parsed.map((r) => [r.id, r]));
  return calls.map((_, i) => {
    const r = byId.get(first + i);
    if (r === undefined) return new RpcError(-32603, 'no answer in the batch');
    return r.error ? new RpcError(r.error.code, r.error.message, r.error.data) : r.result;
  }) as { [K in keyof T]: T[K] | RpcError };
}

/** The value, or undefined for an RpcError (a batch answer a page may go without). */
export function ok<T>(answer: T | RpcError): T | undefined {
  return answer instanceof RpcError ? undefined : answer;
}
