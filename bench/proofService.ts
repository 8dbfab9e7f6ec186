/**
 * bench/proofService: zks_getL2ToL1LogProof on a full batch. One batch of chain 271 is filled with
 * 16,384 messages (64 MessageBurst transactions of 256 messages each; the batch seals because it is
 * full, then settles on Gateway; Gateway's batch holding it is then sealed so it settles on the L1 and
 * the no-mode proof, to the L1, is answered too). Then the proof method is called over HTTP by a load
 * generator in a separate process (bench/proofLoad.ts: raw keep-alive HTTP/1.1 connections, so the
 * client's CPU is not the server's and stays small), and in-process through the method table
 * (validation included), one call at a time. Requests stride across the whole batch (log k·7,919 mod
 * 16,384: every log once before any repeats) and every answer is compared with a proof computed here
 * beforehand from a tree built afresh (not the node's cache); one wrong answer fails the bench.
 *
 * The HTTP runs, in one process and one run so their server CPU compares (`runs`): a bare node:http
 * server in this process answering every request with one constant JSON-RPC answer of a proof's size
 * (reads the body, writes the same headers: the floor node:http sets on this machine), then the node's
 * RPC server with one `proof_based_gw` call per HTTP request at 1, 4 and 16 connections (`httpLevels`,
 * the issue-6 rows), in JSON-RPC batches of 10 and 100 calls, and the no-mode proof (to the L1) single
 * and in batches of 100. Server CPU is this process's (user + system) over each run's timed window,
 * per proof: the network's background work is in every row alike.
 * The first proof of a batch builds its local logs tree (16,383 hashes); the timed requests come after
 * it, so they measure the served path, and the tree build is reported on its own.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';
import { startNetwork } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { MAX_LOGS_PER_BATCH } from '../src/chain/batcher.ts';
import { batchLogsTree } from '../src/chain/batchCommitment.ts';
import type { Batch } from '../src/chain/types.ts';
import type { GatewayL1Inclusion } from '../src/wire/types.ts';
import { gatewayProofOf, proofToL1Of } from '../src/chain/logProof.ts';
import { burstCalldata, deployMessageBurst } from './messageBurst.ts';
import type { ExpectedProof, ProofLoadInput, ProofLoadResult, ProofLoadRun } from './proofLoad.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

/** One concurrency level of single `proof_based_gw` requests over HTTP (the issue-6 rows). */
export type ProofServiceLevel = {
  concurrency: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** the load generator's CPU (user + system) per request */
  clientCpuUsPerRequest: number;
  /** CPU (user + system) of the process serving the network, per request, over the level's window */
  serverCpuUsPerRequest: number;
};

/** One HTTP run (see module header): the client's view plus this process's CPU per proof. */
export type ProofServiceRun = Omit<ProofLoadResult, 'firstError'> & {
  /** what served it: the node's RPC server, or the bare node:http server (constant answer) */
  server: 'node' | 'bare node:http';
  /** the proof asked: `proof_based_gw`, or none (the proof to the L1) */
  mode: 'proof_based_gw' | 'none';
  /** CPU (user + system) of this process (the server's) over the run's window, per proof */
  serverCpuUsPerProof: number;
  /** the same per HTTP request */
  serverCpuUsPerHttpRequest: number;
};

/** One in-process series: one call at a time through the method table. */
export type InProcessSeries = { requests: number; perSecond: number; p50Ms: number; p99Ms: number };

export type ProofServiceResult = {
  logsInBatch: number;
  /** the first proof of the batch (builds the batch's local logs tree) */
  firstProofMs: number;
  /** the headline level (`HEADLINE_CONCURRENCY` connections): what the goals are held against */
  http: ProofServiceLevel;
  /** every level of single `proof_based_gw` requests measured, by concurrency */
  httpLevels: ProofServiceLevel[];
  /** every HTTP run of the same process, the bare node:http floor first (module header) */
  runs: ProofServiceRun[];
  /** `proof_based_gw` in-process */
  inProcess: InProcessSeries;
  /** the no-mode proof (to the L1) in-process, the same logs */
  inProcessNoMode: InProcessSeries;
};

/**
 * Concurrency the goals are judged at. On two cores shared by server and client, 4 connections keep
 * the server busy (the rate barely grows beyond) without adding queueing delay to every request:
 * more connections only lengthen the queue, which the 16-connection row shows.
 */
export const HEADLINE_CONCURRENCY = 4;
/** Concurrency levels measured over HTTP. */
export const CONCURRENCY_LEVELS = [1, HEADLINE_CONCURRENCY, 16] as const;
/** JSON-RPC batch sizes measured over HTTP (calls per HTTP request), at `HEADLINE_CONCURRENCY`. */
export const BATCH_SIZES = [10, 100] as const;

const MESSAGES_PER_TX = 256;
const CHAIN = 271;

/** Options of `runProofService`. */
export type ProofServiceOptions = {
  /** proofs asked per run (default 20,000) */
  requests?: number;
  /** concurrencies of single `proof_based_gw` requests (default `CONCURRENCY_LEVELS`) */
  levels?: readonly number[];
  /** which HTTP runs to make, by name (default all; for profiling one kind of traffic) */
  runs?: (name: string) => boolean;
  /** called when the first HTTP run's timed part starts and after the last run (e.g. to start and stop a CPU profile) */
  around?: { before(): void | Promise<void>; after(): void | Promise<void> };
};

/** Runs the proof service benchmark; see module header. `requests` is the proofs asked per run. */
export async function runProofService(options: ProofServiceOptions = {}): Promise<ProofServiceResult> {
  const requests = options.requests ?? 20_000;
  const levels = options.levels ?? CONCURRENCY_LEVELS;
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN, port: 0 }, { chainId: 272, port: 0 }], batchTimeMs: 3_600_000 });
  let bare: http.Server | undefined;
  try {
    const chain = net.node(CHAIN);
    const accounts = devAccounts();
    progress('proof service: deploying MessageBurst');
    const burst = await deployMessageBurst(chain.node, accounts[0]!.address);
    // The deployment opened batch 1; seal it so the full batch is batch 2 and holds only messages.
    await chain.node.sealBatch();
    progress(`proof service: filling a batch with ${MAX_LOGS_PER_BATCH} messages`);
    const txCount = MAX_LOGS_PER_BATCH / MESSAGES_PER_TX;
    const hashes = await Promise.all(
      Array.from({ length: txCount }, (_, i) => chain.node.sendTransaction({ from: accounts[1 + (i % 8)]!.address, to: burst, data: burstCalldata(MESSAGES_PER_TX, i), gas: '0x1c9c380' })),
    );
    const batch = chain.node.txLocation(hashes[0]!)!.batch;
    if (batch.logs.length !== MAX_LOGS_PER_BATCH) throw new Error(`the batch holds ${batch.logs.length} logs, not ${MAX_LOGS_PER_BATCH}`);
    progress('proof service: waiting for the full batch to settle');
    await until(() => batch.stage === 'executed', () => batch.stage === 'failed', 'the full batch did not settle on Gateway');
    const targets = Array.from({ length: Math.min(requests, MAX_LOGS_PER_BATCH) }, (_, i) => {
      const log = (i * 7_919) % MAX_LOGS_PER_BATCH;
      return { hash: hashes[Math.floor(log / MESSAGES_PER_TX)]!, index: log % MESSAGES_PER_TX };
    });
    let started = performance.now();
    await chain.client.request('zks_getL2ToL1LogProof', [targets[0]!.hash, targets[0]!.index, 'proof_based_gw']);
    const firstProofMs = performance.now() - started;

    // Gateway's batch time is the hour given above too: seal the batch holding the execute so it settles on the L1.
    progress('proof service: waiting for Gateway\'s batch to settle on the L1');
    await net.gateway.node.sealBatch();
    let inclusion: GatewayL1Inclusion | null = null;
    await until(async () => (inclusion = await net.gateway.client.request<GatewayL1Inclusion | null>('zkinterop_getL1Inclusion', [CHAIN, batch.number])) !== null, () => false, 'Gateway\'s batch did not settle on the L1');

    progress('proof service: computing the expected proofs');
    const logs = targets.map(({ hash, index }) => ({ hash, index, id: chain.node.txLocation(hash)!.logs[index]!.id }));
    const proofs = expectedProofs(batch, logs, inclusion!);
    const bareAnswer = `{"jsonrpc":"2.0","id":1,"result":${JSON.stringify(proofs.gateway[0]!.result)}}`;
    bare = await startBareServer(bareAnswer);
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const run = (name: string, server: ProofServiceRun['server'], mode: ProofServiceRun['mode'], concurrency: number, batchSize: number): ProofLoadRun & Pick<ProofServiceRun, 'server' | 'mode'> => ({
      name,
      url: server === 'node' ? chain.rpcUrl : bareUrl,
      concurrency,
      batch: batchSize,
      proofs: mode === 'none' ? 'l1' : 'gateway',
      check: server === 'node',
      server,
      mode,
    });
    const runs = [
      run(`bare node:http, constant answer, ${HEADLINE_CONCURRENCY} connections`, 'bare node:http', 'proof_based_gw', HEADLINE_CONCURRENCY, 1),
      ...levels.map((c) => run(`proof_based_gw, ${c} connection${c === 1 ? '' : 's'}`, 'node', 'proof_based_gw', c, 1)),
      ...BATCH_SIZES.map((b) => run(`proof_based_gw, batches of ${b}, ${HEADLINE_CONCURRENCY} connections`, 'node', 'proof_based_gw', HEADLINE_CONCURRENCY, b)),
      run(`no mode (to the L1), ${HEADLINE_CONCURRENCY} connections`, 'node', 'none', HEADLINE_CONCURRENCY, 1),
      run(`no mode (to the L1), batches of 100, ${HEADLINE_CONCURRENCY} connections`, 'node', 'none', HEADLINE_CONCURRENCY, 100),
      // The floor again at the end: how much the machine's load moved during the runs.
      run(`bare node:http, constant answer, ${HEADLINE_CONCURRENCY} connections, again`, 'bare node:http', 'proof_based_gw', HEADLINE_CONCURRENCY, 1),
    ];
    const chosen = runs.filter((r) => options.runs?.(r.name) ?? true);
    const measured = await proofLoadInChild({ proofs, runs: chosen.map(({ server: _s, mode: _m, ...r }) => r), requests }, chosen, options.around?.before);
    await options.around?.after();

    progress('proof service: in-process calls');
    const inProcess = await inProcessSeries(requests, (k) => {
      const { hash, index } = targets[k % targets.length]!;
      return chain.client.request('zks_getL2ToL1LogProof', [hash, index, 'proof_based_gw']);
    });
    const inProcessNoMode = await inProcessSeries(requests, (k) => {
      const { hash, index } = targets[k % targets.length]!;
      return chain.client.request('zks_getL2ToL1LogProof', [hash, index]);
    });
    progressDone();
    const httpLevels = measured.filter((r) => r.server === 'node' && r.mode === 'proof_based_gw' && r.batch === 1).map(asLevel);
    const http = httpLevels.find((l) => l.concurrency === HEADLINE_CONCURRENCY) ?? httpLevels.at(-1)!;
    if (!http) throw new Error('no run of single proof_based_gw requests was chosen: the headline level needs one');
    return { logsInBatch: batch.logs.length, firstProofMs: round(firstProofMs), http, httpLevels, runs: measured, inProcess, inProcessNoMode };
  } finally {
    if (bare) await new Promise<void>((resolve) => bare!.close(() => resolve()).closeAllConnections());
    await net.stop();
  }
}

async function until(done: () => boolean | Promise<boolean>, failed: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await done())) {
    if (Date.now() > deadline || failed()) throw new Error(what);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function inProcessSeries(requests: number, call: (k: number) => Promise<unknown>): Promise<InProcessSeries> {
  const times: number[] = [];
  const started = performance.now();
  for (let k = 0; k < requests; k++) {
    const t = performance.now();
    await call(k);
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  return { requests, perSecond: Math.round(requests / seconds), p50Ms: round(quantile(times, 0.5), 3), p99Ms: round(quantile(times, 0.99), 3) };
}

function asLevel(r: ProofServiceRun): ProofServiceLevel {
  return {
    concurrency: r.concurrency,
    requests: r.proofs,
    seconds: r.seconds,
    perSecond: r.proofsPerSecond,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    errors: r.errors,
    clientCpuUsPerRequest: Math.round(r.clientCpuUsPerProof),
    serverCpuUsPerRequest: Math.round(r.serverCpuUsPerProof),
  };
}

/**
 * The floor: a node:http server that reads each request's body and answers `answer` with the headers
 * the node's server sends a client without an Origin (Content-Type, Content-Length) — no routing, no
 * checks, no JSON-RPC.
 */
function startBareServer(answer: string): Promise<http.Server> {
  const length = String(Buffer.byteLength(answer));
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, ['Content-Type', 'application/json', 'Content-Length', length]);
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The answers the node must give, from a tree built here (the node's caches are what is tested). */
function expectedProofs(batch: Batch, targets: readonly { hash: Hex; index: number; id: number }[], l1: GatewayL1Inclusion): ProofLoadInput['proofs'] {
  const tree = batchLogsTree(batch);
  const inc = batch.gatewayInclusion!;
  // `root` is the chain batch root in every mode, as the real server answers (SPEC §8).
  const root = tree.chainBatchRoot(batch.aggregatedRoot!);
  const gateway: ExpectedProof[] = [];
  const toL1: ExpectedProof[] = [];
  for (const { hash, index, id } of targets) {
    const logLeafPath = tree.pathToChainBatchRoot(id, batch.aggregatedRoot!);
    const proof = gatewayProofOf(logLeafPath, inc);
    gateway.push({ hash, index, mode: 'proof_based_gw', result: { id, proof, root, batchNumber: batch.number } });
    const l1Proof = proofToL1Of(logLeafPath, l1);
    toL1.push({ hash, index, result: { id, proof: l1Proof, root, batchNumber: batch.number } });
  }
  return { gateway, l1: toL1 };
}

/**
 * Runs bench/proofLoad.ts in a child process; reads this process's CPU around each run's timed part.
 * @throws Error when the child fails or any answer was not the expected proof
 */
async function proofLoadInChild(input: ProofLoadInput, runs: readonly Pick<ProofServiceRun, 'name' | 'server' | 'mode'>[], onFirstStart?: () => void | Promise<void>): Promise<ProofServiceRun[]> {
  const script = fileURLToPath(new URL('./proofLoad.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end(JSON.stringify(input));
  const results: ProofServiceRun[] = [];
  const failures: string[] = [];
  let cpuAtStart = process.cpuUsage();
  let line = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    line += chunk.toString();
    for (let end = line.indexOf('\n'); end >= 0; end = line.indexOf('\n')) {
      const message = JSON.parse(line.slice(0, end)) as { starting: string } | ProofLoadResult;
      line = line.slice(end + 1);
      if ('starting' in message) {
        if (results.length === 0) void onFirstStart?.();
        progress(`proof service: ${input.requests} proofs over HTTP, ${message.starting}`);
        cpuAtStart = process.cpuUsage();
        continue;
      }
      const cpu = process.cpuUsage(cpuAtStart);
      const used = cpu.user + cpu.system;
      const { firstError, ...result } = message;
      if (firstError !== undefined) failures.push(`${result.errors} of ${result.proofs} in "${result.name}" (first: ${firstError})`);
      const { server, mode } = runs.find((r) => r.name === result.name)!;
      results.push({ ...result, server, mode, serverCpuUsPerProof: round(used / result.proofs, 1), serverCpuUsPerHttpRequest: round(used / result.httpRequests, 1) });
    }
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the proof load generator exited with ${code}: ${err.slice(-2_000)}`);
  if (failures.length > 0) throw new Error(`the proof service gave wrong answers: ${failures.join('; ')}`);
  if (results.length !== input.runs.length) throw new Error(`the proof load generator reported ${results.length} of ${input.runs.length} runs`);
  return results;
}
