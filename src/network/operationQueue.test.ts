import { describe, expect, it } from 'vitest';
import { OperationQueue } from './operationQueue.ts';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OperationQueue', () => {
  it('behavior: starts an operation only once the one before it has settled', async () => {
    const queue = new OperationQueue();
    const events: string[] = [];
    const gate = deferred();
    const first = queue.run(async () => {
      events.push('first starts');
      await gate.promise;
      events.push('first ends');
    });
    const second = queue.run(() => {
      events.push('second runs');
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(['first starts']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(events).toEqual(['first starts', 'first ends', 'second runs']);
  });

  it('behavior: runs the operations after a failed one, and the failure reaches only its caller', async () => {
    const queue = new OperationQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const next = queue.run(() => 'next ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });

  it('behavior: counts the operations queued or running', async () => {
    const queue = new OperationQueue();
    const gate = deferred();
    const first = queue.run(() => gate.promise);
    const second = queue.run(() => undefined);
    expect(queue.size).toBe(2);
    gate.resolve();
    await Promise.all([first, second]);
    expect(queue.size).toBe(0);
  });
});

describe('OperationQueue.runOn', () => {
  it('behavior: operations on two keys run side by side', async () => {
    const queue = new OperationQueue();
    const gate = deferred();
    const events: string[] = [];
    const a = queue.runOn('271', async () => {
      events.push('271 starts');
      await gate.promise;
    });
    const b = queue.runOn('272', () => {
      events.push('272 runs');
    });
    await b;
    expect(events).toEqual(['271 starts', '272 runs']);
    gate.resolve();
    await a;
  });

  it('behavior: operations on one key run one at a time', async () => {
    const queue = new OperationQueue();
    const gate = deferred();
    const events: string[] = [];
    const first = queue.runOn('271', async () => {
      events.push('first starts');
      await gate.promise;
      events.push('first ends');
    });
    const second = queue.runOn('271', () => {
      events.push('second runs');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['first starts']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(events).toEqual(['first starts', 'first ends', 'second runs']);
  });

  it('behavior: an exclusive operation waits for per-key ones queued before it, and later ones wait for it', async () => {
    const queue = new OperationQueue();
    const gate = deferred();
    const events: string[] = [];
    const keyed = queue.runOn('271', async () => {
      await gate.promise;
      events.push('271 step');
    });
    const exclusive = queue.run(() => {
      events.push('snapshot');
    });
    const later = queue.runOn('272', () => {
      events.push('272 step');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    gate.resolve();
    await Promise.all([keyed, exclusive, later]);
    expect(events).toEqual(['271 step', 'snapshot', '272 step']);
  });
});
