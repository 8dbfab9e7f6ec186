/**
 * JSON-RPC errors and the ONE place where any thrown value becomes a JSON-RPC error object
 * (`toJsonRpcError`). Handlers throw domain errors (`ZkInteropError` and friends) or the
 * `RpcError` subclasses below; the transports never build error objects themselves.
 *
 * Codes: -32700 parse, -32600 invalid request, -32601 method not found, -32602 invalid params,
 * -32603 internal, 3 execution reverted (`data` = revert data), -32005 limit exceeded,
 * -32001 resource not found, -32000 transaction refused (as geth: "invalid sender", "nonce too
 * low"). Other `ZkInteropError`s are mapped by their stable `code` through
 * `RPC_CODE_BY_ERROR_CODE`; anything else is an internal error whose stack is logged, never sent.
 */
import { ZodError, type z } from 'zod';
import { ZkInteropError, type ErrorCode, type ZkInteropErrorOptions } from '../errors.ts';

/** The numeric JSON-RPC error codes this server emits. */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  /** geth's code for a transaction the node refuses (bad signature, nonce, funds): EIP-1474 "invalid input" */
  InvalidInput: -32000,
  ResourceNotFound: -32001,
  /** EIP-1474 "resource unavailable": the node a router forwards to does not answer (src/network/routerProxy.ts) */
  ResourceUnavailable: -32002,
  LimitExceeded: -32005,
  ExecutionReverted: 3,
} as const;

/** The `error` member of a JSON-RPC response. */
export type JsonRpcErrorObject = { code: number; message: string; data?: unknown };

/** Options of `RpcError`: the `ZkInteropError` options plus a stable string code and `data`. */
export type RpcErrorOptions = ZkInteropErrorOptions & {
  /** Stable string code (the `ZkInteropError.code`); defaults to `'RPC_ERROR'`. */
  code?: ErrorCode;
  /** Sent as the JSON-RPC error's `data` member when defined. */
  data?: unknown;
};

/**
 * An error that already knows its JSON-RPC shape. `rpcCode` is the numeric JSON-RPC code
 * (`code` stays the string code every `ZkInteropError` has).
 * @example throw new RpcError(-32000, 'nonce too low', { code: 'TRANSACTION_REJECTED' })
 */
export class RpcError extends ZkInteropError {
  override name = 'RpcError';
  /** Numeric JSON-RPC error code. */
  readonly rpcCode: number;
  /** JSON-RPC error `data`, if any. */
  readonly data?: unknown;

  constructor(rpcCode: number, message: string, options: RpcErrorOptions = {}) {
    super(options.code ?? 'RPC_ERROR', message, options);
    this.rpcCode = rpcCode;
    this.data = options.data;
  }
}

/** The request body is not valid JSON (-32700). */
export class ParseError extends RpcError {
  override name = 'ParseError';
  constructor(message = 'Parse error: the request body is not valid JSON', options: RpcErrorOptions = {}) {
    super(RpcErrorCode.ParseError, message, { code: 'PARSE_ERROR', ...options });
  }
}

/** The JSON is not a valid JSON-RPC 2.0 request object (-32600). */
export class InvalidRequestError extends RpcError {
  override name = 'InvalidRequestError';
  constructor(message: string, options: RpcErrorOptions = {}) {
    super(RpcErrorCode.InvalidRequest, `Invalid request: ${message}`, { code: 'INVALID_REQUEST', ...options });
  }
}

/** No method of that name is served here (-32601). */
export class MethodNotFoundError extends RpcError {
  override name = 'MethodNotFoundError';
  constructor(method: string, options: RpcErrorOptions = {}) {
    super(RpcErrorCode.MethodNotFound, `the method ${method} does not exist/is not available`, {
      code: 'METHOD_NOT_FOUND',
      ...options,
    });
  }
}

/** The params do not fit the method's schema (-32602). */
export class InvalidParamsError extends RpcError {
  override name = 'InvalidParamsError';
  constructor(message: string, options: RpcErrorOptions = {}) {
    super(RpcErrorCode.InvalidParams, message, { code: 'INVALID_PARAMS', ...options });
  }
}

/** A block, transaction, batch, proof… that the request names does not exist (-32001). */
export class ResourceNotFoundError extends RpcError {
  override name = 'ResourceNotFoundError';
  constructor(message: string, options: RpcErrorOptions = {}) {
    super(RpcErrorCode.ResourceNotFound, message, { code: 'RESOURCE_NOT_FOUND', ...options });
  }
}

/** A server limit (body size, batch size, subscriptions…) was exceeded (-32005). */
export class LimitExceededError extends RpcError {
  override name = 'LimitExceededError';
  constructor(message: string, options: RpcErrorOptions = {}) {
    super(RpcErrorCode.LimitExceeded, message, { code: 'LIMIT_EXCEEDED', ...options });
  }
}

/**
 * A call or gas estimation reverted (JSON-RPC code 3, as geth and anvil send it); `data` is the
 * raw revert data so clients can decode custom errors.
 * @example throw new ExecutionRevertedError({ data: '0x08c379a0…', reason: 'not owner' })
 */
export class ExecutionRevertedError extends RpcError {
  override name = 'ExecutionRevertedError';
  declare readonly data: `0x${string}`;
  /** Decoded `Error(string)` reason, when the caller knows it. */
  readonly reason?: string;

  constructor(args: { data: `0x${string}`; reason?: string }, options: ZkInteropErrorOptions = {}) {
    const message = args.reason === undefined ? 'execution reverted' : `execution reverted: ${args.reason}`;
    super(RpcErrorCode.ExecutionReverted, message, { ...options, code: 'EXECUTION_REVERTED', data: args.data });
    this.reason = args.reason;
  }
}

/**
 * JSON-RPC code for each `ZkInteropError.code` that is not an `RpcError`. Data, not branches:
 * add a row when a new error code should reach clients as something other than -32603.
 */
export const RPC_CODE_BY_ERROR_CODE: Readonly<Partial<Record<ErrorCode, number>>> = Object.freeze({
  INVALID_ARGUMENT: RpcErrorCode.InvalidParams,
  INVALID_PARAMS: RpcErrorCode.InvalidParams,
  RESOURCE_NOT_FOUND: RpcErrorCode.ResourceNotFound,
  LIMIT_EXCEEDED: RpcErrorCode.LimitExceeded,
  INVARIANT_VIOLATED: RpcErrorCode.Internal,
  // A refused transaction is the caller's fault, not ours: geth answers -32000, and clients
  // (viem, ethers) match its message ("nonce too low", "insufficient funds") under that code.
  INVALID_TRANSACTION: RpcErrorCode.InvalidInput,
  TRANSACTION_REJECTED: RpcErrorCode.InvalidInput,
  // The pool's refusals, under geth's code and words ("replacement transaction underpriced", "txpool is full").
  NONCE_GAP_TOO_LARGE: RpcErrorCode.InvalidInput,
  TXPOOL_FULL: RpcErrorCode.InvalidInput,
  REPLACEMENT_UNDERPRICED: RpcErrorCode.InvalidInput,
  // An account the node does not sign for, or one it never acts as for callers (geth: -32000 "unknown account").
  UNKNOWN_ACCOUNT: RpcErrorCode.InvalidInput,
  PROTECTED_ACCOUNT: RpcErrorCode.InvalidInput,
  // A dev method this node does not serve as it runs (a stepping method in automatic mode, a
  // settlement step on Gateway): "not available", like eth_subscribe over HTTP.
  NOT_MANUAL: RpcErrorCode.MethodNotFound,
  NOT_SETTLING: RpcErrorCode.MethodNotFound,
  // A Gateway-mode proof or interop to a chain settling on the L1: a request this chain cannot answer, not a bug.
  INTEROP_UNSUPPORTED: RpcErrorCode.InvalidParams,
});

/** Receives internal errors (with stacks) that are mapped to -32603; defaults to console.error. */
export type InternalErrorLogger = (error: unknown) => void;

const logToConsole: InternalErrorLogger = (error) => {
  console.error('[zkinterop rpc] internal error:', error);
};

const HEX_DATA = /^0x(?:[0-9a-fA-F]{2})*$/;

/**
 * Maps any thrown value to a JSON-RPC error object. This is the only such mapping.
 * @param error anything a handler or the server threw
 * @param log receives the error when it becomes -32603, so its stack is kept but not sent
 * @returns `{ code, message, data? }` ready for a response's `error` member
 * @example toJsonRpcError(new ExecutionRevertedError({ data: '0x' })) // { code: 3, message: 'execution reverted', data: '0x' }
 */
export function toJsonRpcError(error: unknown, log: InternalErrorLogger = logToConsole): JsonRpcErrorObject {
  if (error instanceof RpcError) {
    if (error.rpcCode === RpcErrorCode.Internal) log(error);
    return withData({ code: error.rpcCode, message: error.message }, error.data);
  }
  if (isRevertLike(error)) {
    const message = error instanceof Error && error.message ? error.message : 'execution reverted';
    return { code: RpcErrorCode.ExecutionReverted, message, data: error.data };
  }
  if (error instanceof ZodError) {
    return { code: RpcErrorCode.InvalidParams, message: `invalid params: ${formatZodIssues(error.issues)}` };
  }
  if (error instanceof ZkInteropError) {
    const code = RPC_CODE_BY_ERROR_CODE[error.code] ?? RpcErrorCode.Internal;
    if (code === RpcErrorCode.Internal) log(error);
    return { code, message: error.message, data: { code: error.code } };
  }
  log(error);
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return { code: RpcErrorCode.Internal, message: `Internal error${detail}` };
}

function withData(object: JsonRpcErrorObject, data: unknown): JsonRpcErrorObject {
  return data === undefined ? object : { ...object, data };
}

function isRevertLike(error: unknown): error is { code: 'EXECUTION_REVERTED'; data: `0x${string}` } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, data } = error as { code?: unknown; data?: unknown };
  return code === 'EXECUTION_REVERTED' && typeof data === 'string' && HEX_DATA.test(data);
}

/** How to name params in messages: `paramNames[i]` is the name of positional param `i`. */
export type ParamNaming = { paramNames?: readonly string[]; paramCount?: number };

/**
 * Turns zod issues for a positional params array into one precise sentence per issue, naming
 * the param (index and name) and what was expected.
 * @example formatZodIssues(issues, { paramNames: ['a', 'b'] }) // 'param 1 (b): expected number, received string'
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], naming: ParamNaming = {}): string {
  return issues.map((issue) => formatIssue(issue, naming)).join('; ');
}

function formatIssue(issue: z.core.$ZodIssue, naming: ParamNaming): string {
  const [first, ...rest] = issue.path;
  if (first === undefined) return formatRootIssue(issue, naming);
  const where = `${describeParam(first, naming)}${formatPath(rest)}`;
  return `${where}: ${issueText(issue)}`;
}

function formatRootIssue(issue: z.core.$ZodIssue, naming: ParamNaming): string {
  const count = naming.paramCount;
  if (issue.code === 'too_small' && issue.origin === 'array') {
    const missing = count ?? 0;
    return `missing ${describeParam(missing, naming)}: expected at least ${String(issue.minimum)} params, got ${String(missing)}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'array') {
    const got = count === undefined ? '' : `, got ${String(count)}`;
    return `too many params: expected at most ${String(issue.maximum)}${got}`;
  }
  return issueText(issue);
}

function describeParam(key: PropertyKey, naming: ParamNaming): string {
  if (typeof key !== 'number') return `param ${String(key)}`;
  const name = naming.paramNames?.[key];
  return name === undefined ? `param ${String(key)}` : `param ${String(key)} (${name})`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${String(key)}]` : `.${String(key)}`)).join('');
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the alternatives rather than zod's bare "Invalid input".
    const alternatives = issue.errors.map((branch) => branch.map((inner) => issueText(inner)).join(', '));
    return `expected one of: ${alternatives.join(' | ')}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}
