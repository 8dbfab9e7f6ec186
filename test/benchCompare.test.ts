/**
 * `npm run bench -- --compare <file>` (bench/compare.ts): every figure of two bench results lined up by
 * path, array items named by their sizes rather than their position, with the change in percent.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, comparisonTable, figuresOf } from '../bench/compare.ts';

const saved = {
  machine: { cpus: 2 },
  durationSeconds: 90,
  throughput: { network: { messagesPerSecond: 100, latency: { p50Ms: 50 } } },
  processes: { rows: [{ chains: 1, mode: 'one process', messagesPerSecond: 300 }, { chains: 2, mode: 'one process', messagesPerSecond: 500 }] },
};
const now = {
  machine: { cpus: 16 },
  durationSeconds: 60,
  throughput: { network: { messagesPerSecond: 90, latency: { p50Ms: 55 } } },
  processes: { rows: [{ chains: 2, mode: 'one process', messagesPerSecond: 550 }, { chains: 4, mode: 'one process', messagesPerSecond: 600 }] },
};

describe('bench --compare', () => {
  it('names every numeric figure by its path and leaves out what describes the run', () => {
    expect([...figuresOf(saved).keys()]).toEqual([
      'throughput.network.messagesPerSecond',
      'throughput.network.latency.p50Ms',
      'processes.rows[chains=1,mode=one process].chains',
      'processes.rows[chains=1,mode=one process].messagesPerSecond',
      'processes.rows[chains=2,mode=one process].chains',
      'processes.rows[chains=2,mode=one process].messagesPerSecond',
    ]);
  });

  it('lines up array items by their sizes, not their positions, so runs of other sizes still compare', () => {
    const rows = compareRuns(saved, now).filter((f) => f.path.endsWith('messagesPerSecond') && f.path.startsWith('processes'));
    expect(rows).toEqual([
      { path: 'processes.rows[chains=2,mode=one process].messagesPerSecond', saved: 500, now: 550, changePercent: 10 },
      { path: 'processes.rows[chains=4,mode=one process].messagesPerSecond', saved: undefined, now: 600, changePercent: undefined },
      { path: 'processes.rows[chains=1,mode=one process].messagesPerSecond', saved: 300, now: undefined, changePercent: undefined },
    ]);
  });

  it('shows a slowdown as a negative change beside both numbers in the table', () => {
    const table = comparisonTable(compareRuns(saved, now));
    expect(table).toContain('| throughput.network.messagesPerSecond | 100 | 90 | -10 % |');
    expect(table).toContain('| throughput.network.latency.p50Ms | 50 | 55 | +10 % |');
    expect(table).toContain('| processes.rows[chains=1,mode=one process].messagesPerSecond | 300 | – |  |');
  });
});
