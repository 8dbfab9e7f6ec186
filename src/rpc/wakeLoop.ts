/**
 * A read that runs when woken and, as a fallback, every `intervalMs`: what follows another node over its
 * `RpcClient` (the watcher, a chain's layer finality) runs on that node's pushes (`followTags`) and keeps
 * a slow poll only for a push that is lost (a socket away) or a client that cannot push. One run at a
 * time: wakes that arrive during a run make one more run right after it, never one per wake, so a burst
 * of blocks costs one read, not a read each.
 */

/** How often a follower whose client pushes still reads, in case a push was lost with its socket (ms). */
export const FALLBACK_POLL_MS = 1_000;

export type WakeLoopOptions = {
  /** the read; its errors go to `onError` (runs of `runNow` throw them to their caller instead) */
  work: () => Promise<void>;
  /** how long after a run the loop runs again unless woken first (ms), read after each run */
  intervalMs: () => number;
  /** told about a failed run; the loop runs again when woken or at the next interval */
  onError?: (error: unknown) => void;
};

/** Runs `work` on `wake` and every `intervalMs`; see module header. */
export class WakeLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: WakeLoopOptions) {}

  /** Whether it runs (started and not stopped since). */
  get active(): boolean {
    return !this.stopped;
  }

  /** Starts: runs once now, then on every wake and every interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Runs the work soon: now when idle, else once more after the run in flight. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.running = this.options
      .work()
      .catch((error) => this.options.onError?.(error))
      .finally(() => this.afterRun());
  }

  /** Runs the work once now, after the run in flight (manual mode, tests); its error is thrown here. */
  async runNow(): Promise<void> {
    while (this.running) await this.running;
    const run = this.options.work();
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      await run;
    } finally {
      this.afterRun();
    }
  }

  /** Stops waking and polling, and waits for the run in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.again = false;
    while (this.running) await this.running;
  }

  private afterRun(): void {
    this.running = undefined;
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.wake();
      return;
    }
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, this.options.intervalMs());
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
