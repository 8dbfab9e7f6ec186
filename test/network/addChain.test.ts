import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { BRIDGEHUB_ADDRESS, bridgehubAbi } from '../../src/contracts/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import { claimOf, proveOn, sendMessage, waitSettled } from '../support/interop.ts';

async function baseTokenAssetId(node: NetworkNode, chainId: number): Promise<bigint> {
  const data = await node.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data: encodeFunctionData({ abi: bridgehubAbi, functionName: 'baseTokenAssetId', args: [BigInt(chainId)] }) }, 'latest']);
  return BigInt(decodeFunctionResult({ abi: bridgehubAbi, functionName: 'baseTokenAssetId', data }));
}

describe('a chain added while the network runs', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 2 });
  });
  afterAll(() => net.stop());

  it('gets the next chain id and a working endpoint', async () => {
    const added = await net.chain(271).request<{ chainId: number; rpcUrl: string }>('zkinterop_addChain', [{}]);
    expect(added.chainId).toBe(273);
    const res = await fetch(added.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
    expect(((await res.json()) as { result: string }).result).toBe('0x111');
  });

  it('sends a message that verifies on an original chain', async () => {
    const source = net.network.node(273);
    const sent = await sendMessage(source, 'from the new chain');
    await net.advanceUntil(sent.txHash, 'imported', { on: 271 });
    const settled = await waitSettled(source, net.network.gateway, sent);
    expect(await proveOn(net.network.node(271), claimOf(273, settled))).toBe(true);
  });

  it('receives and verifies a message from an original chain', async () => {
    const source = net.network.node(272);
    const sent = await sendMessage(source, 'to the new chain');
    await net.advanceUntil(sent.txHash, 'imported', { on: 273 });
    const settled = await waitSettled(source, net.network.gateway, sent);
    expect(await proveOn(net.network.node(273), claimOf(272, settled))).toBe(true);
  });

  it('makes a chain added to settle on the L1 a bundle destination of the running chains, and them of it, as v31 checks only the base token', async () => {
    await net.network.addChain({ chainId: 290, port: 0, settlesOn: 'l1' });
    expect(await baseTokenAssetId(net.network.node(271), 290)).not.toBe(0n);
    expect(await baseTokenAssetId(net.network.node(290), 272)).not.toBe(0n);
  });

  it('refuses a chain id that is already taken', async () => {
    await expect(net.chain(271).request('zkinterop_addChain', [{ chainId: 272 }])).rejects.toThrow(/already part of the network/);
  });
});
