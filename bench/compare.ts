/**
 * `npm run bench -- --compare <file>`: each figure of this run beside the same figure of a saved run (a file
 * written by `npm run bench -- --json > file`), so a slowdown is visible in review. Pure: the figures are the
 * numeric leaves of both results, named by their path (`throughput.network.messagesPerSecond`,
 * `processes.rows[chains=2,mode=one process].messagesPerSecond`); array items with a `chains`, `mode`, `page`,
 * `calls`, `concurrency` or `storedMessages` field are named by those fields rather than their position, so a
 * run with other sizes still lines up. Whether a change is better or worse is not judged here (a higher rate is
 * better, a higher latency worse): the table shows both numbers and the change.
 */

/** One figure present in either run. */
export type ComparedFigure = { path: string; saved: number | undefined; now: number | undefined; changePercent: number | undefined };

/** Fields that name an array item better than its index. */
const KEY_FIELDS = ['chains', 'mode', 'page', 'calls', 'concurrency', 'storedMessages', 'name'] as const;

/** Fields that describe the run rather than measure it. */
const SKIPPED = new Set(['machine', 'quick', 'durationSeconds', 'goals']);

/**
 * The numeric leaves of a bench result by path.
 * @example figuresOf({ a: { b: 1 } }) // Map { 'a.b' => 1 }
 */
export function figuresOf(result: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof result === 'number' && Number.isFinite(result)) {
    out.set(prefix, result);
  } else if (Array.isArray(result)) {
    result.forEach((item, i) => figuresOf(item, `${prefix}[${itemKey(item) ?? i}]`, out));
  } else if (typeof result === 'object' && result !== null) {
    for (const [key, value] of Object.entries(result)) {
      if (prefix === '' && SKIPPED.has(key)) continue;
      figuresOf(value, prefix === '' ? key : `${prefix}.${key}`, out);
    }
  }
  return out;
}

function itemKey(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const parts = KEY_FIELDS.filter((k) => k in item).map((k) => `${k}=${String((item as Record<string, unknown>)[k])}`);
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** Every figure of either run, in this run's order then the saved run's leftovers, with the change in percent. */
export function compareRuns(saved: unknown, now: unknown): ComparedFigure[] {
  const before = figuresOf(saved);
  const after = figuresOf(now);
  const paths = [...after.keys(), ...[...before.keys()].filter((p) => !after.has(p))];
  return paths.map((path) => {
    const s = before.get(path);
    const n = after.get(path);
    const changePercent = s !== undefined && n !== undefined && s !== 0 ? Math.round(((n - s) / Math.abs(s)) * 1000) / 10 : undefined;
    return { path, saved: s, now: n, changePercent };
  });
}

/** The comparison as a Markdown table (figures only in one run show "–" on the other side). */
export function comparisonTable(figures: readonly ComparedFigure[]): string {
  const cell = (v: number | undefined) => (v === undefined ? '–' : String(v));
  const change = (c: number | undefined) => (c === undefined ? '' : `${c > 0 ? '+' : ''}${c} %`);
  return ['| Figure | Saved run | This run | Change |', '| --- | ---: | ---: | ---: |', ...figures.map((f) => `| ${f.path} | ${cell(f.saved)} | ${cell(f.now)} | ${change(f.changePercent)} |`)].join('\n');
}
