import { describe, expect, it } from 'vitest';
import { ExecutionGate } from './executionGate.ts';

/** Work that ends when told to, and says whether it ever started. */
function controllable<T>(value: T) {
  let finish!: () => void;
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      started = true;
      await done;
      return value;
    },
    finish: () => finish(),
    get started() {
      return started;
    },
  };
}

const timedOut = (started: boolean) => new Error(started ? 'timed out while running' : 'timed out while waiting');

describe('ExecutionGate', () => {
  it('runs work in arrival order, no more at once than it has slots', async () => {
    const gate = new ExecutionGate(1);
    const first = controllable('a');
    const second = controllable('b');
    const a = gate.run(first.work, 0, timedOut);
    const b = gate.run(second.work, 0, timedOut);
    expect([first.started, second.started, gate.inFlight, gate.queued]).toEqual([true, false, 1, 1]);
    first.finish();
    expect(await a).toBe('a');
    expect(second.started).toBe(true);
    second.finish();
    expect(await b).toBe('b');
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it('behavior: a caller whose deadline passes while it waits is answered and its work never starts', async () => {
    const gate = new ExecutionGate(1);
    const running = controllable('running');
    const waiting = controllable('waiting');
    const first = gate.run(running.work, 0, timedOut);
    await expect(gate.run(waiting.work, 10, timedOut)).rejects.toThrow('timed out while waiting');
    expect(gate.queued).toBe(0);
    running.finish();
    await first;
    expect(waiting.started).toBe(false);
  });

  it('behavior: a caller whose deadline passes while its work runs is answered, and the work keeps its slot until it ends', async () => {
    const gate = new ExecutionGate(1);
    const slow = controllable('slow');
    await expect(gate.run(slow.work, 10, timedOut)).rejects.toThrow('timed out while running');
    expect(gate.inFlight).toBe(1);
    const next = controllable('next');
    const after = gate.run(next.work, 0, timedOut);
    expect(next.started).toBe(false);
    slow.finish();
    await expect.poll(() => next.started).toBe(true);
    next.finish();
    expect(await after).toBe('next');
  });

  it('error: passes on what the work throws and frees its slot', async () => {
    const gate = new ExecutionGate(1);
    await expect(gate.run(() => Promise.reject(new Error('refused')), 0, timedOut)).rejects.toThrow('refused');
    await expect(gate.run(() => { throw new Error('thrown'); }, 0, timedOut)).rejects.toThrow('thrown');
    expect(gate.inFlight).toBe(0);
    expect(await gate.run(async () => 1, 0, timedOut)).toBe(1);
  });

  it('error: refuses fewer than one slot', () => {
    expect(() => new ExecutionGate(0)).toThrow(/at least one slot/);
  });
});
