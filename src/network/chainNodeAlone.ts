/**
 * One settling chain running alone, as `zkinterop node --role chain` runs it in its own process (issue 16,
 * docs/design/processes.md §4): the chain unit (chainUnit.ts) over HTTP clients to its settlement layer and
 * to Gateway, served on its own endpoint with the node's own namespaces (eth, zks, explorer, txpool, the
 * dev and Hardhat methods of this chain). What spans the network is not served here yet (plan step 6:
 * forwarded to a coordinator): `zkinterop_networkConfig`, bundles, `zkinterop_addChain`, snapshots,
 * dumps and faults answer method-not-found. Given the network's internal token it serves the internal
 * methods a coordinator uses (nodeInternalNamespace.ts: quiesce, node snapshots, delays, its dump, its
 * fault controls) and keeps its own record of fault outcomes (a dropped root). The chain must already be
 * registered on its settlement layer (by the layer's internal `zkinterop_registerChain`, internalNamespace.ts).
 */
import type { Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { devNamespace } from '../chain/rpc/devNamespace.ts';
import { hardhatNamespace } from '../chain/rpc/hardhatNamespace.ts';
import { txpoolNamespace } from '../chain/rpc/txpoolNamespace.ts';
import { createRequestBounds, type RequestLimits } from '../chain/rpc/requestLimits.ts';
import { createHttpRpcClient } from '../rpc/client.ts';
import { createMethodTable } from '../rpc/methodTable.ts';
import { ethUnsubscribe } from '../rpc/methods/eth_unsubscribe.ts';
import { createRpcServer } from '../rpc/server.ts';
import type { Store } from '../store/journal.ts';
import { createChainUnit } from './chainUnit.ts';
import { FaultOutcomeLog } from './faultOutcomes.ts';
import { nodeInternalNamespace } from './nodeInternalNamespace.ts';
import { genesisAccountsOf, type NetworkLayout } from './layout.ts';
import { NODE_RPC_LIMITS, relayerFundedAt } from './network.ts';
import { OperationQueue } from './operationQueue.ts';
import { PROFILES, type NetworkDelays } from './profiles.ts';

export type ChainNodeAloneOptions = {
  chainId: number;
  layout: NetworkLayout;
  /** JSON-RPC URL of its settlement layer (Gateway's, or the L1's for a chain of `layout.chainsOnL1`) */
  settlementLayerUrl: string;
  /** JSON-RPC URL of Gateway (default: the settlement layer's) */
  gatewayUrl?: string;
  operatorKey: Hex;
  store: Store;
  host?: string;
  /** 0 = a free port */
  port: number;
  delays?: NetworkDelays;
  blockTimeMs?: number;
  manual?: boolean;
  requestLimits?: Partial<RequestLimits>;
  onError?: (source: string, error: unknown) => void;
  /** the network's internal token: serves the internal methods (nodeInternalNamespace.ts) to calls passing it; none = not served */
  internalToken?: string;
};

/** A chain running alone: its endpoint, and how to stop it. */
export type RunningChainNode = { chainId: number; rpcUrl: string; wsUrl: string; stop(): Promise<void> };

/**
 * Replays the chain from its store, serves it, settles on its layer and imports Gateway's roots.
 * @throws InvalidArgumentError when the layout names another operator for the chain
 * @throws ZkInteropError (e.g. PORT_IN_USE) when it cannot start; what started is stopped
 */
export async function startChainNodeAlone(options: ChainNodeAloneOptions): Promise<RunningChainNode> {
  const named = options.layout.operators[String(options.chainId)];
  if (named !== undefined && named !== privateKeyAddress(options.operatorKey)) {
    throw new InvalidArgumentError(`the operator key given for chain ${options.chainId} is not the one the network layout names (${named}): give that chain's own key`);
  }
  const settlementLayer = createHttpRpcClient(options.settlementLayerUrl);
  const gateway = options.gatewayUrl === undefined ? settlementLayer : createHttpRpcClient(options.gatewayUrl);
  const requestBounds = createRequestBounds(options.requestLimits);
  const onError = options.onError ?? ((source, error) => console.error(`[zkinterop] ${source}:`, error instanceof Error ? error.message : error));
  // Fault outcomes this chain observes (a dropped root), for a coordinator's zkinterop_listFaults.
  const outcomes = new FaultOutcomeLog();
  const delays = { ...(options.delays ?? PROFILES.default) };
  const unit = await createChainUnit({
    chainId: options.chainId,
    layout: options.layout,
    settlementLayer,
    gateway,
    operatorKey: options.operatorKey,
    fundsRelayer: await relayerFundedAt(options.store, options.chainId),
    accounts: genesisAccountsOf(options.layout),
    store: options.store,
    delays,
    blockTimeMs: options.blockTimeMs,
    manual: options.manual,
    requestBounds,
    onError,
    onRootsDropped: (dropped) => outcomes.rootDropped(options.chainId, dropped),
  });
  const { node } = unit;
  // This chain's own admin queue: its stage control and dev methods, one at a time.
  const queue = new OperationQueue();
  const oneAtATime = <T>(operation: () => T | Promise<T>) => queue.run(operation);
  const methods = createMethodTable([
    ...unit.methods,
    ...txpoolNamespace(node),
    ...devNamespace(node, oneAtATime, unit.l1Steps),
    ...hardhatNamespace(node, { dev: false, oneAtATime, bounds: requestBounds }),
    ...nodeInternalNamespace(() => ({ node, store: options.store, watcher: unit.rootPath?.watcher, relay: unit.rootPath?.relay, delays, outcomes: () => outcomes.read() }), { token: options.internalToken, oneAtATime }),
    ethUnsubscribe,
  ]);
  const server = createRpcServer({ host: options.host ?? '127.0.0.1', port: options.port, methods, limits: NODE_RPC_LIMITS });
  try {
    await server.start();
    await node.resume();
  } catch (error) {
    await server.stop().catch(() => undefined);
    await node.stop().catch(() => undefined);
    throw error;
  }
  unit.rootPath?.watcher.start();
  return {
    chainId: options.chainId,
    rpcUrl: server.url,
    wsUrl: server.wsUrl,
    async stop() {
      await unit.rootPath?.watcher.stop();
      unit.rootPath?.relay.stop();
      await server.stop();
      await node.stop();
      await options.store.close();
    },
  };
}
