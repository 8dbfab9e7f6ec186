/**
 * bench/proofService: zks_getL2ToL1LogProof (proof_based_gw) on a full batch. One batch of chain 271
 * is filled with 16,384 messages (64 MessageBurst transactions of 256 messages each; the batch seals
 * because it is full, then settles), then the proof method is hammered over HTTP by concurrent
 * keep-alive clients in a separate process (bench/proofLoad.ts, so the client's CPU is not the
 * server's), and called in-process through the method table (validation included), one at a time.
 * The first proof of a batch builds its local logs tree (16,383 hashes); the timed requests come after
 * one warm-up request, so they measure the served path, and the tree build is reported on its own.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';
import { startNetwork } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { MAX_LOGS_PER_BATCH } from '../src/chain/batcher.ts';
import { burstCalldata, deployMessageBurst } from './messageBurst.ts';
import type { ProofLoadResult } from './proofLoad.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

export type ProofServiceResult = {
  logsInBatch: number;
  /** the first proof of the batch (builds the batch's local logs tree) */
  firstProofMs: number;
  http: { requests: number; concurrency: number; perSecond: number; p50Ms: number; p99Ms: number };
  inProcess: { requests: number; perSecond: number; p50Ms: number; p99Ms: number };
};

const MESSAGES_PER_TX = 256;

/** Runs the proof service benchmark; see module header. */
export async function runProofService(options: { requests?: number; concurrency?: number } = {}): Promise<ProofServiceResult> {
  const requests = options.requests ?? 20_000;
  const concurrency = options.concurrency ?? 16;
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], batchTimeMs: 3_600_000 });
  try {
    const chain = net.node(271);
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
    const deadline = Date.now() + 120_000;
    while (batch.stage !== 'executed') {
      if (Date.now() > deadline || batch.stage === 'failed') throw new Error(`the full batch did not settle (stage ${batch.stage})`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const targets = Array.from({ length: requests }, (_, i) => {
      const log = (i * 7_919) % MAX_LOGS_PER_BATCH;
      return [hashes[Math.floor(log / MESSAGES_PER_TX)]!, log % MESSAGES_PER_TX, 'proof_based_gw'] as const;
    });
    let started = performance.now();
    await chain.client.request('zks_getL2ToL1LogProof', [...targets[0]!]);
    const firstProofMs = performance.now() - started;

    // HTTP from a separate process (bench/proofLoad.ts), so the client's CPU is not the server's.
    const load = await proofLoadInChild(chain.rpcUrl, targets.map(([hash, index]) => [hash, index] as const), concurrency);
    const httpTimes = load.timesMs;
    const httpSeconds = load.seconds;

    const inProcessTimes: number[] = [];
    started = performance.now();
    for (const params of targets) {
      const t = performance.now();
      await chain.client.request('zks_getL2ToL1LogProof', [...params]);
      inProcessTimes.push(performance.now() - t);
    }
    const inProcessSeconds = (performance.now() - started) / 1000;
    progressDone();
    return {
      logsInBatch: batch.logs.length,
      firstProofMs: round(firstProofMs),
      http: { requests, concurrency, perSecond: Math.round(requests / httpSeconds), p50Ms: round(quantile(httpTimes, 0.5), 3), p99Ms: round(quantile(httpTimes, 0.99), 3) },
      inProcess: { requests, perSecond: Math.round(requests / inProcessSeconds), p50Ms: round(quantile(inProcessTimes, 0.5), 3), p99Ms: round(quantile(inProcessTimes, 0.99), 3) },
    };
  } finally {
    await net.stop();
  }
}

/** Runs bench/proofLoad.ts in a child process against `url`. */
async function proofLoadInChild(url: string, targets: (readonly [Hex, number])[], concurrency: number): Promise<ProofLoadResult> {
  const script = fileURLToPath(new URL('./proofLoad.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end(JSON.stringify({ url, targets, concurrency }));
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the proof load generator exited with ${code}: ${err.slice(-2_000)}`);
  return JSON.parse(out) as ProofLoadResult;
}
