/**
 * CPU time of this process's threads, from /proc (Linux), grouped as the JS main thread, the EVM
 * engine's threads (EDR names them `edr-…`) and the rest (libuv pool, GC, compiler). The throughput
 * bench reads it around its window to show where each message's CPU goes. Elsewhere it returns
 * undefined and the report leaves the row out.
 * EDR runs requests on a pool whose threads exit after a while idle, taking their CPU out of /proc: a
 * thread that ended inside a window would make the engine's share shrink (even below zero). So the
 * process's total (process.cpuUsage, which keeps ended threads' time) is read too, and the engine's
 * share is the total less the main thread and the other threads still alive (libuv's and V8's threads
 * live as long as the process).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms per thread group. */
export type ThreadCpu = { mainThreadMs: number; engineThreadsMs: number; otherThreadsMs: number };

/** A reading: the groups, the process's total CPU, and each live non-engine thread's CPU. */
type Reading = ThreadCpu & { totalMs: number; others: Map<string, number> };

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
  const usage = process.cpuUsage();
  const out: Reading = { mainThreadMs: 0, engineThreadsMs: 0, otherThreadsMs: 0, totalMs: (usage.user + usage.system) / 1000, others: new Map() };
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
    else {
      out.otherThreadsMs += ms;
      out.others.set(tid, ms);
    }
  }
  return out;
}

/** `after - before`, group by group (the engine's share from the process total, see module header). */
export function threadCpuSince(before: ThreadCpu | undefined): ThreadCpu | undefined {
  const after = threadCpu() as Reading | undefined;
  const start = before as Reading | undefined;
  if (!start || !after) return undefined;
  const mainThreadMs = after.mainThreadMs - start.mainThreadMs;
  let otherThreadsMs = 0;
  for (const [tid, ms] of after.others) otherThreadsMs += ms - (start.others.get(tid) ?? 0);
  const engineThreadsMs = Math.max(0, after.totalMs - start.totalMs - mainThreadMs - otherThreadsMs);
  return { mainThreadMs, engineThreadsMs, otherThreadsMs };
}

/** `cpu` divided over `count` items (per message, per transaction), µs-rounded. */
export function threadCpuPer(cpu: ThreadCpu, count: number): ThreadCpu {
  const per = (ms: number) => Math.round((ms / count) * 1000) / 1000;
  return { mainThreadMs: per(cpu.mainThreadMs), engineThreadsMs: per(cpu.engineThreadsMs), otherThreadsMs: per(cpu.otherThreadsMs) };
}
