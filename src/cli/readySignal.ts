/**
 * Tells the launcher that a long-running command (`up`, `node`) is ready: bin/zkinterop.js then
 * writes its V8 code cache of the bundle, if it has none (scripts/runBundle.mjs). An event on
 * `process`, so the command runs the same without the launcher (tsx, tests): nobody listens.
 */
import type { EventEmitter } from 'node:events';

/** The event scripts/runBundle.mjs listens for. */
export const READY_EVENT = 'zkinterop:ready';

/** Emits READY_EVENT on `process`. */
export function signalReady(): void {
  (process as EventEmitter).emit(READY_EVENT);
}
