/**
 * Raw JSON-RPC through a viem client for the methods viem has no types for (`zks_*`, `zkinterop_*`),
 * and the one place that recognises "this node lacks the method".
 */
import type { Client } from 'viem';
import { UnsupportedNodeError } from '../errors.ts';

/** Any viem client: the actions only use its transport (`request`) and maybe its chain and account. */
export type AnyClient = Client;

/** Sends one JSON-RPC request and returns its `result` as `T` (the caller knows the shape). */
export async function rpc<T>(client: Client, method: string, params: readonly unknown[] = []): Promise<T> {
  const request = client.request as unknown as (args: { method: string; params: readonly unknown[] }, options?: { retryCount?: number }) => Promise<T>;
  return request({ method, params }, { retryCount: 0 });
}

/** True when `error` (or one of its causes) is JSON-RPC -32601 "method not found". */
export function isMethodNotFound(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === -32601) return true;
  }
  return false;
}

/**
 * Like `rpc`, but a missing method becomes an UnsupportedNodeError that names what needs it.
 * @throws UnsupportedNodeError when the node does not serve `method`
 */
export async function rpcRequiring<T>(client: Client, method: string, params: readonly unknown[], what: string): Promise<T> {
  try {
    return await rpc<T>(client, method, params);
  } catch (error) {
    if (isMethodNotFound(error)) {
      throw new UnsupportedNodeError(`${what} needs ${method}, which this node does not serve; is it a zkinterop node?`, { cause: error });
    }
    throw error;
  }
}

/** The chain id of a client: its configured chain's, else asked with eth_chainId. */
export async function chainIdOf(client: Client): Promise<number> {
  if (client.chain) return client.chain.id;
  return Number(BigInt(await rpc<string>(client, 'eth_chainId')));
}
