/**
 * CI smoke of `npm run bench`: `bench/run.ts --quick --json` in a child process prints one JSON result
 * with every measurement in its expected shape (issue 14's bundles, issue 15's explorer pages and issue 16's processes included). Shapes and counts only: timings depend on the machine
 * and are never asserted.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = path.resolve(import.meta.dirname, '..');
const num = z.number().finite();
const nonNegative = z.number().finite().nonnegative();

const latencySchema = z.object({ p50Ms: nonNegative, p90Ms: nonNegative, p99Ms: nonNegative, maxMs: nonNegative });
const trafficSchema = z.object({ sent: z.number().int().positive(), verified: z.number().int(), seconds: nonNegative, messagesPerSecond: nonNegative, latency: latencySchema, sendP50Ms: nonNegative, sendSeconds: nonNegative });
const probeSchema = z.object({ messagesPerSecond: nonNegative, latencyP50Ms: nonNegative, latencyP99Ms: nonNegative, listMessagesMs: nonNegative, receiptMs: nonNegative, logProofMs: nonNegative });
const checkpointSchema = z.object({ storedMessages: z.number().int().nonnegative(), rssMb: nonNegative, heapUsedMb: nonNegative, probe: probeSchema.optional() });

const proofLevelSchema = z.object({
  concurrency: z.number().int().positive(),
  requests: z.number().int().positive(),
  perSecond: nonNegative,
  p50Ms: nonNegative,
  p99Ms: nonNegative,
  errors: z.literal(0),
  serverCpuUsPerRequest: nonNegative,
  clientCpuUsPerRequest: nonNegative,
});

const proofRunSchema = z.object({
  name: z.string(),
  server: z.enum(['node', 'bare node:http']),
  mode: z.enum(['proof_based_gw', 'none']),
  concurrency: z.number().int().positive(),
  batch: z.number().int().positive(),
  proofs: z.number().int().positive(),
  httpRequests: z.number().int().positive(),
  proofsPerSecond: nonNegative,
  p50Ms: nonNegative,
  p99Ms: nonNegative,
  errors: z.literal(0),
  serverCpuUsPerProof: nonNegative,
  serverCpuUsPerHttpRequest: nonNegative,
  clientCpuUsPerProof: nonNegative,
});
const inProcessProofsSchema = z.object({ requests: z.number().int().positive(), perSecond: nonNegative, p50Ms: nonNegative, p99Ms: nonNegative });

const bundlesSchema = z.object({
  gas: z.object({
    rows: z.array(z.object({ calls: z.number().int().positive(), sendBundleGas: z.number().int().positive(), executeBundleGas: z.number().int().positive(), executeGasPerCall: z.number().int().positive() })).min(2),
    proveMessageGas: z.number().int().positive(),
  }),
  rate: z.object({
    senders: z.number().int().positive(),
    perSender: z.number().int().positive(),
    bundles: z.object({ sent: z.number().int().positive(), executed: z.number().int(), seconds: nonNegative, bundlesPerSecond: nonNegative, latency: latencySchema }),
    messages: trafficSchema,
    direct: z.object({ calls: z.number().int().positive(), seconds: nonNegative, callsPerSecond: nonNegative }),
    alone: z.object({
      sent: z.number().int().positive(),
      executed: z.number().int(),
      seconds: nonNegative,
      bundlesPerSecond: nonNegative,
      latency: latencySchema,
      stages: z.object({ settlementP50Ms: nonNegative, settlementP90Ms: nonNegative, relayerP50Ms: nonNegative, relayerP90Ms: nonNegative }),
    }),
    ratio: nonNegative,
  }),
});

const resultSchema = z.object({
  machine: z.object({ cpus: z.number().int().positive(), node: z.string(), cpuModel: z.string(), date: z.string(), memoryGb: nonNegative, loadAverageStart: nonNegative, loadAverageEnd: nonNegative }),
  quick: z.literal(true),
  durationSeconds: nonNegative,
  startup: z.object({
    firstInProcessMs: nonNegative,
    inProcessMedianMs: nonNegative,
    inProcessSamplesMs: z.array(nonNegative),
    cliMs: nonNegative,
    cliReportedReadyMs: nonNegative,
    cliCodeCache: z.literal(true),
    cliNoCacheMs: nonNegative,
    cliNoCacheSamplesMs: z.array(nonNegative).min(1),
    processesMs: nonNegative,
    processesSamplesMs: z.array(nonNegative).min(1),
    processesReportedReadyMs: nonNegative,
  }),
  latency: z.object({
    messages: z.number().int().positive(),
    rateHz: nonNegative,
    p50Ms: nonNegative,
    p90Ms: nonNegative,
    p99Ms: nonNegative,
    maxMs: nonNegative,
    baselineP50Ms: nonNegative,
    ratioP50: nonNegative,
    l1: z.literal(true),
    provableOnL1: latencySchema,
    instant: latencySchema.extend({ ratioP50: nonNegative, provableOnL1: latencySchema, oneAtATime: latencySchema.extend({ messages: z.number().int().positive(), ratioP50: nonNegative, provableOnL1: latencySchema }) }),
  }),
  latencyWithoutL1: z.object({ messages: z.number().int().positive(), p50Ms: nonNegative, p99Ms: nonNegative, l1: z.literal(false), provableOnL1: z.undefined().optional(), instant: z.undefined().optional() }),
  throughput: z.object({
    sources: z.literal(2),
    sendersPerChain: z.number().int().positive(),
    messagesPerSender: z.number().int().positive(),
    network: trafficSchema,
    baseline: z.object({ automineTxPerSecond: nonNegative, blocksOf64TxPerSecond: nonNegative }),
    inProcess: z.object({ messages: z.number().int().positive(), seconds: nonNegative, messagesPerSecond: nonNegative }),
    httpFloor: z.object({ requests: z.number().int().positive(), requestsPerSecond: nonNegative, serverCpuPerRequestMs: nonNegative, clientCpuPerRequestMs: nonNegative }),
    ratio: nonNegative,
  }),
  proofService: z.object({
    logsInBatch: z.number().int(),
    firstProofMs: nonNegative,
    http: z.object({ requests: z.number().int().positive(), concurrency: z.number().int().positive(), perSecond: nonNegative, p50Ms: nonNegative, p99Ms: nonNegative }),
    httpLevels: z.array(proofLevelSchema).min(2),
    runs: z.array(proofRunSchema).min(2),
    inProcess: inProcessProofsSchema,
    inProcessNoMode: inProcessProofsSchema,
  }),
  memory: z.object({
    rssBeforeNetworkMb: nonNegative,
    rssIdleMb: nonNegative,
    checkpoints: z.array(checkpointSchema).min(2),
    bytesPerMessage: num,
    marginalBytesPerMessage: num,
    blocks: z.object({ chains: z.number().int().positive(), messagesPerChainBlock: z.number().positive(), gateway: z.number().int().nonnegative() }),
    engineFloor: z.object({ blockSize: z.number().int().positive(), txs: z.number().int().positive(), rssBytesPerTx: num, rssSlopeBytesPerTx: num }),
    fillSeconds: nonNegative,
  }),
  memoryMillion: z.object({
    rssIdleMb: nonNegative,
    checkpoints: z.array(checkpointSchema).min(2),
    bytesPerMessage: num,
    marginalBytesPerMessage: num,
    messagesPerTx: z.literal(256),
    engineFloor: z.object({ blockSize: z.number().int().positive(), txs: z.number().int().positive(), rssBytesPerTx: num, rssSlopeBytesPerTx: num, payload: z.literal('burst') }),
    fillSeconds: nonNegative,
  }),
  scaling: z.object({
    chains: z.array(z.object({ chains: z.number().int().positive(), messages: z.number().int(), messagesPerSecond: nonNegative, latencyP50Ms: nonNegative, latencyP99Ms: nonNegative })).min(2),
    storedMessages: z.array(checkpointSchema),
    steps: z.array(z.object({ dimension: z.string(), from: num, to: num, sizeFactor: num, cost: z.string(), costFactor: num, superLinear: z.boolean() })),
  }),
  verificationGas: z.array(z.object({ chains: z.number().int().positive(), batchNumber: z.number().int().positive(), proofWords: z.number().int().positive(), gas: z.number().int().positive() })).min(1),
  bundles: bundlesSchema,
  explorer: z.object({
    storedMessages: z.number().int().positive(),
    fillSeconds: nonNegative,
    rounds: z.number().int().positive(),
    pages: z.array(z.object({ page: z.string(), requests: z.number().int().positive(), p50Ms: nonNegative, p99Ms: nonNegative, maxMs: nonNegative })).min(10),
    goalMs: z.literal(300),
  }),
  processes: z.object({
    cores: z.number().int().positive(),
    rows: z
      .array(
        z.object({
          mode: z.enum(['one process', 'process per node']),
          chains: z.number().int().positive(),
          messages: z.number().int().positive(),
          messagesPerSecond: nonNegative,
          latencyP50Ms: nonNegative,
          latencyP99Ms: nonNegative,
          processes: z.array(z.object({ role: z.string(), chainId: z.number().int().nullable(), cpuMs: nonNegative, cpuPerMessageMs: nonNegative })).min(1),
          idleCpuPercent: nonNegative,
        }),
      )
      .length(2),
  }),
  goals: z.array(z.object({ issue: z.union([z.literal(6), z.literal(17)]), name: z.string(), goal: z.string(), value: num, unit: z.string(), met: z.boolean() })),
});

/** Runs the quick bench; resolves with its stdout and exit code. */
function runQuickBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run bench -- --quick --json', () => {
  let run: { code: number | null; stdout: string; stderr: string };
  let result: z.infer<typeof resultSchema>;

  // A hang guard sized for a slow shared machine, not a timing assertion.
  beforeAll(async () => {
    run = await runQuickBench();
    result = JSON.parse(run.stdout.trim()) as z.infer<typeof resultSchema>;
  }, 900_000);

  it('exits with code 0', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('prints exactly one JSON object on stdout', () => {
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reports every measurement in its documented shape', () => {
    const parsed = resultSchema.safeParse(result);
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('counts in throughput only messages that were verified, and verifies every one it sent', () => {
    expect(result.throughput.network.verified).toBe(result.throughput.network.sent);
  });

  it('runs the throughput traffic once more in-process, every message of every sender', () => {
    expect(result.throughput.inProcess.messages).toBe(result.throughput.network.sent);
  });

  it('fills the proof service batch with 16,384 messages', () => {
    expect(result.proofService.logsInBatch).toBe(16_384);
  });

  it('measures the proof service at 1, 4 and 16 connections and holds the goals against 4', () => {
    expect(result.proofService.httpLevels.map((l) => l.concurrency)).toEqual([1, 4, 16]);
    expect(result.proofService.http.concurrency).toBe(4);
  });

  it('measures the bare node:http floor, the node\'s single and batched proofs and the no-mode proof in the same run', () => {
    const runs = result.proofService.runs;
    expect(runs.map((r) => [r.server, r.mode, r.batch])).toEqual([
      ['bare node:http', 'proof_based_gw', 1],
      ['node', 'proof_based_gw', 1],
      ['node', 'proof_based_gw', 1],
      ['node', 'proof_based_gw', 1],
      ['node', 'proof_based_gw', 10],
      ['node', 'proof_based_gw', 100],
      ['node', 'none', 1],
      ['node', 'none', 100],
      ['bare node:http', 'proof_based_gw', 1],
    ]);
    for (const r of runs) expect(r.httpRequests * r.batch).toBe(r.proofs);
  });

  it('runs the same traffic in one process and with one process per node, the latter split over the L1, Gateway, the chain and the coordinator', () => {
    const [one, many] = result.processes.rows;
    expect([one!.mode, many!.mode]).toEqual(['one process', 'process per node']);
    expect(many!.messages).toBe(one!.messages);
    expect(many!.processes.map((p) => p.role).sort()).toEqual(['chain', 'coordinator', 'gateway', 'l1']);
  });

  it('executes every bundle it sent in the bundle rate run, and verifies every plain message beside them', () => {
    expect(result.bundles.rate.bundles.executed).toBe(result.bundles.rate.bundles.sent);
    expect(result.bundles.rate.messages.verified).toBe(result.bundles.rate.messages.sent);
  });

  it('executes every bundle of the bundles-alone run, and sends as many direct calls on the bare engine as bundles', () => {
    expect(result.bundles.rate.alone.executed).toBe(result.bundles.rate.alone.sent);
    expect(result.bundles.rate.direct.calls).toBe(result.bundles.rate.alone.sent);
  });

  it('measures executeBundle gas for each call count, growing with the calls', () => {
    const rows = result.bundles.gas.rows;
    expect(rows.map((r) => r.calls)).toEqual([1, 2]);
    expect(rows[1]!.executeBundleGas).toBeGreaterThan(rows[0]!.executeBundleGas);
  });

  it('holds every goal of issue 6 against a measured value', () => {
    expect(result.goals.filter((g) => g.issue === 6).map((g) => g.name)).toEqual([
      'startup in-process (median)',
      'startup `zkinterop up` (child process)',
      'latency p50',
      'latency p99',
      'throughput vs bare engine',
      'proof service over HTTP',
      'proof service p99 over HTTP',
      'RSS idle, Gateway + 2 chains',
      'RSS growth per stored message',
    ]);
  });

  it('holds every goal of issue 17 against a measured value', () => {
    const names = result.goals.filter((g) => g.issue === 17).map((g) => g.name.replace(/^RSS with [\d,]+ stored messages \(\d+ per transaction\)$/, 'RSS with N stored messages'));
    expect(names).toEqual([
      'start: `zkinterop up` spawn → ready (child process, median)',
      'start: `zkinterop up --processes` spawn → ready (median)',
      'latency p50, instant profile',
      'latency p50, default profile (with the L1)',
      'throughput, verified messages vs bare engine',
      'throughput, executed bundles vs the same calls sent directly',
      'proof service: server CPU per `zks_getL2ToL1LogProof`, one per HTTP request',
      'proof service: server CPU per proof, JSON-RPC batches of 100',
      'RSS with N stored messages',
      'RSS growth per stored message beyond the working set (marginal, to the last checkpoint)',
      '`zkinterop_listMessages` flat to the last checkpoint (slowest / fastest probe)',
    ]);
    for (const goal of result.goals) expect(Number.isFinite(goal.value), goal.name).toBe(true);
  });
});
