/**
 * bench/bundles: what a v31 interop bundle costs (issue 14), in one run on one default network
 * (startNetwork on free ports: Gateway, chains 271 and 272, the L1 under Gateway).
 *
 * 1. Gas by call count: a BundleReceiver (contracts/examples, an ERC-7786 recipient that stores each call)
 *    is deployed on 272 and warmed with one uncounted bundle (its slots written once); from 271 a bundle of 1, 2, 4 and 8 calls to it is sent with the SDK's sendBundle,
 *    proven to Gateway's interop root (`zks_getL2ToL1LogProof(…, "messageRoot")`) and executed on 272 with
 *    executeBundle. Each row is the receipts' gasUsed (intrinsic gas and calldata included) of
 *    InteropCenter.sendBundle on 271 and InteropHandler.executeBundle on 272. For scale:
 *    eth_estimateGas on 272 of L2MessageVerification.proveL2MessageInclusionShared for the one-call
 *    bundle's own carrier message and proof, the check executeBundle makes once per bundle.
 * 2. Bundles per second end to end against messages per second, at once on the same network: `senders`
 *    accounts each send `perSender` one-call bundles 271 → 272 one after another (each awaited until in a
 *    block, as the message senders do); the bench executes each as soon as it is provable (batch executed
 *    on Gateway, root imported on 272: the in-process books, as bench/traffic.ts watches messages), with
 *    one executor account and one receiver per sender (executions of one executor in order, so nonces
 *    never collide).
 *    A bundle counts when its executeBundle receipt is in (and InteropHandler says executed). Meanwhile
 *    as many other senders send plain sendToL1 messages 271 → 272 with bench/traffic.ts (raw signed
 *    transactions from a separate process, counted once verifiable and verified with an eth_call on 272).
 *    Rate = items / (first send → last item done) for each; latency = send → executed (bundles) and
 *    send → verifiable (messages).
 *
 * Baseline: the plain messages of the same run are the baseline of the bundles (a bundle is one message
 * plus an executeBundle transaction on the destination); the proveL2MessageInclusionShared estimate is
 * the baseline of the gas.
 */
import { encodeFunctionData, numberToHex, stringToHex, toEventSelector, type Address, type Hex } from 'viem';
import { deployContract } from 'viem/actions';
import { startNetwork, type Network } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode, INTEROP_HANDLER_ADDRESS, l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import { createChainClients, getBundleProof, getBundleStatus, sendBundle, waitForBundle, type CreateChainClientsReturnType } from '../src/sdk/index.ts';
import { runTraffic, type TrafficResult } from './traffic.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

export type BundleGasRow = { calls: number; sendBundleGas: number; executeBundleGas: number; executeGasPerCall: number };

export type BundlesResult = {
  gas: {
    rows: BundleGasRow[];
    /** eth_estimateGas of proveL2MessageInclusionShared for one message (the one-call bundle's carrier) */
    proveMessageGas: number;
  };
  rate: {
    senders: number;
    perSender: number;
    bundles: { sent: number; executed: number; seconds: number; bundlesPerSecond: number; latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number } };
    messages: TrafficResult;
  };
};

const SOURCE = 271;
const DESTINATION = 272;

/** Runs both bundle measurements; see module header. */
export async function runBundles(options: { callCounts?: number[]; senders?: number; perSender?: number } = {}): Promise<BundlesResult> {
  const callCounts = options.callCounts ?? [1, 2, 4, 8];
  const senders = options.senders ?? 8;
  const perSender = options.perSender ?? 40;
  const accounts = devAccounts();
  if (senders + 1 > accounts.length) throw new Error(`at most ${accounts.length - 1} bundle senders (one funded dev account each)`);
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [SOURCE, DESTINATION].map((chainId) => ({ chainId, port: 0 })) });
  try {
    const receiver = await deployReceiver(await createChainClients({ rpcUrl: net.node(DESTINATION).rpcUrl, account: accounts[0]!.privateKey }));
    const gas = await measureGas(net, receiver, accounts[0]!.privateKey, callCounts);
    const rate = await measureRate(net, senders, perSender);
    return { gas, rate };
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

async function measureRate(net: Network, senders: number, perSender: number): Promise<BundlesResult['rate']> {
  const accounts = devAccounts();
  const deployer = await createChainClients({ rpcUrl: net.node(DESTINATION).rpcUrl, account: accounts[0]!.privateKey });
  // Account 0 deployed and measured gas; the bundle senders are 1…n, each to its own receiver.
  const sendersClients = await Promise.all(Array.from({ length: senders }, (_, i) => createChainClients({ rpcUrl: net.node(SOURCE).rpcUrl, account: accounts[1 + i]!.privateKey })));
  const receivers: Address[] = [];
  for (let i = 0; i < senders; i++) receivers.push(await deployReceiver(deployer));
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

  const all = [...tracked.values()];
  let executed = 0;
  for (const t of all) if ((await getBundleStatus(deployer.publicClient, { bundleHash: t.bundleHash })).status === 'executed') executed++;
  const latencies = all.map((t) => t.executedAt! - t.sentAt);
  const seconds = (Math.max(...all.map((t) => t.executedAt!)) - started) / 1000;
  return {
    senders,
    perSender,
    bundles: {
      sent: all.length,
      executed,
      seconds: round(seconds, 3),
      bundlesPerSecond: round(executed / seconds, 1),
      latency: { p50Ms: round(quantile(latencies, 0.5)), p90Ms: round(quantile(latencies, 0.9)), p99Ms: round(quantile(latencies, 0.99)), maxMs: round(Math.max(...latencies)) },
    },
    messages: messageResult,
  };
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
