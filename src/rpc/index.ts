/**
 * The generic JSON-RPC layer: method tables (data), param schemas, the single error mapping,
 * and the HTTP + WebSocket server. Chain logic lives elsewhere and plugs in as method tables.
 */
export {
  RpcError,
  RpcErrorCode,
  ParseError,
  InvalidRequestError,
  MethodNotFoundError,
  InvalidParamsError,
  ResourceNotFoundError,
  LimitExceededError,
  ExecutionRevertedError,
  RPC_CODE_BY_ERROR_CODE,
  toJsonRpcError,
  formatZodIssues,
  type JsonRpcErrorObject,
  type RpcErrorOptions,
  type InternalErrorLogger,
} from './errors.ts';
export {
  defineMethod,
  createMethodTable,
  getMethod,
  requireConnection,
  type MethodDefinition,
  type MethodTable,
  type ParamsSchema,
  type RpcMethod,
  type RpcContext,
  type HttpRpcContext,
  type WsRpcContext,
  type InProcessRpcContext,
} from './methodTable.ts';
export * as rpcSchemas from './schemas.ts';
export type { Hex, BlockTag, BlockSelector } from './schemas.ts';
export type { RpcConnection, SubscriptionSource, SubscriptionEmit } from './connection.ts';
export { JsonText } from './jsonText.ts';
export { dispatchJsonRpc, type JsonRpcId, type JsonRpcResponse } from './dispatch.ts';
export {
  createRpcServer,
  DEFAULT_RPC_SERVER_LIMITS,
  type RpcServer,
  type RpcServerOptions,
  type RpcServerLimits,
  type MethodRouter,
} from './server.ts';
export { ethUnsubscribe } from './methods/eth_unsubscribe.ts';
export { getLogsInPages, type GetLogsInPagesOptions, type LogPage, type LogPageFilter } from './getLogsInPages.ts';
