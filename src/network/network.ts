/**
 * The orchestrator: owns the start and stop order of a whole interop network in one process.
 * Start: with `l1` (the default, SPEC §10; `l1: false` keeps the Gateway-only network) first the L1 (engine, L1's genesis: Bridgehub, the L1 bridges,
 * Gateway's ZK chain contract and one naming Gateway per chain on it, its MessageRoot index, RPC: plain
 * eth_*, no zks_), then
 * Gateway (engine, contracts, settlement contracts of every chain, MessageRoot index, RPC; with an L1 also
 * its settlement client to the L1 and the same settlement loop chains use),
 * then each chain (a chain unit, chainUnit.ts: engine, contracts, settlement client to Gateway, RPC, with an L1 its proofs to the L1 through Gateway's client, root relay;
 * a chain with `settlesOn: 'l1'` instead settles through the L1's client and has no relay or watcher), then the
 * watchers (each hands its chain's roots to the chain's relay), then the bundle index (v31 bundles, told of every
 * chain's sealed blocks) and, with auto-relay, the bundle relayer, then the single routed endpoint. Stop: the
 * reverse (relayer and index before the chains), collecting every failure. Components reach each other
 * only through RpcClients (in-process here), never through each other's objects, so any of them
 * could run elsewhere; each node's genesis is built from the network layout alone (layout.ts: addresses, never
 * another node's key), as a node in its own process would build it. It also owns what spans the network: mode, delays, adding a chain (at most
 * `maxChains`), snapshots, and the one queue that runs the admin and dev operations changing the
 * network one at a time (`oneAtATime`; docs/security.md, "Admin methods and limits").
 */
import type { Hex } from 'viem';
import { encodeFunctionData } from 'viem';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { operatorKeyOf, relayerKeyOf } from './keys.ts';
import { ChainNode, type ChainNodeState } from '../chain/chainNode.ts';
import { createRequestBounds, type RequestBounds, type RequestLimits } from '../chain/rpc/requestLimits.ts';
import { txpoolNamespace } from '../chain/rpc/txpoolNamespace.ts';
import { devNamespace } from '../chain/rpc/devNamespace.ts';
import { hardhatNamespace } from '../chain/rpc/hardhatNamespace.ts';
import type { InclusionIndex } from '../gateway/inclusionIndex.ts';
import type { CommitRevertControl } from '../chain/settlementClient.ts';
import type { LifecycleL1Steps } from '../chain/lifecycleOnL1.ts';
import type { Watcher } from '../watcher/watcher.ts';
import type { RootRelay, RootRelayControl } from '../relay/rootRelay.ts';
import type { BundleIndex } from '../relay/bundleIndex.ts';
import type { BundleRelayer } from '../relay/bundleRelayer.ts';
import { createBundleService } from '../relay/bundleService.ts';
import { createTableRpcClient, type RpcClient } from '../rpc/client.ts';
import { createMethodTable, type MethodTable, type RpcMethod } from '../rpc/methodTable.ts';
import { ethUnsubscribe } from '../rpc/methods/eth_unsubscribe.ts';
import { createRpcServer, type RpcServer } from '../rpc/server.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi } from '../contracts/index.ts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import { devAccounts, DEV_BALANCE } from './accounts.ts';
import { networkNamespace } from './networkNamespace.ts';
import { explorerAssets } from './explorerAssets.ts';
import { hardhatNetworkNamespace } from './hardhatNetworkNamespace.ts';
import { NetworkFaults } from './faults.ts';
import { faultTargetOf } from './faultTarget.ts';
import { faultNamespace } from './faultNamespace.ts';
import { OperationQueue, type RunOneAtATime } from './operationQueue.ts';
import { dumpStore, loadDump, type NetworkDump, type Store } from '../store/journal.ts';
import { openMemoryStore } from '../store/memoryStore.ts';
import { L1_PROFILES, PROFILES, type L1Delays, type NetworkDelays, type ProfileName } from './profiles.ts';
import { genesisAccountsOf, type NetworkLayout } from './layout.ts';
import { createChainUnit } from './chainUnit.ts';
import { describeNode } from './nodeDescription.ts';
import type { AddChainSpec, DelaysChange, NetworkAdmin } from './networkAdmin.ts';
import { createL1Unit } from './l1Unit.ts';
import { createGatewayUnit } from './gatewayUnit.ts';
import { layerInternalNamespace } from './internalNamespace.ts';
import { nodeInternalNamespace, type NodeInternalParts } from './nodeInternalNamespace.ts';
import type { NetworkConfig, NodeDescription } from '../wire/types.ts';

export { DEFAULT_GATEWAY, DEFAULT_L1, DEFAULT_MAX_CHAINS, DEFAULT_ROUTER_PORT, defaultChainSpecs, defaultChainPort, type ChainSpec } from './defaults.ts';
import { DEFAULT_GATEWAY, DEFAULT_L1, DEFAULT_MAX_CHAINS, defaultChainPort, defaultChainSpecs, type ChainSpec } from './defaults.ts';

export type NetworkOptions = {
  /** interface to bind (default 127.0.0.1) */
  host?: string;
  gateway?: ChainSpec;
  /**
   * run an L1 under Gateway (SPEC §10): chain id 9; port 8545 unless given (0 = free port), or a free
   * port when Gateway's is 0 (a network of free ports, as tests start). Gateway settles its batches on it,
   * and `finalized`/`safe` and the watchers wait for it. Default on for a new network (`false`, `up
   * --no-l1`: today's Gateway-only network); a network restored from its store keeps whatever it was
   * started with.
   */
  l1?: boolean | { port?: number };
  /** the settling chains (default: 271 on 3050, 272 on 3250) */
  chains?: ChainSpec[];
  /** port of the single endpoint routing `/chains/<id>` (0 = free port; default null = none; `up` uses 3000) */
  routerPort?: number | null;
  /**
   * serve the explorer (explorer/, built to dist/explorer) at `/` of the router port (default true;
   * needs `routerPort`); `{ dir }` serves the build in another folder (tests build their own)
   */
  explorer?: boolean | { dir: string };
  /** timing profile (default 'default'); explicit delays below override it */
  profile?: ProfileName;
  /** seal a batch this long after its first transaction (ms) */
  batchTimeMs?: number;
  /** gather transactions this long before sealing a block (ms, default 0: seal at once) */
  blockTimeMs?: number;
  /** how often watchers look at Gateway while its pushes do not reach them (ms; they follow its tags by push otherwise) */
  watcherPollMs?: number;
  /** delays before each settlement stage (ms) */
  stageDelays?: { commitMs: number; proveMs: number; executeMs: number };
  /**
   * with an L1: the L1's block time and Gateway's batch time and stage delays there (ms). Unset fields
   * come from `blockTimeMs`, `batchTimeMs` and `stageDelays` when those are given (they time every
   * node), else from the profile's `L1_PROFILES` entry.
   */
  l1Delays?: Partial<L1Delays>;
  /** manual mode: batches seal, settle and roots import only when told */
  manual?: boolean;
  /** persist to this store (see src/store); a network found there is restored (default: in memory) */
  store?: Store;
  /** start from a dump (`zkinterop_dump` / `zkinterop dump`); the store must be empty */
  load?: NetworkDump;
  /** accounts funded on every chain besides the dev accounts */
  extraAccounts?: { privateKey: Hex; balance: bigint }[];
  /** told about background failures (settlement halts, watcher errors) */
  onError?: (source: string, error: unknown) => void;
  /** serve the fault-injection methods (zkinterop_pauseGateway, …) to anyone (`up --dev`) */
  dev?: boolean;
  /** serve the fault-injection methods to calls that pass `{ devToken }` as their last param (`up --dev-token`) */
  devToken?: string;
  /** most settling chains, at start and through `zkinterop_addChain` (default 64, DEFAULT_MAX_CHAINS) */
  maxChains?: number;
  /** accept pre-EIP-155 transactions (no chain id, replayable on every chain) over RPC (`up --allow-unprotected-txs`; default: refused, as geth does) */
  allowUnprotectedTxs?: boolean;
  /**
   * browser origins every endpoint serves besides the loopback ones (`up --allow-origin`): exact origins
   * or `'*'` (see createRpcServer, docs/security.md)
   */
  allowedOrigins?: readonly string[] | '*';
  /** `Host` names every endpoint serves besides the loopback ones and the bound address (`up --allow-host`), or `'*'` */
  allowedHosts?: readonly string[] | '*';
  /**
   * bounds on requests whose cost the caller picks (docs/security.md, "Request limits"): gas cap of
   * eth_call / eth_estimateGas (`up --rpc-gas-cap`, default 10,000,000), their timeout (`up --rpc-timeout`,
   * default 5,000 ms), how many run at once in the process (1), eth_getLogs range (100,000 blocks) and logs (10,000)
   */
  requestLimits?: Partial<RequestLimits>;
  /**
   * auto-relay of v31 bundles (`up --no-autorelay`): the network's relayer executes every bundle whose root
   * its destination imported, unless the bundle names another executionAddress. Default on in auto mode,
   * off in manual mode (nothing moves there unless asked). The bundle index runs either way.
   */
  autorelay?: boolean;
  /**
   * the network's internal token (issue 16, docs/design/processes.md §5): with one, Gateway and the L1 serve
   * the internal methods its own processes use (`zkinterop_registerChain`, src/network/internalNamespace.ts;
   * on every node quiesce, node snapshots, delays, dumps and fault controls, nodeInternalNamespace.ts) to
   * calls that pass it; without one (the default) those methods do not exist
   */
  internalToken?: string;
};

// The network's keys live in keys.ts (the coordinator of a network of processes keeps them too, without an EVM).
export { operatorKeyOf, randomPrivateKey, relayerKeyOf } from './keys.ts';

/**
 * Whether chain `chainId`'s genesis funds the bundle relayer: every chain whose genesis is built now
 * (remembered in the store's meta `relayerFunded:<id>`), never one of a store from before the relayer.
 */
export async function relayerFundedAt(store: Store, chainId: number): Promise<boolean> {
  const key = `relayerFunded:${chainId}`;
  if ((await store.getMeta(key)) !== undefined) return true;
  if ((await store.getMeta(`genesis:${chainId}`)) !== undefined) return false;
  await store.setMeta(key, '1');
  return true;
}

/**
 * Limits of every endpoint: the server's defaults (5 MiB bodies, 1,000 requests per batch, 1,000
 * subscriptions per socket) plus a cap on open connections, so a runaway client cannot exhaust the
 * process's file descriptors.
 */
export const NODE_RPC_LIMITS = { maxConnections: 1_024 } as const;

/** A running node of the network and how to reach it. */
export type NetworkNode = {
  chainId: number;
  role: 'gateway' | 'chain' | 'l1';
  node: ChainNode;
  methods: MethodTable;
  server: RpcServer;
  /** JSON-RPC client for this node (in-process) */
  client: RpcClient;
  rpcUrl: string;
  wsUrl: string;
};

// How nodes and the network are described to clients (zkinterop_networkConfig): the wire contract.
export type { NetworkConfig, NodeDescription } from '../wire/types.ts';

type Snapshot = {
  l1?: { state: ChainNodeState; index: ReturnType<InclusionIndex['saveState']> };
  gateway: ChainNodeState;
  index: ReturnType<InclusionIndex['saveState']>;
  chains: Map<number, ChainNodeState>;
  watchers: Map<number, number>;
  /** journal length of every chain, so a revert also forgets what came after in the store */
  journals: Map<number, number>;
};

/** A running network; see module header. */
export class Network implements NetworkAdmin<NetworkNode> {
  /** the L1 under Gateway, when the network runs one (`NetworkOptions.l1`) */
  l1: NetworkNode | undefined;
  private l1Index!: InclusionIndex;
  /** Gateway's settlement client to the L1 (with an L1): its commit revert is the one L1 fault it takes */
  gatewayOnL1: CommitRevertControl | undefined;
  /** Chains that settle on the L1 directly (`ChainSpec.settlesOn: 'l1'`), kept in the store (`chainsOnL1`). */
  private chainsOnL1 = new Set<number>();
  gateway!: NetworkNode;
  readonly chains: NetworkNode[] = [];
  private index!: InclusionIndex;
  private readonly watchers = new Map<number, Watcher>();
  /** each chain's root path: its watcher hands roots to its relay, the relay to the chain */
  private readonly relays = new Map<number, RootRelay>();
  /** the network's v31 bundles (zkinterop_getBundle / zkinterop_listBundles), always running */
  bundleIndex: BundleIndex | undefined;
  /** executes bundles on their destinations (`autorelay`), when on */
  private relayer: BundleRelayer | undefined;
  /** chains whose genesis funded the relayer (not those of a store from before the relayer) */
  private readonly relayerFunded = new Set<number>();
  private router: RpcServer | undefined;
  private readonly delays: NetworkDelays;
  /** the L1's block time and Gateway's settlement on it (used only with an L1) */
  private readonly l1Delays: L1Delays;
  private readonly snapshots = new Map<string, Snapshot>();
  /** admin and dev operations, one at a time (`oneAtATime`) */
  private readonly operations = new OperationQueue();
  /** most settling chains this network runs (`NetworkOptions.maxChains`) */
  private readonly maxChains: number;
  private nextSnapshot = 1;
  private stopped = false;
  private readonly accounts: { privateKey: Hex; balance: bigint }[];
  private readonly host: string;
  private readonly onError: (source: string, error: unknown) => void;
  /** request limits and the one call gate every chain of this network shares */
  private readonly requestBounds: RequestBounds;
  /** injected faults and their outcomes (docs/dev-rpc.md, "Faults") */
  readonly faults: NetworkFaults;

  /** Where every chain journals (the given store, or an in-memory one). */
  readonly store: Store;

  /** Use startNetwork. */
  constructor(private readonly options: NetworkOptions) {
    this.store = options.store ?? openMemoryStore();
    this.host = options.host ?? '127.0.0.1';
    this.maxChains = options.maxChains ?? DEFAULT_MAX_CHAINS;
    this.requestBounds = createRequestBounds(options.requestLimits);
    this.accounts = [...devAccounts().map(({ privateKey, balance }) => ({ privateKey, balance })), ...(options.extraAccounts ?? [])];
    const base = PROFILES[options.profile ?? 'default'];
    this.delays = {
      batchTimeMs: options.batchTimeMs ?? base.batchTimeMs,
      commitMs: options.stageDelays?.commitMs ?? base.commitMs,
      proveMs: options.stageDelays?.proveMs ?? base.proveMs,
      executeMs: options.stageDelays?.executeMs ?? base.executeMs,
      watcherPollMs: options.watcherPollMs ?? base.watcherPollMs,
    };
    const l1Base = L1_PROFILES[options.profile ?? 'default'];
    this.l1Delays = {
      blockTimeMs: options.l1Delays?.blockTimeMs ?? options.blockTimeMs ?? l1Base.blockTimeMs,
      batchTimeMs: options.l1Delays?.batchTimeMs ?? options.batchTimeMs ?? l1Base.batchTimeMs,
      commitMs: options.l1Delays?.commitMs ?? options.stageDelays?.commitMs ?? l1Base.commitMs,
      proveMs: options.l1Delays?.proveMs ?? options.stageDelays?.proveMs ?? l1Base.proveMs,
      executeMs: options.l1Delays?.executeMs ?? options.stageDelays?.executeMs ?? l1Base.executeMs,
    };
    this.onError = options.onError ?? ((source, error) => console.error(`[zkinterop] ${source}:`, error instanceof Error ? error.message : error));
    this.faults = new NetworkFaults(faultTargetOf(this), options.devToken !== undefined ? 'token' : options.dev ? 'open' : 'off');
  }

  /** 'manual' when stages advance only through the dev namespace. */
  get mode(): 'auto' | 'manual' {
    return this.options.manual ? 'manual' : 'auto';
  }

  /** True when the router serves the explorer at `/` (NetworkOptions.explorer). */
  get explorerServed(): boolean {
    return this.router !== undefined && this.options.explorer !== false;
  }

  /** Gateway's chain id (known before Gateway starts). */
  private get gatewayChainId(): number {
    return this.options.gateway?.chainId ?? DEFAULT_GATEWAY.chainId;
  }

  /** URL of the single endpoint (`<url>/chains/<id>`), if it runs. */
  get routerUrl(): string | null {
    return this.router ? this.router.url : null;
  }

  /**
   * The node of a chain id (Gateway included).
   * @throws ZkInteropError UNKNOWN_CHAIN for an id that is not in the network
   */
  node(chainId: number): NetworkNode {
    const found = this.allNodes().find((c) => c.chainId === chainId);
    if (!found) throw new ZkInteropError('UNKNOWN_CHAIN', `chain ${chainId} is not part of this network; its chains are ${this.allNodes().map((c) => c.chainId).join(', ')}`);
    return found;
  }

  /** The L1 (when there is one), Gateway, then the chains. */
  allNodes(): NetworkNode[] {
    return [...(this.l1 ? [this.l1] : []), this.gateway, ...this.chains];
  }

  /** How a node is described to clients. */
  describe(n: NetworkNode): NodeDescription {
    return describeNode(n, { routerUrl: this.routerUrl, withL1: this.l1 !== undefined, settlesOnL1: (chainId) => this.chainsOnL1.has(chainId) });
  }

  /** The network's configuration (zkinterop_networkConfig). */
  config(): NetworkConfig {
    return {
      mode: this.mode,
      profile: this.options.profile ?? 'default',
      delays: { ...this.delays, ...(this.l1 ? { l1: { ...this.l1Delays } } : {}) },
      ...(this.l1 ? { l1: this.describe(this.l1) } : {}),
      gateway: this.describe(this.gateway),
      chains: this.chains.map((c) => this.describe(c)),
      routerUrl: this.routerUrl,
      autorelay: { enabled: this.relayer !== undefined, address: this.relayer?.address ?? null },
    };
  }

  /** The root relay of a settling chain (fault injection steers it through this narrow interface). */
  relayOf(chainId: number): RootRelayControl | undefined {
    return this.relays.get(chainId);
  }

  /**
   * Changes delays on every chain and watcher, and with `l1` Gateway's batch time and stage delays on
   * the L1 (the L1's block time is fixed at start); returns the delays now in force.
   */
  setDelays(delays: DelaysChange): NetworkDelays {
    const { l1, ...own } = delays;
    for (const [key, value] of Object.entries(own) as [keyof Omit<NetworkDelays, 'l1'>, number | undefined][]) {
      if (value !== undefined) this.delays[key] = value;
    }
    for (const [key, value] of Object.entries(l1 ?? {}) as [keyof L1Delays, number | undefined][]) {
      if (value !== undefined) this.l1Delays[key] = value;
    }
    for (const c of this.chains) c.node.setDelays(this.delays);
    const { blockTimeMs: _fixedAtStart, ...gatewayDelays } = this.l1Delays;
    if (this.l1) this.gateway.node.setDelays(gatewayDelays);
    for (const w of this.watchers.values()) w.setPollMs(this.delays.watcherPollMs);
    return this.config().delays;
  }

  /**
   * Runs `operation` when no other admin or dev operation of this network runs (adding a chain,
   * snapshots, dumps, stage control, faults), in arrival order. The RPC namespaces route the methods
   * that change the network through here; `addChain`, `snapshot`, `revert` and `dump` do it themselves.
   * @returns what `operation` returns
   * @example await network.oneAtATime(() => network.setDelays({ batchTimeMs: 50 }))
   */
  readonly oneAtATime: RunOneAtATime = (operation) => this.operations.run(operation);

  /**
   * The queue of one chain's stage control: one step at a time on that chain, never beside an
   * exclusive operation (`oneAtATime`), but beside other chains' steps, so two chains' executes can
   * land in one Gateway block as they do on a real Gateway.
   * @example await network.oneAtATimeOn(271)(() => node.advanceSettlement('commit'))
   */
  oneAtATimeOn(chainId: number): RunOneAtATime {
    return (operation) => this.operations.runOn(String(chainId), operation);
  }

  /**
   * Adds a chain while the network runs: registers it on Gateway (settlement contract, MessageRoot),
   * starts its node, RPC and watcher. Runs one at a time with the other admin operations, so chains
   * added concurrently get distinct ids.
   * @param spec chain id (default: next free after the highest) and port (default 0: free port)
   * @throws InvalidArgumentError when the chain id is taken, when the network already runs its most
   *   settling chains (`maxChains`), or while Gateway is paused
   */
  async addChain(spec: AddChainSpec = {}): Promise<NetworkNode> {
    return this.operations.run(() => this.addChainNow(spec));
  }

  private async addChainNow(spec: { chainId?: number; port?: number; settlesOn?: 'gateway' | 'l1' }): Promise<NetworkNode> {
    if (this.stopped) throw new InvalidArgumentError('the network is stopping; no chain can be added');
    const onL1 = spec.settlesOn === 'l1';
    if (onL1 && !this.l1) throw new InvalidArgumentError(settlesOnL1WithoutL1(spec.chainId));
    if (this.chains.length >= this.maxChains) {
      throw new ZkInteropError(
        'LIMIT_EXCEEDED',
        `this network already runs ${this.chains.length} settling chains, the most it allows (${this.maxChains}; each is an EVM, an RPC server and a watcher in this process): ` +
          'use the chains it has, or start another network for more (in code, startNetwork({ maxChains }) sets the cap)',
      );
    }
    // Registering waits for Gateway's next turn between blocks, which a paused Gateway never takes.
    this.faults.assertGatewayRunning('adding a chain');
    let chainId = spec.chainId ?? Math.max(...this.chains.map((c) => c.chainId), 270) + 1;
    if (spec.chainId === undefined) while (chainId === this.gateway.chainId) chainId++;
    if (this.allNodes().some((n) => n.chainId === chainId)) throw new InvalidArgumentError(`chain ${chainId} is already part of the network`);
    // Registered already when an earlier try failed after registering (its port was taken): start it now.
    const operator = privateKeyAddress(await operatorKeyOf(this.store, chainId));
    // An earlier try that failed after registering fixed where the chain settles (its contracts exist).
    if (onL1 ? this.index.model.isRegistered(chainId) : this.chainsOnL1.has(chainId)) {
      throw new InvalidArgumentError(`chain ${chainId} was already registered to settle on ${onL1 ? 'Gateway' : 'the L1'} by an earlier zkinterop_addChain; add it with settlesOn "${onL1 ? 'gateway' : 'l1'}", or pick another chain id`);
    }
    if (onL1) {
      // A chain settling on the L1 directly (SPEC §10): a settling ZK chain contract there (in the L1's
      // MessageRoot, its operator funded there), nothing on Gateway. Stored first, so a restart starts it so.
      await this.saveChainsOnL1([...this.chainsOnL1, chainId]);
      if (!(await zkChainRegisteredOnL1(this.l1!.client, chainId))) await this.l1!.node.registerChain(chainId, operator, DEV_BALANCE);
    } else {
      if (!this.index.model.isRegistered(chainId)) await this.gateway.node.registerChain(chainId, operator, DEV_BALANCE);
      // With an L1, the chain also gets its ZK chain contract there, naming Gateway as its settlement layer (SPEC §10).
      if (this.l1 && !(await zkChainRegisteredOnL1(this.l1.client, chainId))) await this.l1.node.registerChain(chainId, operator, 0n, this.gateway.chainId);
    }
    const node = await this.startChain({ chainId, port: spec.port ?? 0 });
    // Bundles may go to it from every running chain, and from it to each of them (journaled on each chain).
    if (!this.stopped) await this.linkInteropChains(chainId);
    if (this.stopped) {
      // `stop` ran meanwhile and did not see this chain: stop it here, or its server would keep the process alive.
      await node.server.stop().catch(() => undefined);
      await node.node.stop().catch(() => undefined);
      throw new InvalidArgumentError('the network stopped while the chain was being added');
    }
    await this.saveLayout();
    this.watchers.get(chainId)?.start();
    return node;
  }

  /**
   * Saves the whole network (every chain's EVM and books, Gateway's index, watcher positions) at one
   * point: watchers pause and in-flight blocks and settlement steps finish first. One at a time with
   * the other admin operations.
   * @returns the snapshot id for `revert`
   */
  async snapshot(): Promise<string> {
    return this.operations.run(() => this.snapshotNow());
  }

  private async snapshotNow(): Promise<string> {
    return this.paused(async () => {
      const snap: Snapshot = {
        ...(this.l1 ? { l1: { state: await this.l1.node.saveState(), index: this.l1Index.saveState() } } : {}),
        gateway: await this.gateway.node.saveState(),
        index: this.index.saveState(),
        chains: new Map(),
        watchers: new Map([...this.watchers].map(([id, w]) => [id, w.position])),
        journals: new Map(),
      };
      for (const n of this.allNodes()) snap.journals.set(n.chainId, await this.store.length(n.chainId));
      for (const c of this.chains) snap.chains.set(c.chainId, await c.node.saveState());
      const id = `0x${(this.nextSnapshot++).toString(16)}`;
      this.snapshots.set(id, snap);
      return id;
    });
  }

  /**
   * Returns the whole network to a snapshot. That snapshot and later ones are used up.
   * @param options.unknown what an unknown (or used) id gives: an error (default, zkinterop_revert) or
   *   `false` (evm_revert, as Hardhat answers)
   * @throws InvalidArgumentError for an unknown (or used) snapshot id, or when chains were added since
   */
  async revert(id: string, options: { unknown?: 'throw' | 'false' } = {}): Promise<boolean> {
    return this.operations.run(() => this.revertNow(id, options.unknown ?? 'throw'));
  }

  private async revertNow(id: string, unknown: 'throw' | 'false'): Promise<boolean> {
    const snap = this.snapshots.get(id);
    if (!snap && unknown === 'false') return false;
    if (!snap) throw new InvalidArgumentError(`no snapshot ${id}: ids come from zkinterop_snapshot and each can be reverted to once`);
    if (this.chains.some((c) => !snap.chains.has(c.chainId))) throw new InvalidArgumentError(`snapshot ${id} predates chains added since; it cannot be restored`);
    await this.paused(async () => {
      if (this.l1 && snap.l1) {
        await this.l1.node.restoreState(snap.l1.state);
        this.l1Index.restoreState(snap.l1.index);
      }
      await this.gateway.node.restoreState(snap.gateway);
      this.index.restoreState(snap.index);
      for (const c of this.chains) await c.node.restoreState(snap.chains.get(c.chainId)!);
      for (const [chainId, position] of snap.watchers) this.watchers.get(chainId)?.reset(position);
      for (const [chainId, length] of snap.journals) await this.store.truncate(chainId, length);
      await this.faults.onRevert();
    });
    // The bundles of the abandoned history go; the relayer may try the restored ones once more.
    this.relayer?.reset();
    await this.bundleIndex?.rebuild();
    for (const key of [...this.snapshots.keys()]) if (Number(key) >= Number(id)) this.snapshots.delete(key);
    return true;
  }

  /** Stops the router, watchers, chains, Gateway, then the L1; every failure is collected into one error. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const failures: unknown[] = [];
    const attempt = async (fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        failures.push(error);
      }
    };
    // A paused Gateway would keep chains' settlement steps (and so their stop) waiting forever.
    if (this.gateway) await attempt(() => this.faults.shutdown());
    if (this.router) await attempt(() => this.router!.stop());
    for (const w of this.watchers.values()) await attempt(() => w.stop());
    for (const r of this.relays.values()) await attempt(async () => r.stop());
    if (this.relayer) await attempt(() => this.relayer!.stop());
    if (this.bundleIndex) await attempt(() => this.bundleIndex!.stop());
    for (const c of this.chains) await attempt(() => c.server.stop());
    for (const c of this.chains) await attempt(() => c.node.stop());
    if (this.gateway) {
      await attempt(() => this.gateway.server.stop());
      await attempt(() => this.gateway.node.stop());
    }
    if (this.l1) {
      await attempt(() => this.l1!.server.stop());
      await attempt(() => this.l1!.node.stop());
    }
    await attempt(() => this.store.close());
    if (failures.length > 0) {
      throw new ZkInteropError('NETWORK_STOP_FAILED', `${failures.length} part(s) of the network failed to stop cleanly (each is in the cause); their ports may stay taken until this process exits`, { cause: new AggregateError(failures) });
    }
  }

  // ---------------------------------------------------------------- start-up (used by startNetwork)

  /**
   * Starts the L1 under Gateway (SPEC §10): a node that hosts Gateway's settlement contract and its own
   * MessageRoot as Gateway hosts its chains', followed by an inclusion index like Gateway's (Gateway's
   * settlement loop asks it for its batches' inclusion). It serves plain eth_* (no zks_: it is not a ZK chain).
   */
  async startL1(spec: ChainSpec, gatewayChainId: number, chains: ChainSpec[]): Promise<void> {
    // Built from the layout alone, as the L1's own process builds it (src/network/l1Unit.ts).
    const unit = await createL1Unit({
      layout: await this.layout(chains, spec.chainId, gatewayChainId),
      accounts: this.accounts,
      store: this.store,
      blockTimeMs: this.l1Delays.blockTimeMs,
      allowUnprotectedTxs: this.options.allowUnprotectedTxs,
      requestBounds: this.requestBounds,
      onError: this.onError,
    });
    this.l1 = await this.serve(unit.node, 'l1', unit.methods, spec.port, async (client) => {
      await unit.followIndex(client);
      this.l1Index = unit.index();
    });
  }

  /**
   * The network's layout (src/network/layout.ts): what each node's genesis needs of the others, read from
   * the store's meta (Gateway's genesis chains, which chains settle on the L1, operator addresses of the
   * genesis chains and, with an L1, Gateway's, the relayer's address) and the options (the extra accounts
   * every node funds). Operator and relayer keys are made and kept in the meta the first time, as before;
   * the layout carries their addresses only.
   * @param chains the chains asked for at a first start (stored as Gateway's genesis chains then; ignored later)
   * @param l1ChainId the L1's id, null without one (default: the running network's)
   */
  async layout(chains: ChainSpec[] = [], l1ChainId: number | null = this.l1?.chainId ?? null, gatewayChainId = this.gatewayChainId): Promise<NetworkLayout> {
    const genesisChains = await this.genesisChains(gatewayChainId, chains);
    const operators: Record<string, Hex> = {};
    // Gateway's operator only where it settles (on an L1): a Gateway-only network never made its key.
    if (l1ChainId !== null) operators[String(gatewayChainId)] = privateKeyAddress(await operatorKeyOf(this.store, gatewayChainId));
    for (const chainId of genesisChains) operators[String(chainId)] = privateKeyAddress(await operatorKeyOf(this.store, chainId));
    return {
      l1ChainId,
      gatewayChainId,
      genesisChains,
      chainsOnL1: l1ChainId === null ? [] : [...this.chainsOnL1],
      operators,
      relayer: privateKeyAddress(await relayerKeyOf(this.store)),
      extraAccounts: (this.options.extraAccounts ?? []).map((a) => ({ privateKey: a.privateKey, balance: a.balance.toString() })),
    };
  }

  /**
   * The chains in Gateway's genesis: stored on the first start, so every later start (and the L1's
   * genesis, which lists them too) builds the same blocks; chains added later are replayed from journals.
   */
  private async genesisChains(gatewayChainId: number, chains: ChainSpec[]): Promise<number[]> {
    const key = `genesisChains:${gatewayChainId}`;
    const stored = await this.store.getMeta(key);
    if (stored) return JSON.parse(stored) as number[];
    const ids = chains.map((c) => c.chainId);
    await this.store.setMeta(key, JSON.stringify(ids));
    return ids;
  }

  /** Starts Gateway with the settlement contracts of `chains` in its genesis (and, with an L1, settling on it). */
  async startGateway(spec: ChainSpec, chains: ChainSpec[]): Promise<void> {
    const l1 = this.l1;
    // The unit Gateway in its own process runs too (gatewayUnit.ts); here the L1 is an in-process client.
    const { blockTimeMs: _l1BlockTime, ...onL1Delays } = this.l1Delays;
    const unit = await createGatewayUnit({
      layout: await this.layout(chains, l1?.chainId ?? null, spec.chainId),
      accounts: this.accounts,
      store: this.store,
      l1: l1
        ? {
            client: l1.client,
            operatorKey: await operatorKeyOf(this.store, spec.chainId),
            delays: onL1Delays,
            // Both ends of a stage transaction that reverted on the L1 go to the fault records (faults.ts, "L1").
            stageFailed: (batchNumber, stage, error) => this.faults.l1StageFailed(batchNumber, stage, error),
            stageRecovered: (batchNumber, stage, txHash) => this.faults.l1StageRecovered(batchNumber, stage, txHash),
          }
        : undefined,
      manual: this.options.manual,
      blockTimeMs: this.options.blockTimeMs,
      allowUnprotectedTxs: this.options.allowUnprotectedTxs,
      requestBounds: this.requestBounds,
      onError: this.onError,
    });
    // Kept for zkinterop_rejectNextL1Batch, which arms its commit revert through the L1 fault control.
    this.gatewayOnL1 = unit.settlementOnL1;
    const { node } = unit;
    // The index is caught up before the endpoint opens, and told of every block Gateway seals from then on.
    this.gateway = await this.serve(node, 'gateway', unit.methods, spec.port, async (client) => {
      await unit.followIndex(client);
      this.index = unit.index();
    });
    // Catches Gateway's books up with what the L1 recorded (a restart), then settles what waits.
    if (l1) await node.resume();
  }

  /**
   * Makes every running chain a bundle destination of every other one (L2 Bridgehub `baseTokenAssetId`):
   * genesis covers Gateway's genesis chains, so this registers what chains added at runtime need, each
   * registration journaled on the chain that learns it (ChainNode.registerInteropChain). Idempotent, so a
   * start (after the replay restored earlier registrations) completes any a crash cut short. Chains settling on the L1 directly are
   * included, as genesis includes them: v31's InteropCenter checks only that the destination has a base
   * token, so bundles may be sent to such a chain, though it never executes them (it imports no interop
   * roots, and its InteropHandler reverts NotInGatewayMode), and it cannot send any itself.
   * @param onlyWith only the pairs with this chain (the one `addChain` just started); default every pair
   */
  async linkInteropChains(onlyWith?: number): Promise<void> {
    for (const chain of this.chains) {
      for (const other of this.chains) {
        if (other.chainId === chain.chainId) continue;
        // A chain just added only changes the pairs it is part of.
        if (onlyWith !== undefined && chain.chainId !== onlyWith && other.chainId !== onlyWith) continue;
        await chain.node.registerInteropChain(other.chainId);
      }
    }
  }

  /**
   * Starts one settling chain (already registered on its settlement layer) with its RPC and (stopped)
   * watcher. A chain settling on the L1 directly (`chainsOnL1`) settles through the L1's client, its
   * proof without a mode is the final one to its own batch root on the L1, and it has no watcher or
   * relay: it imports no interop roots (SPEC §10; Gateway-mode requests get INTEROP_UNSUPPORTED).
   */
  async startChain(spec: ChainSpec): Promise<NetworkNode> {
    const onL1 = this.l1 !== undefined && this.chainsOnL1.has(spec.chainId);
    // The unit a chain in its own process runs too (chainUnit.ts); here its peers are in-process clients.
    const layout = await this.layout([], this.l1?.chainId ?? null);
    const unit = await createChainUnit({
      chainId: spec.chainId,
      layout,
      settlementLayer: (onL1 ? this.l1! : this.gateway).client,
      gateway: this.gateway.client,
      fundsRelayer: await this.fundsRelayer(spec.chainId),
      operatorKey: await operatorKeyOf(this.store, spec.chainId),
      accounts: genesisAccountsOf(layout),
      store: this.store,
      delays: this.delays,
      blockTimeMs: this.options.blockTimeMs,
      manual: this.options.manual,
      allowUnprotectedTxs: this.options.allowUnprotectedTxs,
      requestBounds: this.requestBounds,
      onError: this.onError,
      onRootsDropped: (dropped) => this.faults.rootDropped(spec.chainId, dropped),
    });
    const { node } = unit;
    const entry = await this.serve(node, 'chain', unit.methods, spec.port, undefined, unit.l1Steps);
    this.chains.push(entry);
    node.onSealedBlock(() => this.bundleIndex?.blockSealed(spec.chainId));
    // A chain added at runtime joins the bundle index on its next turn.
    this.bundleIndex?.blockSealed(spec.chainId);
    await node.resume();
    if (unit.rootPath) {
      this.relays.set(spec.chainId, unit.rootPath.relay);
      this.watchers.set(spec.chainId, unit.rootPath.watcher);
    }
    return entry;
  }

  /** The whole network as data (journals and meta), for `up --load`. Taken with the network quiet, one at a time with the other admin operations. */
  async dump(): Promise<NetworkDump> {
    return this.operations.run(() => this.paused(() => dumpStore(this.store)));
  }

  /** Writes which chains the network has, so a restart from the same store brings back all of them. */
  async saveLayout(): Promise<void> {
    await this.store?.setMeta('network', JSON.stringify({ gatewayChainId: this.gateway.chainId, chains: this.chains.map((c) => c.chainId), ...(this.l1 ? { l1ChainId: this.l1.chainId } : {}) }));
  }

  /**
   * Learns which chains settle on the L1 directly: from the store when it holds a network (a restart
   * starts each as it was added), else from `specs` (stored at once, before any genesis names them).
   */
  async loadChainsOnL1(specs: ChainSpec[]): Promise<void> {
    const stored = await this.store.getMeta('chainsOnL1');
    if (stored !== undefined) this.chainsOnL1 = new Set(JSON.parse(stored) as number[]);
    else await this.saveChainsOnL1(specs.filter((c) => c.settlesOn === 'l1').map((c) => c.chainId));
  }

  /** Whether chain `chainId` settles on the L1 directly (`ChainSpec.settlesOn: 'l1'`). */
  settlesOnL1(chainId: number): boolean {
    return this.chainsOnL1.has(chainId);
  }

  private async saveChainsOnL1(chainIds: number[]): Promise<void> {
    this.chainsOnL1 = new Set(chainIds);
    await this.store.setMeta('chainsOnL1', JSON.stringify(chainIds));
  }

  /**
   * Whether chain `chainId`'s genesis funds the bundle relayer: every chain whose genesis is built now
   * (remembered in the store's meta), never one of a store from before the relayer (its blocks are fixed).
   */
  private async fundsRelayer(chainId: number): Promise<boolean> {
    const funded = await relayerFundedAt(this.store, chainId);
    if (funded) this.relayerFunded.add(chainId);
    return funded;
  }

  /**
   * Starts the bundle index over every chain's history and, with auto-relay (default on in auto mode),
   * the relayer; both reach the chains only through their RPC clients.
   */
  async startBundles(): Promise<void> {
    const autorelay = this.options.autorelay ?? !this.options.manual;
    const { index, relayer } = createBundleService({
      gatewayChainId: this.gateway.chainId,
      chains: () => this.chains.map((c) => ({ chainId: c.chainId, client: c.client })),
      pollMs: () => this.delays.watcherPollMs,
      // Chains on the L1 import no roots (their handler refuses bundles); a chain of an older store has no funded relayer.
      relayer: autorelay ? { privateKey: await relayerKeyOf(this.store), relaysOn: (chainId) => this.relayerFunded.has(chainId) && !this.chainsOnL1.has(chainId) } : undefined,
      onError: this.onError,
    });
    this.relayer = relayer;
    const unfunded = this.chains.filter((c) => !this.relayerFunded.has(c.chainId)).map((c) => c.chainId);
    if (relayer && unfunded.length > 0) {
      this.onError('bundle relayer', new Error(`chains ${unfunded.join(', ')} were created before auto-relay and have no funded relayer account: bundles to them are not relayed (execute them by hand, or start a new data dir)`));
    }
    // Set first: a block sealed while it reads the history queues a turn behind that read.
    this.bundleIndex = index;
    await index.start();
  }

  /** Starts every watcher and the routed endpoint. */
  async startWatchersAndRouter(routerPort: number | null): Promise<void> {
    for (const w of this.watchers.values()) w.start();
    if (routerPort === null) return;
    const networkTable = createMethodTable(networkNamespace(this).filter((m) => m.name === 'zkinterop_networkConfig'));
    this.router = createRpcServer({
      limits: NODE_RPC_LIMITS,
      host: this.host,
      allowedOrigins: this.options.allowedOrigins,
      allowedHosts: this.options.allowedHosts,
      port: routerPort,
      ...(this.options.explorer === false ? {} : { staticFiles: explorerAssets(typeof this.options.explorer === 'object' ? this.options.explorer.dir : undefined) }),
      methods: (path) => {
        // The network's layout before any chain id is known (the explorer starts here).
        if (path === '/network' || path === '/network/') return networkTable;
        const match = /^\/chains\/(\d+)\/?$/.exec(path);
        if (!match) return undefined;
        return this.allNodes().find((n) => n.chainId === Number(match[1]))?.methods;
      },
    });
    await this.router.start();
  }

  /** Serves `node`'s methods on `port`; `beforeStart` gets the node's in-process client before the endpoint opens. */
  private async serve(node: ChainNode, role: 'gateway' | 'chain' | 'l1', chainMethods: RpcMethod[], port: number, beforeStart?: (client: RpcClient) => Promise<void>, l1Steps?: LifecycleL1Steps): Promise<NetworkNode> {
    const faultGate = { dev: this.options.dev ?? false, devToken: this.options.devToken };
    const methods = createMethodTable([
      ...chainMethods,
      ...txpoolNamespace(node),
      ...devNamespace(node, this.oneAtATimeOn(node.chainId), l1Steps),
      // Hardhat's and anvil's dev methods on every chain; their snapshots are the whole network's.
      ...hardhatNamespace(node, { dev: this.options.dev ?? false, oneAtATime: this.oneAtATimeOn(node.chainId), bounds: this.requestBounds }),
      ...networkNamespace(this),
      ...hardhatNetworkNamespace(this),
      ...faultNamespace(this.faults, faultGate, this.oneAtATime),
      ...layerInternalNamespace(node, { token: this.options.internalToken, nodeChainIds: () => [...(this.l1 ? [this.l1.chainId] : []), this.gatewayChainId, ...this.chains.map((c) => c.chainId)], oneAtATime: this.oneAtATime }),
      ...nodeInternalNamespace(() => this.internalParts(node), { token: this.options.internalToken, oneAtATime: this.oneAtATimeOn(node.chainId) }),
      ethUnsubscribe,
    ]);
    const client = createTableRpcClient(methods);
    const server = createRpcServer({ host: this.host, port, methods, limits: NODE_RPC_LIMITS, allowedOrigins: this.options.allowedOrigins, allowedHosts: this.options.allowedHosts });
    try {
      await beforeStart?.(client);
      await server.start();
    } catch (error) {
      await node.stop();
      throw error;
    }
    return { chainId: node.chainId, role, node, methods, server, client, rpcUrl: server.url, wsUrl: server.wsUrl };
  }

  /**
   * What the internal methods of `node` act on (nodeInternalNamespace.ts), as a node in its own process
   * holds them: its index, watcher, relay, Gateway's settlement client on the L1, and its part of the
   * network's fault outcomes.
   */
  private internalParts(node: ChainNode): NodeInternalParts {
    const id = node.chainId;
    const role = node.role;
    return {
      node,
      store: this.store,
      index: role === 'l1' ? this.l1Index : role === 'gateway' ? this.index : undefined,
      watcher: this.watchers.get(id),
      relay: this.relays.get(id),
      gatewayOnL1: role === 'gateway' ? this.gatewayOnL1 : undefined,
      outcomes: () => this.faults.outcomes.read(role === 'gateway' ? 'gateway' : id),
    };
  }

  /** Runs `fn` with watchers paused and chains quiet (no block or settlement step in flight). */
  private async paused<T>(fn: () => Promise<T>): Promise<T> {
    this.faults.assertGatewayRunning('a network snapshot or revert');
    const running = [...this.watchers.values()];
    for (const w of running) await w.stop();
    // Every settlement loop holds still (not only idle once): one that started a step after it was seen
    // idle could land a stage on Gateway that the snapshot keeps while the chain's books miss it.
    const held = [...this.chains, ...(this.l1 ? [this.gateway] : [])];
    try {
      for (const c of held) await c.node.pauseSettlement();
      for (const n of this.allNodes()) await n.node.idle();
      return await fn();
    } finally {
      for (const c of held) c.node.resumeSettlement();
      if (!this.stopped) for (const w of running) w.start();
    }
  }
}

/**
 * Starts Gateway and the chains in this process.
 * @returns the running network (stop it with `network.stop()`)
 * @throws ZkInteropError (e.g. PORT_IN_USE) if a part cannot start; parts already started are stopped
 * @example const net = await startNetwork({ chains: defaultChainSpecs(2) });
 */
export async function startNetwork(options: NetworkOptions = {}): Promise<Network> {
  let chainSpecs = options.chains ?? defaultChainSpecs(2);
  let withL1 = options.l1 !== false;
  const store = options.store ?? openMemoryStore();
  if (options.load) {
    if ((await store.getMeta('network')) !== undefined) {
      throw new InvalidArgumentError('the store already holds a network: load a dump into an empty data dir or database');
    }
    await loadDump(store, options.load);
  }
  const stored = await store.getMeta('network');
  if (stored) {
    // A network restored from its store keeps its chains (runtime-added ones too); ports come from the
    // options where they name the chain, else the default layout.
    const layout = JSON.parse(stored) as { gatewayChainId: number; chains: number[]; l1ChainId?: number };
    if (options.gateway && options.gateway.chainId !== layout.gatewayChainId) {
      throw new InvalidArgumentError(`the store holds a network with Gateway ${layout.gatewayChainId}, not ${options.gateway.chainId}; use another data dir or database to start a different network`);
    }
    // Genesis differs with an L1 (the L1 chain id every node names), so the store decides.
    const storedL1 = layout.l1ChainId !== undefined;
    if (options.l1 !== undefined && (options.l1 !== false) !== storedL1) {
      throw new InvalidArgumentError(`the store holds a network ${storedL1 ? 'with' : 'without'} an L1; start it ${storedL1 ? 'without --no-l1' : 'with --no-l1'}, or use another data dir or database`);
    }
    withL1 = storedL1;
    chainSpecs = layout.chains.map((chainId, i) => options.chains?.find((c) => c.chainId === chainId) ?? { chainId, port: options.chains?.[0]?.port === 0 ? 0 : defaultChainPort(i) });
  }
  const onL1 = chainSpecs.find((c) => c.settlesOn === 'l1');
  if (onL1 && !withL1) throw new InvalidArgumentError(settlesOnL1WithoutL1(onL1.chainId));
  const ids = [...(withL1 ? [DEFAULT_L1.chainId] : []), options.gateway?.chainId ?? DEFAULT_GATEWAY.chainId, ...chainSpecs.map((c) => c.chainId)];
  if (new Set(ids).size !== ids.length) throw new InvalidArgumentError(`chain ids must be distinct, got ${ids.join(', ')}`);
  const maxChains = options.maxChains ?? DEFAULT_MAX_CHAINS;
  if (chainSpecs.length > maxChains) {
    throw new InvalidArgumentError(`${chainSpecs.length} settling chains asked for, more than one network runs (${maxChains}): start fewer, or raise the cap with startNetwork({ maxChains })`);
  }
  const network = new Network({ ...options, store });
  try {
    const gatewaySpec = options.gateway ?? DEFAULT_GATEWAY;
    if (withL1) await network.loadChainsOnL1(chainSpecs);
    if (withL1) await network.startL1({ chainId: DEFAULT_L1.chainId, port: l1Port(options.l1, gatewaySpec.port) }, gatewaySpec.chainId, chainSpecs);
    await network.startGateway(gatewaySpec, chainSpecs);
    for (const spec of chainSpecs) await network.startChain(spec);
    await network.linkInteropChains();
    await network.saveLayout();
    await network.startBundles();
    await network.startWatchersAndRouter(options.routerPort ?? null);
    return network;
  } catch (error) {
    await network.stop().catch(() => undefined);
    throw error;
  }
}

/** The L1's port: the one given, else a free one in a network of free ports (Gateway on 0), else 8545. */
function l1Port(l1: NetworkOptions['l1'], gatewayPort: number): number {
  if (typeof l1 === 'object' && l1.port !== undefined) return l1.port;
  return gatewayPort === 0 ? 0 : DEFAULT_L1.port;
}

/** The error for a chain asked to settle on the L1 in a network without one. */
function settlesOnL1WithoutL1(chainId: number | undefined): string {
  return `chain ${chainId ?? '(new)'} is to settle on the L1, but this network runs no L1 (started with --no-l1 / l1: false): start it with an L1 (the default), or let the chain settle on Gateway`;
}

/** Whether Bridgehub on the L1 names a ZK chain contract for `chainId` (read through the L1's RPC client). */
async function zkChainRegisteredOnL1(l1: RpcClient, chainId: number): Promise<boolean> {
  const data = await l1.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data: encodeFunctionData({ abi: bridgehubAbi, functionName: 'getZKChain', args: [BigInt(chainId)] }) }, 'latest']);
  return BigInt(data) !== 0n;
}
