/**
 * bench/startup: how long until a fresh network (the L1, Gateway + 2 chains, free ports) answers,
 * measured from the call until every endpoint has answered `eth_chainId` over HTTP. In-process
 * (startNetwork, first start and the median of the next ones) and as users run it: `node
 * bin/zkinterop.js up --json` in a child process, from spawn until every endpoint it printed answers
 * (median of several), with a breakdown: a bare `node` start, the CLI's own readyMs (network start),
 * the time to its first answer; the same without the bundle's code cache (ZKINTEROP_NO_CODE_CACHE=1,
 * runs interleaved with the cached ones); and `up --processes` (one process per node) the same way.
 * The CLI runs its prebuilt bundle (dist/cli.mjs, made at install); a first untimed `up` rebuilds it
 * if src/ changed since, as `npm ci` would have, and writes its code cache, as a first `up` does.
 * `up --processes` gets free ports chosen here (its default is fixed ports, which lets every node
 * start at once; port 0 would make each layer wait for the one it settles on to print its URL).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePorts } from '../src/testing/freePorts.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE, isBundleFresh } from '../scripts/buildCli.mjs';
import { startNetwork } from '../src/network/network.ts';
import { benchRpc } from './httpRpc.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

export type StartupResult = {
  /** the first in-process start of this process (module and EVM warm-up included) */
  firstInProcessMs: number;
  /** median of the following in-process starts */
  inProcessMedianMs: number;
  inProcessSamplesMs: number[];
  /** `up --json` in a child process: spawn → every endpoint answers (median of cliSamplesMs) */
  cliMs: number;
  cliSamplesMs: number[];
  /** median readyMs the CLI reported: from its `up` action (modules loaded) until the network runs */
  cliReportedReadyMs: number;
  /** median spawn → exit of `node -e ""`: Node's own start, the floor under cliMs */
  nodeBootMs: number;
  /** median spawn → the CLI printed its endpoints, minus its readyMs: Node start and module loading */
  cliLoadMs: number;
  /** median time from the printed endpoints until all of them answered eth_chainId */
  cliFirstAnswerMs: number;
  /** whether the runs used the prebuilt bundle (false: tsx transpiled src/ at every start) */
  cliBundled: boolean;
  /** whether the bundle's V8 code cache was there for the cliMs runs (written by the untimed first `up`) */
  cliCodeCache: boolean;
  /** cliMs without the code cache (ZKINTEROP_NO_CODE_CACHE=1), runs interleaved with the cached ones */
  cliNoCacheMs: number;
  cliNoCacheSamplesMs: number[];
  /** cliLoadMs of those runs */
  cliNoCacheLoadMs: number;
  /** `up --processes --json`: spawn → every node printed answers (median of processesSamplesMs) */
  processesMs: number;
  processesSamplesMs: number[];
  /** median readyMs it reported (from its `up` action until every node process is ready and the coordinator runs) */
  processesReportedReadyMs: number;
  /** median spawn → endpoints printed, minus readyMs: Node start and module loading of the coordinator */
  processesLoadMs: number;
};

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs the startup benchmark; see module header. */
export async function runStartup(options: { starts?: number; processStarts?: number } = {}): Promise<StartupResult> {
  const starts = options.starts ?? 5;
  const processStarts = options.processStarts ?? Math.min(starts, 3);
  const samples: number[] = [];
  for (let i = 0; i <= starts; i++) {
    progress(`startup: in-process start ${i + 1}/${starts + 1}`);
    samples.push(await inProcessStart());
  }
  progress('startup: node alone');
  const boots: number[] = [];
  for (let i = 0; i < starts; i++) boots.push(await nodeBoot());
  // Untimed: brings the bundle up to date with src/ (the rebuild is install work, not startup), and
  // writes its code cache, as the first `up` after an install does.
  await runToExit(['bin/zkinterop.js', '--version']);
  await cliStart();
  const cliBundled = isBundleFresh();
  const cliCodeCache = existsSync(`${BUNDLE}.cache`);
  const runs: CliRun[] = [];
  const uncached: CliRun[] = [];
  for (let i = 0; i < starts; i++) {
    progress(`startup: zkinterop up --json in a child process ${i + 1}/${starts}`);
    runs.push(await cliStart());
    uncached.push(await cliStart({ ZKINTEROP_NO_CODE_CACHE: '1' }));
  }
  const processRuns: CliRun[] = [];
  for (let i = 0; i < processStarts; i++) {
    progress(`startup: zkinterop up --processes --json ${i + 1}/${processStarts}`);
    processRuns.push(await processesStart());
  }
  progressDone();
  const [first, ...rest] = samples;
  const median = (values: number[]) => round(quantile(values, 0.5));
  return {
    firstInProcessMs: round(first!),
    inProcessMedianMs: median(rest),
    inProcessSamplesMs: rest.map((s) => round(s)),
    cliMs: median(runs.map((r) => r.ms)),
    cliSamplesMs: runs.map((r) => round(r.ms)),
    cliReportedReadyMs: median(runs.map((r) => r.reportedReadyMs)),
    nodeBootMs: median(boots),
    cliLoadMs: median(runs.map((r) => r.printedMs - r.reportedReadyMs)),
    cliFirstAnswerMs: median(runs.map((r) => r.ms - r.printedMs)),
    cliBundled,
    cliCodeCache,
    cliNoCacheMs: median(uncached.map((r) => r.ms)),
    cliNoCacheSamplesMs: uncached.map((r) => round(r.ms)),
    cliNoCacheLoadMs: median(uncached.map((r) => r.printedMs - r.reportedReadyMs)),
    processesMs: median(processRuns.map((r) => r.ms)),
    processesSamplesMs: processRuns.map((r) => round(r.ms)),
    processesReportedReadyMs: median(processRuns.map((r) => r.reportedReadyMs)),
    processesLoadMs: median(processRuns.map((r) => r.printedMs - r.reportedReadyMs)),
  };
}

/** Spawn → exit of a bare `node -e ""`. */
async function nodeBoot(): Promise<number> {
  const started = performance.now();
  await runToExit(['-e', '']);
  return performance.now() - started;
}

function runToExit(args: string[]): Promise<void> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'ignore' });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited with ${code}`)))));
}

async function inProcessStart(): Promise<number> {
  const started = performance.now();
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
  try {
    await allAnswer(net.allNodes().map((n) => n.rpcUrl));
    return performance.now() - started;
  } finally {
    await net.stop();
  }
}

/** Polls eth_chainId on every URL until each has answered. */
async function allAnswer(urls: string[]): Promise<void> {
  await Promise.all(
    urls.map(async (url) => {
      const rpc = benchRpc(url, 1);
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await rpc.request('eth_chainId');
            return;
          } catch (error) {
            if (attempt > 5_000) throw error;
            await new Promise((r) => setTimeout(r, 1));
          }
        }
      } finally {
        rpc.close();
      }
    }),
  );
}

type CliRun = { ms: number; printedMs: number; reportedReadyMs: number };

/** `up --json` with free ports (port 0: the default ones may be taken on a shared machine). */
function cliStart(env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return upStart({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], routerPort: 0 }, [], env);
}

/** `up --processes --json` on free ports found here (a port taken meanwhile fails the start: tried again). */
async function processesStart(): Promise<CliRun> {
  for (let attempt = 1; ; attempt++) {
    const [l1, gateway, a, b, router] = await freePorts(5);
    try {
      return await upStart({ l1: { port: l1 }, gateway: { chainId: 506, port: gateway }, chains: [{ chainId: 271, port: a }, { chainId: 272, port: b }], routerPort: router }, ['--processes']);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}


async function upStart(networkConfig: object, flags: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zkinterop-bench-'));
  const config = join(dir, 'network.json');
  writeFileSync(config, JSON.stringify(networkConfig));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/zkinterop.js', 'up', ...flags, '--json', '--config', config], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await firstLine(child.stdout!, child.stderr!);
    const printedMs = performance.now() - started;
    const description = JSON.parse(line) as { readyMs: number; l1: { rpcUrl: string } | null; gateway: { rpcUrl: string }; chains: { rpcUrl: string }[]; routerUrl: string | null };
    await allAnswer([...(description.l1 ? [description.l1.rpcUrl] : []), description.gateway.rpcUrl, ...description.chains.map((c) => c.rpcUrl)]);
    return { ms: performance.now() - started, printedMs, reportedReadyMs: description.readyMs };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstLine(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    stdout.on('end', () => reject(new Error(`zkinterop up printed no line; stderr: ${err}`)));
  });
}
