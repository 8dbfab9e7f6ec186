/**
 * The gate of the internal methods (docs/design/processes.md §5, docs/security.md "Between processes"):
 * what the processes of one network ask of each other acting as the bootloader or the operator
 * (register a chain, quiesce, snapshot, dump, fault controls). A method behind it answers only a call
 * whose last param is `{ "internalToken": "<the network's token>" }` (compared in constant time) and
 * sees its params without it; every other call, and every call when the node has no token, gets the
 * same -32601 (method not found) an unknown method gets, so an outsider learns nothing of them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { MethodNotFoundError } from '../rpc/errors.ts';
import type { RpcMethod } from '../rpc/methodTable.ts';

/**
 * `methods` behind the network's internal token; none at all without a token.
 * @example createMethodTable([...chainMethods, ...internalGate(token, [quiesceMethod])])
 */
export function internalGate(token: string | undefined, methods: readonly RpcMethod[]): RpcMethod[] {
  if (token === undefined) return [];
  return methods.map((method) => ({
    name: method.name,
    paramNames: method.paramNames,
    async invoke(rawParams, ctx) {
      const params = Array.isArray(rawParams) ? [...(rawParams as unknown[])] : [];
      const last = params[params.length - 1];
      if (!isTokenParam(last) || !sameToken(last.internalToken, token)) throw new MethodNotFoundError(method.name);
      params.pop();
      return method.invoke(params, ctx);
    },
  }));
}

/** The param an internal call carries last. */
export function internalTokenParam(token: string): { internalToken: string } {
  return { internalToken: token };
}

function isTokenParam(value: unknown): value is { internalToken: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { internalToken?: unknown }).internalToken === 'string';
}

/** Compares tokens in constant time (by their hashes, so lengths leak nothing either). */
function sameToken(given: string, expected: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(hash(given), hash(expected));
}
