/**
 * JSON-RPC over real HTTP, as an outside caller makes it (with the JSON content type the node requires):
 * for tests of what remote callers may and may not do.
 */

/** A JSON-RPC answer as it came over the wire. */
export type Answer<T = unknown> = { jsonrpc?: unknown; id?: unknown; result?: T; error?: { code: number; message: string; data?: unknown } };

let nextId = 1;

/** One JSON-RPC call over HTTP; the answer as is (result or error). */
export async function post<T = unknown>(url: string, method: string, params: unknown[]): Promise<Answer<T>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
  return (await res.json()) as Answer<T>;
}

/** One JSON-RPC call over HTTP; its result. @throws Error with the JSON-RPC error */
export async function call<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const answer = await post(url, method, params);
  if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
  return answer.result as T;
}

