import { describe, expect, it } from 'vitest';
import { LogFilters, withinFilterBounds } from './logQuery.ts';

const MINUTE = 60_000;

describe('LogFilters', () => {
  it('default: remembers a filter by id, whatever the id\'s spelling', () => {
    const filters = new LogFilters();
    filters.add('0x01', { address: '0x0000000000000000000000000000000000010005' });
    expect(filters.get(1n)).toEqual({ address: '0x0000000000000000000000000000000000010005' });
    expect(filters.get('0x1')).toBeDefined();
    filters.remove(1n);
    expect(filters.get(1n)).toBeUndefined();
  });

  it('behavior: a filter unpolled for five minutes expires, and the next add reports it for uninstalling', () => {
    let now = 0;
    const filters = new LogFilters(() => now);
    filters.add('0x1', {});
    filters.add('0x2', {});
    now = 4 * MINUTE;
    filters.touch('0x2');
    now = 6 * MINUTE;
    expect(filters.get('0x1')).toBeUndefined();
    expect(filters.get('0x2')).toBeDefined();
    expect(filters.add('0x3', {})).toEqual(['0x1']);
    expect(filters.size).toBe(2);
  });

  it('behavior: past its limit it forgets the least recently polled filter', () => {
    const filters = new LogFilters(() => 0, 2);
    filters.add('0x1', {});
    filters.add('0x2', {});
    filters.touch('0x1');
    expect(filters.add('0x3', {})).toEqual(['0x2']);
    expect([filters.get('0x1'), filters.get('0x2'), filters.get('0x3')].map(Boolean)).toEqual([true, false, true]);
  });
});

describe('withinFilterBounds', () => {
  const logs = [1, 5, 9].map((n) => ({ blockNumber: `0x${n.toString(16)}` }));

  it('keeps the logs inside numbered bounds, also bounds past the head', () => {
    expect(withinFilterBounds({ fromBlock: { kind: 'number', number: 2n }, toBlock: { kind: 'number', number: 2n ** 64n - 1n } }, logs)).toEqual(logs.slice(1));
    expect(withinFilterBounds({ fromBlock: { kind: 'tag', tag: 'earliest' }, toBlock: { kind: 'number', number: 5n } }, logs)).toEqual(logs.slice(0, 2));
  });

  it('keeps every log when the bounds are tags', () => {
    expect(withinFilterBounds({ fromBlock: { kind: 'tag', tag: 'latest' } }, logs)).toEqual(logs);
  });
});
