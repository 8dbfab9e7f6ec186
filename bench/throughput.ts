/**
 * bench/throughput: sustained verifiable messages per second with two source chains sending at once
 * (271 → 272 and 272 → 271, many senders per chain in a separate process, see bench/traffic.ts), against the engine's
 * own limit measured in the same run: the same signed sendToL1 transactions on bare EDR engines
 * (createEngine + installSystemContracts, no sequencer, batches, settlement, watcher or RPC), once with
 * the same sequential senders on automine (one block per transaction) and once queued and mined in
 * blocks of 64. The ratio is taken against the faster of the two.
 */
import { startNetwork } from '../src/network/network.ts';
import { createEngine, type Engine } from '../src/chain/engine.ts';
import { installSystemContracts } from '../src/chain/genesis.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { benchSenderKey, runTraffic, signMessages, type SignedMessage, type TrafficResult } from './traffic.ts';
import { progress, progressDone, round } from './stats.ts';
import { threadCpu, threadCpuPer, threadCpuSince, type ThreadCpu } from './threadCpu.ts';

export type ThroughputResult = {
  sources: number;
  sendersPerChain: number;
  messagesPerSender: number;
  network: TrafficResult;
  baseline: {
    /** same sequential senders, automine: transactions per second (both engines together) */
    automineTxPerSecond: number;
    /** everything queued, one block per 64 transactions */
    blocksOf64TxPerSecond: number;
    /** CPU of the process per transaction in the automine run, by thread group (Linux) */
    automineCpuPerTx?: ThreadCpu;
  };
  /** network.messagesPerSecond / the faster baseline */
  ratio: number;
};

const SOURCES = [271, 272];

/** Runs the throughput benchmark; see module header. */
export async function runThroughput(options: { sendersPerChain?: number; messagesPerSender?: number; l1?: boolean } = {}): Promise<ThroughputResult> {
  const sendersPerChain = options.sendersPerChain ?? 64;
  const messagesPerSender = options.messagesPerSender ?? 40;
  const baseline = await engineBaseline(sendersPerChain, messagesPerSender);
  // The default network (an L1 under Gateway) unless `l1: false`, for an A/B of what the L1 costs.
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: SOURCES.map((chainId) => ({ chainId, port: 0 })), ...(options.l1 === false ? { l1: false } : {}) });
  let network: TrafficResult;
  try {
    // Warm-up round, not counted: the JIT compiles the hot paths during the first thousands of messages
    // (its threads took ~0.3 ms per message in a short window, ~0.17 in a long one).
    await runTraffic(net, { sources: SOURCES, destinationOf: other, sendersPerChain, messagesPerSender: Math.max(2, Math.round(messagesPerSender / 2)), label: 'throughput warm-up' });
    network = await runTraffic(net, { sources: SOURCES, destinationOf: other, sendersPerChain, messagesPerSender, label: 'throughput' });
  } finally {
    await net.stop();
  }
  const best = Math.max(baseline.automineTxPerSecond, baseline.blocksOf64TxPerSecond);
  return { sources: SOURCES.length, sendersPerChain, messagesPerSender, network, baseline, ratio: round(network.messagesPerSecond / best, 3) };
}

function other(chainId: number): number {
  return chainId === 271 ? 272 : 271;
}

/** The same transactions on bare engines: sequential senders on automine, then queued in blocks of 64. */
async function engineBaseline(sendersPerChain: number, messagesPerSender: number): Promise<ThroughputResult['baseline']> {
  const keys = Array.from({ length: sendersPerChain }, (_, i) => benchSenderKey(i));
  const signed = async () => {
    const out = new Map<number, SignedMessage[][]>();
    for (const chainId of SOURCES) out.set(chainId, await Promise.all(keys.map((k) => signMessages(k, chainId, 0, messagesPerSender, 'baseline'))));
    return out;
  };
  progress('throughput: baseline on bare engines');
  // Warm-up on throwaway engines, then the timed runs on fresh ones.
  await automineRun(await signedSubset(signed, 2));
  const automineCpu: { perTx?: ThreadCpu } = {};
  const automineTxPerSecond = await automineRun(await signed(), automineCpu);
  const blocksOf64TxPerSecond = await blocksRun(await signed(), 64);
  progressDone();
  return { automineTxPerSecond: round(automineTxPerSecond, 1), blocksOf64TxPerSecond: round(blocksOf64TxPerSecond, 1), ...(automineCpu.perTx ? { automineCpuPerTx: automineCpu.perTx } : {}) };
}

async function signedSubset(signed: () => Promise<Map<number, SignedMessage[][]>>, perSender: number): Promise<Map<number, SignedMessage[][]>> {
  const all = await signed();
  return new Map([...all].map(([chainId, senders]) => [chainId, senders.map((txs) => txs.slice(0, perSender))]));
}

async function bareEngine(chainId: number, automine: boolean): Promise<Engine> {
  const engine = await createEngine({ chainId, automine, accounts: devAccounts().map(({ privateKey, balance }) => ({ privateKey, balance })) });
  await installSystemContracts(engine, { isGateway: false, settlingChains: [] });
  return engine;
}

async function automineRun(txs: Map<number, SignedMessage[][]>, cpuOut?: { perTx?: ThreadCpu }): Promise<number> {
  const engines = new Map<number, Engine>();
  for (const chainId of txs.keys()) engines.set(chainId, await bareEngine(chainId, true));
  const cpuAtStart = threadCpu();
  const started = performance.now();
  let count = 0;
  await Promise.all(
    [...txs].flatMap(([chainId, senders]) =>
      senders.map(async (list) => {
        for (const tx of list) {
          await engines.get(chainId)!.sendRawTransaction(tx.raw);
          count++;
        }
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = threadCpuSince(cpuAtStart);
  if (cpuOut && cpu) cpuOut.perTx = threadCpuPer(cpu, count);
  await checkAndClose(engines, txs);
  return count / seconds;
}

async function blocksRun(txs: Map<number, SignedMessage[][]>, perBlock: number): Promise<number> {
  const engines = new Map<number, Engine>();
  for (const chainId of txs.keys()) engines.set(chainId, await bareEngine(chainId, false));
  const started = performance.now();
  let count = 0;
  await Promise.all(
    [...txs].map(async ([chainId, senders]) => {
      const engine = engines.get(chainId)!;
      // Round-robin over senders, like the sequential senders' transactions arrive.
      const ordered = senders[0]!.flatMap((_, j) => senders.map((list) => list[j]!));
      for (let i = 0; i < ordered.length; i += perBlock) {
        for (const tx of ordered.slice(i, i + perBlock)) await engine.sendRawTransaction(tx.raw);
        count += (await engine.mine()).transactionHashes.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await checkAndClose(engines, txs);
  return count / seconds;
}

async function checkAndClose(engines: Map<number, Engine>, txs: Map<number, SignedMessage[][]>): Promise<void> {
  for (const [chainId, engine] of engines) {
    const senders = txs.get(chainId)!;
    const nonce = await engine.getNonce(senders[0]![0]!.from);
    if (nonce !== senders[0]!.length) throw new Error(`baseline on ${chainId}: ${nonce} of ${senders[0]!.length} transactions mined`);
    await engine.close();
  }
}
