/**
 * Transport-independent JSON-RPC 2.0 processing: body text in, response text out. Handles
 * single and batch requests, notifications (run, never answered), and turns every failure —
 * bad JSON, bad envelope, unknown method, handler exception, unserialisable result — into a
 * JSON-RPC error through `toJsonRpcError`. It never throws.
 */
import {
  InvalidRequestError,
  LimitExceededError,
  ParseError,
  toJsonRpcError,
  type InternalErrorLogger,
  type JsonRpcErrorObject,
} from './errors.ts';
import { getMethod, type MethodTable, type RpcContext } from './methodTable.ts';
import { JsonText } from './jsonText.ts';

/** A JSON-RPC request id as the client sent it. */
export type JsonRpcId = string | number | null;

/** A JSON-RPC 2.0 response. */
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject };

/** The context of one call, plus an optional hook told whether the handler succeeded. */
export type CallContext = { context: RpcContext; settle?: (ok: boolean) => void };

/** Options of `dispatchJsonRpc`. */
export type DispatchOptions = {
  methods: MethodTable;
  /** Batches with more entries are refused with one -32005 error. */
  maxBatchSize: number;
  /** Builds the handler context for one valid call. */
  context: (call: { method: string }) => CallContext;
  /** Receives internal errors (stacks stay server-side). */
  log: InternalErrorLogger;
};

/**
 * Processes one JSON-RPC message (single or batch).
 * @param body the raw message text
 * @returns the response text, or undefined when nothing must be sent (only notifications)
 * @example await dispatchJsonRpc('{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}', options)
 */
export async function dispatchJsonRpc(body: string, options: DispatchOptions): Promise<string | undefined> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return errorResponse(null, new ParseError(), options.log);
  }
  if (!Array.isArray(payload)) return handleEntry(payload, options);
  if (payload.length === 0) return errorResponse(null, new InvalidRequestError('empty batch'), options.log);
  if (payload.length > options.maxBatchSize) {
    const error = new LimitExceededError(
      `batch of ${String(payload.length)} requests exceeds the limit of ${String(options.maxBatchSize)}; split it`,
    );
    return errorResponse(null, error, options.log);
  }
  // Sequential on purpose: a batch like [sendRawTransaction, getTransactionReceipt] must see
  // the effects of earlier entries, as on geth.
  const parts: string[] = [];
  for (const entry of payload) {
    const answered = handleEntry(entry, options);
    // Entries answered at once are not awaited: a batch of 100 cached proofs takes no 100 turns of the queue.
    const part = answered instanceof Promise ? await answered : answered;
    if (part !== undefined) parts.push(part);
  }
  return parts.length === 0 ? undefined : `[${parts.join(',')}]`;
}

type ValidRequest = { id: JsonRpcId; isNotification: boolean; method: string; params: unknown };

/** One entry's response text (undefined for a notification): at once when its handler answered at once. */
function handleEntry(entry: unknown, options: DispatchOptions): string | undefined | Promise<string | undefined> {
  const request = parseEnvelope(entry);
  if (request instanceof InvalidRequestError) {
    const id = isPlainObject(entry) && isValidId(entry.id) ? entry.id : null;
    return errorResponse(id, request, options.log);
  }
  let call: CallContext | undefined;
  try {
    const method = getMethod(options.methods, request.method);
    call = options.context({ method: request.method });
    const result = method.call ? method.call(request.params, call.context) : method.invoke(request.params, call.context);
    if (result instanceof Promise) return answerLater(request, call, result, options);
    return answered(request, call, result, options);
  } catch (error) {
    return failed(request, call, error, options);
  }
}

async function answerLater(request: ValidRequest, call: CallContext, result: Promise<unknown>, options: DispatchOptions): Promise<string | undefined> {
  let value: unknown;
  try {
    value = await result;
  } catch (error) {
    return failed(request, call, error, options);
  }
  return answered(request, call, value, options);
}

function answered(request: ValidRequest, call: CallContext, result: unknown, options: DispatchOptions): string | undefined {
  try {
    call.settle?.(true);
  } catch (error) {
    return failed(request, call, error, options);
  }
  return request.isNotification ? undefined : resultResponse(request.id, result, options.log);
}

function failed(request: ValidRequest, call: CallContext | undefined, error: unknown, options: DispatchOptions): string | undefined {
  try {
    call?.settle?.(false);
  } catch (settleError) {
    options.log(settleError);
  }
  if (request.isNotification) {
    toJsonRpcError(error, options.log); // logs internal failures; a notification gets no answer
    return undefined;
  }
  return errorResponse(request.id, error, options.log);
}

function parseEnvelope(entry: unknown): ValidRequest | InvalidRequestError {
  if (!isPlainObject(entry)) return new InvalidRequestError('expected a request object');
  if (entry.jsonrpc !== '2.0') return new InvalidRequestError('"jsonrpc" must be exactly "2.0"');
  const hasId = Object.hasOwn(entry, 'id');
  if (hasId && !isValidId(entry.id)) return new InvalidRequestError('"id" must be a string, a number or null');
  if (typeof entry.method !== 'string') return new InvalidRequestError('"method" must be a string');
  const params = entry.params;
  if (params !== undefined && params !== null && typeof params !== 'object') {
    return new InvalidRequestError('"params" must be an array');
  }
  return {
    id: hasId ? (entry.id as JsonRpcId) : null,
    isNotification: !hasId,
    method: entry.method,
    params,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isValidId(id: unknown): id is JsonRpcId {
  return id === null || typeof id === 'string' || typeof id === 'number';
}

function resultResponse(id: JsonRpcId, result: unknown, log: InternalErrorLogger): string {
  // The same text JSON.stringify would give for { jsonrpc, id, result: parsed text }.
  if (result instanceof JsonText) return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${result.text}}`;
  try {
    return JSON.stringify({ jsonrpc: '2.0', id, result: result ?? null });
  } catch (error) {
    // A handler returned something JSON cannot carry (a bigint, a cycle): our bug, not the caller's.
    return errorResponse(id, error, log);
  }
}

/**
 * Serialises an error response for `error` (mapped by `toJsonRpcError`).
 * @example errorResponse(null, new ParseError(), log) // '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,…}}'
 */
export function errorResponse(id: JsonRpcId, error: unknown, log: InternalErrorLogger): string {
  const object = toJsonRpcError(error, log);
  try {
    return JSON.stringify({ jsonrpc: '2.0', id, error: object });
  } catch {
    // Unserialisable `data` on a custom error: drop it rather than fail the response.
    return JSON.stringify({ jsonrpc: '2.0', id, error: { code: object.code, message: object.message } });
  }
}
