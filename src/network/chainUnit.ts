/**
 * One settling chain as a unit (issue 16 step 3, docs/design/processes.md): its node, built from the
 * network layout (layout.ts) and its own operator key; its own JSON-RPC methods (eth, zks, explorer; the
 * network-wide ones are the caller's); and, for a chain under Gateway, its root path: the watcher reading
 * Gateway's `NewInteropRoot` events and the relay handing the roots to the node. All it needs of the
 * other nodes comes as `RpcClient`s (its settlement layer's, Gateway's), so the same unit runs inside a
 * network's process (in-process table clients, `Network.startChain`) or alone in its own (HTTP clients).
 * It starts nothing: the caller serves the methods, resumes the node and starts the watcher.
 */
import type { Hex } from 'viem';
import { ChainNode } from '../chain/chainNode.ts';
import { createSettlementClient } from '../chain/settlementClient.ts';
import { createProofToL1 } from '../chain/proofToL1.ts';
import { l1StepsThroughGateway, settlementStepsOnL1, type LifecycleL1Steps } from '../chain/lifecycleOnL1.ts';
import { ethNamespace } from '../chain/rpc/ethNamespace.ts';
import { zksNamespace } from '../chain/rpc/zksNamespace.ts';
import { explorerNamespace } from '../chain/rpc/explorerNamespace.ts';
import type { RequestBounds } from '../chain/rpc/requestLimits.ts';
import type { GenesisAccount } from '../chain/chainNode.ts';
import { RootRelay, type DroppedRoot } from '../relay/rootRelay.ts';
import { Watcher } from '../watcher/watcher.ts';
import { isUnreachable, type RpcClient } from '../rpc/client.ts';
import type { RpcMethod } from '../rpc/methodTable.ts';
import type { Store } from '../store/journal.ts';
import type { NetworkDelays } from './profiles.ts';
import { chainGenesisOf, type NetworkLayout } from './layout.ts';

export type ChainUnitOptions = {
  chainId: number;
  /** the network it joins: its genesis comes from here (an L1 or not, where it settles, the relayer) */
  layout: NetworkLayout;
  /** its settlement layer: Gateway, or the L1 for a chain of `layout.chainsOnL1` */
  settlementLayer: RpcClient;
  /** Gateway: its interop roots, and with an L1 its finality and its part of proofs to the L1 */
  gateway: RpcClient;
  /** the key its batches are settled with; secret, held by this unit's settlement client only */
  operatorKey: Hex;
  /** whether its genesis funds the relayer (false only for a chain whose store predates the relayer) */
  fundsRelayer: boolean;
  accounts: GenesisAccount[];
  /** its journal and meta */
  store: Store;
  /** the network's delays; read again where they may change (`zkinterop_setStageDelays`) */
  delays: Readonly<NetworkDelays>;
  blockTimeMs?: number;
  manual?: boolean;
  allowUnprotectedTxs?: boolean;
  requestBounds: RequestBounds;
  /** background failures, with their source (`chain 271`, `watcher of chain 271`) */
  onError: (source: string, error: unknown) => void;
  /** each root a delivery policy dropped (fault injection) */
  onRootsDropped?: (dropped: DroppedRoot) => void;
};

/** A chain unit: its node, its methods, and its root path (none for a chain settling on the L1). */
export type ChainUnit = {
  node: ChainNode;
  /** its own methods: eth, zks, explorer */
  methods: RpcMethod[];
  /** with an L1: a lifecycle's steps there (for the dev namespace's lifecycle methods) */
  l1Steps: LifecycleL1Steps | undefined;
  /** the watcher (not started) and the relay it hands roots to; undefined for a chain settling on the L1 */
  rootPath: { watcher: Watcher; relay: RootRelay } | undefined;
};

/**
 * Builds a settling chain's node (replaying its journal from `store`), its methods and its root path.
 * @throws ZkInteropError if the engine cannot start or the replay does not match the journal
 * @example const unit = await createChainUnit({ chainId: 273, layout, settlementLayer: http(gw), gateway: http(gw), ... })
 */
export async function createChainUnit(options: ChainUnitOptions): Promise<ChainUnit> {
  const { chainId, layout, delays } = options;
  const genesis = chainGenesisOf(layout, chainId, options.fundsRelayer);
  const withL1 = layout.l1ChainId !== null;
  const onL1 = genesis.settlesOnL1;
  const layerChainId = onL1 ? layout.l1ChainId! : layout.gatewayChainId;
  const node = await ChainNode.create({
    chainId,
    role: 'chain',
    // The L1 it names, where it settles, the relayer (funded unless its store predates it; protected: its nonces
    // are its own bookkeeping, so nobody impersonates it, docs/security.md), and the bundle destinations it
    // starts with: Gateway's genesis chains; chains added later become destinations through journaled
    // registrations (Network.linkInteropChains).
    ...genesis,
    // With an L1, a stage on Gateway is final only once Gateway's block holding it is (SPEC §10): the chain
    // reads that over Gateway's RPC client (layerFinality.ts).
    layerFinality: withL1 && !onL1 ? { layer: options.gateway, pollMs: () => delays.watcherPollMs } : undefined,
    accounts: options.accounts,
    batchTimeMs: delays.batchTimeMs,
    blockTimeMs: options.blockTimeMs,
    blockGasBudget: options.requestBounds.limits.gasCap,
    manual: options.manual,
    allowUnprotectedTxs: options.allowUnprotectedTxs,
    store: options.store,
    settlement: {
      client: createSettlementClient({ settlementLayer: options.settlementLayer, settlementLayerChainId: layerChainId, chainId, operatorKey: options.operatorKey }),
      delays: { commitMs: delays.commitMs, proveMs: delays.proveMs, executeMs: delays.executeMs },
    },
    onError: (e) => options.onError(`chain ${chainId}`, e),
  });
  // With an L1, a proof without a mode is the recursive one to the L1; Gateway's part comes through its client.
  const proofToL1 = withL1 && !onL1 ? createProofToL1(node, options.gateway) : undefined;
  const zks = zksNamespace(node, layerChainId, options.requestBounds, genesis.l1ChainId, proofToL1, onL1);
  // With an L1, lifecycles carry their steps there: read through Gateway's client, or the chain's own on the L1.
  const l1Steps = !withL1 ? undefined : onL1 ? settlementStepsOnL1(layout.l1ChainId!) : l1StepsThroughGateway(options.gateway);
  const explorer = explorerNamespace(node, { settlementLayerChainId: layerChainId, gatewayChainId: layout.gatewayChainId });
  const methods = [...ethNamespace(node, options.requestBounds), ...zks, ...explorer];
  if (onL1) return { node, methods, l1Steps, rootPath: undefined };
  const relay = new RootRelay({
    gatewayChainId: layout.gatewayChainId,
    sink: { importInteropRoots: (roots) => node.importInteropRoots(roots) },
    onDropped: (dropped) => options.onRootsDropped?.(dropped),
  });
  // Gateway down: the watcher polls on and catches up once it answers; one line every 5 s says so, not one per poll.
  let quietUntil = 0;
  const watcher = new Watcher({
    gateway: options.gateway,
    chainId,
    pollMs: delays.watcherPollMs,
    // With an L1, roots come only from Gateway blocks finalized on it (SPEC §10).
    head: withL1 ? 'finalized' : 'latest',
    fromBlock: node.lastImportedRootBlock(layout.gatewayChainId),
    onRoots: (roots) => relay.handOver(roots),
    onError: (e) => {
      if (isUnreachable(e)) {
        if (Date.now() < quietUntil) return;
        quietUntil = Date.now() + 5_000;
      }
      options.onError(`watcher of chain ${chainId}`, e);
    },
  });
  return { node, methods, l1Steps, rootPath: { watcher, relay } };
}
