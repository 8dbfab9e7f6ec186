/**
 * Gateway as a unit (issue 16 step 3, docs/design/processes.md): its node, built from the network layout
 * (layout.ts `gatewayGenesisOf`: the settlement contract of each genesis chain settling on it), its own
 * JSON-RPC methods (eth, zks, Gateway's inclusion reads, with an L1 also the Gateway part of its chains'
 * proofs to the L1, the explorer's) and its inclusion index (followed through the client the caller gives).
 * With an L1 it settles there as chains settle on it: its settlement client reaches the L1 only through
 * the `RpcClient` given (in-process in a network's process, HTTP alone) and signs with Gateway's own
 * operator key; a stage transaction that reverted on the L1 is sent again, and the optional hooks hear of
 * both ends (the network's fault records, faults.ts "L1"). It starts nothing: the caller follows the
 * index, serves the methods and resumes the node.
 */
import type { Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { ChainNode, type GenesisAccount } from '../chain/chainNode.ts';
import { ethNamespace } from '../chain/rpc/ethNamespace.ts';
import { zksNamespace } from '../chain/rpc/zksNamespace.ts';
import { explorerNamespace } from '../chain/rpc/explorerNamespace.ts';
import type { RequestBounds } from '../chain/rpc/requestLimits.ts';
import { createSettlementClient, type CommitRevertControl } from '../chain/settlementClient.ts';
import type { SettlementAction } from '../chain/settlementLoop.ts';
import { gatewayNamespace } from '../gateway/gatewayNamespace.ts';
import type { RpcClient } from '../rpc/client.ts';
import type { Store } from '../store/journal.ts';
import type { L1Delays } from './profiles.ts';
import { gatewayGenesisOf, type NetworkLayout } from './layout.ts';
import { followingIndex, type LayerUnit } from './l1Unit.ts';

/** How long Gateway waits before sending again a stage transaction that reverted on the L1 (ms). */
const L1_RETRY_MS = 50;

export type GatewayUnitOptions = {
  /** the layout it is Gateway of (`layout.gatewayChainId` is its chain id) */
  layout: NetworkLayout;
  accounts: GenesisAccount[];
  store: Store;
  /** with an L1 (`layout.l1ChainId` set): how Gateway settles there; required then */
  l1?: {
    /** the L1's client */
    client: RpcClient;
    /** Gateway's operator key: secret, held by its settlement client only */
    operatorKey: Hex;
    /** its batch time and stage delays on the L1 */
    delays: Omit<L1Delays, 'blockTimeMs'>;
    /** a stage transaction reverted on the L1 and is sent again */
    stageFailed?: (batchNumber: number, stage: SettlementAction, error: unknown) => void;
    /** a stage landed after reverting */
    stageRecovered?: (batchNumber: number, stage: SettlementAction, txHash: Hex) => void;
  };
  /** manual mode (with an L1: its batches seal and settle there only when told) */
  manual?: boolean;
  blockTimeMs?: number;
  allowUnprotectedTxs?: boolean;
  requestBounds: RequestBounds;
  /** background failures, with their source (`gateway 506`) */
  onError: (source: string, error: unknown) => void;
};

/** Gateway's unit: a layer unit plus, with an L1, its settlement client there (its commit revert is the one L1 fault it takes). */
export type GatewayUnit = LayerUnit & { settlementOnL1: CommitRevertControl | undefined };

/**
 * Builds Gateway's node (replaying its journal from `store`) and its methods.
 * @throws InvalidArgumentError when the layout misses an operator, or has an L1 but `l1` is not given
 * @throws ZkInteropError if the engine cannot start or the replay does not match the journal
 * @example const unit = await createGatewayUnit({ layout, accounts, store, l1: { client: http(l1Url), operatorKey, delays }, requestBounds, onError });
 */
export async function createGatewayUnit(options: GatewayUnitOptions): Promise<GatewayUnit> {
  const { layout } = options;
  const chainId = layout.gatewayChainId;
  const l1ChainId = layout.l1ChainId;
  const l1 = l1ChainId === null ? undefined : options.l1;
  if (l1ChainId !== null && l1 === undefined) throw new InvalidArgumentError(`the network layout has an L1 (chain ${l1ChainId}): Gateway needs its L1 client and operator key to settle there`);
  const settlementOnL1 = l1 === undefined ? undefined : createSettlementClient({ settlementLayer: l1.client, settlementLayerChainId: l1ChainId!, chainId, operatorKey: l1.operatorKey });
  const node = await ChainNode.create({
    chainId,
    role: 'gateway',
    // Operators are funded on Gateway but are not its accounts: Gateway never signs for them.
    accounts: options.accounts,
    // Chains settling on the L1 directly have nothing on Gateway (src/network/layout.ts).
    ...gatewayGenesisOf(layout),
    // With an L1, Gateway settles on it as chains settle on Gateway (ARCHITECTURE: one settlement-layer concept).
    ...(l1 && settlementOnL1
      ? {
          l1ChainId: l1ChainId!,
          batchTimeMs: l1.delays.batchTimeMs,
          manual: options.manual,
          settlement: {
            client: settlementOnL1,
            delays: { commitMs: l1.delays.commitMs, proveMs: l1.delays.proveMs, executeMs: l1.delays.executeMs },
            // A stage transaction that reverted on the L1 is sent again (faults.ts, "L1"); the hooks hear of both ends.
            retry: {
              afterMs: L1_RETRY_MS,
              failed: (batch, stage, error) => l1.stageFailed?.(batch.number, stage, error),
              recovered: (batch, stage, txHash) => l1.stageRecovered?.(batch.number, stage, txHash),
            },
          },
        }
      : {}),
    blockTimeMs: options.blockTimeMs,
    blockGasBudget: options.requestBounds.limits.gasCap,
    allowUnprotectedTxs: options.allowUnprotectedTxs,
    store: options.store,
    onError: (e) => options.onError(`gateway ${chainId}`, e),
  });
  // The index reads Gateway through its RPC client, like the watchers; the caller catches it up before the
  // endpoint opens, and it is told of every block Gateway seals from then on.
  const following = followingIndex(node, chainId);
  // With an L1, Gateway also answers the Gateway part of its chains' proofs to the L1 (zkinterop_getL1Inclusion).
  const l1Source = l1 ? { index: following.index, batchOfBlock: (n: number) => node.batchOfBlock(n) } : undefined;
  const methods = [
    ...ethNamespace(node, options.requestBounds),
    ...zksNamespace(node, l1ChainId ?? chainId, options.requestBounds),
    ...gatewayNamespace(following.lookup, l1Source),
    ...explorerNamespace(node, { settlementLayerChainId: l1ChainId, gatewayChainId: chainId }),
  ];
  return { node, methods, index: following.index, followIndex: following.follow, settlementOnL1 };
}
