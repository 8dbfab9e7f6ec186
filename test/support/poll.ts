/**
 * Polling with a deadline: the one way e2e tests wait for background work (settlement, watchers).
 * The deadline only turns a hang into a readable failure; no test asserts how long anything took.
 */

/** Options of `pollUntil`. */
export type PollOptions = {
  /** what is being waited for, for the failure message */
  what: string;
  /** give up after this long (ms, default 30 s) */
  timeoutMs?: number;
  /** pause between probes (ms, default 10) */
  intervalMs?: number;
};

/**
 * Calls `probe` until it returns something other than undefined, null or false, and returns that.
 * @throws Error naming `what` (and the last probe error, if any) once the deadline passes
 * @example const receipt = await pollUntil(() => client.request('eth_getTransactionReceipt', [hash]), { what: 'the receipt' });
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: PollOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last probe failed: ${lastError.message})` : '';
      throw new Error(`timed out waiting for ${options.what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 10));
  }
}
