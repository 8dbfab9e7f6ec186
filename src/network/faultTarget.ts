/**
 * The one place that knows which node parts fault injection acts on: fills `FaultTarget`'s narrow
 * controls (faults.ts) from a running network: Gateway's sequencer (hold and release its blocks), with
 * an L1 the L1's sequencer (the same) and Gateway's settlement client there (arm one commit revert), each
 * chain's sequencer (roots held or queued, blocks in flight), batcher (the settlement backlog) and
 * settlement loop, and each chain's root relay. Faults see only these controls, each of which takes and
 * returns plain data, never a node; the same controls are served to other processes by each node
 * (nodeInternalNamespace.ts, which reuses `settlingChainControl`) and called by faultTargetOverRpc.ts.
 */
import type { ChainNode } from '../chain/chainNode.ts';
import type { CommitRevertControl } from '../chain/settlementClient.ts';
import type { FaultTarget, L1Control, SettlingChainControl } from './faults.ts';
import type { Network } from './network.ts';

/**
 * The fault target of `network`, read lazily (the network may still be starting).
 * @example new NetworkFaults(faultTargetOf(network), 'open')
 */
export function faultTargetOf(network: Network): FaultTarget {
  return {
    get mode() {
      return network.mode;
    },
    gateway: {
      get chainId() {
        return network.gateway.chainId;
      },
      get client() {
        return network.gateway.client;
      },
      blockNumber: () => network.gateway.node.blockNumber,
      queuedTransactions: () => network.gateway.node.queuedTransactions,
      holdBlocks: () => network.gateway.node.holdBlockProduction(),
      releaseBlocks: () => network.gateway.node.releaseBlockProduction(),
    },
    get l1() {
      return network.l1 && network.gatewayOnL1 ? l1Control(network.l1.node, network.gatewayOnL1) : undefined;
    },
    get chainIds() {
      return network.chains.map((c) => c.chainId);
    },
    chain: (chainId) => {
      const found = network.chains.find((c) => c.chainId === chainId);
      return found ? settlingChainControl(found.node) : undefined;
    },
    relayOf: (chainId) => network.relayOf(chainId),
  };
}

/** The L1's controls: its sequencer, and Gateway's settlement client there (the commit revert). */
export function l1Control(node: ChainNode, gatewaySettlement: CommitRevertControl): L1Control {
  return {
    chainId: node.chainId,
    revertNextGatewayCommit: () => gatewaySettlement.revertNextCommit(),
    gatewayCommitRevertArmed: () => gatewaySettlement.commitRevertArmed,
    blockNumber: () => node.blockNumber,
    queuedTransactions: () => node.queuedTransactions,
    holdBlocks: () => node.holdBlockProduction(),
    releaseBlocks: () => node.releaseBlockProduction(),
  };
}

/** A settling chain's controls: its sequencer, batcher and settlement loop. */
export function settlingChainControl(node: ChainNode): SettlingChainControl {
  const loop = node.settlementControl();
  return {
    manual: node.manual,
    holdsRoot: (chainId, blockNumber) => node.rootQueued(chainId, blockNumber),
    importedRoot: (chainId, blockNumber) => node.importedRoot(chainId, blockNumber),
    blocksIdle: () => node.idle(),
    settlement: loop && {
      status: () => ({ isStopped: loop.isStopped, busy: loop.busy, halted: loop.halted?.message }),
      // Not awaited: the step in flight finishes in the background (stop marks the loop stopped at once).
      stop: () => void loop.stop().catch(() => undefined),
      restart: () => loop.restart(),
    },
    backlog: () => node.batches.filter((b) => b.stage === 'sealed' || b.stage === 'committed' || b.stage === 'proved').map((b) => b.number),
  };
}
