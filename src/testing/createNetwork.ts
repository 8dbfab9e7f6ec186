/**
 * The test harness: `createNetwork()` starts a whole interop network in-process on free ports for
 * vitest/jest, with typed handles per chain (viem clients included), helpers that drive a message to a
 * stage (`advanceUntil`), whole-network snapshot/revert, and a clean `stop()`.
 *
 * @example
 * const net = await createNetwork({ chains: 2, profile: 'instant' });
 * const hash = await net.chain(271).wallet.sendTransaction({ to: L1_MESSENGER_ADDRESS, data });
 * await net.advanceUntil(hash, 'imported', { on: 272 });
 * await net.stop();
 */
import { createPublicClient, createWalletClient, defineChain, http, type Chain, type Hex, type PublicClient, type WalletClient, type Transport, type Account } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network, type NetworkNode } from '../network/network.ts';
import { devAccounts } from '../network/accounts.ts';
import type { ProfileName } from '../network/profiles.ts';
import type { MessageLifecycle } from '../wire/types.ts';
import type { RequestLimits } from '../chain/rpc/requestLimits.ts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';

/** Stages a message goes through, in order; `imported` = its interop root is on the target chain. */
export const MESSAGE_STAGES = ['included', 'sealed', 'committed', 'proved', 'executed', 'imported'] as const;
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
  /** the handle of a chain id (Gateway included) */
  chain(chainId: number): ChainHandle;
  /**
   * Drives (manual mode) or waits for (automatic mode) the first message of `txHash` until `stage`.
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
  const manual = network.mode === 'manual';
  const settledStage = stage === 'imported' ? 'executed' : stage;
  let life = source.node.messageLifecycle(txHash);
  if (!life) throw new InvalidArgumentError(`transaction ${txHash} sent no message (no L1MessageSent log)`);
  while ((RANK[life.stage] ?? -1) < RANK[settledStage]!) {
    if (life.stage === 'failed') throw new ZkInteropError('MESSAGE_FAILED', `the batch of ${txHash} was rejected: ${life.error ?? 'unknown reason'}; its chain's settlement has halted: revert to a snapshot taken before, or start a new network`);
    if (Date.now() > deadline) throw new AdvanceTimeoutError(txHash, stage, life.stage);
    if (manual) await step(source, life.stage);
    else await pause(2);
    life = source.node.messageLifecycle(txHash)!;
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

async function step(source: NetworkNode, stage: string): Promise<void> {
  const method = { included: 'zkinterop_sealBatch', sealed: 'zkinterop_commitBatch', committed: 'zkinterop_proveBatch', proved: 'zkinterop_executeBatch' }[stage];
  if (method) await source.client.request(method);
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
