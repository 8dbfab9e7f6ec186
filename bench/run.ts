/**
 * `npm run bench`: every speed measurement of issue 6 in ONE run, so the figures are comparable and
 * each one names the same machine: startup, end-to-end latency, throughput against the bare engine,
 * the proof service on a full batch, memory, scaling with chains and stored messages, and the gas of
 * verifying proofs from networks of 2, 8 and 64 chains, (issue 14) what interop bundles cost, and (issue 16) one
 * process against one process per node. A full run takes a few minutes on two cores.
 *
 *   npm run bench [-- --quick] [-- --json] [-- --write] [-- --only startup,latency,…] [-- --compare <saved.json>]
 *
 * --quick runs a few iterations of each (CI smoke: shapes, not speed); --json prints one JSON object
 * on stdout; --write updates BENCHMARKS.md (one section per measurement); --compare prints every figure of
 * this run beside the same figure of a saved `--json` run (bench/compare.ts; on stderr with --json);
 * progress goes to stderr when it is a terminal.
 */
import { readFileSync } from 'node:fs';
import { loadavg, totalmem } from 'node:os';
import { compareRuns, comparisonTable } from './compare.ts';
import { machineSummary, upsertBenchmarksSection, type MachineSummary } from './benchmarksFile.ts';
import { runStartup, type StartupResult } from './startup.ts';
import { runLatency, type LatencyResult } from './latency.ts';
import { runThroughput, type ThroughputResult } from './throughput.ts';
import { runProofService, type ProofServiceResult } from './proofService.ts';
import { runStoredMessages, type StoredMessagesResult } from './storedMessages.ts';
import { runChainScaling, scalingSteps, type ChainScalingResult, type ScalingStep } from './scaling.ts';
import { runVerificationGas, type VerificationGasResult } from './verificationGas.ts';
import { runBundles, type BundlesResult } from './bundles.ts';
import { runExplorer, type ExplorerResult } from './explorer.ts';
import { runProcesses, type ProcessesResult } from './processes.ts';
import { benchSections, goalsOf, type Goal } from './report.ts';
import { round } from './stats.ts';

/** Names of the measurements, in run order (`--only` takes a comma-separated subset). */
export const MEASUREMENTS = ['startup', 'latency', 'throughput', 'proofService', 'memory', 'scaling', 'verificationGas', 'bundles', 'explorer', 'processes', 'memoryMillion'] as const;
export type MeasurementName = (typeof MEASUREMENTS)[number];

/** Everything one run measured (what `--json` prints). Measurements left out with --only are absent. */
export type BenchRunResult = {
  machine: MachineSummary & { memoryGb: number; loadAverageStart: number; loadAverageEnd: number };
  quick: boolean;
  durationSeconds: number;
  startup?: StartupResult;
  /** with the L1 under Gateway (the default network) */
  latency?: LatencyResult;
  /** the same without an L1 (`l1: false`), for comparison in the same run */
  latencyWithoutL1?: LatencyResult;
  throughput?: ThroughputResult;
  proofService?: ProofServiceResult;
  /** RSS idle and per stored message; its checkpoints also feed `scaling.storedMessages` */
  memory?: StoredMessagesResult;
  scaling?: { chains: ChainScalingResult; storedMessages: StoredMessagesResult['checkpoints']; steps: ScalingStep[] };
  verificationGas?: VerificationGasResult;
  /** issue 14: executeBundle gas by call count, bundles per second against messages per second */
  bundles?: BundlesResult;
  /** issue 15: each explorer page's server answers with 100,000 stored messages */
  explorer?: ExplorerResult;
  /** issue 16: 1/2/4/8 chains, one process against one process per node, with each process's CPU */
  processes?: ProcessesResult;
  /** issue 17: RSS and request costs up to 1,000,000 stored messages (256 per MessageBurst transaction) */
  memoryMillion?: StoredMessagesResult;
  /** every goal of issue 6 with the value measured and whether it holds */
  goals: Goal[];
};

/**
 * The million-message memory run (issue 17): MessageBurst transactions of 256 messages each, so a
 * million are stored in minutes (single-message transactions would take ~5 minutes per 100,000 here).
 */
const MEMORY_MILLION = (quick: boolean): Parameters<typeof runStoredMessages>[0] =>
  quick
    ? { messages: 4_096, memoryCheckpoints: [0, 2_048, 4_096], probeCheckpoints: [2_048, 4_096], messagesPerTx: 256, floorTxs: 8 }
    : { messages: 1_000_000, memoryCheckpoints: [0, 10_000, 100_000, 250_000, 500_000, 750_000, 1_000_000], probeCheckpoints: [1_000, 10_000, 100_000, 1_000_000], messagesPerTx: 256, floorTxs: 800 };

/** Runs the chosen measurements (default all); `quick` makes each a smoke run of a few iterations. */
export async function runBench(options: { quick?: boolean; only?: readonly MeasurementName[] } = {}): Promise<BenchRunResult> {
  const quick = options.quick ?? false;
  const only = new Set(options.only ?? MEASUREMENTS);
  const started = performance.now();
  const loadAverageStart = round(loadavg()[0] ?? 0, 1);
  const result: Omit<BenchRunResult, 'goals' | 'durationSeconds' | 'machine'> = { quick };
  if (only.has('startup')) result.startup = await runStartup({ starts: quick ? 1 : 5 });
  if (only.has('latency')) {
    const size = quick ? { messages: 10, rateHz: 20 } : { messages: 500, rateHz: 20 };
    result.latency = await runLatency(size);
    result.latencyWithoutL1 = await runLatency({ ...size, l1: false, instant: false });
  }
  if (only.has('throughput')) result.throughput = await runThroughput(quick ? { sendersPerChain: 2, messagesPerSender: 3 } : { sendersPerChain: 64, messagesPerSender: 40 });
  if (only.has('proofService')) result.proofService = await runProofService({ requests: quick ? 200 : 20_000 });
  if (only.has('memory') || only.has('scaling')) {
    result.memory = await runStoredMessages(quick ? { messages: 2_000, memoryCheckpoints: [0, 1_000, 2_000], probeCheckpoints: [1_000, 2_000] } : {});
  }
  if (only.has('scaling')) {
    const chains = await runChainScaling(quick ? { sizes: [1, 2], sendersPerChain: 2, messagesPerSender: 2 } : {});
    result.scaling = { chains, storedMessages: result.memory!.checkpoints, steps: scalingSteps(chains, result.memory!.checkpoints) };
  }
  if (!only.has('memory')) delete result.memory;
  if (only.has('verificationGas')) result.verificationGas = await runVerificationGas(quick ? { sizes: [2], batchesBefore: 0 } : {});
  if (only.has('bundles')) result.bundles = await runBundles(quick ? { callCounts: [1, 2], senders: 2, perSender: 2 } : { callCounts: [1, 2, 4, 8], senders: 8, perSender: 40 });
  if (only.has('explorer')) result.explorer = await runExplorer(quick ? { messages: 2_000, rounds: 5 } : {});
  if (only.has('memoryMillion')) result.memoryMillion = await runStoredMessages(MEMORY_MILLION(quick));
  if (only.has('processes')) result.processes = await runProcesses(quick ? { sizes: [1], sendersPerChain: 2, messagesPerSender: 2 } : {});
  const machine = { ...machineSummary(), memoryGb: round(totalmem() / 2 ** 30, 1), loadAverageStart, loadAverageEnd: round(loadavg()[0] ?? 0, 1) };
  const full = { ...result, machine, durationSeconds: round((performance.now() - started) / 1000, 1), goals: [] as Goal[] };
  full.goals = goalsOf(full);
  return full;
}

function parseOnly(argv: readonly string[]): MeasurementName[] | undefined {
  const i = argv.indexOf('--only');
  if (i < 0) return undefined;
  const names = (argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(MEASUREMENTS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown measurement(s) ${unknown.join(', ')}; choose from ${MEASUREMENTS.join(', ')}`);
  return names as MeasurementName[];
}

/** The saved run `--compare <file>` names, read before the bench runs (a wrong path fails at once). */
function savedRun(argv: readonly string[]): unknown {
  const i = argv.indexOf('--compare');
  if (i < 0) return undefined;
  const file = argv[i + 1];
  if (!file || file.startsWith('--')) throw new Error('--compare needs the file of a saved run: npm run bench -- --json > saved.json, then npm run bench -- --compare saved.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`cannot read the saved run ${file} (write one with npm run bench -- --json > ${file}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const saved = savedRun(argv);
  const result = await runBench({ quick: argv.includes('--quick'), only: parseOnly(argv) });
  const sections = benchSections(result);
  if (argv.includes('--write')) for (const [title, body] of sections) upsertBenchmarksSection(title, body);
  if (argv.includes('--json')) console.log(JSON.stringify(result));
  else for (const [title, body] of sections) console.log(`## ${title}\n\n${body}\n`);
  if (saved !== undefined) {
    const table = `## Against the saved run\n\n${comparisonTable(compareRuns(saved, result))}\n`;
    if (argv.includes('--json')) console.error(table);
    else console.log(table);
  }
  // Sockets of stopped servers may linger in keep-alive; nothing else is left to wait for.
  process.exit(0);
}
