/**
 * Interop traffic on a running network, the way the throughput and scaling benchmarks drive it: on
 * every source chain, several accounts each send `sendToL1` transactions one after another (signed
 * beforehand with explicit nonces, sent raw over HTTP, each awaited until it is in a block). A message
 * counts as verifiable once its batch is executed on Gateway and its destination chain has imported
 * that Gateway block's interop root; after the timed window every message is proven
 * (zks_getL2ToL1LogProof, proof_based_gw) and verified on its destination with an eth_call of
 * L2MessageVerification.proveL2MessageInclusionShared. Only verified messages are counted.
 */
import { decodeFunctionResult, encodeFunctionData, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Network } from '../src/network/network.ts';
import type { Batch } from '../src/chain/types.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { l1MessengerAbi, l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import { benchRpc, type BenchRpc } from './httpRpc.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

export type TrafficOptions = {
  /** chains that send (each sends to `destinationOf(chainId)`) */
  sources: number[];
  destinationOf: (chainId: number) => number;
  sendersPerChain: number;
  messagesPerSender: number;
  /** first dev account used as a sender (default 0) */
  firstAccount?: number;
  /** label for progress lines and message contents */
  label?: string;
  /** give up waiting for verifiability after this long (ms, default 300 000) */
  deadlineMs?: number;
  /** called when the timed window ends, before verification (e.g. to stop a profiler) */
  onWindowEnd?: () => void | Promise<void>;
};

/** What one traffic run measured. */
export type TrafficResult = {
  sent: number;
  verified: number;
  /** first send → last message verifiable (s) */
  seconds: number;
  /** verified messages per second over that window */
  messagesPerSecond: number;
  /** send → verifiable, per message */
  latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
  /** how long each sendRawTransaction took to come back (in a block), p50 */
  sendP50Ms: number;
};

/** The transaction and message one sender signs for message `j`. */
export type SignedMessage = { raw: Hex; message: Hex; from: Address };

/**
 * Signs `count` sendToL1 transactions of one account with nonces from `firstNonce` (zero fee, fixed gas).
 * @param tag goes into every message, so runs never send the same bytes twice
 */
export async function signMessages(privateKey: Hex, chainId: number, firstNonce: number, count: number, tag: string): Promise<SignedMessage[]> {
  const account = privateKeyToAccount(privateKey);
  const out: SignedMessage[] = [];
  for (let j = 0; j < count; j++) {
    const message = toHex(`${tag} ${chainId} ${account.address} ${j}`);
    const raw = await account.signTransaction({
      type: 'eip1559',
      chainId,
      nonce: firstNonce + j,
      to: L1_MESSENGER_ADDRESS,
      data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [message] }),
      gas: 100_000n,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
    });
    out.push({ raw, message, from: account.address });
  }
  return out;
}

type Tracked = { source: number; destination: number; hash: Hex; message: Hex; from: Address; sentAt: number; verifiableAt?: number; batch?: Batch };

/** Runs traffic on `net`; see module header. */
export async function runTraffic(net: Network, options: TrafficOptions): Promise<TrafficResult> {
  const label = options.label ?? 'traffic';
  const firstAccount = options.firstAccount ?? 0;
  const keys = devAccounts().slice(firstAccount, firstAccount + options.sendersPerChain);
  if (keys.length < options.sendersPerChain) throw new Error(`only ${keys.length} dev accounts from index ${firstAccount}`);
  const gatewayChainId = net.gateway.chainId;
  const tag = `${label} ${Date.now()}`;

  // Signed before the clock starts: signing is the client's cost, not the network's.
  const plans: { source: number; rpc: BenchRpc; txs: SignedMessage[] }[] = [];
  for (const source of options.sources) {
    const node = net.node(source);
    const rpc = benchRpc(node.rpcUrl, options.sendersPerChain);
    for (const key of keys) {
      const address = privateKeyToAccount(key.privateKey).address;
      const nonce = await node.node.engine.getNonce(address, 'pending');
      plans.push({ source, rpc, txs: await signMessages(key.privateKey, source, nonce, options.messagesPerSender, tag) });
    }
  }
  const total = plans.reduce((n, p) => n + p.txs.length, 0);
  const tracked: Tracked[] = [];
  const sendTimes: number[] = [];
  let sendersDone = 0;

  const started = performance.now();
  const senders = plans.map(async (plan) => {
    for (const tx of plan.txs) {
      const sentAt = performance.now();
      const hash = await plan.rpc.request<Hex>('eth_sendRawTransaction', [tx.raw]);
      sendTimes.push(performance.now() - sentAt);
      tracked.push({ source: plan.source, destination: options.destinationOf(plan.source), hash, message: tx.message, from: tx.from, sentAt });
    }
    sendersDone++;
  });
  const deadline = started + (options.deadlineMs ?? 300_000);
  let pending: Tracked[] = [];
  let seen = 0;
  // In-process look at the books every 2 ms, per batch rather than per message, so watching does not
  // take the CPU the network needs (polling each message over RPC would, and would inflate latency).
  while (sendersDone < plans.length || pending.length > 0 || tracked.length < total) {
    const now = performance.now();
    if (now > deadline) throw new Error(`${label}: ${pending.length + tracked.length - seen} of ${total} messages not verifiable after ${options.deadlineMs ?? 300_000} ms`);
    pending.push(...tracked.slice(seen));
    seen = tracked.length;
    const verifiableBatches = new Map<Batch, boolean>();
    for (const t of pending) {
      t.batch ??= net.node(t.source).node.txLocation(t.hash)?.batch;
      if (!t.batch) continue;
      let ok = verifiableBatches.get(t.batch);
      if (ok === undefined) verifiableBatches.set(t.batch, (ok = isVerifiable(net, t.batch, t.destination, gatewayChainId)));
      if (ok) t.verifiableAt = now;
    }
    pending = pending.filter((t) => t.verifiableAt === undefined);
    progress(`${label}: sent ${tracked.length}/${total}, verifiable ${tracked.length - pending.length}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(senders);
  await options.onWindowEnd?.();
  const lastVerifiable = Math.max(...tracked.map((t) => t.verifiableAt!));
  const seconds = (lastVerifiable - started) / 1000;
  for (const plan of plans) plan.rpc.close();

  progress(`${label}: verifying ${total} messages on their destinations`);
  let verified = 0;
  for (const t of tracked) if (await verifyOnDestination(net, t)) verified++;
  progressDone();
  const latencies = tracked.map((t) => t.verifiableAt! - t.sentAt);
  return {
    sent: total,
    verified,
    seconds: round(seconds, 3),
    messagesPerSecond: round(verified / seconds, 1),
    latency: {
      p50Ms: round(quantile(latencies, 0.5)),
      p90Ms: round(quantile(latencies, 0.9)),
      p99Ms: round(quantile(latencies, 0.99)),
      maxMs: round(Math.max(...latencies)),
    },
    sendP50Ms: round(quantile(sendTimes, 0.5)),
  };
}

/** Batch executed on Gateway and its interop root imported on the destination. */
function isVerifiable(net: Network, batch: Batch, destination: number, gatewayChainId: number): boolean {
  const inclusion = batch.stage === 'executed' ? batch.gatewayInclusion : undefined;
  if (!inclusion) return false;
  return net.node(destination).node.importedRoot(gatewayChainId, inclusion.gatewayBlockNumber) !== undefined;
}

/** Proof from the source (as a client asks for it), eth_call of the verifier on the destination. */
async function verifyOnDestination(net: Network, t: Tracked): Promise<boolean> {
  const source = net.node(t.source);
  const proof = await source.client.request<{ id: number; proof: Hex[]; batchNumber: number } | null>('zks_getL2ToL1LogProof', [t.hash, 0, 'proof_based_gw']);
  const loc = source.node.txLocation(t.hash);
  if (!proof || !loc) return false;
  const data = encodeFunctionData({
    abi: l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [BigInt(t.source), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: loc.txNumberInBatch, sender: t.from, data: t.message }, proof.proof],
  });
  const result = await net.node(t.destination).client.request<Hex>('eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }, 'latest']);
  return decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data: result }) === true;
}
