/**
 * Errors of the client SDK. Each is a ZkInteropError with a stable `code` a script can branch on,
 * and a message that says what to do next.
 */
import { ZkInteropError, type ZkInteropErrorOptions } from '../errors.ts';
import type { BundleFailure } from '../wire/types.ts';

/** The node knows no interop message for this transaction (or not at this index). */
export class MessageNotFoundError extends ZkInteropError {
  override name = 'MessageNotFoundError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('MESSAGE_NOT_FOUND', message, options);
  }
}

/** The message's batch is not executed on Gateway yet, so no `proof_based_gw` proof exists. */
export class ProofNotReadyError extends ZkInteropError {
  override name = 'ProofNotReadyError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('PROOF_NOT_READY', message, options);
  }
}

/** A transaction the SDK sent (or was asked about) reverted. */
export class TransactionRevertedError extends ZkInteropError {
  override name = 'TransactionRevertedError';
  readonly txHash: string;
  constructor(txHash: string, message: string, options: ZkInteropErrorOptions = {}) {
    super('TRANSACTION_REVERTED', message, options);
    this.txHash = txHash;
  }
}

/** The message's batch failed to settle (its chain's settlement halted). */
export class MessageFailedError extends ZkInteropError {
  override name = 'MessageFailedError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('MESSAGE_FAILED', message, options);
  }
}

/** `waitForMessage` gave up: the deadline passed before the message reached the stage asked for. */
export class WaitTimeoutError extends ZkInteropError {
  override name = 'WaitTimeoutError';
  /** the stage waited for */
  readonly until: string;
  /** the last stage seen, or null if the message was never seen */
  readonly lastStage: string | null;
  readonly timeoutMs: number;
  constructor(until: string, lastStage: string | null, timeoutMs: number, options: ZkInteropErrorOptions = {}) {
    super('WAIT_TIMEOUT', `timed out after ${timeoutMs} ms waiting for the message to be ${until}; last stage seen: ${lastStage ?? 'none (message not found)'}`, options);
    this.until = until;
    this.lastStage = lastStage;
    this.timeoutMs = timeoutMs;
  }
}

/** The verifier contract reverted: the proof is malformed (a well-formed wrong proof returns false instead). */
export class VerificationRevertedError extends ZkInteropError {
  override name = 'VerificationRevertedError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('VERIFICATION_REVERTED', message, options);
  }
}

/** The node lacks a method this action needs (e.g. the `zkinterop_*` dev namespace on a non-zkinterop node). */
export class UnsupportedNodeError extends ZkInteropError {
  override name = 'UnsupportedNodeError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('UNSUPPORTED_NODE', message, options);
  }
}

/** The node's answers contradict each other (e.g. a receipt's L2→L1 log does not match its message). */
export class NodeInconsistencyError extends ZkInteropError {
  override name = 'NodeInconsistencyError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('NODE_INCONSISTENT', message, options);
  }
}

/** The network has no L1 under Gateway (started with `--no-l1`), so nothing verifies on L1. */
export class NoL1Error extends ZkInteropError {
  override name = 'NoL1Error';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('NO_L1', message, options);
  }
}

/** The transaction sent no interop bundle (no `InteropBundleSent` of InteropCenter 0x…1000d in its receipt). */
export class BundleNotFoundError extends ZkInteropError {
  override name = 'BundleNotFoundError';
  constructor(message: string, options: ZkInteropErrorOptions = {}) {
    super('BUNDLE_NOT_FOUND', message, options);
  }
}

/**
 * The destination has not imported the interop root of the proof's Gateway block yet, so
 * InteropHandler could not verify the bundle there: wait longer (`waitForBundle(…, { until: 'provable' })`).
 */
export class InteropRootNotImportedError extends ZkInteropError {
  override name = 'InteropRootNotImportedError';
  readonly gatewayChainId: number;
  readonly gatewayBlockNumber: number;
  constructor(gatewayChainId: number, gatewayBlockNumber: number, message: string, options: ZkInteropErrorOptions = {}) {
    super('ROOT_NOT_IMPORTED', message, options);
    this.gatewayChainId = gatewayChainId;
    this.gatewayBlockNumber = gatewayBlockNumber;
  }
}

/** The bundle was already executed or unbundled on its destination (InteropHandler's replay protection). */
export class BundleAlreadyProcessedError extends ZkInteropError {
  override name = 'BundleAlreadyProcessedError';
  readonly bundleHash: string;
  /** what the destination reports: 'executed' or 'unbundled' */
  readonly status: string;
  constructor(bundleHash: string, status: string, options: ZkInteropErrorOptions = {}) {
    super('BUNDLE_ALREADY_PROCESSED', `bundle ${bundleHash} is already ${status} on its destination; it cannot run again (read it with getBundleStatus)`, options);
    this.bundleHash = bundleHash;
    this.status = status;
  }
}

/** InteropHandler refused the bundle (or one of its calls reverted): `reason` names the contract error where it could be decoded. */
export class BundleRevertedError extends ZkInteropError {
  override name = 'BundleRevertedError';
  /** the decoded error name (e.g. 'MessageNotIncluded', 'ExecutingNotAllowed'), or null */
  readonly reason: string | null;
  /** the raw revert data, when the node returned it (a failing call's own error when InteropHandler's ABI does not know it) */
  readonly revertData: `0x${string}` | null;
  constructor(reason: string | null, message: string, options: ZkInteropErrorOptions = {}, revertData: `0x${string}` | null = null) {
    super('BUNDLE_REVERTED', message, options);
    this.reason = reason;
    this.revertData = revertData;
  }
}

/**
 * The network's relayer tried to execute a bundle and it reverted (`zkinterop_getBundle` shows a
 * `failure`): waiting for `executed` would only time out. `failure` has the reason, the failing call's
 * index and a call trace; the bundle can still be executed again or unbundled by its unbundler.
 */
export class BundleExecutionFailedError extends ZkInteropError {
  override name = 'BundleExecutionFailedError';
  readonly bundleHash: string;
  readonly failure: BundleFailure;
  constructor(bundleHash: string, failure: BundleFailure, options: ZkInteropErrorOptions = {}) {
    super(
      'BUNDLE_EXECUTION_FAILED',
      `the relayer's execution of bundle ${bundleHash} reverted${failure.reason ? ` with ${failure.reason}` : ''}${failure.callIndex !== null ? ` in call ${failure.callIndex}` : ''}; ` +
        'fix what the call needs and execute it again (executeBundle), or have its unbundler verify and unbundle it',
      options,
    );
    this.bundleHash = bundleHash;
    this.failure = failure;
  }
}
