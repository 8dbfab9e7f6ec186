/**
 * bench/bundles: what a v31 interop bundle costs (issue 14) and how fast the network relays them against the
 * same calls sent directly (issue 17), in one run: a bare engine, then one default network (startNetwork on
 * free ports: Gateway, chains 271 and 272, the L1 under Gateway).
 *
 * 1. Gas by call count: a BundleReceiver (contracts/examples, an ERC-7786 recipient that stores each call)
 *    is deployed on 272 and warmed with one uncounted bundle (its slots written once); from 271 a bundle of 1, 2, 4 and 8 calls to it is sent with the SDK's sendBundle,
 *    proven to Gateway's interop root (`zks_getL2ToL1LogProof(…, "messageRoot")`) and executed on 272 by the
 *    network's relayer. Each row is the receipts' gasUsed (intrinsic gas and calldata included) of
 *    InteropCenter.sendBundle on 271 and InteropHandler.executeBundle on 272. For scale:
 *    eth_estimateGas on 272 of L2MessageVerification.proveL2MessageInclusionShared for the one-call
 *    bundle's own carrier message and proof, the check executeBundle makes once per bundle.
 * 2. The baseline of the rates (issue 17: "bundles against the same calls sent directly"): the same receiver
 *    calls as plain transactions on a bare EDR engine (createEngine: no sequencer, batches, settlement,
 *    watchers, RPC or relayer), one block per call (automine): `senders` fresh receivers, and `senders`
 *    loops each sending `perSender` `receiveMessage(receiveId, sender, payload)` calls to its receiver, one
 *    after another. BundleReceiver takes calls from InteropHandler (0x…1000e) only, so they are sent as the
 *    handler (impersonated: only a bare engine can, the node never acts as a system address); impersonated
 *    calls skip signature recovery, so the baseline is the engine's fast path, if anything generous.
 * 3. Bundles alone: `senders` accounts each send `perSender` one-call bundles 271 → 272 one after another
 *    (the SDK's sendBundle over HTTP, each awaited until in a block), each to its own fresh receiver; the
 *    network's relayer executes each once its root is imported on 272. A bundle counts when its
 *    BundleExecuted log is on 272 (and InteropHandler says executed). Rate = bundles / (first send → last
 *    executed); latency = send → executed, split by the bundle index's steps into settlement (sent →
 *    rootImported on 272: batch sealed, executed on Gateway, root imported) and the relayer's part
 *    (rootImported → executed). `ratio` = this rate / the baseline's calls per second.
 * 4. Bundles against messages, at once on the same network (issue 14): the same bundle senders again, while
 *    as many other senders send plain sendToL1 messages 271 → 272 with bench/traffic.ts (raw signed
 *    transactions from a separate process, counted once verifiable and verified with an eth_call on 272),
 *    over the same seconds. Latency = send → executed (bundles) and send → verifiable (messages).
 */
import { encodeFunctionData, keccak256, numberToHex, stringToHex, toEventSelector, type Address, type Hex } from 'viem';
import { deployContract } from 'viem/actions';
import { startNetwork, type Network } from '../src/network/network.ts';
import { createEngine } from '../src/chain/engine.ts';
import { formatEvmV1 } from '../src/protocol/bundle.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode, INTEROP_HANDLER_ADDRESS, l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import { createChainClients, getBundleProof, getBundleStatus, sendBundle, waitForBundle, type CreateChainClientsReturnType } from '../src/sdk/index.ts';
import { runTraffic, type TrafficResult } from './traffic.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

export type BundleGasRow = { calls: number; sendBundleGas: number; executeBundleGas: number; executeGasPerCall: number };

/** Bundles of one rate run: how many, how fast, and send → executed. */
export type BundleRate = { sent: number; executed: number; seconds: number; bundlesPerSecond: number; latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number } };

/** The bundles' latency split by the index's steps (p50 and p90, ms). */
export type BundleStages = { settlementP50Ms: number; settlementP90Ms: number; relayerP50Ms: number; relayerP90Ms: number };

export type BundlesResult = {
  gas: {
    rows: BundleGasRow[];
    /** eth_estimateGas of proveL2MessageInclusionShared for one message (the one-call bundle's carrier) */
    proveMessageGas: number;
  };
  rate: {
    senders: number;
    perSender: number;
    /** bundles while the messages run (issue 14) */
    bundles: BundleRate;
    messages: TrafficResult;
    /** the same receiver calls sent directly as transactions on a bare engine (the baseline, see module header) */
    direct: { calls: number; seconds: number; callsPerSecond: number };
    /** bundles alone, the same senders and counts */
    alone: BundleRate & { stages: BundleStages };
    /** alone.bundlesPerSecond / direct.callsPerSecond */
    ratio: number;
  };
};

const SOURCE = 271;
const DESTINATION = 272;

/** Runs the bundle measurements (gas, the direct-call baseline, bundles alone, bundles with messages); see module header. */
export async function runBundles(options: { callCounts?: number[]; senders?: number; perSender?: number } = {}): Promise<BundlesResult> {
  const callCounts = options.callCounts ?? [1, 2, 4, 8];
  const senders = options.senders ?? 8;
  const perSender = options.perSender ?? 40;
  const accounts = devAccounts();
  if (senders + 1 > accounts.length) throw new Error(`at most ${accounts.length - 1} bundle senders (one funded dev account each)`);
  // The baseline first, on its own engine, before the network exists.
  await directCalls(Math.min(senders, 2), 2); // warm-up (JIT), not counted
  const direct = await directCalls(senders, perSender);
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [SOURCE, DESTINATION].map((chainId) => ({ chainId, port: 0 })) });
  try {
    const receiver = await deployReceiver(await createChainClients({ rpcUrl: net.node(DESTINATION).rpcUrl, account: accounts[0]!.privateKey }));
    const gas = await measureGas(net, receiver, accounts[0]!.privateKey, callCounts);
    const alone = await measureAlone(net, senders, perSender);
    const mixed = await measureRate(net, senders, perSender);
    return { gas, rate: { ...mixed, direct, alone, ratio: round(alone.bundlesPerSecond / direct.callsPerSecond, 4) } };
  } finally {
    progressDone();
    await net.stop();
  }
}

async function deployReceiver(on: CreateChainClientsReturnType): Promise<Address> {
  const hash = await deployContract(on.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
  return (await on.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
}

async function measureGas(net: Network, receiver: Address, key: Hex, callCounts: number[]): Promise<BundlesResult['gas']> {
  const a = await createChainClients({ rpcUrl: net.node(SOURCE).rpcUrl, account: key });
  const b = await createChainClients({ rpcUrl: net.node(DESTINATION).rpcUrl, account: key });
  const rows: BundleGasRow[] = [];
  let proveMessageGas = 0;
  // A first one-call bundle, not counted, so that every row finds the receiver's slots already written
  // (its first call pays ~20,000 gas more per slot written from zero).
  for (const [index, calls] of [1, ...callCounts].entries()) {
    const warmUp = index === 0;
    progress(`bundles: gas of a ${calls}-call bundle${warmUp ? ' (warm-up)' : ''}`);
    const sent = await sendBundle(a.walletClient!, { destinationChainId: DESTINATION, calls: Array.from({ length: calls }, (_, i) => ({ to: receiver, data: stringToHex(`gas ${calls} ${i}`) })) });
    const sendReceipt = await a.publicClient.getTransactionReceipt({ hash: sent.txHash });
    const { executedTxHash } = await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'executed', timeoutMs: 120_000 });
    const execReceipt = await b.publicClient.getTransactionReceipt({ hash: executedTxHash! });
    if (warmUp) continue;
    const executeBundleGas = Number(execReceipt.gasUsed);
    rows.push({ calls, sendBundleGas: Number(sendReceipt.gasUsed), executeBundleGas, executeGasPerCall: Math.round(executeBundleGas / calls) });
    if (index === 1) {
      const p = await getBundleProof(a.publicClient, { txHash: sent.txHash });
      const data = encodeFunctionData({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', args: [p.chainId, p.l1BatchNumber, p.l2MessageIndex, p.message, p.proof] });
      proveMessageGas = Number(BigInt(await net.node(DESTINATION).client.request<Hex>('eth_estimateGas', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }])));
    }
  }
  return { rows, proveMessageGas };
}

type TrackedBundle = { txHash: Hex; bundleHash: Hex; sentAt: number; executedAt?: number };

const BUNDLE_EXECUTED = toEventSelector('BundleExecuted(bytes32)');

/**
 * The clients of a rate measurement: account 0 on the destination deploys (and measured gas), the bundle senders are
 * accounts 1…n on the source, each sending to its own fresh receiver.
 */
async function bundleSenders(net: Network, senders: number) {
  const accounts = devAccounts();
  const deployer = await createChainClients({ rpcUrl: net.node(DESTINATION).rpcUrl, account: accounts[0]!.privateKey });
  const sendersClients = await Promise.all(Array.from({ length: senders }, (_, i) => createChainClients({ rpcUrl: net.node(SOURCE).rpcUrl, account: accounts[1 + i]!.privateKey })));
  const receivers: Address[] = [];
  for (let i = 0; i < senders; i++) receivers.push(await deployReceiver(deployer));
  return { deployer, sendersClients, receivers };
}

async function measureRate(net: Network, senders: number, perSender: number): Promise<Pick<BundlesResult['rate'], 'senders' | 'perSender' | 'bundles' | 'messages'>> {
  const { deployer, sendersClients, receivers } = await bundleSenders(net, senders);
  const tracked = new Map<Hex, TrackedBundle>();
  const total = senders * perSender;
  const tag = `rate ${Date.now()}`;
  let started = 0;
  let bundleRun: Promise<unknown> | undefined;
  const watcher = watchExecutions(net, tracked, total, () => progress(`bundles: executed ${[...tracked.values()].filter((t) => t.executedAt).length}/${total}`));
  const startBundles = () => {
    started = performance.now();
    bundleRun = Promise.all(sendersClients.map((sender, i) => runSender(sender, receivers[i]!, perSender, `${tag} ${i}`, tracked)));
    bundleRun.catch(() => undefined);
  };
  // The message senders (derived keys, zero fees) from bench account 1000 on; the bundle senders start
  // when the messages' timed window does, so both run over the same seconds.
  const messageResult = await runTraffic(net, { sources: [SOURCE], destinationOf: () => DESTINATION, sendersPerChain: senders, messagesPerSender: perSender, firstAccount: 1000, label: 'bundles: plain messages', onWindowStart: startBundles });
  await bundleRun;
  await watcher;

  return { senders, perSender, bundles: await rateOf(deployer, tracked, started), messages: messageResult };
}

/** Rate and latency of the tracked bundles, each checked executed on the destination. */
async function rateOf(deployer: CreateChainClientsReturnType, tracked: Map<Hex, TrackedBundle>, started: number): Promise<BundleRate> {
  const all = [...tracked.values()];
  let executed = 0;
  for (const t of all) if ((await getBundleStatus(deployer.publicClient, { bundleHash: t.bundleHash })).status === 'executed') executed++;
  const latencies = all.map((t) => t.executedAt! - t.sentAt);
  const seconds = (Math.max(...all.map((t) => t.executedAt!)) - started) / 1000;
  return {
    sent: all.length,
    executed,
    seconds: round(seconds, 3),
    bundlesPerSecond: round(executed / seconds, 1),
    latency: { p50Ms: round(quantile(latencies, 0.5)), p90Ms: round(quantile(latencies, 0.9)), p99Ms: round(quantile(latencies, 0.99)), maxMs: round(Math.max(...latencies)) },
  };
}

/** Bundles alone (no other traffic): the same senders, fresh receivers; see module header. */
async function measureAlone(net: Network, senders: number, perSender: number): Promise<BundlesResult['rate']['alone']> {
  const { deployer, sendersClients, receivers } = await bundleSenders(net, senders);
  const tracked = new Map<Hex, TrackedBundle>();
  const total = senders * perSender;
  const tag = `alone ${Date.now()}`;
  const watcher = watchExecutions(net, tracked, total, () => progress(`bundles alone: executed ${[...tracked.values()].filter((t) => t.executedAt).length}/${total}`));
  const started = performance.now();
  await Promise.all(sendersClients.map((sender, i) => runSender(sender, receivers[i]!, perSender, `${tag} ${i}`, tracked)));
  await watcher;
  const rate = await rateOf(deployer, tracked, started);
  // The index's own step times (ms since the epoch, each node's clock: one process here).
  const settlement: number[] = [];
  const relayer: number[] = [];
  for (const t of tracked.values()) {
    const steps = net.bundleIndex?.get(t.bundleHash)?.steps ?? [];
    const at = (step: string) => steps.find((s) => s.step === step)?.at;
    const [sent, root, executed] = [at('sent'), at('rootImported'), at('executed')];
    if (sent === undefined || root === undefined || executed === undefined) continue;
    settlement.push(root - sent);
    relayer.push(executed - root);
  }
  const stages: BundleStages = {
    settlementP50Ms: round(quantile(settlement, 0.5)),
    settlementP90Ms: round(quantile(settlement, 0.9)),
    relayerP50Ms: round(quantile(relayer, 0.5)),
    relayerP90Ms: round(quantile(relayer, 0.9)),
  };
  return { ...rate, stages };
}

/**
 * The baseline: `senders` × `perSender` receiveMessage calls sent directly, as InteropHandler, to `senders`
 * fresh BundleReceivers on a bare engine, one block per call; see module header.
 */
async function directCalls(senders: number, perSender: number): Promise<BundlesResult['rate']['direct']> {
  progress('bundles: baseline, the same calls sent directly on a bare engine');
  const engine = await createEngine({ chainId: DESTINATION, automine: true, accounts: [] });
  try {
    const receivers: Address[] = [];
    for (let i = 0; i < senders; i++) {
      const receipt = await engine.execute({ from: devAccounts()[0]!.address, data: bundleReceiverBytecode });
      receivers.push(receipt.contractAddress!);
    }
    const started = performance.now();
    let calls = 0;
    await Promise.all(
      receivers.map(async (to, i) => {
        const from = formatEvmV1({ chainId: SOURCE, address: devAccounts()[1 + i]!.address });
        for (let j = 0; j < perSender; j++) {
          const payload = stringToHex(`direct ${i} ${j}`);
          const data = encodeFunctionData({ abi: bundleReceiverAbi, functionName: 'receiveMessage', args: [keccak256(payload), from, payload] });
          await engine.execute({ from: INTEROP_HANDLER_ADDRESS, to, data, gas: 1_000_000n });
          calls++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const to of receivers) {
      const count = BigInt(await engine.call({ to, data: encodeFunctionData({ abi: bundleReceiverAbi, functionName: 'count' }) }));
      if (count !== BigInt(perSender)) throw new Error(`baseline: a receiver took ${count} of ${perSender} calls`);
    }
    return { calls, seconds: round(seconds, 3), callsPerSecond: round(calls / seconds, 1) };
  } finally {
    await engine.close();
  }
}

/** One sender: bundles one after another, each awaited until in a block; the relayer executes them. */
async function runSender(sender: CreateChainClientsReturnType, receiver: Address, count: number, tag: string, tracked: Map<Hex, TrackedBundle>): Promise<void> {
  for (let j = 0; j < count; j++) {
    const sentAt = performance.now();
    const sent = await sendBundle(sender.walletClient!, { destinationChainId: DESTINATION, calls: [{ to: receiver, data: stringToHex(`${tag} ${j}`) }] });
    const known = tracked.get(sent.bundleHash);
    // the execution may be seen before the send returns to this loop (its log is read every 5 ms)
    tracked.set(sent.bundleHash, { txHash: sent.txHash, bundleHash: sent.bundleHash, sentAt, ...(known?.executedAt ? { executedAt: known.executedAt } : {}) });
  }
}

/** Reads 272's BundleExecuted logs every 5 ms and stamps each bundle when its execution appears; ends when `total` are executed. */
async function watchExecutions(net: Network, tracked: Map<Hex, TrackedBundle>, total: number, onExecuted: () => void): Promise<void> {
  const client = net.node(DESTINATION).client;
  let from = Number(BigInt(await client.request<Hex>('eth_blockNumber', [])));
  const deadline = Date.now() + 300_000;
  let done = 0;
  while (done < total) {
    if (Date.now() > deadline) throw new Error(`only ${done} of ${total} bundles executed on ${DESTINATION} after 300 s`);
    const head = Number(BigInt(await client.request<Hex>('eth_blockNumber', [])));
    if (head >= from) {
      const logs = await client.request<{ topics: Hex[] }[]>('eth_getLogs', [{ address: INTEROP_HANDLER_ADDRESS, topics: [BUNDLE_EXECUTED], fromBlock: numberToHex(from), toBlock: numberToHex(head) }]);
      const now = performance.now();
      for (const log of logs) {
        const hash = log.topics[1]!;
        const t = tracked.get(hash);
        if (t?.executedAt) continue;
        tracked.set(hash, { ...(t ?? { txHash: '0x', bundleHash: hash, sentAt: now }), executedAt: now });
        done++;
        onExecuted();
      }
      from = head + 1;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
