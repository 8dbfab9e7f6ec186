/**
 * bench/throughput: sustained verifiable messages per second with two source chains sending at once
 * (271 → 272 and 272 → 271, many senders per chain in a separate process, see bench/traffic.ts), against the engine's
 * own limit measured in the same run: the same signed sendToL1 transactions on bare EDR engines
 * (createEngine + installSystemContracts, no sequencer, batches, settlement, watcher or RPC), once with
 * the same sequential senders on automine (one block per transaction) and once queued and mined in
 * blocks of 64, each block's transactions handed to the engine in one request as the sequencer hands
 * them. The ratio is taken against the faster of the two.
 * To show where the gap is, the same traffic also runs once more on the network without HTTP: the senders
 * in the network's own process calling ChainNode.sendRawTransaction (what HTTP costs is the difference),
 * and CPU is counted per message on both sides of the wire (network process by thread group, senders' process).
 * The floor of that wire: the same senders against a do-nothing node:http server in this process that answers
 * every eth_sendRawTransaction at once with a fixed hash (`httpFloor`).
 */
import { startNetwork } from '../src/network/network.ts';
import { createEngine, type Engine } from '../src/chain/engine.ts';
import { installSystemContracts } from '../src/chain/genesis.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { privateKeyToAccount } from 'viem/accounts';
import type { Network } from '../src/network/network.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchSenderKey, runTraffic, signMessages, startSendLoad, trafficTargetOf, type SignedMessage, type TrafficResult } from './traffic.ts';
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
    /** the same in the blocks-of-64 run */
    blocksOf64CpuPerTx?: ThreadCpu;
  };
  /**
   * The same traffic on the same network without HTTP: each sender in the network's process awaiting
   * ChainNode.sendRawTransaction; window from the first send until the last message is verifiable (not
   * proven and verified again: the HTTP run does that). Shows what the RPC transport costs per message.
   */
  inProcess?: { messages: number; seconds: number; messagesPerSecond: number; cpuPerMessage?: ThreadCpu };
  /** The same senders and transactions against a do-nothing node:http server: what the wire costs by itself, CPU per request on each side (ms). */
  httpFloor?: { requests: number; requestsPerSecond: number; serverCpuPerRequestMs: number; clientCpuPerRequestMs?: number };
  /** network.messagesPerSecond / the faster baseline */
  ratio: number;
};

const SOURCES = [271, 272];

/** Runs the throughput benchmark; see module header. */
export async function runThroughput(options: { sendersPerChain?: number; messagesPerSender?: number; l1?: boolean } = {}): Promise<ThroughputResult> {
  const sendersPerChain = options.sendersPerChain ?? 64;
  const messagesPerSender = options.messagesPerSender ?? 40;
  const baseline = await engineBaseline(sendersPerChain, messagesPerSender);
  const httpFloor = await httpFloorRun(sendersPerChain, messagesPerSender);
  // The default network (an L1 under Gateway) unless `l1: false`, for an A/B of what the L1 costs.
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: SOURCES.map((chainId) => ({ chainId, port: 0 })), ...(options.l1 === false ? { l1: false } : {}) });
  let network: TrafficResult;
  let inProcess: ThroughputResult['inProcess'];
  try {
    // Warm-up round, not counted: the JIT compiles the hot paths during the first thousands of messages
    // (its threads took ~0.3 ms per message in a short window, ~0.17 in a long one).
    await runTraffic(net, { sources: SOURCES, destinationOf: other, sendersPerChain, messagesPerSender: Math.max(2, Math.round(messagesPerSender / 2)), label: 'throughput warm-up' });
    network = await runTraffic(net, { sources: SOURCES, destinationOf: other, sendersPerChain, messagesPerSender, label: 'throughput' });
    inProcess = await inProcessTraffic(net, sendersPerChain, messagesPerSender);
  } finally {
    await net.stop();
  }
  const best = Math.max(baseline.automineTxPerSecond, baseline.blocksOf64TxPerSecond);
  return { sources: SOURCES.length, sendersPerChain, messagesPerSender, network, baseline, inProcess, httpFloor, ratio: round(network.messagesPerSecond / best, 3) };
}

/** The throughput senders against a server that does nothing but answer; see ThroughputResult.httpFloor. */
async function httpFloorRun(sendersPerChain: number, messagesPerSender: number): Promise<NonNullable<ThroughputResult['httpFloor']>> {
  progress('throughput: the same senders against a do-nothing HTTP server');
  const answer = (id: string) => `{"jsonrpc":"2.0","id":${id},"result":"0x${'ab'.repeat(32)}"}`;
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const id = /"id":(\d+)/.exec(body)?.[1] ?? '1';
      const text = answer(id);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const senders = [];
    for (const chainId of SOURCES) {
      for (let i = 0; i < sendersPerChain; i++) senders.push({ url, txs: (await signMessages(benchSenderKey(i), chainId, 0, messagesPerSender, 'http floor')).map((t) => t.raw) });
    }
    let clientCpuMs: number | undefined;
    let answered = 0;
    let failure: string | undefined;
    let done!: () => void;
    const allAnswered = new Promise<void>((resolve) => (done = resolve));
    const load = startSendLoad(senders, (line) => {
      if ('done' in line) {
        clientCpuMs = line.cpuMs;
        done();
      } else if ('hash' in line) answered++;
      else failure ??= line.error;
    });
    await load.ready;
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    load.go();
    // The senders' last line, not their exit: the exit can come before their output is read.
    await Promise.race([allAnswered, load.exited.then(() => allAnswered)]);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    await load.exited;
    const requests = senders.length * messagesPerSender;
    if (answered !== requests) throw new Error(`http floor: ${answered} of ${requests} requests answered${failure ? `, first failure: ${failure}` : ''}`);
    progressDone();
    return {
      requests,
      requestsPerSecond: round(requests / seconds, 1),
      serverCpuPerRequestMs: round((cpu.user + cpu.system) / 1000 / requests, 3),
      ...(clientCpuMs !== undefined ? { clientCpuPerRequestMs: round(clientCpuMs / requests, 3) } : {}),
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The throughput traffic sent in-process (no HTTP); see ThroughputResult.inProcess. */
async function inProcessTraffic(net: Network, sendersPerChain: number, messagesPerSender: number): Promise<NonNullable<ThroughputResult['inProcess']>> {
  const target = trafficTargetOf(net);
  const plans: { source: number; txs: SignedMessage[] }[] = [];
  const tag = `throughput in-process ${Date.now()}`;
  progress('throughput: the same traffic in-process');
  for (const source of SOURCES) {
    for (let i = 0; i < sendersPerChain; i++) {
      const key = benchSenderKey(i);
      plans.push({ source, txs: await signMessages(key, source, await target.nonce(source, privateKeyToAccount(key).address), messagesPerSender, tag) });
    }
  }
  const cpuAtStart = threadCpu();
  const started = performance.now();
  const last = new Map<number, `0x${string}`>();
  await Promise.all(
    plans.map(async ({ source, txs }) => {
      for (const tx of txs) last.set(source, await net.node(source).node.sendRawTransaction(tx.raw));
    }),
  );
  // A chain's batches become verifiable in order: its last message verifiable means all of them are.
  for (;;) {
    const done = await Promise.all(
      SOURCES.map(async (source) => {
        const hash = last.get(source)!;
        const [batch] = await target.batchesOf(source, [hash]);
        return batch !== undefined && target.verifiable(source, batch, hash, other(source));
      }),
    );
    if (done.every(Boolean)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = threadCpuSince(cpuAtStart);
  progressDone();
  const messages = plans.length * messagesPerSender;
  return { messages, seconds: round(seconds, 3), messagesPerSecond: round(messages / seconds, 1), ...(cpu ? { cpuPerMessage: threadCpuPer(cpu, messages) } : {}) };
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
  const blocksCpu: { perTx?: ThreadCpu } = {};
  const blocksOf64TxPerSecond = await blocksRun(await signed(), 64, blocksCpu);
  progressDone();
  return {
    automineTxPerSecond: round(automineTxPerSecond, 1),
    blocksOf64TxPerSecond: round(blocksOf64TxPerSecond, 1),
    ...(automineCpu.perTx ? { automineCpuPerTx: automineCpu.perTx } : {}),
    ...(blocksCpu.perTx ? { blocksOf64CpuPerTx: blocksCpu.perTx } : {}),
  };
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

async function blocksRun(txs: Map<number, SignedMessage[][]>, perBlock: number, cpuOut?: { perTx?: ThreadCpu }): Promise<number> {
  const engines = new Map<number, Engine>();
  for (const chainId of txs.keys()) engines.set(chainId, await bareEngine(chainId, false));
  const cpuAtStart = threadCpu();
  const started = performance.now();
  let count = 0;
  await Promise.all(
    [...txs].map(async ([chainId, senders]) => {
      const engine = engines.get(chainId)!;
      // Round-robin over senders, like the sequential senders' transactions arrive.
      const ordered = senders[0]!.flatMap((_, j) => senders.map((list) => list[j]!));
      for (let i = 0; i < ordered.length; i += perBlock) {
        // One request per block, as the sequencer hands a block's transactions over (it used to be one per transaction).
        const outcomes = await engine.sendRawTransactions(ordered.slice(i, i + perBlock).map((tx) => tx.raw));
        const refused = outcomes.find((o) => o.status === 'rejected');
        if (refused) throw new Error(`baseline on ${chainId}: the engine refused a transaction: ${String((refused as PromiseRejectedResult).reason)}`);
        count += (await engine.mine()).transactionHashes.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = threadCpuSince(cpuAtStart);
  if (cpuOut && cpu) cpuOut.perTx = threadCpuPer(cpu, count);
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
