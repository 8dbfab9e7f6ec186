/**
 * Faults across processes (issue 16, docs/design/processes.md §1 #17): a `FaultTarget` (faults.ts) whose
 * every control is one internal JSON-RPC call to the node it acts on (`zkinterop_faultControl(op, args)`,
 * nodeInternalNamespace.ts, carrying the network's internal token), so a coordinator's `NetworkFaults`
 * injects into nodes in other processes exactly what it injects in one. What the coordinator knows
 * without asking (ids, mode, which chains settle on the L1) comes from its options; the outcomes the nodes
 * record themselves (Gateway's L1 stage reverts, a chain's dropped roots) are read from each node (op
 * `outcomes`) and merged by time into `zkinterop_listFaults`.
 */
import type { Hex } from 'viem';
import type { RpcClient } from '../rpc/client.ts';
import type { FaultOutcomes, FaultTarget, L1Control, RelayControl, SettlementStatus, SettlingChainControl } from './faults.ts';
import type { FaultOpName } from './nodeInternalNamespace.ts';
import { internalTokenParam } from './internalGate.ts';

/** A node as the coordinator reaches it. */
export type RemoteNode = { chainId: number; client: RpcClient };

export type FaultTargetOverRpcOptions = {
  /** the network's internal token */
  token: string;
  mode: 'auto' | 'manual';
  gateway: RemoteNode;
  /** the L1 under Gateway, if the network runs one */
  l1?: RemoteNode;
  /** the settling chains, in network order (read on every use: chains may be added); `settlesOnL1` ones have no root relay */
  chains: () => readonly (RemoteNode & { settlesOnL1?: boolean })[];
};

/**
 * The fault target of a network whose nodes run in other processes.
 * @example new NetworkFaults(faultTargetOverRpc({ token, mode: 'auto', gateway, l1, chains: () => chains }), 'open')
 */
export function faultTargetOverRpc(options: FaultTargetOverRpcOptions): FaultTarget {
  const auth = internalTokenParam(options.token);
  const control = <T>(node: RemoteNode, op: FaultOpName, args: unknown[] = []) => node.client.request<T>('zkinterop_faultControl', [op, args, auth]);
  const blockControls = (node: RemoteNode) => ({
    blockNumber: () => control<number>(node, 'blockNumber'),
    queuedTransactions: () => control<number>(node, 'queuedTransactions'),
    holdBlocks: async () => void (await control(node, 'holdBlocks')),
    releaseBlocks: async () => void (await control(node, 'releaseBlocks')),
  });
  const { gateway, l1 } = options;
  const l1Control: L1Control | undefined = l1 && {
    chainId: l1.chainId,
    ...blockControls(l1),
    // The revert is armed in Gateway's settlement client, which lives in Gateway's process.
    revertNextGatewayCommit: async () => void (await control(gateway, 'revertNextCommit')),
    gatewayCommitRevertArmed: () => control<boolean>(gateway, 'commitRevertArmed'),
  };
  const chainOf = (chainId: number) => options.chains().find((c) => c.chainId === chainId);
  return {
    mode: options.mode,
    gateway: { chainId: gateway.chainId, client: gateway.client, ...blockControls(gateway) },
    l1: l1Control,
    get chainIds() {
      return options.chains().map((c) => c.chainId);
    },
    chain: (chainId) => {
      const chain = chainOf(chainId);
      return chain && settlingChainOverRpc(chain, options.mode, control);
    },
    relayOf: (chainId) => {
      const chain = chainOf(chainId);
      return chain && !chain.settlesOnL1 ? relayOverRpc(chain, control) : undefined;
    },
    nodeOutcomes: async () => {
      const records = await Promise.all([gateway, ...options.chains()].map((node) => control<FaultOutcomes>(node, 'outcomes')));
      return { events: records.flatMap((r) => r.events), l1Rejections: records.flatMap((r) => r.l1Rejections) };
    },
  };
}

type Control = <T>(node: RemoteNode, op: FaultOpName, args?: unknown[]) => Promise<T>;

function settlingChainOverRpc(chain: RemoteNode, mode: 'auto' | 'manual', control: Control): SettlingChainControl {
  return {
    manual: mode === 'manual',
    holdsRoot: (chainId, blockNumber) => control<boolean>(chain, 'holdsRoot', [chainId, blockNumber]),
    importedRoot: async (chainId, blockNumber) => (await control<{ root: Hex; l2BlockNumber: number } | null>(chain, 'importedRoot', [chainId, blockNumber])) ?? undefined,
    blocksIdle: async () => void (await control(chain, 'blocksIdle')),
    // Manual mode has no loop to kill or restart (NetworkFaults refuses before asking).
    settlement:
      mode === 'manual'
        ? undefined
        : {
            status: async () => {
              const status = await control<{ isStopped: boolean; busy: boolean; halted: string | null }>(chain, 'settlementStatus');
              return { ...status, halted: status.halted ?? undefined } satisfies SettlementStatus;
            },
            stop: async () => void (await control(chain, 'stopSettlement')),
            restart: async () => void (await control(chain, 'restartSettlement')),
          },
    backlog: () => control<number[]>(chain, 'backlog'),
  };
}

function relayOverRpc(chain: RemoteNode, control: Control): RelayControl {
  return {
    setRootDelay: (ms) => control(chain, 'setRootDelay', [ms]),
    dropRoot: async (gatewayBlock) => {
      const result = await control<{ status: 'armed' | 'dropped'; root?: Hex | null }>(chain, 'dropRoot', [gatewayBlock]);
      return result.root ? { status: result.status, root: result.root } : { status: result.status };
    },
    offerRoots: async (roots) => void (await control(chain, 'offerRoots', [roots])),
    forgetWaiting: async () => void (await control(chain, 'forgetWaiting')),
    status: () => control(chain, 'relayStatus'),
  };
}
