/**
 * Interop traffic on a running network, the way the throughput and scaling benchmarks drive it: on
 * every source chain, several senders each send `sendToL1` transactions one after another (signed
 * beforehand with explicit nonces, sent raw over HTTP from a separate process (bench/sendLoad.ts), so
 * the clients' work is not done on the network's main thread, each awaited until it is in a block). A message
 * counts as verifiable once its batch is executed on Gateway and its destination chain has imported
 * that Gateway block's interop root; after the timed window every message is proven
 * (zks_getL2ToL1LogProof, proof_based_gw) and verified on its destination with an eth_call of
 * L2MessageVerification.proveL2MessageInclusionShared. Only verified messages are counted.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeFunctionResult, encodeFunctionData, keccak256, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Network } from '../src/network/network.ts';
import type { NetworkConfig } from '../src/wire/types.ts';
import { createHttpRpcClient, type RpcClient } from '../src/rpc/client.ts';
import type { Batch } from '../src/chain/types.ts';
import { l1MessengerAbi, l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import { epochNow, type SendLoadLine, type SendLoadSender } from './sendLoad.ts';
import { threadCpu, threadCpuPer, threadCpuSince, type ThreadCpu } from './threadCpu.ts';
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
  /** called just before the timed window starts (e.g. to start a profiler) */
  onWindowStart?: () => void | Promise<void>;
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
  /** first send → last answer (s): the rest of `seconds` is the wait for the last batches to settle and their roots to be imported */
  sendSeconds: number;
  /** CPU of the network's process per verified message over the window, by thread group (Linux) */
  cpuPerMessage?: ThreadCpu;
  /** CPU of the senders' process (bench/sendLoad.ts: HTTP client, JSON) per verified message (ms): it shares the machine's cores with the network */
  clientCpuPerMessageMs?: number;
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

type Tracked = { source: number; destination: number; hash: Hex; message: Hex; from: Address; sentAt: number; verifiableAt?: number };

/**
 * What the traffic runner reads of a network: in-process books (`trafficTargetOf`, the cheapest look, as
 * the single-process benchmarks always measured) or JSON-RPC only (`trafficTargetOverRpc`, for a network
 * whose nodes run in other processes, and for comparing one process with many under the same watcher).
 */
export type TrafficTarget = {
  gatewayChainId: number;
  rpcUrl(chainId: number): string;
  client(chainId: number): RpcClient;
  /** the next nonce of `address` on `chainId` (pending) */
  nonce(chainId: number, address: Address): Promise<number>;
  /** the batch holding each transaction of `hashes` on `chainId`, once sealed (one round trip over RPC) */
  batchesOf(chainId: number, hashes: readonly Hex[]): Promise<(number | undefined)[]>;
  /** whether batch `batchNumber` of `chainId` (which holds `sample`) is executed on Gateway and its root imported on `destination` */
  verifiable(chainId: number, batchNumber: number, sample: Hex, destination: number): Promise<boolean>;
  /** the message's position in its batch (`txNumberInBatch`) */
  txNumberInBatch(chainId: number, hash: Hex): Promise<number | undefined>;
};

/** The in-process target of a network started in this process. */
export function trafficTargetOf(net: Network): TrafficTarget {
  // The batch objects seen, so each poll reads their live stage without a search.
  const seen = new Map<string, Batch>();
  return {
    gatewayChainId: net.gateway.chainId,
    rpcUrl: (chainId) => net.node(chainId).rpcUrl,
    client: (chainId) => net.node(chainId).client,
    nonce: (chainId, address) => net.node(chainId).node.engine.getNonce(address, 'pending'),
    batchesOf: async (chainId, hashes) =>
      hashes.map((hash) => {
        const batch = net.node(chainId).node.txLocation(hash)?.batch;
        if (batch) seen.set(`${chainId}:${batch.number}`, batch);
        return batch?.number;
      }),
    verifiable: async (chainId, batchNumber, _sample, destination) => {
      const batch = seen.get(`${chainId}:${batchNumber}`);
      const inclusion = batch?.stage === 'executed' ? batch.gatewayInclusion : undefined;
      if (!inclusion) return false;
      return net.node(destination).node.importedRoot(net.gateway.chainId, inclusion.gatewayBlockNumber) !== undefined;
    },
    txNumberInBatch: async (chainId, hash) => net.node(chainId).node.txLocation(hash)?.txNumberInBatch,
  };
}

/** A target read over JSON-RPC only (each node's URL from the network's config). */
export function trafficTargetOverRpc(config: NetworkConfig): TrafficTarget {
  const nodes = new Map([config.gateway, ...config.chains].map((n) => [n.chainId, n]));
  const clients = new Map<number, RpcClient>();
  const client = (chainId: number) => {
    const url = nodes.get(chainId)?.rpcUrl;
    if (!url) throw new Error(`chain ${chainId} is not in the network`);
    if (!clients.has(chainId)) clients.set(chainId, createHttpRpcClient(url));
    return clients.get(chainId)!;
  };
  type Lifecycle = { batchNumber: number; stage: string; gatewayBlockNumber: number | null; txNumberInBatch: number };
  const lifecycle = (chainId: number, hash: Hex) => client(chainId).request<Lifecycle | null>('zkinterop_getMessageLifecycle', [hash]);
  return {
    gatewayChainId: config.gateway.chainId,
    rpcUrl: (chainId) => nodes.get(chainId)!.rpcUrl,
    client,
    nonce: async (chainId, address) => Number(await client(chainId).request<Hex>('eth_getTransactionCount', [address, 'pending'])),
    // One JSON-RPC batch request per chain and turn, so watching costs the nodes little.
    batchesOf: async (chainId, hashes) => {
      if (hashes.length === 0) return [];
      const body = hashes.map((hash, id) => ({ jsonrpc: '2.0', id, method: 'zkinterop_getMessageLifecycle', params: [hash] }));
      const answer = await fetch(nodes.get(chainId)!.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const results = (await answer.json()) as { id: number; result?: Lifecycle | null }[];
      const byId = new Map(results.map((r) => [r.id, r.result?.batchNumber]));
      return hashes.map((_, id) => byId.get(id));
    },
    verifiable: async (chainId, _batchNumber, sample, destination) => {
      const found = await lifecycle(chainId, sample);
      if (found?.stage !== 'executed' && found?.stage !== 'verified') return false;
      if (found.gatewayBlockNumber === null) return false;
      return (await client(destination).request('zkinterop_getImportedRoot', [config.gateway.chainId, found.gatewayBlockNumber])) !== null;
    },
    txNumberInBatch: async (chainId, hash) => (await lifecycle(chainId, hash))?.txNumberInBatch,
  };
}

/**
 * The key of bench sender `i`: derived, not funded. Transactions on zkinterop cost no fee (base fee 0),
 * so any key can send `sendToL1` with zero fees, and the benches can use as many senders as they need.
 */
export function benchSenderKey(i: number): Hex {
  return keccak256(toHex(`zkinterop bench sender ${i}`));
}

/** Runs traffic on `net`; see module header. */
export async function runTraffic(net: Network | TrafficTarget, options: TrafficOptions): Promise<TrafficResult> {
  const target = 'batchesOf' in net ? net : trafficTargetOf(net);
  const label = options.label ?? 'traffic';
  const firstAccount = options.firstAccount ?? 0;
  const keys = Array.from({ length: options.sendersPerChain }, (_, i) => benchSenderKey(firstAccount + i));
  const tag = `${label} ${Date.now()}`;

  // Signed before the clock starts: signing is the client's cost, not the network's.
  progress(`${label}: signing ${options.sources.length * keys.length * options.messagesPerSender} transactions`);
  const plans: { source: number; url: string; txs: SignedMessage[] }[] = [];
  for (const source of options.sources) {
    for (const key of keys) {
      const address = privateKeyToAccount(key).address;
      const nonce = await target.nonce(source, address);
      plans.push({ source, url: target.rpcUrl(source), txs: await signMessages(key, source, nonce, options.messagesPerSender, tag) });
    }
  }
  const total = plans.reduce((n, p) => n + p.txs.length, 0);
  const tracked: Tracked[] = [];
  const sendTimes: number[] = [];
  const failures: string[] = [];
  let sendersDone = false;
  let clientCpuMs: number | undefined;
  let lastAnsweredAt = 0;

  const load = startSendLoad(
    plans.map((p) => ({ url: p.url, txs: p.txs.map((t) => t.raw) })),
    (line) => {
      if ('done' in line) {
        sendersDone = true;
        clientCpuMs = line.cpuMs;
      }
      else if ('error' in line) failures.push(`sender ${line.sender}, transaction ${line.tx}: ${line.error}`);
      else {
        const plan = plans[line.sender]!;
        const tx = plan.txs[line.tx]!;
        sendTimes.push(line.answeredAt - line.sentAt);
        lastAnsweredAt = Math.max(lastAnsweredAt, line.answeredAt);
        tracked.push({ source: plan.source, destination: options.destinationOf(plan.source), hash: line.hash, message: tx.message, from: tx.from, sentAt: line.sentAt });
      }
    },
  );
  await load.ready;
  await options.onWindowStart?.();
  const cpuAtStart = threadCpu();
  const started = epochNow();
  load.go();
  const deadline = started + (options.deadlineMs ?? 300_000);
  // Messages waiting to be verifiable, grouped by their batch (a batch turns verifiable all at once).
  let unplaced: Tracked[] = [];
  // keyed `<chain>:<batch>`
  const waiting = new Map<string, Tracked[]>();
  let pendingCount = 0;
  let seen = 0;
  // In-process look at the books every 5 ms, per batch rather than per message, so watching takes little
  // of the CPU the network needs (2 ms polling took ~4 % of its main thread under throughput load;
  // polling each message over RPC would take more, and inflate latency).
  while (!sendersDone || pendingCount > 0 || seen < total) {
    const now = epochNow();
    if (failures.length > 0) throw new Error(`${label}: ${failures.length} transactions refused, first: ${failures[0]}`);
    if (now > deadline) throw new Error(`${label}: ${pendingCount + tracked.length - seen} of ${total} messages not verifiable after ${options.deadlineMs ?? 300_000} ms`);
    if (sendersDone && tracked.length < total) throw new Error(`${label}: the senders answered ${tracked.length} of ${total} transactions`);
    // Answers keep coming while this turn awaits the target: take the ones seen now, the rest next turn.
    const upTo = tracked.length;
    const toPlace = [...unplaced, ...tracked.slice(seen, upTo)];
    unplaced = [];
    for (const source of new Set(toPlace.map((t) => t.source))) {
      const ofSource = toPlace.filter((t) => t.source === source);
      const batches = await target.batchesOf(source, ofSource.map((t) => t.hash));
      for (const [i, t] of ofSource.entries()) {
        const batch = batches[i];
        if (batch === undefined) {
          unplaced.push(t);
          continue;
        }
        const key = `${t.source}:${batch}`;
        const list = waiting.get(key);
        if (list) list.push(t);
        else waiting.set(key, [t]);
      }
    }
    seen = upTo;
    for (const [key, list] of waiting) {
      const first = list[0]!;
      if (!(await target.verifiable(first.source, Number(key.split(':')[1]), first.hash, first.destination))) continue;
      for (const t of list) t.verifiableAt = now;
      waiting.delete(key);
    }
    pendingCount = unplaced.length + [...waiting.values()].reduce((n, l) => n + l.length, 0);
    progress(`${label}: sent ${tracked.length}/${total}, verifiable ${tracked.length - pendingCount}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const cpu = threadCpuSince(cpuAtStart);
  await load.exited;
  await options.onWindowEnd?.();
  const lastVerifiable = Math.max(...tracked.map((t) => t.verifiableAt!));
  const seconds = (lastVerifiable - started) / 1000;

  progress(`${label}: verifying ${total} messages on their destinations`);
  let verified = 0;
  for (const t of tracked) if (await verifyOnDestination(target, t)) verified++;
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
    sendSeconds: round((lastAnsweredAt - started) / 1000, 3),
    ...(cpu && verified > 0
      ? { cpuPerMessage: threadCpuPer(cpu, verified) }
      : {}),
    ...(clientCpuMs !== undefined && verified > 0 ? { clientCpuPerMessageMs: round(clientCpuMs / verified, 3) } : {}),
  };
}

/**
 * Starts bench/sendLoad.ts in its own process; it waits (`ready`) until the process is up and has
 * read its work, and sends once `go()` is called, so process start-up stays out of the timed window.
 */
export function startSendLoad(senders: SendLoadSender[], onLine: (line: SendLoadLine) => void): { ready: Promise<void>; go: () => void; exited: Promise<void> } {
  const script = fileURLToPath(new URL('./sendLoad.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
  let buffered = '';
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += String(chunk);
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const line = JSON.parse(text) as SendLoadLine | { ready: true };
      if ('ready' in line) resolveReady();
      else onLine(line);
    }
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/sendLoad.ts exited with ${code}: ${stderr}`))));
  });
  exited.catch(() => resolveReady());
  child.stdin.write(`${JSON.stringify({ senders })}\n`);
  return { ready: Promise.race([ready, exited.then(() => undefined)]), go: () => child.stdin.end('go\n'), exited };
}

/** Proof from the source (as a client asks for it), eth_call of the verifier on the destination. */
async function verifyOnDestination(target: TrafficTarget, t: Tracked): Promise<boolean> {
  const proof = await target.client(t.source).request<{ id: number; proof: Hex[]; batchNumber: number } | null>('zks_getL2ToL1LogProof', [t.hash, 0, 'proof_based_gw']);
  const txNumberInBatch = await target.txNumberInBatch(t.source, t.hash);
  if (!proof || txNumberInBatch === undefined) return false;
  const data = encodeFunctionData({
    abi: l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [BigInt(t.source), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch, sender: t.from, data: t.message }, proof.proof],
  });
  const result = await target.client(t.destination).request<Hex>('eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }, 'latest']);
  return decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data: result }) === true;
}
