/**
 * BENCHMARKS.md, one `## ` section per benchmark: a bench replaces only its own section (or adds
 * it), so benches run at different times never overwrite each other. The file is created with a
 * short header about the machine when missing; every section also says where it was measured,
 * since sections may come from different runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository's BENCHMARKS.md. */
export const BENCHMARKS_FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

/** Where numbers were measured. */
export type MachineSummary = { cpus: number; node: string; cpuModel: string; date: string };

/**
 * The machine this process runs on: CPU count (as `nproc`), Node version, CPU model (from
 * /proc/cpuinfo when readable) and today's date (UTC, YYYY-MM-DD).
 */
export function machineSummary(): MachineSummary {
  let cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) cpuModel = match[1].trim();
  } catch {
    // not Linux: os.cpus() named it
  }
  return { cpus: cpus().length, node: process.version, cpuModel, date: new Date().toISOString().slice(0, 10) };
}

/** One line naming the machine, e.g. "2 CPUs (AMD EPYC), Node v20.20.2, 2025-06-01". */
export function machineLine(machine: MachineSummary = machineSummary()): string {
  return `${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ${machine.date}`;
}

/**
 * Adds or replaces the section `## title` of BENCHMARKS.md with `body` (markdown, no heading).
 * Everything else in the file is kept byte for byte.
 * @param file defaults to the repository's BENCHMARKS.md
 * @example upsertBenchmarksSection('Protocol (issue 2)', table)
 */
export function upsertBenchmarksSection(title: string, body: string, file = BENCHMARKS_FILE): void {
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : newFileHeader();
  const lines = current.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === heading);
  let next: string;
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = lines.findIndex((line, i) => i > start && line.startsWith('## '));
    const before = lines.slice(0, start).join('\n');
    const rest = after < 0 ? '' : `\n${lines.slice(after).join('\n')}`;
    next = `${before}${before ? '\n' : ''}${section}${rest}`;
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

function newFileHeader(): string {
  const m = machineSummary();
  return [
    '# Benchmarks',
    '',
    'Numbers from one machine, not from CI: each ratio compares with a baseline measured in the same run,',
    'which says more than the absolute numbers. Each section names the run it comes from.',
    '',
    `- Machine: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}`,
    `- Node: ${m.node}`,
    `- Date: ${m.date}`,
    '',
  ].join('\n');
}
