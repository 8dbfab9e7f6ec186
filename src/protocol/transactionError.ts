/**
 * The one error a raw transaction that cannot be accepted raises: a caller fault with a stable
 * code (`INVALID_TRANSACTION`) and a finer `reason`, so the JSON-RPC layer can map it without
 * parsing messages and a library's own exception never leaks out of decoding.
 */
import { BaseError } from 'viem';
import { ZkInteropError, type ZkInteropErrorOptions } from '../errors.ts';

/** Why a raw transaction was refused. */
export type InvalidTransactionReason =
  /** Not hex, bad RLP, wrong field count, a field of the wrong shape or not canonically encoded. */
  | 'MALFORMED'
  /** A type byte this chain does not accept (e.g. 0x03 blobs, 0x04 set-code, or unknown). */
  | 'UNSUPPORTED_TYPE'
  /** Missing, malformed or high-s signature, or one that was not made by the stated sender. */
  | 'INVALID_SIGNATURE'
  /** A well-formed signature this node cannot check (a smart-account custom signature). */
  | 'UNSUPPORTED_SIGNATURE'
  /** The transaction is for another chain. */
  | 'WRONG_CHAIN_ID'
  /** A pre-EIP-155 legacy transaction (no chain id: valid on every chain) where replay protection is required. */
  | 'UNPROTECTED'
  /** A field is beyond what ZKsync accepts (nonce ≥ 2^32, fees ≥ 2^64, zero gas per pubdata). */
  | 'OUT_OF_RANGE';

/** A raw transaction was refused; `reason` says why. */
export class InvalidTransactionError extends ZkInteropError {
  override name = 'InvalidTransactionError';
  readonly reason: InvalidTransactionReason;

  constructor(reason: InvalidTransactionReason, message: string, options: ZkInteropErrorOptions = {}) {
    super('INVALID_TRANSACTION', message, options);
    this.reason = reason;
  }
}

/**
 * Throws InvalidTransactionError with `reason` unless `condition` holds. On paths every transaction
 * takes, pass the message as a function: it is then only formatted when the check fails.
 * @example assertTransaction(items.length === 16, 'MALFORMED', 'expected 16 fields')
 */
export function assertTransaction(
  condition: unknown,
  reason: InvalidTransactionReason,
  message: string | (() => string),
): asserts condition {
  if (!condition) throw new InvalidTransactionError(reason, typeof message === 'string' ? message : message());
}

/** A library error's one-line summary, kept in `details` when it is wrapped. */
export function describeCause(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
