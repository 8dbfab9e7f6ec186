/**
 * The RPC method table is data: one typed entry per wire name, built with `defineMethod`.
 * Each entry validates its positional params with a zod tuple at the edge (a mismatch becomes a
 * -32602 naming the param and what was expected), then calls the handler with parsed values and
 * the request context. Handlers throw domain errors; `toJsonRpcError` maps them.
 */
import { ZodError, type z } from 'zod';
import { InvalidParamsError, MethodNotFoundError, RpcError, RpcErrorCode, formatZodIssues } from './errors.ts';
import type { RpcConnection } from './connection.ts';
import { InvariantError } from '../errors.ts';

/** Fields every handler context has. */
type RpcContextBase = {
  /** URL path the request arrived on (e.g. `/` or `/chains/271`), without the query. */
  path: string;
  /** The wire method name being called. */
  method: string;
};

/** Context of a call that arrived over HTTP POST. */
export type HttpRpcContext = RpcContextBase & { transport: 'http'; connection?: undefined };

/** Context of a call that arrived over a WebSocket; `connection` offers subscriptions. */
export type WsRpcContext = RpcContextBase & { transport: 'ws'; connection: RpcConnection };

/**
 * Context of a call made by a component of this process through `createTableRpcClient` (a chain's
 * settlement client reading Gateway, the watcher): validated and answered as over HTTP, but spared the
 * limits that protect the node from remote callers (the call timeout and its turn; docs/security.md).
 * Its `connection`, when given, takes the subscriptions the call makes (the table client's `followTags`).
 */
export type InProcessRpcContext = RpcContextBase & { transport: 'in-process'; connection?: RpcConnection };

/** The second argument of every handler. */
export type RpcContext = HttpRpcContext | WsRpcContext | InProcessRpcContext;

/** A params schema: a zod tuple (positional params; optional trailing ones via `optionalParam`). */
export type ParamsSchema = z.ZodType<readonly unknown[], readonly unknown[]>;

/** What `defineMethod` takes. */
export type MethodDefinition<S extends ParamsSchema, R> = {
  /** Wire name, e.g. `eth_getBalance`. */
  name: string;
  /** Positional params, e.g. `z.tuple([address, optionalParam(blockId)])`. */
  params: S;
  /** Names of the positional params, used in -32602 messages (`param 1 (block): …`). */
  paramNames?: readonly string[];
  /** Does the work; `params` are already validated and normalised. */
  handler: (params: z.output<S>, ctx: RpcContext) => R | Promise<R>;
  /**
   * A hand-written check for the common, well-formed call of a hot method: the params exactly as
   * `params` would parse them, or undefined to let `params` decide (and word any error). It must
   * accept nothing the schema refuses.
   */
  fastParams?: (params: readonly unknown[]) => z.output<S> | undefined;
};

/** One entry of a method table: the definition plus a type-erased `invoke`. */
export type RpcMethod = {
  readonly name: string;
  readonly paramNames: readonly string[];
  /** Validates raw wire params (`undefined` / `null` = none) and runs the handler. */
  invoke(rawParams: unknown, ctx: RpcContext): Promise<unknown>;
  /**
   * `invoke` without the promise around it: the handler's own result (a value, or a promise when the
   * handler is async), and a bad params error thrown here. The dispatcher's path, so a method that
   * answers at once (a proof from cached words) costs no promise and no turn of the microtask queue.
   * Entries that wrap another (guards) may leave it out: the dispatcher then uses `invoke`.
   */
  call?(rawParams: unknown, ctx: RpcContext): unknown;
};

/** Wire name → method. */
export type MethodTable = ReadonlyMap<string, RpcMethod>;

/**
 * Defines one RPC method.
 * @returns an entry for `createMethodTable`
 * @throws (from `invoke`) InvalidParamsError when the params do not match the schema
 * @example
 * defineMethod({
 *   name: 'eth_getBalance',
 *   params: z.tuple([address, optionalParam(blockId)]),
 *   paramNames: ['address', 'block'],
 *   handler: ([who, block], ctx) => toQuantity(node.balance(who, block)),
 * })
 */
export function defineMethod<S extends ParamsSchema, R>(definition: MethodDefinition<S, R>): RpcMethod {
  const { name, params: schema, handler, fastParams } = definition;
  const paramNames = definition.paramNames ?? [];
  function call(rawParams: unknown, ctx: RpcContext): unknown {
    const params = rawParams === undefined || rawParams === null ? [] : rawParams;
    if (!Array.isArray(params)) {
      throw new InvalidParamsError(`invalid params for ${name}: params must be a JSON array (positional)`);
    }
    const fast = fastParams?.(params);
    if (fast !== undefined) return handler(fast, ctx);
    const parsed = schema.safeParse(params);
    if (!parsed.success) throw paramsError(name, parsed.error, paramNames, params.length);
    return handler(parsed.data, ctx);
  }
  return {
    name,
    paramNames,
    call,
    async invoke(rawParams, ctx) {
      return call(rawParams, ctx);
    },
  };
}

function paramsError(name: string, error: ZodError, paramNames: readonly string[], paramCount: number) {
  const message = formatZodIssues(error.issues, { paramNames, paramCount });
  return new InvalidParamsError(`invalid params for ${name}: ${message}`, { cause: error });
}

/**
 * Builds a method table from entries.
 * @throws InvariantError when two entries share a wire name (a wiring bug)
 * @example const table = createMethodTable([ethChainId, ethBlockNumber])
 */
export function createMethodTable(methods: Iterable<RpcMethod>): MethodTable {
  const table = new Map<string, RpcMethod>();
  for (const method of methods) {
    if (table.has(method.name)) throw new InvariantError(`RPC method ${method.name} is defined twice`);
    table.set(method.name, method);
  }
  return table;
}

/**
 * Looks a method up by wire name.
 * @throws MethodNotFoundError when the table has no such method
 */
export function getMethod(table: MethodTable, name: string): RpcMethod {
  const method = table.get(name);
  if (method === undefined) throw new MethodNotFoundError(name);
  return method;
}

/**
 * The socket of a WebSocket call, for handlers that need subscriptions (`eth_subscribe`).
 * @throws RpcError -32601 over HTTP, where notifications cannot be delivered (as geth does)
 * @example const id = requireConnection(ctx).subscribe((emit) => chain.onNewHead(emit))
 */
export function requireConnection(ctx: RpcContext): RpcConnection {
  if (ctx.transport === 'ws' || (ctx.transport === 'in-process' && ctx.connection !== undefined)) return ctx.connection!;
  throw new RpcError(
    RpcErrorCode.MethodNotFound,
    `${ctx.method} needs a WebSocket connection: notifications are not supported over HTTP`,
    { code: 'NOTIFICATIONS_UNSUPPORTED' },
  );
}
