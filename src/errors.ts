/**
 * One error base for all of zkinterop. Every error carries a stable `code` (for scripts and the
 * JSON-RPC mapping) and a message that says what to do. Caller faults and invariant violations
 * (bugs) are kept apart so a user never gets blamed for ours.
 *
 * The codes are one closed list, `ERROR_CODES` (type `ErrorCode`): a code that is not on it is a type
 * error where the error is raised, so a typo cannot reach a client. The values are a contract
 * (clients, scripts and the JSON-RPC `data.code` match them): add codes, never rename one.
 */

/** Every `ZkInteropError.code`, grouped by where it is raised. */
export const ERROR_CODES = [
  // any caller mistake / a bug in zkinterop (InvalidArgumentError, InvariantError)
  'INVALID_ARGUMENT',
  'INVARIANT_VIOLATED',
  // transactions and accounts (src/protocol, src/chain)
  'INVALID_TRANSACTION',
  'TRANSACTION_REJECTED',
  'TRANSACTION_NOT_MINED',
  'UNKNOWN_TRANSACTION',
  'EXECUTION_REVERTED',
  'UNKNOWN_ACCOUNT',
  'PROTECTED_ACCOUNT',
  // the transaction pool (src/chain/txPool.ts): a bound, or a replacement without a fee bump
  'NONCE_GAP_TOO_LARGE',
  'TXPOOL_FULL',
  'REPLACEMENT_UNDERPRICED',
  // the EVM engine (src/chain/engine.ts)
  'ENGINE_RPC_ERROR',
  'ENGINE_CLOSED',
  // chains, settlement and the network (src/chain, src/gateway, src/network)
  'UNKNOWN_CHAIN',
  'NOT_MANUAL',
  'NOT_SETTLING',
  'SNAPSHOT_UNKNOWN',
  'LIMIT_EXCEEDED',
  'NETWORK_STOP_FAILED',
  'BATCH_NOT_PREPARED',
  'GATEWAY_REJECTED',
  'SETTLEMENT_HALTED',
  'PROOF_REVERTED',
  // persistence (src/store)
  'STORE_CLOSED',
  'STORE_CORRUPT',
  'STORE_FAILED',
  'STORE_INCOMPATIBLE',
  'STORE_UNAVAILABLE',
  // the JSON-RPC server and its errors (src/rpc, the namespaces)
  'RPC_SERVER_NOT_STARTED',
  'RPC_SERVER_RUNNING',
  'RPC_SERVER_STOP_FAILED',
  'RPC_SERVER_LISTEN_FAILED',
  'PORT_IN_USE',
  'RPC_ERROR',
  'PARSE_ERROR',
  'INVALID_REQUEST',
  'METHOD_NOT_FOUND',
  'INVALID_PARAMS',
  'INVALID_INPUT',
  'RESOURCE_NOT_FOUND',
  'NOTIFICATIONS_UNSUPPORTED',
  'EXECUTION_TIMEOUT',
  'GAS_CAP_EXCEEDED',
  'LOG_RANGE_TOO_WIDE',
  'TOO_MANY_LOGS',
  'DEV_MODE_OFF',
  'DEV_TOKEN_REQUIRED',
  'DEV_TOKEN_WRONG',
  // the JSON-RPC client (src/rpc/client.ts)
  'RPC_CLIENT_ERROR',
  // the client SDK and CLI (src/sdk, src/cli)
  'MESSAGE_NOT_FOUND',
  'PROOF_NOT_READY',
  'TRANSACTION_REVERTED',
  'MESSAGE_FAILED',
  'WAIT_TIMEOUT',
  'VERIFICATION_REVERTED',
  'UNSUPPORTED_NODE',
  'NODE_INCONSISTENT',
  'NODE_UNREACHABLE',
  // a node process the supervisor started exited (src/network/supervisor.ts)
  'NODE_PROCESS_EXITED',
  'NO_L1',
  // the test harness (src/testing)
  'ADVANCE_TIMEOUT',
  // interop to a chain that settles on the L1 directly (it imports no interop roots in this protocol version)
  'INTEROP_UNSUPPORTED',
  // interop bundles (src/protocol/bundle.ts): bytes that are not a v31 bundle or ERC-7930 address
  'INVALID_BUNDLE',
  // interop bundles through the client SDK (src/sdk): no bundle in a transaction, a root not imported yet, a bundle already run, a reverted execution
  'BUNDLE_NOT_FOUND',
  'ROOT_NOT_IMPORTED',
  'BUNDLE_ALREADY_PROCESSED',
  'BUNDLE_REVERTED',
  // the network's relayer tried a bundle and its execution reverted (waitForBundle until 'executed')
  'BUNDLE_EXECUTION_FAILED',
] as const;

/**
 * A stable, machine-readable error code (`ZkInteropError.code`, and `data.code` of a JSON-RPC error).
 * @example if (error instanceof ZkInteropError && error.code === 'PROOF_NOT_READY') await waitForMessage(…)
 */
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ZkInteropErrorOptions = {
  /** Longer explanation or the offending value. */
  details?: string;
  /** The error that caused this one; kept, never dropped. */
  cause?: unknown;
};

/** Base class: every zkinterop error has a stable machine-readable `code`. */
export class ZkInteropError extends Error {
  override name = 'ZkInteropError';
  readonly code: ErrorCode;
  readonly details?: string;

  /**
   * @param code one of `ERROR_CODES`
   * @param message what went wrong and what to do about it
   */
  constructor(code: ErrorCode, message: string, options: ZkInteropErrorOptions = {}) {
    super(options.details ? `${message}\n\nDetails: ${options.details}` : message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** The caller passed something invalid: fix the input. */
export class InvalidArgumentError extends ZkInteropError {
  override name = 'InvalidArgumentError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** Something that must never happen did: a bug in zkinterop, please report it. */
export class InvariantError extends ZkInteropError {
  override name = 'InvariantError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('INVARIANT_VIOLATED', `${message} (this is a bug in zkinterop: please report it)`, options);
  }
}

/** Throws InvalidArgumentError unless `condition` holds; a message given as a function is built only on failure (hot paths). */
export function assertArgument(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvalidArgumentError(typeof message === 'string' ? message : message());
}

/** Throws InvariantError unless `condition` holds. */
export function assertInvariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'string' ? message : message());
}
