/**
 * The test harness: `createNetwork()` starts a whole interop network in-process on free ports for
 * vitest/jest, with typed handles per chain (viem clients included; the L1's as `l1` when the network runs
 * one), helpers that drive a message to a stage (`advanceUntil`, up to `provableOnL1`), whole-network
 * snapshot/revert (the L1 included), and a clean `stop()`.
 *
 * @example
 * const net = await createNetwork({ chains: 2, profile: 'instant' });
 * const hash = await net.chain(271).wallet.sendTransaction({ to: L1_MESSENGER_ADDRESS, data });
 * await net.advanceUntil(hash, 'imported', { on: 272 });
 * await net.stop();
 */
import { encodeFunctionData, createPublicClient, createWalletClient, defineChain, http, type Chain, type Hex, type PublicClient, type WalletClient, type Transport, type Account } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network, type NetworkNode } from '../network/network.ts';
import { devAccounts } from '../network/accounts.ts';
import type { ProfileName } from '../network/profiles.ts';
import type { MessageLifecycle } from '../wire/types.ts';
import type { RequestLimits } from '../chain/rpc/requestLimits.ts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi } from '../contracts/index.ts';
import type { L2ToL1LogProof } from '../wire/types.ts';

/**
 * Stages a message goes through, in order; `imported` = its interop root is on the target chain;
 * `provableOnL1` (a network with an L1) = its proof without a mode (`zks_getL2ToL1LogProof`) exists and
 * the L1's `Bridgehub.proveL2MessageInclusion` accepts it: for a chain on Gateway, once Gateway's batch
 * holding its batch's execute is executed on the L1. It does not wait for `imported`.
 */
export const MESSAGE_STAGES = ['included', 'sealed', 'committed', 'proved', 'executed', 'imported', 'provableOnL1'] as const;
export type MessageStage = (typeof MESSAGE_STAGES)[number];

export type CreateNetworkOptions = {
  /** number of chains (ids 271, 272, …) or the exact ids (default 2) */
  chains?: number | number[];
  /** timing profile (default 'instant': tests should not wait) */
  profile?: ProfileName;
  /** manual mode: nothing settles unless advanceUntil / the dev namespace says so */
  manual?: boolean;
  gatewayChainId?: number;
  /** serve the fault-injection methods (zkinterop_pauseGateway, …; docs/dev-rpc.md "Faults") */
  dev?: boolean;
  /** serve them only to calls passing `{ devToken }` as their last param */
  devToken?: string;
  /** request limits (gas cap, timeout, log range and results; docs/security.md "Request limits") */
  requestLimits?: Partial<RequestLimits>;
  /**
   * run an L1 (chain 9) under Gateway, on a free port (SPEC §10); absent: `startNetwork`'s default.
   * Pass it explicitly in tests that depend on it either way.
   */
  l1?: boolean;
  /**
   * auto-relay of v31 bundles (startNetwork's `autorelay`: default on, off in manual mode); pass `false`
   * in tests that execute bundles themselves, or the network's relayer may be first
   */
  autorelay?: boolean;
};

/** One chain of a test network. */
export type ChainHandle = {
  chainId: number;
  rpcUrl: string;
  wsUrl: string;
  /** viem chain definition */
  viemChain: Chain;
  /** viem public client over HTTP */
  client: PublicClient<Transport, Chain>;
  /** viem wallet client of the first rich wallet */
  wallet: WalletClient<Transport, Chain, Account>;
  /** raw JSON-RPC, in-process */
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
};

/** A running test network. */
export type TestNetwork = {
  gateway: ChainHandle;
  chains: ChainHandle[];
  /** the L1 under Gateway (chain 9; plain Ethereum RPC, no zks_), undefined in a network without one */
  l1: ChainHandle | undefined;
  /** the handle of a chain id (Gateway and the L1 included) */
  chain(chainId: number): ChainHandle;
  /**
   * Drives (manual mode) or waits for (automatic mode) the first message of `txHash` until `stage`.
   * For `provableOnL1`, manual mode also steps Gateway's batches on the L1 (Gateway's own
   * zkinterop_sealBatch, …commitBatch, …proveBatch, …executeBatch).
   * @param options.on target chain for 'imported' (default: every other chain)
   * @param options.timeoutMs give up after this long (default 30 s)
   */
  advanceUntil(txHash: Hex, stage: MessageStage, options?: { on?: number | number[]; timeoutMs?: number }): Promise<MessageLifecycle>;
  /** Saves the whole network; returns an id for revert. */
  snapshot(): Promise<string>;
  /** Returns the whole network to a snapshot (used up by the revert). */
  revert(id: string): Promise<void>;
  stop(): Promise<void>;
  /** the underlying network, for what the harness does not wrap */
  network: Network;
};

/** Raised when advanceUntil runs out of time. */
export class AdvanceTimeoutError extends ZkInteropError {
  override name = 'AdvanceTimeoutError';
  constructor(txHash: string, stage: string, last: string) {
    super('ADVANCE_TIMEOUT', `message of ${txHash} did not reach "${stage}" in time (last seen: ${last}); is the network in manual mode without advancing, or halted?`);
  }
}

/**
 * Starts a network for tests; see module header.
 * @throws ZkInteropError if it cannot start (nothing is left running)
 */
export async function createNetwork(options: CreateNetworkOptions = {}): Promise<TestNetwork> {
  const ids = typeof options.chains === 'object' ? options.chains : Array.from({ length: options.chains ?? 2 }, (_, i) => 271 + i);
  const network = await startNetwork({
    gateway: { chainId: options.gatewayChainId ?? 506, port: 0 },
    chains: ids.map((chainId) => ({ chainId, port: 0 })),
    profile: options.profile ?? 'instant',
    manual: options.manual,
    dev: options.dev,
    devToken: options.devToken,
    requestLimits: options.requestLimits,
    // Absent: startNetwork's default; on: the L1 on a free port.
    l1: options.l1 === undefined ? undefined : options.l1 ? { port: 0 } : false,
    autorelay: options.autorelay,
    onError: () => undefined,
  });
  const handles = new Map(network.allNodes().map((n) => [n.chainId, handleOf(n)]));
  const chain = (chainId: number): ChainHandle => {
    const h = handles.get(chainId) ?? (network.allNodes().some((n) => n.chainId === chainId) ? handleOf(network.node(chainId)) : undefined);
    if (!h) throw new InvalidArgumentError(`chain ${chainId} is not part of this test network (${[...handles.keys()].join(', ')})`);
    handles.set(chainId, h);
    return h;
  };

  return {
    gateway: chain(network.gateway.chainId),
    chains: ids.map(chain),
    l1: network.l1 ? chain(network.l1.chainId) : undefined,
    chain,
    network,
    snapshot: () => network.snapshot(),
    revert: async (id) => {
      await network.revert(id);
    },
    stop: () => network.stop(),
    advanceUntil: (txHash, stage, opts = {}) => advanceUntil(network, txHash, stage, opts),
  };
}

function handleOf(n: NetworkNode): ChainHandle {
  const viemChain = defineChain({
    id: n.chainId,
    name: `zkinterop ${n.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [n.rpcUrl], webSocket: [n.wsUrl] } },
  });
  const transport = http(n.rpcUrl);
  return {
    chainId: n.chainId,
    rpcUrl: n.rpcUrl,
    wsUrl: n.wsUrl,
    viemChain,
    client: createPublicClient({ chain: viemChain, transport }),
    wallet: createWalletClient({ chain: viemChain, transport, account: privateKeyToAccount(devAccounts()[0]!.privateKey) }),
    request: (method, params = []) => n.client.request(method, params),
  };
}

const RANK: Record<string, number> = { included: 0, sealed: 1, committed: 2, proved: 3, executed: 4 };

async function advanceUntil(network: Network, txHash: Hex, stage: MessageStage, opts: { on?: number | number[]; timeoutMs?: number }): Promise<MessageLifecycle> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const source = network.chains.find((c) => c.node.txLocation(txHash));
  if (!source) throw new InvalidArgumentError(`no chain of this network knows transaction ${txHash}`);
  if (stage === 'provableOnL1' && !network.l1) throw new InvalidArgumentError(`"provableOnL1" needs a network with an L1: start it with createNetwork({ l1: true })`);
  const manual = network.mode === 'manual';
  const settledStage = stage === 'imported' || stage === 'provableOnL1' ? 'executed' : stage;
  let life = source.node.messageLifecycle(txHash);
  if (!life) throw new InvalidArgumentError(`transaction ${txHash} sent no message (no L1MessageSent log)`);
  while ((RANK[life.stage] ?? -1) < RANK[settledStage]!) {
    if (life.stage === 'failed') throw new ZkInteropError('MESSAGE_FAILED', `the batch of ${txHash} was rejected: ${life.error ?? 'unknown reason'}; its chain's settlement has halted: revert to a snapshot taken before, or start a new network`);
    if (Date.now() > deadline) throw new AdvanceTimeoutError(txHash, stage, life.stage);
    if (manual) await step(source, life.stage);
    else await pause(2);
    life = source.node.messageLifecycle(txHash)!;
  }
  if (stage === 'provableOnL1') {
    await untilProvableOnL1(network, source, life, deadline);
    return life;
  }
  if (stage !== 'imported') return life;

  const targets = opts.on === undefined ? network.chains.filter((c) => c !== source).map((c) => c.chainId) : [opts.on].flat();
  for (const chainId of targets) {
    const target = network.node(chainId);
    while (!target.node.importedRoot(network.gateway.chainId, life.gatewayBlockNumber!)) {
      if (Date.now() > deadline) throw new AdvanceTimeoutError(txHash, `imported on ${chainId}`, 'executed');
      if (manual) await target.client.request('zkinterop_importInteropRoots');
      await pause(2);
    }
  }
  return life;
}

/**
 * Waits (or, in manual mode, steps Gateway's settlement on the L1) until the message's proof without a
 * mode verifies on the L1. A chain settling on the L1 directly is provable once its batch is executed.
 */
async function untilProvableOnL1(network: Network, source: NetworkNode, life: MessageLifecycle, deadline: number): Promise<void> {
  const l1 = network.l1!;
  const manual = network.mode === 'manual';
  for (;;) {
    const proof = await source.client.request<L2ToL1LogProof | null>('zks_getL2ToL1LogProof', [life.txHash, life.index]);
    if (proof && (await provesOnL1(l1, source.chainId, life, proof))) return;
    if (Date.now() > deadline) throw new AdvanceTimeoutError(life.txHash, 'provableOnL1', proof ? 'a proof the L1 does not accept yet' : 'executed');
    if (manual && !network.settlesOnL1(source.chainId)) await stepGatewayOnL1(network, life);
    else await pause(2);
  }
}

/** Bridgehub.proveL2MessageInclusion on the L1 with the message's proof without a mode. */
async function provesOnL1(l1: NetworkNode, chainId: number, life: MessageLifecycle, proof: L2ToL1LogProof): Promise<boolean> {
  const data = encodeFunctionData({
    abi: bridgehubAbi,
    functionName: 'proveL2MessageInclusion',
    args: [BigInt(chainId), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: life.txNumberInBatch, sender: life.sender, data: life.message }, proof.proof],
  });
  try {
    return BigInt(await l1.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest'])) === 1n;
  } catch {
    return false; // e.g. Gateway's batch not executed on the L1 yet
  }
}

/** One step of Gateway's settlement on the L1 toward the Gateway batch holding the message's execute. */
async function stepGatewayOnL1(network: Network, life: MessageLifecycle): Promise<void> {
  const gateway = network.gateway;
  const batch = gateway.node.batchOfBlock(life.gatewayBlockNumber!);
  if (!batch || batch.stage === 'open') {
    await gateway.client.request('zkinterop_sealBatch');
    return;
  }
  if (batch.stage === 'failed') throw new ZkInteropError('MESSAGE_FAILED', `Gateway's batch ${batch.number} holding the message of ${life.txHash} was rejected on the L1; Gateway's settlement has halted: revert to a snapshot taken before, or start a new network`);
  // Gateway's batches settle in order: each call advances the first one waiting for that step.
  const method = { sealed: 'zkinterop_commitBatch', committed: 'zkinterop_proveBatch', proved: 'zkinterop_executeBatch' }[batch.stage as string];
  if (method) await gateway.client.request(method);
  else await pause(2);
}

async function step(source: NetworkNode, stage: string): Promise<void> {
  const method = { included: 'zkinterop_sealBatch', sealed: 'zkinterop_commitBatch', committed: 'zkinterop_proveBatch', proved: 'zkinterop_executeBatch' }[stage];
  if (method) await source.client.request(method);
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
