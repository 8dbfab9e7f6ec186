/**
 * The L1 as a unit (issue 16 step 3, docs/design/processes.md): its node, built from the network layout
 * (layout.ts `l1GenesisOf`: Gateway's settling contract, each genesis chain's ZK chain contract), its own
 * JSON-RPC methods (plain eth_*, Gateway's inclusion reads of its own MessageRoot, the explorer's; no zks_:
 * it is not a ZK chain) and its inclusion index, which follows the node through an `RpcClient` the caller
 * gives (the node's own table client) and is told of every block it seals. The same unit runs inside a
 * network's process (`Network.startL1`) or alone in its own (nodeAlone.ts). It starts nothing: the
 * caller serves the methods once `followIndex` has caught the index up.
 */
import { ChainNode, type GenesisAccount } from '../chain/chainNode.ts';
import { ethNamespace } from '../chain/rpc/ethNamespace.ts';
import { explorerNamespace } from '../chain/rpc/explorerNamespace.ts';
import type { RequestBounds } from '../chain/rpc/requestLimits.ts';
import { InclusionIndex } from '../gateway/inclusionIndex.ts';
import { gatewayNamespace } from '../gateway/gatewayNamespace.ts';
import type { RpcClient } from '../rpc/client.ts';
import type { RpcMethod } from '../rpc/methodTable.ts';
import type { Store } from '../store/journal.ts';
import { InvariantError } from '../errors.ts';
import { l1GenesisOf, type NetworkLayout } from './layout.ts';

export type L1UnitOptions = {
  /** the layout it is the L1 of (`layout.l1ChainId` is its chain id) */
  layout: NetworkLayout;
  accounts: GenesisAccount[];
  store: Store;
  blockTimeMs?: number;
  allowUnprotectedTxs?: boolean;
  requestBounds: RequestBounds;
  /** background failures, with their source (`L1 9`) */
  onError: (source: string, error: unknown) => void;
};

/** A settlement layer's unit (the L1's, Gateway's): its node, its methods and its inclusion index. */
export type LayerUnit = {
  node: ChainNode;
  /** its own methods (the network-wide ones are the caller's) */
  methods: RpcMethod[];
  /** its inclusion index; throws before `followIndex` */
  index(): InclusionIndex;
  /** catches the index up with the node through `client` (its own table client) and keeps it following */
  followIndex(client: RpcClient): Promise<void>;
};

/**
 * Builds the L1's node (replaying its journal from `store`) and its methods.
 * @throws InvalidArgumentError when the layout has no L1 or misses an operator
 * @throws ZkInteropError if the engine cannot start or the replay does not match the journal
 * @example const unit = await createL1Unit({ layout, accounts, store, requestBounds, onError }); await unit.followIndex(client);
 */
export async function createL1Unit(options: L1UnitOptions): Promise<LayerUnit> {
  const { layout } = options;
  // Gateway's genesis chains get their ZK chain contracts (naming Gateway) in the L1's genesis; chains
  // added later are replayed from the L1's journal, so the genesis is the same on every start.
  const genesis = l1GenesisOf(layout);
  const chainId = layout.l1ChainId!;
  const node = await ChainNode.create({
    chainId,
    role: 'l1',
    accounts: options.accounts,
    ...genesis,
    blockTimeMs: options.blockTimeMs,
    blockGasBudget: options.requestBounds.limits.gasCap,
    allowUnprotectedTxs: options.allowUnprotectedTxs,
    store: options.store,
    onError: (e) => options.onError(`L1 ${chainId}`, e),
  });
  const following = followingIndex(node, chainId);
  const methods = [...ethNamespace(node, options.requestBounds), ...gatewayNamespace(following.lookup), ...explorerNamespace(node, { settlementLayerChainId: null, gatewayChainId: layout.gatewayChainId })];
  return { node, methods, index: following.index, followIndex: following.follow };
}

/**
 * A layer's inclusion index, created once the node can be read through its client: the methods built
 * before it read it through `lookup`, which resolves the index at call time.
 */
export function followingIndex(node: ChainNode, chainId: number) {
  let current: InclusionIndex | undefined;
  const index = (): InclusionIndex => {
    if (current === undefined) throw new InvariantError(`the inclusion index of chain ${chainId} is read before it follows the node`);
    return current;
  };
  return {
    index,
    lookup: { inclusion: (id: number, batchNumber: number, atBlock?: number) => index().inclusion(id, batchNumber, atBlock) },
    async follow(client: RpcClient): Promise<void> {
      current = await InclusionIndex.follow(client, chainId);
      node.onSealedBlock((block) => current!.catchUp(block.number));
    },
  };
}
