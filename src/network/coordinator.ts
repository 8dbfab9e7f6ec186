/**
 * The coordinator of a network whose nodes run in their own processes (issue 16, docs/design/processes.md
 * §1 #5, #6, #11-#16, #18, #19, §6): it runs no EVM and reaches every node over JSON-RPC only, by URL.
 * It owns what spans the network and needs one owner: the admin queue (`OperationQueue`: one network-wide
 * operation at a time), the snapshot ids, the bundle index and the bundle relayer (HTTP clients to the
 * chains; the index told of each chain's blocks by a `newHeads` WebSocket subscription,
 * headsFollower.ts), and the router port (routerProxy.ts: `/chains/<id>` proxied to the nodes, `/network`
 * answered here with the network methods, the explorer at `/`). It implements `NetworkAdmin`, so the
 * network methods answer as the one-process `Network`'s do.
 *
 * Network-wide operations fan out over the nodes' internal methods, each call carrying the network's
 * internal token (§5): delays through `zkinterop_setNodeDelays`; snapshot, revert and dump with every
 * node quiesced (`zkinterop_quiesce` on the chains, Gateway, then the L1; `zkinterop_release` after, in
 * reverse) through `zkinterop_nodeSnapshot` / `zkinterop_nodeRevert` / `zkinterop_dumpNode`, a revert
 * then rebuilding the bundle index; adding a chain registers it on its layers (`zkinterop_registerChain`),
 * starts its node through the `spawnChain` hook (the supervisor's) and links it with every chain
 * (`zkinterop_registerInteropChain` both ways). Its own store keeps the relayer's key (meta `relayerKey`,
 * whose address must be the layout's `relayer`) and the operator keys of chains it adds.
 */
import type { Hex } from 'viem';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import type { BundleIndex } from '../relay/bundleIndex.ts';
import type { BundleRelayer } from '../relay/bundleRelayer.ts';
import { createBundleService } from '../relay/bundleService.ts';
import { createHttpRpcClient, type RpcClient } from '../rpc/client.ts';
import { RpcError, RpcErrorCode } from '../rpc/errors.ts';
import { createMethodTable } from '../rpc/methodTable.ts';
import type { AllowList } from '../rpc/accessPolicy.ts';
import type { RpcServer } from '../rpc/server.ts';
import type { NetworkDump, Store } from '../store/journal.ts';
import type { L1Delays, NetworkConfig, NetworkDelays, NodeDescription, NodeProcess, ProfileName } from '../wire/types.ts';
import { DEFAULT_MAX_CHAINS } from './defaults.ts';
import { explorerAssets } from './explorerAssets.ts';
import { hardhatNetworkNamespace } from './hardhatNetworkNamespace.ts';
import { HeadsFollower } from './headsFollower.ts';
import type { NetworkLayout } from './layout.ts';
import type { AddChainSpec, DelaysChange, NetworkAdmin } from './networkAdmin.ts';
import { networkNamespace } from './networkNamespace.ts';
import { OperationQueue, type RunOneAtATime } from './operationQueue.ts';
import { operatorKeyOf } from './keys.ts';
import { describeNode } from './nodeDescription.ts';
import { NetworkFaults, type FaultAccess } from './faults.ts';
import { faultTargetOverRpc } from './faultTargetOverRpc.ts';
import { faultNamespace, guardFaultMethod } from './faultNamespace.ts';
import { mergeNodeDumps, type NodeDump } from '../store/nodeDump.ts';
import { defineMethod } from '../rpc/methodTable.ts';
import { z } from 'zod';
import { L1_PROFILES, PROFILES } from './profiles.ts';
import { createRouterProxy } from './routerProxy.ts';

/** A node the coordinator reaches by URL. */
export type CoordinatedNode = { chainId: number; role: 'l1' | 'gateway' | 'chain'; rpcUrl: string; wsUrl: string };

/** Starts the node of a chain being added (the supervisor spawns `zkinterop node --role chain`); resolves once it serves. */
export type SpawnChain = (chain: { chainId: number; operatorKey: Hex; settlesOn: 'gateway' | 'l1'; port?: number }) => Promise<{ rpcUrl: string; wsUrl: string }>;

/** Options of `Coordinator.start`. */
export type CoordinatorOptions = {
  /** the network's layout (layout.ts): which node is the L1, Gateway, the chains on the L1, the relayer's address */
  layout: NetworkLayout;
  /** every node of the network, running (the L1, Gateway, the chains) */
  nodes: readonly CoordinatedNode[];
  /** the network's internal token: every internal method call carries it */
  internalToken: string;
  /** the coordinator's own store: meta `relayerKey`, and `operatorKey:<id>` of chains it adds */
  store: Store;
  /** the nodes' timing profile (default 'default'), and the delays they were started with where they differ */
  profile?: ProfileName;
  delays?: Partial<Omit<NetworkDelays, 'l1'>>;
  l1Delays?: Partial<L1Delays>;
  /** the nodes run in manual mode */
  manual?: boolean;
  /** run the bundle relayer (default: on in auto mode, off in manual mode, as `up`) */
  autorelay?: boolean;
  /** how `addChain` starts a node; without one, adding a chain is refused with what to do */
  spawnChain?: SpawnChain;
  /** each node's process id, when a supervisor started them (NetworkConfig.processes) */
  processes?: () => NodeProcess[];
  /** most settling chains (default 64) */
  maxChains?: number;
  /** the router port: null = none; else its port (0 = free), host, explorer and who may call it */
  router?: { port: number; host?: string; explorer?: boolean | { dir: string }; allowedOrigins?: AllowList; allowedHosts?: AllowList } | null;
  /**
   * fault injection (`zkinterop up --processes --dev` / `--dev-token`): the fault methods on `/network`,
   * acting on the nodes through their internal fault controls (faultTargetOverRpc.ts); default off
   */
  faults?: { mode: FaultAccess; devToken?: string };
  /** starts node `chainId`'s process again (the supervisor's); serves `zkinterop_restartNode` (dev) when given */
  restartNode?: (chainId: number) => Promise<{ rpcUrl: string; wsUrl: string }>;
  /** told about background failures (bundle index, relayer, releasing a node) */
  onError?: (source: string, error: unknown) => void;
};

/** Limits of the router port (as every node's: NODE_RPC_LIMITS in network.ts). */
const ROUTER_LIMITS = { maxConnections: 1_024 } as const;

/** The snapshot of every node: its node-local snapshot id, by chain id. */
type Snapshot = Map<number, string>;

/** A network of node processes, coordinated over JSON-RPC; see module header. */
export class Coordinator implements NetworkAdmin<NodeDescription> {
  bundleIndex: BundleIndex | undefined;
  private relayer: BundleRelayer | undefined;
  private router: RpcServer | undefined;
  private readonly nodes: CoordinatedNode[];
  private readonly clients = new Map<string, RpcClient>();
  private readonly chainsOnL1: Set<number>;
  private readonly operations = new OperationQueue();
  private readonly heads: HeadsFollower;
  private readonly snapshots = new Map<string, Snapshot>();
  /** by snapshot id: the nodes restarted (`restartNode`) since it was taken, which lost their part of it */
  private readonly restartedSince = new Map<string, Set<number>>();
  private nextSnapshot = 1;
  private readonly delays: Omit<NetworkDelays, 'l1'>;
  private readonly l1Delays: L1Delays;
  private readonly onError: (source: string, error: unknown) => void;
  private stopped = false;
  /** injected faults and their outcomes, over the nodes' internal fault controls */
  readonly faults: NetworkFaults;

  private constructor(private readonly options: CoordinatorOptions) {
    this.nodes = options.nodes.map((n) => ({ ...n }));
    this.chainsOnL1 = new Set(options.layout.chainsOnL1);
    const profile = options.profile ?? 'default';
    const base = PROFILES[profile];
    this.delays = { batchTimeMs: base.batchTimeMs, commitMs: base.commitMs, proveMs: base.proveMs, executeMs: base.executeMs, watcherPollMs: base.watcherPollMs, ...options.delays };
    this.l1Delays = { ...L1_PROFILES[profile], ...options.l1Delays };
    this.onError = options.onError ?? ((source, error) => console.error(`[zkinterop] ${source}:`, error instanceof Error ? error.message : error));
    this.heads = new HeadsFollower({ onHead: (chainId) => this.bundleIndex?.blockSealed(chainId) });
    const remote = (n: CoordinatedNode) => ({ chainId: n.chainId, client: this.clientOf(n) });
    const gateway = this.nodes.find((n) => n.role === 'gateway');
    const l1 = this.nodes.find((n) => n.role === 'l1');
    this.faults = new NetworkFaults(
      faultTargetOverRpc({
        token: options.internalToken,
        mode: options.manual ? 'manual' : 'auto',
        // Read on each use: a restarted node may answer at another URL (nodeMoved).
        get gateway() {
          return remote(gateway!);
        },
        ...(l1 ? { l1: remote(l1) } : {}),
        chains: () => this.chains().map((c) => ({ ...remote(c), settlesOnL1: this.chainsOnL1.has(c.chainId) })),
      } as Parameters<typeof faultTargetOverRpc>[0]),
      options.faults?.mode ?? 'off',
    );
  }

  /**
   * Starts the bundle index (reading every chain's history), the relayer, the newHeads subscriptions
   * and the router port.
   * @throws InvalidArgumentError when the layout does not name the nodes given, or the store's relayer key is not the layout's relayer
   */
  static async start(options: CoordinatorOptions): Promise<Coordinator> {
    const coordinator = new Coordinator(options);
    try {
      coordinator.checkNodes();
      await coordinator.startBundles();
      for (const chain of coordinator.chains()) coordinator.heads.follow(chain.chainId, chain.wsUrl);
      await coordinator.startRouter();
      return coordinator;
    } catch (error) {
      await coordinator.stop().catch(() => undefined);
      throw error;
    }
  }

  /** URL of the router port (`<url>/chains/<id>`, `<url>/network`), if it runs. */
  get routerUrl(): string | null {
    return this.router ? this.router.url : null;
  }

  /** The network's configuration (zkinterop_networkConfig): the same shape as the one-process network's, plus `processes`. */
  config(): NetworkConfig {
    const l1 = this.nodes.find((n) => n.role === 'l1');
    const gateway = this.nodes.find((n) => n.role === 'gateway')!;
    const processes = this.options.processes?.();
    return {
      mode: this.options.manual ? 'manual' : 'auto',
      profile: this.options.profile ?? 'default',
      delays: { ...this.delays, ...(l1 ? { l1: { ...this.l1Delays } } : {}) },
      ...(l1 ? { l1: this.describeNode(l1) } : {}),
      gateway: this.describeNode(gateway),
      chains: this.chains().map((c) => this.describeNode(c)),
      routerUrl: this.routerUrl,
      autorelay: { enabled: this.relayer !== undefined, address: this.relayer?.address ?? null },
      ...(processes ? { processes } : {}),
    };
  }

  /** A chain `addChain` added is already described. */
  describe(added: NodeDescription): NodeDescription {
    return added;
  }

  /** Runs one admin operation at a time (see Network.oneAtATime). */
  readonly oneAtATime: RunOneAtATime = (operation) => this.operations.run(operation);

  /**
   * Changes delays on every node (`zkinterop_setNodeDelays`: the chains' own delays on each chain,
   * `l1` on Gateway); returns the delays now in force.
   */
  async setDelays(change: DelaysChange): Promise<NetworkDelays> {
    const { l1: l1Change, ...own } = change;
    const ownSet = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as Partial<Omit<NetworkDelays, 'l1'>>;
    const l1Set = Object.fromEntries(Object.entries(l1Change ?? {}).filter(([, v]) => v !== undefined)) as Partial<L1Delays>;
    if (Object.keys(ownSet).length > 0) {
      for (const chain of this.chains()) await this.internal(chain, 'zkinterop_setNodeDelays', [ownSet]);
      Object.assign(this.delays, ownSet);
    }
    const gatewayOnL1 = this.nodes.some((n) => n.role === 'l1') ? this.nodes.find((n) => n.role === 'gateway') : undefined;
    if (gatewayOnL1 && Object.keys(l1Set).length > 0) {
      await this.internal(gatewayOnL1, 'zkinterop_setNodeDelays', [l1Set]);
      Object.assign(this.l1Delays, l1Set);
    }
    return this.config().delays;
  }

  /**
   * Adds a chain while the network runs: registers it on its layers, starts its node (`spawnChain`),
   * makes it and every running chain bundle destinations of each other, and follows it. One at a time
   * with the other admin operations.
   * @throws InvalidArgumentError without a `spawnChain` hook, for a taken id, `settlesOn: 'l1'` without an L1; ZkInteropError LIMIT_EXCEEDED past `maxChains`
   */
  addChain(spec: AddChainSpec = {}): Promise<NodeDescription> {
    return this.operations.run(() => this.addChainNow(spec));
  }

  private async addChainNow(spec: AddChainSpec): Promise<NodeDescription> {
    if (this.stopped) throw new InvalidArgumentError('the network is stopping; no chain can be added');
    const spawnChain = this.options.spawnChain;
    if (!spawnChain) {
      throw new InvalidArgumentError('this coordinator starts no nodes (it runs alone, `zkinterop coordinator`): deploy the chain\'s node (`zkinterop node --role chain`, docs/deploy.md) and restart the coordinator with its --node');
    }
    const l1 = this.nodes.find((n) => n.role === 'l1');
    const gateway = this.nodes.find((n) => n.role === 'gateway')!;
    const onL1 = spec.settlesOn === 'l1';
    if (onL1 && !l1) throw new InvalidArgumentError(`chain ${spec.chainId ?? '(new)'} is to settle on the L1, but this network runs no L1: let it settle on Gateway`);
    const maxChains = this.options.maxChains ?? DEFAULT_MAX_CHAINS;
    if (this.chains().length >= maxChains) {
      throw new ZkInteropError('LIMIT_EXCEEDED', `this network already runs ${this.chains().length} settling chains, the most it allows (${maxChains}): use the chains it has, or start another network for more`);
    }
    let chainId = spec.chainId ?? Math.max(...this.chains().map((c) => c.chainId), 270) + 1;
    if (spec.chainId === undefined) while (this.nodes.some((n) => n.chainId === chainId)) chainId++;
    if (this.nodes.some((n) => n.chainId === chainId)) throw new InvalidArgumentError(`chain ${chainId} is already part of the network`);
    // Random the first time, kept in the coordinator's store (keys.ts).
    const operatorKey = await operatorKeyOf(this.options.store, chainId);
    const operator = privateKeyAddress(operatorKey);
    // Idempotent on the layers: a retry after a failed spawn registers nothing twice.
    if (onL1) {
      await this.internal(l1!, 'zkinterop_registerChain', [{ chainId, operator }]);
    } else {
      await this.internal(gateway, 'zkinterop_registerChain', [{ chainId, operator }]);
      if (l1) await this.internal(l1, 'zkinterop_registerChain', [{ chainId, operator, settlementLayer: gateway.chainId }]);
    }
    const peers = this.chains();
    const started = await spawnChain({ chainId, operatorKey, settlesOn: onL1 ? 'l1' : 'gateway', ...(spec.port !== undefined ? { port: spec.port } : {}) });
    const node: CoordinatedNode = { chainId, role: 'chain', rpcUrl: started.rpcUrl, wsUrl: started.wsUrl };
    for (const peer of peers) {
      await this.internal(peer, 'zkinterop_registerInteropChain', [chainId]);
      await this.internal(node, 'zkinterop_registerInteropChain', [peer.chainId]);
    }
    this.nodes.push(node);
    if (onL1) this.chainsOnL1.add(chainId);
    this.heads.follow(chainId, node.wsUrl);
    this.bundleIndex?.blockSealed(chainId);
    return this.describeNode(node);
  }

  /**
   * A node now answers at other URLs (its process restarted on another port): the router, the index,
   * the relayer and its newHeads subscription use them from now on.
   * @throws InvalidArgumentError for a chain id that is not a node of the network
   */
  nodeMoved(chainId: number, urls: { rpcUrl: string; wsUrl: string }): void {
    const node = this.nodes.find((n) => n.chainId === chainId);
    if (!node) throw new InvalidArgumentError(`chain ${chainId} is not a node of this network; its nodes are ${this.nodes.map((n) => n.chainId).join(', ')}`);
    node.rpcUrl = urls.rpcUrl;
    node.wsUrl = urls.wsUrl;
    if (node.role === 'chain') {
      this.heads.follow(chainId, urls.wsUrl);
      this.bundleIndex?.blockSealed(chainId);
    }
  }

  /** Saves every node (quiesced together); the id for `revert`. One at a time with the other admin operations. */
  snapshot(): Promise<string> {
    return this.operations.run(() =>
      this.quiesced(async () => {
        const snap: Snapshot = new Map();
        for (const node of this.nodes) snap.set(node.chainId, await this.internal<string>(node, 'zkinterop_nodeSnapshot', []));
        const id = `0x${(this.nextSnapshot++).toString(16)}`;
        this.snapshots.set(id, snap);
        return id;
      }),
    );
  }

  /**
   * Returns every node to a snapshot, then rebuilds the bundle index. That snapshot and later ones are used up.
   * @throws InvalidArgumentError for an unknown (or used) id (`unknown: 'false'`: answers false), or when chains were added since; SNAPSHOT_UNKNOWN when a node lost its part: restarted by `restartNode` since (refused before any node reverts), or restarted elsewhere (found when it answers false; the nodes before it were reverted)
   */
  revert(id: string, options: { unknown?: 'throw' | 'false' } = {}): Promise<boolean> {
    return this.operations.run(async () => {
      const snap = this.snapshots.get(id);
      if (!snap && options.unknown === 'false') return false;
      if (!snap) throw new InvalidArgumentError(`no snapshot ${id}: ids come from zkinterop_snapshot and each can be reverted to once`);
      // Checked before any node reverts: a revert that stops half-way would leave the nodes at different points.
      const restarted = this.nodes.filter((n) => this.restartedSince.get(id)?.has(n.chainId));
      if (restarted.length > 0) {
        throw new RpcError(RpcErrorCode.InvalidParams, `snapshot ${id} cannot be restored: node ${restarted.map((n) => n.chainId).join(', ')} restarted since (zkinterop_restartNode), and snapshots live in each node's memory; nothing was reverted: take a new snapshot`, { code: 'SNAPSHOT_UNKNOWN', data: { code: 'SNAPSHOT_UNKNOWN' } });
      }
      if (this.nodes.some((n) => !snap.has(n.chainId))) throw new InvalidArgumentError(`snapshot ${id} predates chains added since; it cannot be restored`);
      await this.quiesced(async () => {
        for (const node of this.nodes) {
          const reverted = await this.internal<boolean>(node, 'zkinterop_nodeRevert', [snap.get(node.chainId)!]);
          if (!reverted) {
            // The caller's snapshot is gone, not a fault of the coordinator: -32602, with the stable code.
            throw new RpcError(RpcErrorCode.InvalidParams, `node ${node.chainId} no longer holds its part of snapshot ${id} (its process restarted since: snapshots live in each node's memory); the nodes before it in the list were reverted: take a new snapshot or restart the network`, { code: 'SNAPSHOT_UNKNOWN', data: { code: 'SNAPSHOT_UNKNOWN' } });
          }
        }
      });
      await this.faults.onRevert();
      this.relayer?.reset();
      await this.bundleIndex?.rebuild();
      for (const key of [...this.snapshots.keys()]) if (Number(key) >= Number(id)) this.forget(key);
      return true;
    });
  }

  /**
   * The whole network as data: every node's journal and meta (`zkinterop_dumpNode`, quiesced together)
   * and the coordinator's own meta, in the one-process `NetworkDump` shape.
   */
  dump(): Promise<NetworkDump> {
    return this.operations.run(() =>
      this.quiesced(async () => {
        const parts: NodeDump[] = [];
        for (const node of this.nodes) parts.push(await this.internal<NodeDump>(node, 'zkinterop_dumpNode', []));
        const dump = mergeNodeDumps(parts, await this.networkMeta());
        // What a network in one process also keeps that a node alone may not: Gateway's genesis chains, the
        // operator keys this coordinator holds (so `up --load` of this dump restores every operator).
        const { layout } = this.options;
        dump.meta[`genesisChains:${layout.gatewayChainId}`] ??= JSON.stringify(layout.genesisChains);
        for (const [key, value] of Object.entries(await this.options.store.allMeta())) if (key.startsWith('operatorKey:')) dump.meta[key] ??= value;
        return dump;
      }),
    );
  }

  private forget(snapshotId: string): void {
    this.snapshots.delete(snapshotId);
    this.restartedSince.delete(snapshotId);
  }

  /** The meta of the network as a whole, as a network in one process keeps it (`network`, `chainsOnL1`, `relayerKey`). */
  private async networkMeta(): Promise<Record<string, string>> {
    const { layout } = this.options;
    const relayerKey = await this.options.store.getMeta('relayerKey');
    return {
      network: JSON.stringify({ gatewayChainId: layout.gatewayChainId, chains: this.chains().map((c) => c.chainId), ...(layout.l1ChainId !== null ? { l1ChainId: layout.l1ChainId } : {}) }),
      chainsOnL1: JSON.stringify([...this.chainsOnL1]),
      ...(relayerKey !== undefined ? { relayerKey } : {}),
    };
  }

  /**
   * Starts node `chainId`'s process again (`zkinterop_restartNode`, dev): its store replays, it catches up
   * with its layer, and the router, index and relayer follow it at its (new) URLs.
   * @throws InvalidArgumentError when this coordinator starts no nodes or the chain id is not a node
   */
  async restartNode(chainId: number): Promise<NodeDescription> {
    const restart = this.options.restartNode;
    if (!restart) throw new InvalidArgumentError('this coordinator starts no nodes (it runs alone, `zkinterop coordinator`): restart the node where it is deployed');
    if (!this.nodes.some((n) => n.chainId === chainId)) throw new InvalidArgumentError(`chain ${chainId} is not a node of this network; its nodes are ${this.nodes.map((n) => n.chainId).join(', ')}`);
    // Its process's memory, its parts of the snapshots included, is gone even if the restart fails.
    for (const id of this.snapshots.keys()) this.restartedSince.set(id, (this.restartedSince.get(id) ?? new Set()).add(chainId));
    const urls = await restart(chainId);
    this.nodeMoved(chainId, urls);
    return this.describeNode(this.nodes.find((n) => n.chainId === chainId)!);
  }

  /** Stops the router, the subscriptions, the relayer and the index (not the nodes, not the store). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const failures: unknown[] = [];
    const attempt = async (fn: () => Promise<void> | void) => {
      try {
        await fn();
      } catch (error) {
        failures.push(error);
      }
    };
    // A paused Gateway would keep chains' settlement steps (and so their stop) waiting forever.
    await attempt(() => this.faults.shutdown());
    if (this.router) await attempt(() => this.router!.stop());
    await attempt(() => this.heads.stop());
    if (this.relayer) await attempt(() => this.relayer!.stop());
    if (this.bundleIndex) await attempt(() => this.bundleIndex!.stop());
    if (failures.length > 0) throw new ZkInteropError('NETWORK_STOP_FAILED', `${failures.length} part(s) of the coordinator failed to stop cleanly (each is in the cause)`, { cause: new AggregateError(failures) });
  }

  // ---------------------------------------------------------------- parts

  private chains(): CoordinatedNode[] {
    return this.nodes.filter((n) => n.role === 'chain');
  }

  private describeNode(n: CoordinatedNode): NodeDescription {
    return describeNode(n, { routerUrl: this.routerUrl, withL1: this.nodes.some((m) => m.role === 'l1'), settlesOnL1: (chainId) => this.chainsOnL1.has(chainId) });
  }

  private clientOf(node: CoordinatedNode): RpcClient {
    let client = this.clients.get(node.rpcUrl);
    if (!client) this.clients.set(node.rpcUrl, (client = createHttpRpcClient(node.rpcUrl)));
    return client;
  }

  /** Calls an internal method of `node` with the network's token as its last param. */
  private internal<T = unknown>(node: CoordinatedNode, method: string, params: unknown[]): Promise<T> {
    return this.clientOf(node).request<T>(method, [...params, { internalToken: this.options.internalToken }]);
  }

  /** The layout and the nodes agree: one Gateway (and the L1 when the layout has one), at the layout's ids. */
  private checkNodes(): void {
    const { layout } = this.options;
    const gateway = this.nodes.filter((n) => n.role === 'gateway');
    if (gateway.length !== 1 || gateway[0]!.chainId !== layout.gatewayChainId) throw new InvalidArgumentError(`the layout's Gateway is chain ${layout.gatewayChainId}: give exactly that node as Gateway`);
    const l1 = this.nodes.filter((n) => n.role === 'l1');
    if (layout.l1ChainId === null ? l1.length > 0 : l1.length !== 1 || l1[0]!.chainId !== layout.l1ChainId) {
      throw new InvalidArgumentError(layout.l1ChainId === null ? 'the layout has no L1: give no L1 node' : `the layout's L1 is chain ${layout.l1ChainId}: give exactly that node as the L1`);
    }
    const ids = this.nodes.map((n) => n.chainId);
    if (new Set(ids).size !== ids.length) throw new InvalidArgumentError(`each node once: got chain ids ${ids.join(', ')}`);
  }

  /** The bundle index over the chains' HTTP clients and, with auto-relay, the relayer with the store's key. */
  private async startBundles(): Promise<void> {
    const { index, relayer } = createBundleService({
      gatewayChainId: this.options.layout.gatewayChainId,
      chains: () => this.chains().map((c) => ({ chainId: c.chainId, client: this.clientOf(c) })),
      pollMs: () => this.delays.watcherPollMs,
      // Chains on the L1 import no roots (their handler refuses bundles).
      relayer: (this.options.autorelay ?? !this.options.manual) ? { privateKey: await this.relayerKey(), relaysOn: (chainId) => !this.chainsOnL1.has(chainId) } : undefined,
      onError: this.onError,
    });
    this.relayer = relayer;
    this.bundleIndex = index;
    await index.start();
  }

  /** The relayer's key from the store; it must be the account the layout funds. */
  private async relayerKey(): Promise<Hex> {
    const key = (await this.options.store.getMeta('relayerKey')) as Hex | undefined;
    const expected = this.options.layout.relayer;
    if (key === undefined) throw new InvalidArgumentError(`the coordinator's store holds no relayer key: give the key of the layout's relayer ${expected} (zkinterop coordinator --relayer-key-file), or run without auto-relay`);
    if (privateKeyAddress(key).toLowerCase() !== expected.toLowerCase()) {
      throw new InvalidArgumentError(`the coordinator's store holds the relayer key of ${privateKeyAddress(key)}, but the layout's relayer is ${expected}: give the layout's key, or the data dir of this network`);
    }
    return key;
  }

  private async startRouter(): Promise<void> {
    const router = this.options.router;
    if (!router) return;
    const faultGate = { dev: this.options.faults?.mode === 'open', devToken: this.options.faults?.devToken };
    // Restarting a node is a dev method, unlocked as the faults are.
    const restartNamespace = this.options.restartNode
      ? [
          guardFaultMethod(
            defineMethod({ name: 'zkinterop_restartNode', params: z.tuple([z.number({ error: 'expected a chain id (a JSON number)' }).int().positive()]), paramNames: ['chainId'], handler: ([chainId]) => this.operations.run(() => this.restartNode(chainId)) }),
            faultGate,
          ),
        ]
      : [];
    this.router = createRouterProxy({
      host: router.host,
      port: router.port,
      limits: ROUTER_LIMITS,
      allowedOrigins: router.allowedOrigins,
      allowedHosts: router.allowedHosts,
      nodes: () => this.nodes,
      // The network methods the nodes forward (`--coordinator <url>/network`) are answered here.
      networkMethods: createMethodTable([...networkNamespace(this), ...hardhatNetworkNamespace(this), ...faultNamespace(this.faults, faultGate, this.oneAtATime), ...restartNamespace]),
      ...(router.explorer === false ? {} : { staticFiles: explorerAssets(typeof router.explorer === 'object' ? router.explorer.dir : undefined) }),
    });
    await this.router.start();
  }

  /** Runs `fn` with every node quiesced (chains first, then Gateway, then the L1), released after in reverse. */
  private async quiesced<T>(fn: () => Promise<T>): Promise<T> {
    this.faults.assertGatewayRunning('a network snapshot, revert or dump');
    const order = [...this.chains(), ...this.nodes.filter((n) => n.role === 'gateway'), ...this.nodes.filter((n) => n.role === 'l1')];
    const held: CoordinatedNode[] = [];
    try {
      for (const node of order) {
        await this.internal(node, 'zkinterop_quiesce', []);
        held.push(node);
      }
      return await fn();
    } finally {
      for (const node of held.reverse()) {
        await this.internal(node, 'zkinterop_release', []).catch((error: unknown) => this.onError(`releasing node ${node.chainId}`, error));
      }
    }
  }
}

