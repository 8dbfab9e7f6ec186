import { describe, expect, it } from 'vitest';
import { BlockClock } from './blockClock.ts';

describe('BlockClock', () => {
  it('stamps a block with wall-clock time plus the offset', () => {
    const clock = new BlockClock(() => 1_000);
    clock.increase(60);
    expect(clock.take(0)).toEqual({ timestamp: 1_060 });
  });

  it('never stamps a block before the previous one', () => {
    expect(new BlockClock(() => 1_000).take(5_000).timestamp).toBe(5_000);
  });

  it('a set next timestamp stamps one block and moves the offset so time runs on from it', () => {
    let now = 1_000;
    const clock = new BlockClock(() => now);
    clock.setNext(9_000);
    expect(clock.take(0)).toEqual({ timestamp: 9_000, changed: { offset: 8_000, next: null } });
    now = 1_010;
    expect(clock.take(9_000)).toEqual({ timestamp: 9_010 });
  });

  it('restores a saved state', () => {
    const clock = new BlockClock(() => 1_000);
    clock.restore({ offset: 5, next: 2_000 });
    expect(clock.state()).toEqual({ offset: 5, next: 2_000 });
    expect(clock.take(0).timestamp).toBe(2_000);
  });
});
