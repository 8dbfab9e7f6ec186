import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { createHttpRpcClient, type RpcClient } from '../../src/rpc/client.ts';

const TOKEN = 'internal-token-of-this-test';
const operator = () => privateKeyToAddress(generatePrivateKey());

async function operatorOn(client: RpcClient, chainId: number): Promise<Address> {
  const data = await client.request<Hex>('eth_call', [{ to: chainSettlementAddress(chainId), data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'operator' }) }, 'latest']);
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName: 'operator', data });
}

describe('zkinterop_registerChain, the internal method a chain in its own process joins by', () => {
  let net: Network;
  let gateway: RpcClient;
  beforeAll(async () => {
    net = await startNetwork({ l1: false, gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant', internalToken: TOKEN });
    gateway = createHttpRpcClient(net.gateway.rpcUrl);
  });
  afterAll(() => net.stop());

  it("registers a chain on Gateway, whose settlement contract then names the chain's operator", async () => {
    const op = operator();
    expect(await gateway.request('zkinterop_registerChain', [{ chainId: 280, operator: op }, { internalToken: TOKEN }])).toEqual({ registered: true });
    expect(await operatorOn(gateway, 280)).toBe(op);
  });

  it('changes nothing when the chain is registered already with the same operator', async () => {
    const op = operator();
    await gateway.request('zkinterop_registerChain', [{ chainId: 281, operator: op }, { internalToken: TOKEN }]);
    const before = await gateway.request('eth_blockNumber');
    expect(await gateway.request('zkinterop_registerChain', [{ chainId: 281, operator: op }, { internalToken: TOKEN }])).toEqual({ registered: false });
    expect(await gateway.request('eth_blockNumber')).toBe(before);
  });

  it('refuses a chain registered already with another operator', async () => {
    await gateway.request('zkinterop_registerChain', [{ chainId: 282, operator: operator() }, { internalToken: TOKEN }]);
    await expect(gateway.request('zkinterop_registerChain', [{ chainId: 282, operator: operator() }, { internalToken: TOKEN }])).rejects.toThrow(/already registered on chain 506 with operator/);
  });

  it("refuses a chain id of one of the network's own nodes", async () => {
    await expect(gateway.request('zkinterop_registerChain', [{ chainId: 271, operator: operator() }, { internalToken: TOKEN }])).rejects.toThrow(/is a node of this network/);
    await expect(gateway.request('zkinterop_registerChain', [{ chainId: 506, operator: operator() }, { internalToken: TOKEN }])).rejects.toThrow(/is a node of this network/);
  });

  it('answers a call with the wrong token as if the method did not exist, registering nothing', async () => {
    await expect(gateway.request('zkinterop_registerChain', [{ chainId: 283, operator: operator() }, { internalToken: 'guess' }])).rejects.toMatchObject({ rpcCode: -32601 });
    await expect(operatorOn(gateway, 283)).rejects.toThrow();
  });

  it('answers a call without the token as if the method did not exist', async () => {
    await expect(gateway.request('zkinterop_registerChain', [{ chainId: 284, operator: operator() }])).rejects.toMatchObject({ rpcCode: -32601 });
  });

  it('is not served by a settling chain', async () => {
    await expect(createHttpRpcClient(net.node(271).rpcUrl).request('zkinterop_registerChain', [{ chainId: 285, operator: operator() }, { internalToken: TOKEN }])).rejects.toMatchObject({ rpcCode: -32601 });
  });
});

describe('a network without an internal token', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({ l1: false, gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant' });
  });
  afterAll(() => net.stop());

  it('serves no internal method, whatever token a caller passes', async () => {
    await expect(createHttpRpcClient(net.gateway.rpcUrl).request('zkinterop_registerChain', [{ chainId: 280, operator: operator() }, { internalToken: '' }])).rejects.toMatchObject({ rpcCode: -32601 });
  });

  it.each(['zkinterop_registerInteropChain', 'zkinterop_quiesce', 'zkinterop_nodeSnapshot', 'zkinterop_dumpNode', 'zkinterop_faultControl'])('serves no %s on a chain either', async (method) => {
    await expect(createHttpRpcClient(net.node(271).rpcUrl).request(method, [{ internalToken: '' }])).rejects.toMatchObject({ rpcCode: -32601 });
  });
});
