/**
 * Runs a network's admin and dev operations without letting them interleave (docs/security.md,
 * "Admin methods and limits"). Two kinds:
 * - exclusive (`run`): adding a chain, snapshots, revert, dump, faults, delays. One at a time, in the
 *   order they arrive, and never beside any other operation.
 * - per chain (`runOn(key, op)`): a chain's stage control (seal, commit, prove, execute, import). One at
 *   a time per chain, but two chains may step at once (their executes may land in one Gateway block,
 *   as on a real Gateway); they wait for an exclusive operation queued before them, and an exclusive
 *   operation waits for every per-chain one queued before it.
 * An operation starts once those before it settled, whether they succeeded or failed; its own result
 * or error goes back to its caller only. The orchestrator owns one queue; the RPC namespaces hand it
 * the methods that change the network, never plain reads or transactions.
 */

/** Something that runs operations one at a time: `run(op)` resolves or rejects as `op` does. */
export type RunOneAtATime = <T>(operation: () => T | Promise<T>) => Promise<T>;

/** A queue of async operations; see module header. */
export class OperationQueue {
  /** settles when the last exclusive operation queued so far has */
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  /** per key: settles when the last operation queued on it so far has */
  private readonly keyTails = new Map<string, Promise<unknown>>();
  /** per-key operations queued or running (an exclusive operation waits for them) */
  private readonly perKey = new Set<Promise<unknown>>();
  private count = 0;

  /**
   * Runs `operation` alone: after every operation queued before it has settled, before any queued after it.
   * @returns what `operation` returns
   * @throws what `operation` throws (later operations run anyway)
   * @example await queue.run(() => network.addChain())
   */
  run<T>(operation: () => T | Promise<T>): Promise<T> {
    const before = [this.exclusiveTail, ...this.perKey];
    const result = this.track(Promise.allSettled(before).then(operation));
    this.exclusiveTail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `operation` after the operations queued before it on the same `key` and after the exclusive
   * operations queued before it; operations on other keys may run beside it.
   * @example await queue.runOn('271', () => node.advanceSettlement('execute'))
   */
  runOn<T>(key: string, operation: () => T | Promise<T>): Promise<T> {
    const before = [this.exclusiveTail, this.keyTails.get(key) ?? Promise.resolve()];
    const result = this.track(Promise.allSettled(before).then(operation));
    const settled = result.catch(() => undefined);
    this.keyTails.set(key, settled);
    this.perKey.add(settled);
    void settled.then(() => {
      this.perKey.delete(settled);
      if (this.keyTails.get(key) === settled) this.keyTails.delete(key);
    });
    return result;
  }

  /** Operations queued or running. */
  get size(): number {
    return this.count;
  }

  private track<T>(result: Promise<T>): Promise<T> {
    this.count++;
    return result.finally(() => this.count--);
  }
}
