/**
 * Polling with a deadline, the SDK's one way to wait for background work (settlement, watchers).
 */

/** Pauses `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, or the deadline passes.
 * @returns the value, or undefined when the deadline passed first
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs: number }): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await pause(Math.min(options.intervalMs, Math.max(0, deadline - Date.now())));
  }
}
