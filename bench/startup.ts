/**
 * bench/startup: how long until a fresh network (Gateway + 2 chains, free ports) answers, measured
 * from the call until every endpoint has answered `eth_chainId` over HTTP. In-process (startNetwork,
 * first start and the median of the next ones) and as users run it: `node bin/zkinterop.js up --json`
 * in a child process, from spawn until every endpoint it printed answers (median of several), with a
 * breakdown: a bare `node` start, the CLI's own readyMs (network start), the time to its first answer.
 * The CLI runs its prebuilt bundle (dist/cli.mjs, made at install); a first untimed run rebuilds it
 * if src/ changed since, as `npm ci` would have.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBundleFresh } from '../scripts/buildCli.mjs';
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
};

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs the startup benchmark; see module header. */
export async function runStartup(options: { starts?: number } = {}): Promise<StartupResult> {
  const starts = options.starts ?? 5;
  const samples: number[] = [];
  for (let i = 0; i <= starts; i++) {
    progress(`startup: in-process start ${i + 1}/${starts + 1}`);
    samples.push(await inProcessStart());
  }
  progress('startup: node alone');
  const boots: number[] = [];
  for (let i = 0; i < starts; i++) boots.push(await nodeBoot());
  // Untimed: brings the bundle up to date with src/ (the rebuild is install work, not startup).
  await runToExit(['bin/zkinterop.js', '--version']);
  const cliBundled = isBundleFresh();
  const runs: CliRun[] = [];
  for (let i = 0; i < starts; i++) {
    progress(`startup: zkinterop up --json in a child process ${i + 1}/${starts}`);
    runs.push(await cliStart());
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

async function cliStart(): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zkinterop-bench-'));
  const config = join(dir, 'network.json');
  // Free ports everywhere: the default ones may be taken on a shared machine.
  writeFileSync(config, JSON.stringify({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], routerPort: 0 }));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/zkinterop.js', 'up', '--json', '--config', config], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await firstLine(child.stdout!, child.stderr!);
    const printedMs = performance.now() - started;
    const description = JSON.parse(line) as { readyMs: number; gateway: { rpcUrl: string }; chains: { rpcUrl: string }[]; routerUrl: string | null };
    await allAnswer([description.gateway.rpcUrl, ...description.chains.map((c) => c.rpcUrl)]);
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
