/**
 * bench/storedMessages: memory and per-request cost as a network stores more and more messages. Runs
 * in a child process started with --expose-gc (so RSS is read after full collections, and no other
 * benchmark's garbage is counted): Gateway + 2 chains with default settings, idle RSS, then messages
 * stored in bulk in-process (eth_sendTransaction from dev accounts, waves of concurrent single-message
 * transactions split over both chains, each settled like any other). At each checkpoint: RSS after gc;
 * at the scaling checkpoints also a small traffic probe (msgs/s, latency) and the in-process time of
 * requests whose cost could grow with history (zkinterop_listMessages, a receipt, a log proof).
 * Then, for comparison, the engine's own floor: a bare EDR engine fed the same transactions in blocks
 * of the size the network made (bench/engineMemory.ts), so the report can say what is zkinterop's.
 *
 * For a million messages, `--per-tx 256` stores them with MessageBurst transactions (256 messages
 * each, bench/messageBurst.ts) instead of single-message ones, and `--store sqlite` journals to a
 * data directory instead of memory.
 *
 * Run alone: node --expose-gc --import tsx bench/storedMessages.ts [--messages 100000] [--memory 0,10000,100000]
 *   [--probes 1000,100000] [--per-tx 256] [--store sqlite]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { runTraffic } from './traffic.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { fill, fillBursts, settled } from './bulkStore.ts';
import { deployMessageBurst } from './messageBurst.ts';
import { quantile, round } from './stats.ts';
import { runEngineMemory, type EngineMemoryResult } from './engineMemory.ts';

export type StoredMessagesCheckpoint = {
  storedMessages: number;
  rssMb: number;
  heapUsedMb: number;
  /** ArrayBuffers and Buffers outside the JS heap (the in-memory journal's compressed chunks, the hash indexes, the archive's cache) */
  arrayBuffersMb?: number;
  probe?: {
    messagesPerSecond: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    /** in-process, median of 20 */
    listMessagesMs: number;
    receiptMs: number;
    logProofMs: number;
  };
};

export type StoredMessagesResult = {
  /** RSS of the process with its modules loaded, before any network */
  rssBeforeNetworkMb: number;
  /** RSS with Gateway + 2 chains started and idle (before any traffic) */
  rssIdleMb: number;
  checkpoints: StoredMessagesCheckpoint[];
  /** (RSS at the last checkpoint − RSS at the first) / messages between them, in bytes; checkpoint 0 comes after one warm-up probe */
  bytesPerMessage: number;
  /**
   * Least-squares slope of RSS over the checkpoints from the second one on (bytes per message): the
   * marginal cost, without what the first wave grows once (V8's young generation, allocator arenas)
   */
  marginalBytesPerMessage: number;
  /** blocks mined while storing: on the two chains together (with their messages per block) and on Gateway */
  blocks: { chains: number; messagesPerChainBlock: number; gateway: number };
  /** the bare engine fed the same transactions in blocks of `blocks.messagesPerChainBlock` */
  engineFloor: EngineMemoryResult;
  /** seconds spent storing the messages */
  fillSeconds: number;
  /** messages per stored transaction: 1 = single `sendToL1` calls, more = MessageBurst calls (bench/messageBurst.ts) */
  messagesPerTx: number;
  /** where the journals lived: 'memory' (the default network) or 'sqlite' (a data directory in the OS temp dir) */
  store: 'memory' | 'sqlite';
};

const CHAINS = [271, 272];
/** Messages per wave and chain: one block holds at most 5,000 transactions. */
const WAVE = 2_000;

/**
 * Runs the measurement in a child node process with --expose-gc.
 * @param options.messages messages to store in total (default 100,000)
 * @param options.memoryCheckpoints when to read RSS (default 0, 25k, 50k, 100k)
 * @param options.probeCheckpoints when to probe traffic and request costs (default 1k, 10k, 100k)
 */
export async function runStoredMessages(
  options: { messages?: number; memoryCheckpoints?: number[]; probeCheckpoints?: number[]; floorTxs?: number; messagesPerTx?: number; store?: 'memory' | 'sqlite' } = {},
): Promise<StoredMessagesResult> {
  const messages = options.messages ?? 100_000;
  const memory = options.memoryCheckpoints ?? [0, 25_000, 50_000, 100_000];
  const probes = options.probeCheckpoints ?? [1_000, 10_000, 100_000];
  const perTx = options.messagesPerTx ?? 1;
  const store = options.store ?? 'memory';
  const script = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', script, '--child', JSON.stringify({ messages, memory, probes, perTx, store })];
  const child = spawn(process.execPath, args, { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the stored-messages child exited with ${code}: ${out.slice(-2_000)}`);
  const network = JSON.parse(out.trim().split('\n').at(-1)!) as Omit<StoredMessagesResult, 'engineFloor'>;
  const blockSize = Math.max(1, Math.round(network.blocks.messagesPerChainBlock / perTx));
  const floorTxs = options.floorTxs ?? Math.max(8, Math.round(Math.min(messages / 2, 50_000) / perTx));
  const engineFloor = await runEngineMemory({ kind: 'dev', blockSize, txs: floorTxs, ...(perTx > 1 ? { payload: 'burst' as const, messagesPerTx: perTx } : {}) });
  return { ...network, engineFloor };
}

type Plan = { messages: number; memory: number[]; probes: number[]; perTx: number; store: 'memory' | 'sqlite' };

async function measure(plan: Plan): Promise<Omit<StoredMessagesResult, 'engineFloor'>> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const rss = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    const m = process.memoryUsage();
    return { rssMb: round(m.rss / 2 ** 20, 1), heapUsedMb: round(m.heapUsed / 2 ** 20, 1), arrayBuffersMb: round(m.arrayBuffers / 2 ** 20, 1) };
  };
  const rssBeforeNetworkMb = (await rss()).rssMb;
  const dataDir = plan.store === 'sqlite' ? mkdtempSync(join(tmpdir(), 'zkinterop-stored-')) : undefined;
  const store = dataDir ? await openStore(dataDir) : undefined;
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: CHAINS.map((chainId) => ({ chainId, port: 0 })), ...(store ? { store } : {}) });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const rssIdleMb = (await rss()).rssMb;
    // One untimed probe first, so checkpoint 0 already holds what any traffic allocates once (code,
    // signing tables, sockets) and the growth after it is the messages' own.
    await probe(net, undefined);
    const fillers = devAccounts().slice(10, 18).map((a) => a.address);
    const bursts = plan.perTx > 1 ? await Promise.all(CHAINS.map((c) => deployMessageBurst(net.node(c).node, fillers[0]!))) : [];
    if (bursts.length > 0) await settled(net);
    const stops = [...new Set([...plan.memory, ...plan.probes])].filter((n) => n <= plan.messages).sort((a, b) => a - b);
    const checkpoints: StoredMessagesCheckpoint[] = [];
    const blocksBefore = net.allNodes().map((n) => n.node.blockNumber);
    let blocksDuringProbes = 0;
    let stored = 0;
    let fillMs = 0;
    let lastTx: { chainId: number; hash: Hex } | undefined;
    for (const stop of stops) {
      const fillStarted = performance.now();
      while (stored < stop) {
        const perChain = Math.min(WAVE, Math.ceil((stop - stored) / CHAINS.length));
        const txs = Math.max(1, Math.round(perChain / plan.perTx));
        const waves = await Promise.all(
          CHAINS.map((chainId, k) => (plan.perTx > 1 ? fillBursts(net, chainId, fillers, bursts[k]!, txs, plan.perTx, stored) : fill(net, chainId, fillers, perChain, stored))),
        );
        lastTx = { chainId: CHAINS[0]!, hash: waves[0]!.at(-1)! };
        stored += (plan.perTx > 1 ? txs * plan.perTx : perChain) * CHAINS.length;
        process.stderr.isTTY && process.stderr.write(`\r\x1b[Kstored messages: ${stored}/${plan.messages}`);
      }
      await settled(net);
      fillMs += performance.now() - fillStarted;
      const checkpoint: StoredMessagesCheckpoint = { storedMessages: stored, ...(await rss()) };
      if (plan.probes.includes(stop)) {
        const before = net.chains.reduce((n, c) => n + c.node.blockNumber, 0);
        checkpoint.probe = await probe(net, lastTx);
        blocksDuringProbes += net.chains.reduce((n, c) => n + c.node.blockNumber, 0) - before;
      }
      checkpoints.push(checkpoint);
    }
    const first = checkpoints[0]!;
    const last = checkpoints.at(-1)!;
    const bytesPerMessage = last.storedMessages > first.storedMessages ? ((last.rssMb - first.rssMb) * 2 ** 20) / (last.storedMessages - first.storedMessages) : 0;
    const [gatewayBlocks, ...chainBlocks] = net.allNodes().map((n, i) => n.node.blockNumber - blocksBefore[i]!);
    // Blocks the probes made are not the storing's (their messages are not counted either).
    const storingBlocks = chainBlocks.reduce((a, b) => a + b, 0) - blocksDuringProbes;
    return {
      rssBeforeNetworkMb,
      rssIdleMb,
      checkpoints,
      bytesPerMessage: Math.round(bytesPerMessage),
      marginalBytesPerMessage: Math.round(slope(checkpoints.slice(1).map((c) => [c.storedMessages, c.rssMb * 2 ** 20]))),
      blocks: { chains: storingBlocks, messagesPerChainBlock: round(stored / Math.max(1, storingBlocks), 1), gateway: gatewayBlocks! },
      fillSeconds: round(fillMs / 1000, 1),
      messagesPerTx: plan.perTx,
      store: plan.store,
    };
  } finally {
    await net.stop();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Least-squares slope of y over x (0 for fewer than two points). */
function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((n, [x]) => n + x, 0) / points.length;
  const my = points.reduce((n, [, y]) => n + y, 0) / points.length;
  const sxx = points.reduce((n, [x]) => n + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((n, [x, y]) => n + (x - mx) * (y - my), 0) / sxx;
}

async function probe(net: Network, lastTx: { chainId: number; hash: Hex } | undefined): Promise<StoredMessagesCheckpoint['probe']> {
  const traffic = await runTraffic(net, { sources: CHAINS, destinationOf: (c) => (c === 271 ? 272 : 271), sendersPerChain: 4, messagesPerSender: 10, firstAccount: 0, label: 'stored-messages probe' });
  const client = net.node(CHAINS[0]!).client;
  const timed = async (call: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      await call();
      if (i > 0) samples.push(performance.now() - t);
    }
    return round(quantile(samples, 0.5), 3);
  };
  const hash = lastTx?.hash;
  return {
    messagesPerSecond: traffic.messagesPerSecond,
    latencyP50Ms: traffic.latency.p50Ms,
    latencyP99Ms: traffic.latency.p99Ms,
    listMessagesMs: await timed(() => client.request('zkinterop_listMessages', [{ limit: 20 }])),
    receiptMs: hash ? await timed(() => client.request('eth_getTransactionReceipt', [hash])) : 0,
    logProofMs: hash ? await timed(() => client.request('zks_getL2ToL1LogProof', [hash, 0, 'proof_based_gw'])) : 0,
  };
}

if (process.argv.includes('--child')) {
  const plan = JSON.parse(process.argv[process.argv.indexOf('--child') + 1]!) as Plan;
  const result = await measure(plan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const messages = Number(arg('--messages') ?? 100_000);
  const list = (s: string | undefined) => s?.split(',').map(Number);
  console.log(
    JSON.stringify(
      await runStoredMessages({
        messages,
        memoryCheckpoints: list(arg('--memory')),
        probeCheckpoints: list(arg('--probes')),
        messagesPerTx: Number(arg('--per-tx') ?? 1),
        store: (arg('--store') as 'memory' | 'sqlite' | undefined) ?? 'memory',
        floorTxs: arg('--floor-txs') ? Number(arg('--floor-txs')) : undefined,
      }),
    ),
  );
}
