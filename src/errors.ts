/**
 * One error base for all of zkinterop. Every error carries a stable `code` (for scripts and the
 * JSON-RPC mapping) and a message that says what to do. Caller faults and invariant violations
 * (bugs) are kept apart so a user never gets blamed for ours.
 */

export type ZkInteropErrorOptions = {
  /** Longer explanation or the offending value. */
  details?: string;
  /** The error that caused this one; kept, never dropped. */
  cause?: unknown;
};

/** Base class: every zkinterop error has a stable machine-readable `code`. */
export class ZkInteropError extends Error {
  override name = 'ZkInteropError';
  readonly code: string;
  readonly details?: string;

  constructor(code: string, message: string, options: ZkInteropErrorOptions = {}) {
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
    super('INVARIANT_VIOLATED', `${message} (this is a bug in zkinterop)`, options);
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
