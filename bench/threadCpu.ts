/**
 * CPU time of this process's threads, from /proc (Linux), grouped as the JS main thread, the EVM
 * engine's threads (EDR names them `edr-…`) and the rest (libuv pool, GC, compiler). The throughput
 * bench reads it around its window to show where each message's CPU goes. Elsewhere it returns
 * undefined and the report leaves the row out.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms per thread group. */
export type ThreadCpu = { mainThreadMs: number; engineThreadsMs: number; otherThreadsMs: number };

/** Clock ticks per second of /proc's utime and stime (USER_HZ is 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Cumulative CPU of this process's threads by group, or undefined where /proc is missing. */
export function threadCpu(): ThreadCpu | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out: ThreadCpu = { mainThreadMs: 0, engineThreadsMs: 0, otherThreadsMs: 0 };
  for (const tid of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    if (tid === String(process.pid)) out.mainThreadMs += ms;
    else if (name.startsWith('edr')) out.engineThreadsMs += ms;
    else out.otherThreadsMs += ms;
  }
  return out;
}

/** `after - before`, group by group. */
export function threadCpuSince(before: ThreadCpu | undefined): ThreadCpu | undefined {
  const after = threadCpu();
  if (!before || !after) return undefined;
  return { mainThreadMs: after.mainThreadMs - before.mainThreadMs, engineThreadsMs: after.engineThreadsMs - before.engineThreadsMs, otherThreadsMs: after.otherThreadsMs - before.otherThreadsMs };
}

/** `cpu` divided over `count` items (per message, per transaction), µs-rounded. */
export function threadCpuPer(cpu: ThreadCpu, count: number): ThreadCpu {
  const per = (ms: number) => Math.round((ms / count) * 1000) / 1000;
  return { mainThreadMs: per(cpu.mainThreadMs), engineThreadsMs: per(cpu.engineThreadsMs), otherThreadsMs: per(cpu.otherThreadsMs) };
}
