/**
 * Multicall3 at 0xcA11bde05977b3631167028862bE2a173976CA11 on every chain and on Gateway, used by
 * viem's `multicall` and its `batch.multicall` client option exactly as on any other chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, defineChain, encodeFunctionData, erc20Abi, http, parseEther, toFunctionSelector, multicall3Abi as viemMulticall3Abi, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { L2_BASE_TOKEN_ADDRESS, MULTICALL3_ADDRESS, NONCE_HOLDER_ADDRESS, isSystemAddress, multicall3Abi } from '../../src/contracts/index.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';

const GATEWAY_CHAIN_ID = 506;
const CHAIN_ID = 271;
const baseTokenAbi = [{ type: 'function', name: 'symbol', inputs: [], outputs: [{ type: 'string' }], stateMutability: 'view' }, { type: 'function', name: 'balanceOf', inputs: [{ type: 'uint256' }], outputs: [{ type: 'uint256' }], stateMutability: 'view' }] as const;

let net: Network;

function chainOf(id: number, url: string) {
  return defineChain({
    id,
    name: `zkinterop ${id}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
    contracts: { multicall3: { address: MULTICALL3_ADDRESS } },
  });
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY_CHAIN_ID, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
});

afterAll(async () => {
  await net?.stop();
});

describe('Multicall3', () => {
  it('is an ordinary contract, not at a system address', () => {
    expect(isSystemAddress(MULTICALL3_ADDRESS)).toBe(false);
  });

  it("has every function of viem's Multicall3 ABI, with the same selectors and outputs", () => {
    const ours = new Map(multicall3Abi.filter((item) => item.type === 'function').map((f) => [toFunctionSelector(f), f.outputs.map((o) => o.type)]));
    for (const f of viemMulticall3Abi.filter((item) => item.type === 'function')) {
      expect(ours.get(toFunctionSelector(f)), f.name).toEqual(f.outputs.map((o) => o.type));
    }
  });

  it.each([
    ['chain 271', CHAIN_ID],
    ['Gateway', GATEWAY_CHAIN_ID],
  ])('viem multicall reads several contracts in one eth_call on %s', async (_name, id) => {
    const url = id === GATEWAY_CHAIN_ID ? net.gateway.rpcUrl : net.node(id).rpcUrl;
    const client = createPublicClient({ chain: chainOf(id, url), transport: http(url) });
    const [symbol, balance, chainId] = await client.multicall({
      contracts: [
        { address: L2_BASE_TOKEN_ADDRESS, abi: baseTokenAbi, functionName: 'symbol' },
        { address: L2_BASE_TOKEN_ADDRESS, abi: baseTokenAbi, functionName: 'balanceOf', args: [BigInt(RICH_ADDRESS)] },
        { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getChainId' },
      ],
      allowFailure: false,
    });
    expect(symbol).toBe('ETH');
    expect(balance).toBe(await client.getBalance({ address: RICH_ADDRESS }));
    expect(chainId).toBe(BigInt(id));
  });

  it('viem multicall reports a failing call as a failure and the others as results', async () => {
    const url = net.node(CHAIN_ID).rpcUrl;
    const client = createPublicClient({ chain: chainOf(CHAIN_ID, url), transport: http(url) });
    const [ok, failed] = await client.multicall({
      contracts: [
        { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getBlockNumber' },
        // An address without code: the ERC-20 call returns nothing, which viem cannot decode.
        { address: '0x00000000000000000000000000000000000000aa' as Address, abi: erc20Abi, functionName: 'totalSupply' },
      ],
    });
    expect(ok.status).toBe('success');
    expect(failed.status).toBe('failure');
  });

  it("viem's batch.multicall folds concurrent reads into one call to Multicall3", async () => {
    const url = net.node(CHAIN_ID).rpcUrl;
    let bodies = 0;
    const client = createPublicClient({
      chain: chainOf(CHAIN_ID, url),
      batch: { multicall: true },
      transport: http(url, { onFetchRequest: () => void bodies++ }),
    });
    const [a, b, c] = await Promise.all([
      client.readContract({ address: L2_BASE_TOKEN_ADDRESS, abi: baseTokenAbi, functionName: 'symbol' }),
      client.readContract({ address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getChainId' }),
      client.readContract({ address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getEthBalance', args: [RICH_ADDRESS] }),
    ]);
    expect([a, b]).toEqual(['ETH', BigInt(CHAIN_ID)]);
    expect(c).toBe(await client.getBalance({ address: RICH_ADDRESS }));
    expect(bodies).toBe(2); // one multicall for the three reads, one eth_getBalance
  });

  it('aggregate3Value forwards the value of each call and refuses a total that does not add up', async () => {
    const url = net.node(CHAIN_ID).rpcUrl;
    const chain = chainOf(CHAIN_ID, url);
    const client = createPublicClient({ chain, transport: http(url) });
    const wallet = createWalletClient({ chain, transport: http(url), account: privateKeyToAccount(RICH_KEY) });
    const to = '0x00000000000000000000000000000000000000dd' as Address;
    const calls = [{ target: to, allowFailure: false, value: parseEther('0.5'), callData: '0x' as const }];
    const hash = await wallet.writeContract({ address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'aggregate3Value', args: [calls], value: parseEther('0.5') });
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
    expect(await client.getBalance({ address: to })).toBe(parseEther('0.5'));
    await expect(
      client.call({ account: RICH_ADDRESS, to: MULTICALL3_ADDRESS, value: 1n, data: encodeFunctionData({ abi: multicall3Abi, functionName: 'aggregate3Value', args: [calls] }) }),
    ).rejects.toThrow(/revert/);
  });

  it('a call to NonceHolder inside a multicall fails (the EVM cannot read nonces) while a direct eth_call answers', async () => {
    const url = net.node(CHAIN_ID).rpcUrl;
    const client = createPublicClient({ chain: chainOf(CHAIN_ID, url), transport: http(url) });
    const abi = [{ type: 'function', name: 'getDeploymentNonce', inputs: [{ type: 'address' }], outputs: [{ type: 'uint256' }], stateMutability: 'view' }] as const;
    const [inside] = await client.multicall({ contracts: [{ address: NONCE_HOLDER_ADDRESS, abi, functionName: 'getDeploymentNonce', args: [RICH_ADDRESS] }] });
    expect(inside.status).toBe('failure');
    expect(await client.readContract({ address: NONCE_HOLDER_ADDRESS, abi, functionName: 'getDeploymentNonce', args: [RICH_ADDRESS] })).toBe(BigInt(await client.getTransactionCount({ address: RICH_ADDRESS })));
  });
});
