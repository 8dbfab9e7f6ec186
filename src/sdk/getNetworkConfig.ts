/**
 * `getNetworkConfig`: the layout of the network an endpoint belongs to (`zkinterop_networkConfig`).
 */
import type { Client } from 'viem';
import { rpcRequiring } from './internal/rpc.ts';
import type { NetworkConfig } from '../wire/types.ts';

export type GetNetworkConfigReturnType = NetworkConfig;

/**
 * Asks any endpoint of a zkinterop network for Gateway and every chain with their URLs.
 * @param client a viem client of any node of the network
 * @throws UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const { gateway, chains } = await getNetworkConfig(publicClient);
 * console.log(gateway.chainId, chains.map((c) => c.rpcUrl));
 */
export async function getNetworkConfig(client: Client): Promise<GetNetworkConfigReturnType> {
  return rpcRequiring<NetworkConfig>(client, 'zkinterop_networkConfig', [], 'getNetworkConfig');
}
