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
import { encodeFunctionData, stringToHex, type Address, type Hex } from 'viem';
import { deployContract } from 'viem/actions';
import { startNetwork, type Network } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode, l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import { createChainClients, executeBundle, getBundleProof, getBundleStatus, sendBundle, waitForBundle, type CreateChainClientsReturnType } from '../src/sdk/index.ts';
import type { Batch } from '../src/chain/types.ts';
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
  if (senders * 2 + 1 > accounts.length) throw new Error(`at most ${Math.floor((accounts.length - 1) / 2)} bundle senders (one funded executor each)`);
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [SOURCE, DESTINATION].map((chainId) => ({ chainId, port: 0 })), autorelay: false });
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
    const { proof } = await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 120_000 });
    const executed = await executeBundle(b.walletClient!, { proof: proof! });
    const execReceipt = await b.publicClient.getTransactionReceipt({ hash: executed.txHash });
    if (warmUp) continue;
    const executeBundleGas = Number(execReceipt.gasUsed);
    rows.push({ calls, sendBundleGas: Number(sendReceipt.gasUsed), executeBundleGas, executeGasPerCall: Math.round(executeBundleGas / calls) });
    if (index === 1) {
      const p = proof!;
      const data = encodeFunctionData({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', args: [p.chainId, p.l1BatchNumber, p.l2MessageIndex, p.message, p.proof] });
      proveMessageGas = Number(BigInt(await net.node(DESTINATION).client.request<Hex>('eth_estimateGas', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }])));
    }
  }
  return { rows, proveMessageGas };
}

type TrackedBundle = { txHash: Hex; bundleHash: Hex; sentAt: number; executedAt?: number };

async function measureRate(net: Network, senders: number, perSender: number): Promise<BundlesResult['rate']> {
  const accounts = devAccounts();
  // Account 0 deployed and measured gas; senders take 1…n, executors n+1…2n.
  const pairs = await Promise.all(
    Array.from({ length: senders }, async (_, i) => ({
      sender: await createChainClients({ rpcUrl: net.node(SOURCE).rpcUrl, account: accounts[1 + i]!.privateKey }),
      executor: await createChainClients({ rpcUrl: net.node(DESTINATION).rpcUrl, account: accounts[1 + senders + i]!.privateKey }),
    })),
  );
  // One receiver per sender: executions estimated while another executor's call to the same receiver is
  // in the next block can run out of the estimated gas (executeBundle sends exactly the estimate).
  const receivers = await Promise.all(pairs.map((pair) => deployReceiver(pair.executor)));
  const tracked: TrackedBundle[] = [];
  const total = senders * perSender;
  const tag = `rate ${Date.now()}`;
  let started = 0;
  let bundleRun: Promise<unknown> | undefined;
  const startBundles = () => {
    started = performance.now();
    bundleRun = Promise.all(pairs.map((pair, i) => runSender(net, pair, receivers[i]!, perSender, `${tag} ${i}`, tracked, () => progress(`bundles: executed ${tracked.filter((t) => t.executedAt).length}/${total}`))));
    bundleRun.catch(() => undefined);
  };
  // The message senders (derived keys, zero fees) from bench account 1000 on; the bundle senders start
  // when the messages' timed window does, so both run over the same seconds.
  const messageResult = await runTraffic(net, { sources: [SOURCE], destinationOf: () => DESTINATION, sendersPerChain: senders, messagesPerSender: perSender, firstAccount: 1000, label: 'bundles: plain messages', onWindowStart: startBundles });
  await bundleRun;

  let executed = 0;
  for (const t of tracked) if ((await getBundleStatus(pairs[0]!.executor.publicClient, { bundleHash: t.bundleHash })).status === 'executed') executed++;
  const latencies = tracked.map((t) => t.executedAt! - t.sentAt);
  const seconds = (Math.max(...tracked.map((t) => t.executedAt!)) - started) / 1000;
  return {
    senders,
    perSender,
    bundles: {
      sent: tracked.length,
      executed,
      seconds: round(seconds, 3),
      bundlesPerSecond: round(executed / seconds, 1),
      latency: { p50Ms: round(quantile(latencies, 0.5)), p90Ms: round(quantile(latencies, 0.9)), p99Ms: round(quantile(latencies, 0.99)), maxMs: round(Math.max(...latencies)) },
    },
    messages: messageResult,
  };
}

/** One sender: bundles one after another; each executed by its executor as soon as provable (in order). */
async function runSender(
  net: Network,
  pair: { sender: CreateChainClientsReturnType; executor: CreateChainClientsReturnType },
  receiver: Address,
  count: number,
  tag: string,
  tracked: TrackedBundle[],
  onExecuted: () => void,
): Promise<void> {
  let executions: Promise<void> = Promise.resolve();
  for (let j = 0; j < count; j++) {
    const sentAt = performance.now();
    const sent = await sendBundle(pair.sender.walletClient!, { destinationChainId: DESTINATION, calls: [{ to: receiver, data: stringToHex(`${tag} ${j}`) }] });
    const t: TrackedBundle = { txHash: sent.txHash, bundleHash: sent.bundleHash, sentAt };
    tracked.push(t);
    const provable = untilProvable(net, sent.txHash);
    provable.catch(() => undefined); // awaited in order below; this only keeps an early failure from being unhandled
    executions = executions.then(async () => {
      await provable;
      const proof = await getBundleProof(pair.sender.publicClient, { txHash: t.txHash });
      await executeBundle(pair.executor.walletClient!, { proof });
      t.executedAt = performance.now();
      onExecuted();
    });
  }
  await executions;
}

/** Batch executed on Gateway and its interop root imported on 272 (the books, polled every 5 ms). */
async function untilProvable(net: Network, txHash: Hex): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const batch: Batch | undefined = net.node(SOURCE).node.txLocation(txHash)?.batch;
    const inclusion = batch?.stage === 'executed' ? batch.gatewayInclusion : undefined;
    if (inclusion && net.node(DESTINATION).node.importedRoot(net.gateway.chainId, inclusion.gatewayBlockNumber)) return;
    if (Date.now() > deadline) throw new Error(`bundle of ${txHash} not provable on ${DESTINATION} after 300 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
