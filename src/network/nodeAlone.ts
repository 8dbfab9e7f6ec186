/**
 * One node of a network running alone, as `zkinterop node --role l1|gateway|chain` runs it in its own
 * process (issue 16, docs/design/processes.md §4): its unit (l1Unit.ts, gatewayUnit.ts, chainUnit.ts)
 * built from the network layout, every other node reached over HTTP, served on its own endpoint with its
 * own namespaces (its unit's methods, txpool, the dev and Hardhat methods of this node).
 * - The L1: its inclusion index; plain eth, Gateway's inclusion reads of its MessageRoot, the explorer's.
 * - Gateway: its inclusion index; with an L1 in the layout it settles there (the L1's URL, its own
 *   operator key, checked against the layout).
 * - A chain: it settles on its layer (Gateway's, or the L1's for a chain of `layout.chainsOnL1`, or for a
 *   chain added at runtime whose `--settlement-layer` is the L1; checked by the layer's chain id) and, under
 *   Gateway, its watcher and root relay import Gateway's roots. It must already be registered there (by
 *   the layer's internal `zkinterop_registerChain`, internalNamespace.ts).
 * With the network's internal token every node serves the internal methods a coordinator uses
 * (nodeInternalNamespace.ts: quiesce, node snapshots, delays, its dump, its fault controls, its own record
 * of fault outcomes: Gateway's stage reverted on the L1 and recovered, a chain's dropped root) and a layer
 * also `zkinterop_registerChain` (internalNamespace.ts), all token-gated. What spans the
 * network (config, bundles, addChain, snapshots, dumps, faults) is forwarded to the coordinator when one is
 * given (forwardedNamespace.ts), else answers method-not-found. A store that already holds this node checks
 * the layout it was started with (store meta `layout:<id>`) against the one given, and refuses another.
 */
import type { Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import type { ChainNode } from '../chain/chainNode.ts';
import type { LifecycleL1Steps } from '../chain/lifecycleOnL1.ts';
import { devNamespace } from '../chain/rpc/devNamespace.ts';
import { hardhatNamespace } from '../chain/rpc/hardhatNamespace.ts';
import { txpoolNamespace } from '../chain/rpc/txpoolNamespace.ts';
import { createRequestBounds, type RequestLimits } from '../chain/rpc/requestLimits.ts';
import type { AllowList } from '../rpc/accessPolicy.ts';
import { createHttpRpcClient, createTableRpcClient, isUnreachable, type RpcClient } from '../rpc/client.ts';
import { createMethodTable, type RpcMethod } from '../rpc/methodTable.ts';
import { ethUnsubscribe } from '../rpc/methods/eth_unsubscribe.ts';
import { createRpcServer } from '../rpc/server.ts';
import type { Store } from '../store/journal.ts';
import { createChainUnit } from './chainUnit.ts';
import { createL1Unit, type LayerUnit } from './l1Unit.ts';
import { createGatewayUnit } from './gatewayUnit.ts';
import { forwardedNamespace } from './forwardedNamespace.ts';
import { layerInternalNamespace } from './internalNamespace.ts';
import { nodeInternalNamespace, type NodeInternalParts } from './nodeInternalNamespace.ts';
import { FaultOutcomeLog } from './faultOutcomes.ts';
import { genesisAccountsOf, layoutDifferences, layoutText, parseLayout, type NetworkLayout } from './layout.ts';
import { NODE_RPC_LIMITS, relayerFundedAt } from './network.ts';
import { OperationQueue } from './operationQueue.ts';
import { L1_PROFILES, PROFILES, type ProfileName } from './profiles.ts';

/** The role of a node in its network. */
export type NodeRole = 'l1' | 'gateway' | 'chain';

export type NodeAloneOptions = {
  role: NodeRole;
  chainId: number;
  layout: NetworkLayout;
  /**
   * JSON-RPC URL of the layer it settles on: a chain's (Gateway's, or the L1's for a chain of
   * `layout.chainsOnL1`), required; Gateway's (the L1's), required when the layout has an L1; never the L1's
   */
  settlementLayerUrl?: string;
  /** a chain's: JSON-RPC URL of Gateway (default: the settlement layer's) */
  gatewayUrl?: string;
  /** where the network-wide methods are forwarded (the coordinator's base URL); none = they are not served */
  coordinatorUrl?: string;
  /** the network's internal token: with one, a layer serves `zkinterop_registerChain` to calls that pass it */
  internalToken?: string;
  /** the key its batches settle with (a chain; Gateway with an L1); must be the one the layout names */
  operatorKey?: Hex;
  store: Store;
  host?: string;
  /** 0 = a free port */
  port: number;
  allowedOrigins?: AllowList;
  allowedHosts?: AllowList;
  /** timing profile (default 'default'); the fields below override it */
  profile?: ProfileName;
  batchTimeMs?: number;
  blockTimeMs?: number;
  watcherPollMs?: number;
  manual?: boolean;
  /** `--dev`: the Hardhat account cheats may touch protected accounts */
  dev?: boolean;
  allowUnprotectedTxs?: boolean;
  requestLimits?: Partial<RequestLimits>;
  onError?: (source: string, error: unknown) => void;
};

/** A node running alone: its endpoint, and how to stop it. */
export type RunningNode = { role: NodeRole; chainId: number; rpcUrl: string; wsUrl: string; stop(): Promise<void> };

/** What a role's unit gives the runner. */
type Built = {
  node: ChainNode;
  methods: RpcMethod[];
  layer?: LayerUnit;
  l1Steps?: LifecycleL1Steps;
  /** what its internal methods act on besides the node, its store, its index and its outcomes */
  parts: Pick<NodeInternalParts, 'watcher' | 'relay' | 'gatewayOnL1' | 'delays'>;
  started?: () => void;
  stopping?: () => Promise<void>;
  resume: boolean;
};

/**
 * Replays the node from its store, serves it, and runs its part: settlement, its index, its root path.
 * @throws InvalidArgumentError when the role, chain id, URLs or operator key do not fit the layout, or the
 *   store holds this node of another layout
 * @throws ZkInteropError (e.g. PORT_IN_USE) when it cannot start; what started is stopped
 */
export async function startNodeAlone(options: NodeAloneOptions): Promise<RunningNode> {
  checkRole(options);
  await checkStoredLayout(options.store, options.layout, options.chainId);
  const requestBounds = createRequestBounds(options.requestLimits);
  const onError = options.onError ?? ((source, error) => console.error(`[zkinterop] ${source}:`, error instanceof Error ? error.message : error));
  const common = { accounts: genesisAccountsOf(options.layout), store: options.store, allowUnprotectedTxs: options.allowUnprotectedTxs, requestBounds, onError };
  // Fault outcomes this node observes (Gateway's stage reverted on the L1, a chain's dropped root), for a coordinator's zkinterop_listFaults.
  const outcomes = new FaultOutcomeLog(() => options.layout.l1ChainId ?? undefined);
  const built = await buildUnit(options, common, outcomes);
  const { node } = built;
  // This node's own admin queue: its stage control, dev methods and registrations, one at a time.
  const queue = new OperationQueue();
  const oneAtATime = <T>(operation: () => T | Promise<T>) => queue.run(operation);
  const { layout } = options;
  const methods = createMethodTable([
    ...built.methods,
    ...txpoolNamespace(node),
    ...devNamespace(node, oneAtATime, built.l1Steps),
    ...hardhatNamespace(node, { dev: options.dev ?? false, oneAtATime, bounds: requestBounds }),
    ...forwardedNamespace(options.coordinatorUrl),
    ...layerInternalNamespace(node, { token: options.internalToken, nodeChainIds: () => [...(layout.l1ChainId === null ? [] : [layout.l1ChainId]), layout.gatewayChainId], oneAtATime }),
    ...nodeInternalNamespace(() => ({ node, store: options.store, index: built.layer?.index(), ...built.parts, outcomes: () => outcomes.read() }), { token: options.internalToken, oneAtATime }),
    ethUnsubscribe,
  ]);
  const server = createRpcServer({ host: options.host ?? '127.0.0.1', port: options.port, methods, limits: NODE_RPC_LIMITS, allowedOrigins: options.allowedOrigins, allowedHosts: options.allowedHosts });
  try {
    // A layer's index is caught up through its own table client before the endpoint opens (as in one process).
    await built.layer?.followIndex(createTableRpcClient(methods));
    await server.start();
    if (built.resume) await node.resume();
  } catch (error) {
    await server.stop().catch(() => undefined);
    await node.stop().catch(() => undefined);
    throw error;
  }
  built.started?.();
  return {
    role: options.role,
    chainId: options.chainId,
    rpcUrl: server.url,
    wsUrl: server.wsUrl,
    async stop() {
      await built.stopping?.();
      await server.stop();
      await node.stop();
      await options.store.close();
    },
  };
}

/** Builds the node of `options.role` from its unit. */
async function buildUnit(options: NodeAloneOptions, common: Pick<Parameters<typeof createL1Unit>[0], 'accounts' | 'store' | 'allowUnprotectedTxs' | 'requestBounds' | 'onError'>, outcomes: FaultOutcomeLog): Promise<Built> {
  const { layout, role } = options;
  const profile = options.profile ?? 'default';
  const l1Base = L1_PROFILES[profile];
  if (role === 'l1') {
    const unit = await createL1Unit({ ...common, layout, blockTimeMs: options.blockTimeMs ?? l1Base.blockTimeMs });
    return { node: unit.node, methods: unit.methods, layer: unit, parts: {}, resume: false };
  }
  if (role === 'gateway') {
    const withL1 = layout.l1ChainId !== null;
    const l1Client = withL1 ? layerClient(options.settlementLayerUrl!) : undefined;
    // Its resume reads the L1's books: wait for the L1 to answer (started with it by `up --processes`).
    if (l1Client) await waitForLayer(l1Client);
    const unit = await createGatewayUnit({
      ...common,
      layout,
      l1: withL1
        ? {
            client: l1Client!,
            operatorKey: options.operatorKey!,
            // As in one process: Gateway's batch time on the L1 is --batch-time when given, else the profile's L1 timing.
            delays: { batchTimeMs: options.batchTimeMs ?? l1Base.batchTimeMs, commitMs: l1Base.commitMs, proveMs: l1Base.proveMs, executeMs: l1Base.executeMs },
            stageFailed: (batch, stage, error) => outcomes.l1StageFailed(batch, stage, error),
            stageRecovered: (batch, stage, txHash) => outcomes.l1StageRecovered(batch, stage, txHash),
          }
        : undefined,
      manual: options.manual,
      blockTimeMs: options.blockTimeMs,
    });
    // Catches Gateway's books up with what the L1 recorded (a restart), then settles what waits.
    return { node: unit.node, methods: unit.methods, layer: unit, parts: { gatewayOnL1: unit.settlementOnL1 }, resume: withL1 };
  }
  const base = PROFILES[profile];
  // Read again by the unit where they may change (zkinterop_setNodeDelays updates them in place).
  const delays = { ...base, batchTimeMs: options.batchTimeMs ?? base.batchTimeMs, watcherPollMs: options.watcherPollMs ?? base.watcherPollMs };
  const settlementLayer = layerClient(options.settlementLayerUrl!);
  const unit = await createChainUnit({
    ...common,
    chainId: options.chainId,
    layout: await withLayerOf(layout, options.chainId, settlementLayer, options.settlementLayerUrl!),
    settlementLayer,
    gateway: options.gatewayUrl === undefined ? settlementLayer : layerClient(options.gatewayUrl),
    operatorKey: options.operatorKey!,
    fundsRelayer: await relayerFundedAt(options.store, options.chainId),
    delays,
    blockTimeMs: options.blockTimeMs,
    manual: options.manual,
    onRootsDropped: (dropped) => outcomes.rootDropped(options.chainId, dropped),
  });
  const rootPath = unit.rootPath;
  return {
    node: unit.node,
    methods: unit.methods,
    l1Steps: unit.l1Steps,
    parts: { watcher: rootPath?.watcher, relay: rootPath?.relay, delays },
    resume: true,
    started: () => rootPath?.watcher.start(),
    stopping: async () => {
      await rootPath?.watcher.stop();
      rootPath?.relay.stop();
    },
  };
}

/**
 * The client of another node (its settlement layer, Gateway): HTTP for requests, and the node's WebSocket
 * at the same address for its pushed tags, which its watcher and layer finality follow instead of polling.
 */
function layerClient(url: string): RpcClient {
  return createHttpRpcClient(url, { wsUrl: url.replace(/^http(s?):/, 'ws$1:') });
}

/**
 * Checks that the role, chain id, URLs and operator key fit the layout.
 * @throws InvalidArgumentError saying what to give instead
 */
function checkRole(options: NodeAloneOptions): void {
  const { role, chainId, layout } = options;
  const withL1 = layout.l1ChainId !== null;
  if (role === 'l1') {
    if (!withL1) throw new InvalidArgumentError('the network layout has no L1 (l1ChainId null): run its Gateway and chains only');
    if (chainId !== layout.l1ChainId) throw new InvalidArgumentError(`the network layout's L1 is chain ${layout.l1ChainId}, not ${chainId}: give --chain-id ${layout.l1ChainId}`);
    if (options.settlementLayerUrl !== undefined) throw new InvalidArgumentError('the L1 settles nowhere: leave out --settlement-layer');
    return;
  }
  if (role === 'gateway') {
    if (chainId !== layout.gatewayChainId) throw new InvalidArgumentError(`the network layout's Gateway is chain ${layout.gatewayChainId}, not ${chainId}: give --chain-id ${layout.gatewayChainId}`);
    if (!withL1) {
      if (options.settlementLayerUrl !== undefined) throw new InvalidArgumentError('the network layout has no L1, so Gateway settles nowhere: leave out --settlement-layer');
      return;
    }
    if (options.settlementLayerUrl === undefined) throw new InvalidArgumentError(`the network layout has an L1 (chain ${layout.l1ChainId}): give Gateway its URL with --settlement-layer`);
  } else {
    if (chainId === layout.gatewayChainId || chainId === layout.l1ChainId) throw new InvalidArgumentError(`chain ${chainId} is the network's ${chainId === layout.gatewayChainId ? 'Gateway' : 'L1'}: run it with --role ${chainId === layout.gatewayChainId ? 'gateway' : 'l1'}`);
    if (options.settlementLayerUrl === undefined) throw new InvalidArgumentError(`chain ${chainId} settles on a layer: give its URL with --settlement-layer (Gateway's, or the L1's for a chain settling there)`);
  }
  if (options.operatorKey === undefined) throw new InvalidArgumentError(`${role === 'gateway' ? 'Gateway' : `chain ${chainId}`} settles with its operator key: give it (--operator-key-file)`);
  const named = layout.operators[String(chainId)];
  if (named !== undefined && named !== privateKeyAddress(options.operatorKey)) {
    throw new InvalidArgumentError(`the operator key given for chain ${chainId} is not the one the network layout names (${named}): give that chain's own key`);
  }
}

/**
 * The layout as this chain settles by it. A genesis chain's layer is the layout's; a chain added at runtime
 * (`zkinterop_addChain`, not in the layout) settles where `--settlement-layer` points: the L1 when that node
 * answers the L1's chain id (then it counts among `chainsOnL1` for its genesis, as in one process), else Gateway.
 * @throws InvalidArgumentError when the settlement layer answers another chain id than the chain's layer
 */
async function withLayerOf(layout: NetworkLayout, chainId: number, settlementLayer: RpcClient, url: string): Promise<NetworkLayout> {
  const answered = Number(await waitForLayer(settlementLayer));
  const genesis = layout.genesisChains.includes(chainId);
  const onL1 = genesis ? layout.chainsOnL1.includes(chainId) : layout.l1ChainId !== null && answered === layout.l1ChainId;
  const expected = onL1 ? layout.l1ChainId! : layout.gatewayChainId;
  if (answered !== expected) {
    const which = genesis ? `the layout has it settle on ${onL1 ? 'the L1' : 'Gateway'}` : 'a chain added at runtime settles on Gateway or the L1';
    throw new InvalidArgumentError(`--settlement-layer ${url} is chain ${answered}, but chain ${chainId}'s layer is chain ${expected} (${which}): give that node's URL`);
  }
  return onL1 && !genesis ? { ...layout, chainsOnL1: [...layout.chainsOnL1, chainId] } : layout;
}

/** How long a starting chain or Gateway waits for its settlement layer to answer (`up --processes` starts them together). */
const LAYER_WAIT_MS = 30_000;

/**
 * The settlement layer's chain id, once it answers: `up --processes` starts every node at once, so a
 * chain (or Gateway on the L1) may come up before its layer does. Only "no answer" is waited out (for LAYER_WAIT_MS); an
 * error the layer answers is thrown at once.
 */
async function waitForLayer(settlementLayer: RpcClient): Promise<string> {
  const deadline = Date.now() + LAYER_WAIT_MS;
  for (;;) {
    try {
      return await settlementLayer.request<string>('eth_chainId');
    } catch (error) {
      if (!isUnreachable(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * Records the layout in the store at the node's first start (meta `layout:<id>`) and, on every later start,
 * refuses another: the node's genesis was built from the recorded one, and a replay from another would
 * not match its journal (or, worse, silently serve a different network).
 * @throws InvalidArgumentError naming the fields that differ and what to do
 */
export async function checkStoredLayout(store: Store, layout: NetworkLayout, chainId: number): Promise<void> {
  // Keyed by the node's id like its other meta (`genesis:<id>`), so it travels in its zkinterop_dumpNode.
  const key = `layout:${chainId}`;
  const stored = await store.getMeta(key);
  if (stored === undefined) {
    await store.setMeta(key, layoutText(layout));
    return;
  }
  const differences = layoutDifferences(parseLayout(stored), layout);
  if (differences.length > 0) {
    throw new InvalidArgumentError(
      `the store of chain ${chainId} holds a node of another network: its layout differs from the one given in ${differences.join(', ')}. ` +
        'Give the layout file this node was first started with, or a new data dir or database to start a new network',
    );
  }
}
