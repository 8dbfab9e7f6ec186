/**
 * How a node is described to clients (`NodeDescription`, zkinterop_networkConfig), the same for a network in
 * one process (`Network.describe`) and for the coordinator of a network of processes: its URLs, its routed URL
 * through the router, the settlement contract of a settling node (every chain; Gateway when it settles on an
 * L1) and `settlesOn: 'l1'` for a chain settling on the L1 directly.
 */
import { chainSettlementAddress } from '../contracts/index.ts';
import type { NodeDescription } from '../wire/types.ts';

/** What a network knows of itself that a description needs. */
export type DescribedNetwork = { routerUrl: string | null; withL1: boolean; settlesOnL1: (chainId: number) => boolean };

/**
 * The description of node `n` in `network`.
 * @example describeNode({ chainId: 271, role: 'chain', rpcUrl, wsUrl }, { routerUrl: null, withL1: true, settlesOnL1: () => false })
 */
export function describeNode(n: Pick<NodeDescription, 'chainId' | 'role' | 'rpcUrl' | 'wsUrl'>, network: DescribedNetwork): NodeDescription {
  return {
    chainId: n.chainId,
    role: n.role,
    rpcUrl: n.rpcUrl,
    wsUrl: n.wsUrl,
    routedUrl: network.routerUrl !== null ? `${network.routerUrl}/chains/${n.chainId}` : null,
    ...(n.role === 'chain' || (n.role === 'gateway' && network.withL1) ? { settlementContract: chainSettlementAddress(n.chainId) } : {}),
    ...(n.role === 'chain' && network.settlesOnL1(n.chainId) ? { settlesOn: 'l1' as const } : {}),
  };
}
