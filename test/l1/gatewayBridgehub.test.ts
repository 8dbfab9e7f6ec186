/**
 * Gateway's own (L2) Bridgehub knows the chains that settle on Gateway, as real Gateway's does for the
 * chains migrated to it: `getZKChain(chainId)` there names the chain's ZK chain (settlement) contract on
 * Gateway, `chainTypeManager` and `baseToken` answer for it; a chain settling on the L1 directly is not
 * there. Chains added at runtime are registered too, and everything survives a restart from SQLite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, zeroAddress, type Address, type Hex } from 'viem';
import { BRIDGEHUB_ADDRESS, CHAIN_TYPE_MANAGER_ADDRESS, bridgehubAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { sqliteBackend } from '../support/stores.ts';

const layout = () => ({
  gateway: { chainId: 506, port: 0 },
  chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }, { chainId: 273, port: 0, settlesOn: 'l1' as const }],
  l1: { port: 0 },
  profile: 'instant' as const,
});

const backend = sqliteBackend();
afterAll(() => backend.cleanup());

/** A view of the Bridgehub at 0x…10002 on `node`, for `chainId`. */
async function bridgehub(node: NetworkNode, functionName: 'getZKChain' | 'chainTypeManager' | 'baseToken', chainId: number): Promise<Address> {
  const data = encodeFunctionData({ abi: bridgehubAbi, functionName, args: [BigInt(chainId)] });
  const result = await node.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest']);
  return decodeFunctionResult({ abi: bridgehubAbi, functionName, data: result }) as Address;
}

/** The protocol version Gateway's chain type manager reports for `chainId` (zero: unknown there). */
async function protocolVersionOnGateway(net: Network, chainId: number): Promise<bigint> {
  const abi = [{ type: 'function', name: 'getProtocolVersion', stateMutability: 'view', inputs: [{ type: 'uint256' }], outputs: [{ type: 'uint256' }] }] as const;
  const data = encodeFunctionData({ abi, functionName: 'getProtocolVersion', args: [BigInt(chainId)] });
  return BigInt(await net.gateway.client.request<Hex>('eth_call', [{ to: CHAIN_TYPE_MANAGER_ADDRESS, data }, 'latest']));
}

describe("Gateway's own Bridgehub", () => {
  it("names the ZK chain contract on Gateway of each chain settling there, with its chain type manager and base token", async () => {
    const net = await startNetwork(layout());
    try {
      for (const chainId of [271, 272]) {
        expect(await bridgehub(net.gateway, 'getZKChain', chainId)).toBe(chainSettlementAddress(chainId));
        expect(await bridgehub(net.gateway, 'chainTypeManager', chainId)).toBe(CHAIN_TYPE_MANAGER_ADDRESS);
        expect(await bridgehub(net.gateway, 'baseToken', chainId)).toBe('0x0000000000000000000000000000000000000001');
        expect(await protocolVersionOnGateway(net, chainId)).toBe(31n << 32n);
      }
    } finally {
      await net.stop();
    }
  });

  it('does not name a chain that settles on the L1 directly, nor an unknown chain', async () => {
    const net = await startNetwork(layout());
    try {
      expect(await bridgehub(net.gateway, 'getZKChain', 273)).toBe(zeroAddress);
      expect(await bridgehub(net.gateway, 'chainTypeManager', 273)).toBe(zeroAddress);
      expect(await bridgehub(net.gateway, 'getZKChain', 999)).toBe(zeroAddress);
      // The L1's Bridgehub names every chain: 273's settling contract is there.
      expect(await bridgehub(net.l1!, 'getZKChain', 273)).toBe(chainSettlementAddress(273));
    } finally {
      await net.stop();
    }
  });

  it('registers chains added at runtime with zkinterop_addChain, and keeps them all after a restart from SQLite', async () => {
    const location = await backend.location();
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    await net.node(271).client.request('zkinterop_addChain', [{ chainId: 274, port: 0 }]);
    await net.node(271).client.request('zkinterop_addChain', [{ chainId: 275, port: 0, settlesOn: 'l1' }]);
    expect(await bridgehub(net.gateway, 'getZKChain', 274)).toBe(chainSettlementAddress(274));
    expect(await bridgehub(net.gateway, 'getZKChain', 275)).toBe(zeroAddress);
    await net.stop();

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    try {
      for (const chainId of [271, 272, 274]) expect(await bridgehub(net.gateway, 'getZKChain', chainId)).toBe(chainSettlementAddress(chainId));
      for (const chainId of [273, 275]) expect(await bridgehub(net.gateway, 'getZKChain', chainId)).toBe(zeroAddress);
      expect(await bridgehub(net.gateway, 'chainTypeManager', 274)).toBe(CHAIN_TYPE_MANAGER_ADDRESS);
    } finally {
      await net.stop();
    }
  });

  it('registers the chains settling on Gateway in a network without an L1 too', async () => {
    const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: false, profile: 'instant' });
    try {
      expect(await bridgehub(net.gateway, 'getZKChain', 271)).toBe(chainSettlementAddress(271));
      await net.addChain({ chainId: 272, port: 0 });
      expect(await bridgehub(net.gateway, 'getZKChain', 272)).toBe(chainSettlementAddress(272));
    } finally {
      await net.stop();
    }
  });
});
