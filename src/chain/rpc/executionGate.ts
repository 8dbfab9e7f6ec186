/**
 * A FIFO gate with a fixed number of slots, for work that cannot be interrupted once started (an EVM
 * call inside EDR). A caller with a deadline that passes while it waits leaves the queue and its work
 * never starts: that is what makes a timeout shed load rather than only answer early. A caller whose
 * deadline passes while its work runs is answered at the deadline, but the work keeps its slot until it
 * really ends, so the number of slots bounds the work in flight (and its memory) at every moment.
 * No clocks besides the caller's timeout; no knowledge of what the work is.
 */
import { InvariantError } from '../../errors.ts';

/** What a caller does when its deadline passes, told whether its work had started. */
export type OnDeadline = (started: boolean) => Error;

/** See module header. */
export class ExecutionGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /**
   * @param slots how many pieces of work may run at once (at least 1)
   * @throws InvariantError for fewer than one slot
   */
  constructor(readonly slots: number) {
    if (!Number.isSafeInteger(slots) || slots < 1) throw new InvariantError(`an execution gate needs at least one slot, got ${slots}`);
  }

  /** Pieces of work running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Callers waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `work` once a slot is free, in arrival order.
   * @param timeoutMs how long the caller waits, turn included; 0 = no deadline
   * @param onDeadline the error the caller gets when the deadline passes (the work may still be running)
   * @returns what `work` returns, if it ends before the deadline
   * @throws what `work` throws, or `onDeadline(started)` at the deadline
   * @example await gate.run(() => engine.request('eth_call', params), 5_000, (started) => new ExecutionTimeoutError('eth_call', 5_000, started))
   */
  run<T>(work: () => Promise<T>, timeoutMs: number, onDeadline: OnDeadline): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let started = false;
      let timer: NodeJS.Timeout | undefined;
      const start = () => {
        started = true;
        this.running++;
        let execution: Promise<T>;
        try {
          execution = work();
        } catch (error) {
          execution = Promise.reject(error);
        }
        execution.then(
          (value) => {
            this.release();
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            this.release();
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            reject(error);
          },
        );
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          if (settled) return;
          settled = true;
          if (!started) {
            const at = this.waiting.indexOf(start);
            if (at >= 0) this.waiting.splice(at, 1);
          }
          reject(onDeadline(started));
        }, timeoutMs);
      }
      if (this.running < this.slots) start();
      else this.waiting.push(start);
    });
  }

  private release(): void {
    this.running--;
    const next = this.waiting.shift();
    if (next) next();
  }
}
