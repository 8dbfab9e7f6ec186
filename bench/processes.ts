/**
 * bench/processes (issue 16): the same traffic on the same network, once run by `zkinterop up` (every node
 * in one process) and once by `zkinterop up --processes` (one process per node, a coordinator beside them),
 * for 1, 2, 4 and 8 chains, in one run. Both networks are child processes and both are read over JSON-RPC
 * only (bench/traffic.ts `trafficTargetOverRpc`), so the watcher costs the two the same. Every chain sends
 * to the next (a lone chain to itself), as bench/scaling does. Around each timed window the CPU of every
 * process of the network is read from /proc (Linux), so the table shows where each message's CPU went, and
 * before it the CPU the network spends idle (3 s with nothing sent). `measureIdleCpu` measures that idle CPU
 * alone, of this checkout or of another one (a baseline: `--idle-only --baseline <dir of another checkout>`).
 *
 * Run: npx tsx bench/processes.ts --idle-only [--chains 8] [--baseline <dir>]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetworkConfig } from '../src/wire/types.ts';
import { runTraffic, trafficTargetOverRpc, type TrafficResult } from './traffic.ts';
import { progress, round } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** How long each network is watched idle before its traffic (ms). */
const IDLE_WINDOW_MS = 3_000;

/** One process of a network and the CPU it spent over the timed window. */
export type ProcessCpu = { role: string; chainId: number | null; cpuMs: number; cpuPerMessageMs: number };

/** One network size in one mode. */
export type ProcessModeResult = {
  mode: 'one process' | 'process per node';
  chains: number;
  messages: number;
  messagesPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** every process of the network (the network's own, not the load generator's), heaviest first */
  processes: ProcessCpu[];
  /** CPU of all its processes while idle (nothing sent, before the traffic), in % of one core */
  idleCpuPercent: number;
};

export type ProcessesResult = { cores: number; rows: ProcessModeResult[] };

type UpJson = NetworkConfig & { processes?: { chainId: number | null; role: string; pid: number }[] };

/** Runs every size in both modes, one process first, each on a fresh network. */
export async function runProcesses(options: { sizes?: number[]; sendersPerChain?: number; messagesPerSender?: number } = {}): Promise<ProcessesResult> {
  const rows: ProcessModeResult[] = [];
  for (const size of options.sizes ?? [1, 2, 4, 8]) {
    for (const processes of [false, true]) {
      rows.push(await runOne(size, processes, options.sendersPerChain ?? 8, options.messagesPerSender ?? 15));
    }
  }
  const { availableParallelism } = await import('node:os');
  return { cores: availableParallelism(), rows };
}

/**
 * CPU of all the processes of an idle network of `size` chains (L1, Gateway; in one process or one per
 * node), in % of one core over 3 s with nothing sent, run from the checkout at `root` (default this one).
 */
export async function measureIdleCpu(size: number, processes: boolean, root = ROOT): Promise<number> {
  const up = await startUp(size, processes, root);
  try {
    return await idleCpuOf(up.pids);
  } finally {
    await up.stop();
  }
}

/** `up` of `size` chains (from the checkout at `root`), and every process of it. */
async function startUp(size: number, processes: boolean, root = ROOT) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-bench-processes-'));
  const ids = Array.from({ length: size }, (_, i) => 271 + i);
  const config = path.join(dir, 'network.json');
  writeFileSync(config, JSON.stringify({ gateway: { chainId: 506, port: 0 }, l1: { port: 0 }, chains: ids.map((chainId) => ({ chainId, port: 0 })), routerPort: 0 }));
  progress(`processes: starting ${size} chains (${processes ? 'process per node' : 'one process'})`);
  const { child, ready } = await spawnUp(['up', '--json', '--no-explorer', '--no-autorelay', '--config', config, ...(processes ? ['--processes', '--data-dir', path.join(dir, 'data')] : [])], root);
  const pids: { chainId: number | null; role: string; pid: number }[] = ready.processes ?? [{ chainId: null, role: 'network', pid: child.pid! }];
  // `up --processes` itself (supervisor + coordinator) is a process of the network too.
  if (processes) pids.push({ chainId: null, role: 'coordinator', pid: child.pid! });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  };
  return { ids, ready, pids, stop };
}

/** What the network's processes spend on each other (and on their own timers) with nothing to do, in % of one core. */
async function idleCpuOf(pids: { pid: number }[]): Promise<number> {
  const idleStart = pids.reduce((sum, p) => sum + processCpuMs(p.pid), 0);
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
  return round(((pids.reduce((sum, p) => sum + processCpuMs(p.pid), 0) - idleStart) / IDLE_WINDOW_MS) * 100, 1);
}

async function runOne(size: number, processes: boolean, sendersPerChain: number, messagesPerSender: number): Promise<ProcessModeResult> {
  const mode = processes ? 'process per node' : 'one process';
  const { ids, ready, pids, stop } = await startUp(size, processes);
  try {
    // Idle first: what the network's processes spend on each other (and on their own timers) with nothing to do.
    const idleCpuPercent = await idleCpuOf(pids);
    const target = trafficTargetOverRpc(ready);
    const traffic = { sources: ids, destinationOf: (c: number) => ids[(ids.indexOf(c) + 1) % ids.length]!, sendersPerChain };
    await runTraffic(target, { ...traffic, messagesPerSender: 2, label: `processes ${size} chains (${mode}) warm-up` });
    let before = new Map<number, number>();
    let after = new Map<number, number>();
    const result: TrafficResult = await runTraffic(target, {
      ...traffic,
      messagesPerSender,
      label: `processes ${size} chains (${mode})`,
      onWindowStart: () => void (before = new Map(pids.map((p) => [p.pid, processCpuMs(p.pid)]))),
      onWindowEnd: () => void (after = new Map(pids.map((p) => [p.pid, processCpuMs(p.pid)]))),
    });
    const perProcess = pids
      .map((p) => {
        const cpuMs = round(after.get(p.pid)! - before.get(p.pid)!);
        return { role: p.role, chainId: p.chainId, cpuMs, cpuPerMessageMs: round(cpuMs / Math.max(1, result.verified), 3) };
      })
      .sort((a, b) => b.cpuMs - a.cpuMs);
    return { mode, chains: size, messages: result.verified, messagesPerSecond: result.messagesPerSecond, latencyP50Ms: result.latency.p50Ms, latencyP99Ms: result.latency.p99Ms, processes: perProcess, idleCpuPercent };
  } finally {
    await stop();
  }
}

/** CPU (user + system) of process `pid` so far, in ms; 0 once it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** `zkinterop …args` as a child, once its `--json` line came. */
function spawnUp(args: string[], root = ROOT): Promise<{ child: ChildProcess; ready: UpJson }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/zkinterop.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined && out.includes('\n')) resolve({ child, ready: JSON.parse(line) as UpJson });
    });
    child.once('exit', (code) => reject(new Error(`zkinterop ${args.join(' ')} exited (${code}) before it was ready:\n${err}`)));
  });
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--idle-only')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const chains = Number(arg('chains') ?? 8);
  const baseline = arg('baseline');
  for (const processes of [false, true]) {
    const mode = processes ? 'up --processes' : 'up';
    if (baseline) console.log(`idle CPU, ${chains} chains, ${mode}, baseline ${baseline}: ${await measureIdleCpu(chains, processes, path.resolve(baseline))} %`);
    console.log(`idle CPU, ${chains} chains, ${mode}, this checkout: ${await measureIdleCpu(chains, processes)} %`);
  }
}
