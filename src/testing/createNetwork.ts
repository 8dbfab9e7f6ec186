/**
 * The test harness: `createNetwork()` starts a whole interop network on free ports for vitest/jest, with
 * typed handles per chain (viem clients included; the L1's as `l1` when the network runs one), helpers
 * that drive a message to a stage (`advanceUntil`, up to `provableOnL1`), whole-network snapshot/revert
 * (the L1 included), and a clean `stop()`.
 *
 * Two modes, one harness: by default every node runs in this process (`startNetwork`); with
 * `processes: true` each node runs in its own process (`startProcessNetwork`, as `zkinterop up
 * --processes`) and the coordinator in this one. Everything the harness does after the start goes through
 * JSON-RPC on the handles (`advanceUntil` reads `zkinterop_getMessageLifecycle`, `zkinterop_getImportedRoot`,
 * `zkinterop_listBatches`, `zks_getL2ToL1LogProof`, and in manual mode calls the stage methods), and
 * snapshot/revert go to the network's admin (`NetworkAdmin`: the `Network`, or the `ProcessNetwork`'s
 * coordinator), so a test behaves the same in either mode. A handle's `request` is in-process in the first
 * mode and HTTP in the second.
 *
 * `network` is what was started, typed by the option: `Network` (the default, as before, so existing
 * tests reading `net.network.node(271)` keep compiling) or `ProcessNetwork` with `processes: true`
 * (its `config()`, `coordinator`, `supervisor` for killing a node's process). One field typed per mode is
 * less surprising than a union every user must narrow, or a second field that is undefined in one mode.
 *
 * @example
 * const net = await createNetwork({ chains: 2, profile: 'instant' });
 * const hash = await net.chain(271).wallet.sendTransaction({ to: L1_MESSENGER_ADDRESS, data });
 * await net.advanceUntil(hash, 'imported', { on: 272 });
 * await net.stop();
 * @example
 * const net = await createNetwork({ processes: true }); // one process per node; the same calls work
 */
import { encodeFunctionData, createPublicClient, createWalletClient, defineChain, http, type Chain, type Hex, type PublicClient, type WalletClient, type Transport, type Account } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../network/network.ts';
import type { ProcessNetwork } from '../network/processNetwork.ts';
import type { NetworkAdmin } from '../network/networkAdmin.ts';
import { devAccounts } from '../network/accounts.ts';
import type { ProfileName } from '../network/profiles.ts';
import type { BatchListPage, BatchSummary, ImportedRoot, MessageLifecycle, NetworkConfig, NodeDescription } from '../wire/types.ts';
import type { RequestLimits } from '../chain/rpc/requestLimits.ts';
import { createHttpRpcClient, type RpcClient } from '../rpc/client.ts';
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
  /**
   * one process per node (`startProcessNetwork`, as `zkinterop up --processes`), the coordinator in this
   * process; handles then talk HTTP. Of `requestLimits` the node processes take `gasCap` and `timeoutMs`
   * (their `zkinterop node` flags). Slower to start (a process per node): one network per test file.
   */
  processes?: boolean;
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
  /** raw JSON-RPC: in-process, or over HTTP with `processes: true` */
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
};

/** A running test network: `N` is what was started (`Network`, or `ProcessNetwork` with `processes: true`). */
export type TestNetwork<N extends Network | ProcessNetwork = Network> = {
  gateway: ChainHandle;
  chains: ChainHandle[];
  /** the L1 under Gateway (chain 9; plain Ethereum RPC, no zks_), undefined in a network without one */
  l1: ChainHandle | undefined;
  /** the handle of a chain id (Gateway and the L1 included) */
  chain(chainId: number): ChainHandle;
  /**
   * Drives (manual mode) or waits for (automatic mode) the first message of `txHash` until `stage`.
   * For `provableOnL1`, and for `imported` in a network with an L1 (chains import only roots of Gateway
   * blocks final on the L1), manual mode also steps Gateway's batches on the L1 (Gateway's own
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
  /** the underlying network, for what the harness does not wrap: a `Network`, or with `processes: true` a `ProcessNetwork` */
  network: N;
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
export function createNetwork(options: CreateNetworkOptions & { processes: true }): Promise<TestNetwork<ProcessNetwork>>;
export function createNetwork(options?: CreateNetworkOptions & { processes?: false }): Promise<TestNetwork<Network>>;
export function createNetwork(options?: CreateNetworkOptions): Promise<TestNetwork<Network | ProcessNetwork>>;
export async function createNetwork(options: CreateNetworkOptions = {}): Promise<TestNetwork<Network | ProcessNetwork>> {
  const ids = typeof options.chains === 'object' ? options.chains : Array.from({ length: options.chains ?? 2 }, (_, i) => 271 + i);
  const common = {
    gateway: { chainId: options.gatewayChainId ?? 506, port: 0 },
    chains: ids.map((chainId) => ({ chainId, port: 0 })),
    profile: options.profile ?? ('instant' as const),
    manual: options.manual,
    dev: options.dev,
    devToken: options.devToken,
    requestLimits: options.requestLimits,
    // Absent: the starter's default; on: the L1 on a free port.
    l1: options.l1 === undefined ? undefined : options.l1 ? { port: 0 } : (false as const),
    autorelay: options.autorelay,
  };
  if (options.processes) {
    const { startProcessNetwork } = await import('../network/processNetwork.ts');
    // The router (the coordinator's /network, to which every node forwards the network methods) on a free port.
    const network = await startProcessNetwork({ ...common, routerPort: 0, explorer: false });
    return testNetwork(network, network.coordinator, ids, (node) => createHttpRpcClient(node.rpcUrl));
  }
  const network = await startNetwork({ ...common, onError: () => undefined });
  return testNetwork(network, network, ids, (node) => network.node(node.chainId).client);
}

/** The harness over a started network: everything after the start is JSON-RPC on the handles, or its admin. */
function testNetwork<N extends Network | ProcessNetwork>(network: N, admin: NetworkAdmin, ids: number[], clientOf: (node: NodeDescription) => RpcClient): TestNetwork<N> {
  const handles = new Map<number, ChainHandle>();
  const chain = (chainId: number): ChainHandle => {
    const known = handles.get(chainId);
    if (known) return known;
    // Chains added while the network runs are in its config from then on.
    const nodes = nodesOf(network.config());
    const node = nodes.find((n) => n.chainId === chainId);
    if (!node) throw new InvalidArgumentError(`chain ${chainId} is not part of this test network (${nodes.map((n) => n.chainId).join(', ')})`);
    const h = handleOf(node, clientOf(node));
    handles.set(chainId, h);
    return h;
  };
  const config = network.config();
  return {
    gateway: chain(config.gateway.chainId),
    chains: ids.map(chain),
    l1: config.l1 ? chain(config.l1.chainId) : undefined,
    chain,
    network,
    snapshot: () => admin.snapshot(),
    revert: async (id) => {
      await admin.revert(id);
    },
    stop: () => network.stop(),
    advanceUntil: (txHash, stage, opts = {}) => advanceUntil({ config: () => network.config(), chain }, txHash, stage, opts),
  };
}

/** Every node of a config: the L1, Gateway, then the chains. */
function nodesOf(config: NetworkConfig): NodeDescription[] {
  return [...(config.l1 ? [config.l1] : []), config.gateway, ...config.chains];
}

function handleOf(n: NodeDescription, client: RpcClient): ChainHandle {
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
    request: (method, params = []) => client.request(method, params),
  };
}

/** What advanceUntil sees of a network: its config (mode, chains, the L1) and a JSON-RPC handle per node. */
type NetworkView = { config(): NetworkConfig; chain(chainId: number): ChainHandle };

const RANK: Record<string, number> = { included: 0, sealed: 1, committed: 2, proved: 3, executed: 4 };

async function advanceUntil(network: NetworkView, txHash: Hex, stage: MessageStage, opts: { on?: number | number[]; timeoutMs?: number }): Promise<MessageLifecycle> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const config = network.config();
  const found = await sourceOf(network, config, txHash);
  if (!found) throw new InvalidArgumentError(`no chain of this network knows transaction ${txHash}`);
  const { source } = found;
  if (stage === 'provableOnL1' && !config.l1) throw new InvalidArgumentError(`"provableOnL1" needs a network with an L1: start it with createNetwork({ l1: true })`);
  const manual = config.mode === 'manual';
  const settledStage = stage === 'imported' || stage === 'provableOnL1' ? 'executed' : stage;
  let life = found.life;
  if (!life) throw new InvalidArgumentError(`transaction ${txHash} sent no message (no L1MessageSent log)`);
  while ((RANK[life.stage] ?? -1) < RANK[settledStage]!) {
    if (life.stage === 'failed') throw new ZkInteropError('MESSAGE_FAILED', `the batch of ${txHash} was rejected: ${life.error ?? 'unknown reason'}; its chain's settlement has halted: revert to a snapshot taken before, or start a new network`);
    if (Date.now() > deadline) throw new AdvanceTimeoutError(txHash, stage, life.stage);
    if (manual) await step(source, life.stage);
    else await pause(2);
    life = (await lifecycleOf(source, txHash))!;
  }
  if (stage === 'provableOnL1') {
    const settlesOnL1 = config.chains.find((c) => c.chainId === source.chainId)?.settlesOn === 'l1';
    await untilProvableOnL1(network, config, source, settlesOnL1, life, deadline);
    return life;
  }
  if (stage !== 'imported') return life;

  const targets = opts.on === undefined ? config.chains.filter((c) => c.chainId !== source.chainId).map((c) => c.chainId) : [opts.on].flat();
  const gateway = network.chain(config.gateway.chainId);
  for (const chainId of targets) {
    const target = network.chain(chainId);
    const imported = async () => (await target.request<ImportedRoot | null>('zkinterop_getImportedRoot', [config.gateway.chainId, life.gatewayBlockNumber!])) !== null;
    while (!(await imported())) {
      if (Date.now() > deadline) throw new AdvanceTimeoutError(txHash, `imported on ${chainId}`, 'executed');
      if (manual) {
        await target.request('zkinterop_importInteropRoots');
        // With an L1, chains import only roots of Gateway blocks final there (SPEC §10): step Gateway's batch on the L1.
        if (config.l1 && !(await imported())) await stepGatewayOnL1(gateway, life);
      }
      await pause(2);
    }
  }
  return life;
}

/**
 * The chain that included `txHash` (Gateway and the L1 are not searched), with the lifecycle of its first
 * message (undefined: it sent none); undefined when no chain has it in a block yet.
 */
async function sourceOf(network: NetworkView, config: NetworkConfig, txHash: Hex): Promise<{ source: ChainHandle; life: MessageLifecycle | undefined } | undefined> {
  const chains = config.chains.map((c) => network.chain(c.chainId));
  const lives = await Promise.all(chains.map((c) => lifecycleOf(c, txHash)));
  const at = lives.findIndex((l) => l !== undefined);
  if (at >= 0) return { source: chains[at]!, life: lives[at] };
  // No message: is the transaction in a block of some chain at all? (`pending`: not in a block yet)
  const details = await Promise.all(chains.map((c) => c.request<{ status: string } | null>('zks_getTransactionDetails', [txHash]).catch(() => null)));
  const known = details.findIndex((d) => d !== null && d.status !== 'pending');
  return known >= 0 ? { source: chains[known]!, life: undefined } : undefined;
}

/** The lifecycle of the first message of transaction `txHash` on `chain` (the method also takes a message hash: that is no match here). */
async function lifecycleOf(chain: ChainHandle, txHash: Hex): Promise<MessageLifecycle | undefined> {
  const life = await chain.request<MessageLifecycle | null>('zkinterop_getMessageLifecycle', [txHash, 0]);
  return life && life.txHash.toLowerCase() === txHash.toLowerCase() ? life : undefined;
}

/**
 * Waits (or, in manual mode, steps Gateway's settlement on the L1) until the message's proof without a
 * mode verifies on the L1. A chain settling on the L1 directly is provable once its batch is executed.
 */
async function untilProvableOnL1(network: NetworkView, config: NetworkConfig, source: ChainHandle, settlesOnL1: boolean, life: MessageLifecycle, deadline: number): Promise<void> {
  const l1 = network.chain(config.l1!.chainId);
  const gateway = network.chain(config.gateway.chainId);
  const manual = config.mode === 'manual';
  for (;;) {
    const proof = await source.request<L2ToL1LogProof | null>('zks_getL2ToL1LogProof', [life.txHash, life.index]);
    if (proof && (await provesOnL1(l1, source.chainId, life, proof))) return;
    if (Date.now() > deadline) throw new AdvanceTimeoutError(life.txHash, 'provableOnL1', proof ? 'a proof the L1 does not accept yet' : 'executed');
    if (manual && !settlesOnL1) await stepGatewayOnL1(gateway, life);
    else await pause(2);
  }
}

/** Bridgehub.proveL2MessageInclusion on the L1 with the message's proof without a mode. */
async function provesOnL1(l1: ChainHandle, chainId: number, life: MessageLifecycle, proof: L2ToL1LogProof): Promise<boolean> {
  const data = encodeFunctionData({
    abi: bridgehubAbi,
    functionName: 'proveL2MessageInclusion',
    args: [BigInt(chainId), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: life.txNumberInBatch, sender: life.sender, data: life.message }, proof.proof],
  });
  try {
    return BigInt(await l1.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest'])) === 1n;
  } catch {
    return false; // e.g. Gateway's batch not executed on the L1 yet
  }
}

/** One step of Gateway's settlement on the L1 toward the Gateway batch holding the message's execute. */
async function stepGatewayOnL1(gateway: ChainHandle, life: MessageLifecycle): Promise<void> {
  const batch = await batchOfBlock(gateway, life.gatewayBlockNumber!);
  if (!batch || batch.stage === 'open') {
    await gateway.request('zkinterop_sealBatch');
    return;
  }
  if (batch.stage === 'failed') throw new ZkInteropError('MESSAGE_FAILED', `Gateway's batch ${batch.number} holding the message of ${life.txHash} was rejected on the L1; Gateway's settlement has halted: revert to a snapshot taken before, or start a new network`);
  // Gateway's batches settle in order: each call advances the first one waiting for that step.
  const method = { sealed: 'zkinterop_commitBatch', committed: 'zkinterop_proveBatch', proved: 'zkinterop_executeBatch' }[batch.stage as string];
  if (method) await gateway.request(method);
  else await pause(2);
}

/**
 * The batch of a node holding `blockNumber` (the open batch takes every block past the sealed ones), read
 * from `zkinterop_listBatches` pages, newest first: the batch sought is near the newest.
 */
async function batchOfBlock(node: ChainHandle, blockNumber: number): Promise<BatchSummary | undefined> {
  const limit = 100;
  for (let offset = 0; ; offset += limit) {
    const page = await node.request<BatchListPage>('zkinterop_listBatches', [{ limit, offset }]);
    for (const b of page.batches) {
      if (blockNumber >= b.firstBlock && (blockNumber <= b.lastBlock || b.stage === 'open')) return b;
      if (blockNumber > b.lastBlock && b.stage !== 'open') return undefined; // older batches hold older blocks
    }
    if (offset + limit >= page.total) return undefined;
  }
}

async function step(source: ChainHandle, stage: string): Promise<void> {
  const method = { included: 'zkinterop_sealBatch', sealed: 'zkinterop_commitBatch', committed: 'zkinterop_proveBatch', proved: 'zkinterop_executeBatch' }[stage];
  if (method) await source.request(method);
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
