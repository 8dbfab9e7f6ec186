/**
 * The deploy paths the README's "Deploying contracts" section names, against a started network:
 * ethers' ContractFactory (also what Hardhat's hardhat-ethers uses), viem's deployContract, and
 * zksync-ethers (its Wallet with ethers' ContractFactory); and the one that cannot work here,
 * zksync-ethers' own ContractFactory, which sends EraVM bytecode hashes to the ContractDeployer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractFactory as EthersContractFactory, JsonRpcProvider, Wallet as EthersWallet, type ContractRunner } from 'ethers';
import { ContractFactory as ZkContractFactory, Provider, Wallet as ZkWallet, utils } from 'zksync-ethers';
import { createPublicClient, createWalletClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { interopSendMessageAbi, interopSendMessageBytecode, interopSendMessageDeployedBytecode } from '../../src/contracts/index.ts';
import { RICH_KEY } from '../support/interop.ts';

const CHAIN_ID = 271;

let net: Network;
let url: string;
let provider: Provider;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
  url = net.node(CHAIN_ID).rpcUrl;
  // A static network: ethers would otherwise check eth_chainId beside each request, and one still in
  // flight when the provider is destroyed rejects unhandled.
  provider = new Provider(url, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
});

afterAll(async () => {
  provider?.destroy();
  await net?.stop();
});

describe('deploying a contract', () => {
  it("works with ethers' ContractFactory and an ethers Wallet", async () => {
    const ethProvider = new JsonRpcProvider(url, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
    try {
      const contract = await new EthersContractFactory(interopSendMessageAbi, interopSendMessageBytecode, new EthersWallet(RICH_KEY, ethProvider)).deploy();
      await contract.waitForDeployment();
      expect(await ethProvider.getCode(await contract.getAddress())).toBe(interopSendMessageDeployedBytecode);
    } finally {
      ethProvider.destroy();
    }
  });

  it("works with viem's deployContract", async () => {
    const chain = defineChain({ id: CHAIN_ID, name: 'zkinterop 271', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [url] } } });
    const wallet = createWalletClient({ chain, transport: http(url), account: privateKeyToAccount(RICH_KEY) });
    const client = createPublicClient({ chain, transport: http(url) });
    const hash = await wallet.deployContract({ abi: interopSendMessageAbi, bytecode: interopSendMessageBytecode });
    const receipt = await client.waitForTransactionReceipt({ hash });
    expect(await client.getCode({ address: receipt.contractAddress! })).toBe(interopSendMessageDeployedBytecode);
  });

  it("works with a zksync-ethers Wallet through ethers' ContractFactory as a type 2 transaction", async () => {
    const wallet = new ZkWallet(RICH_KEY, provider);
    // zksync-ethers' Wallet is an ethers Wallet (its typings come from ethers' CommonJS build).
    const contract = await new EthersContractFactory(interopSendMessageAbi, interopSendMessageBytecode, wallet as unknown as ContractRunner).deploy({ type: 2 });
    const receipt = (await contract.deploymentTransaction()!.wait())!;
    expect(receipt.type).toBe(2);
    expect(await provider.getCode(receipt.contractAddress!)).toBe(interopSendMessageDeployedBytecode);
  });

  it("fails with zksync-ethers' own ContractFactory, which expects EraVM bytecode for the ContractDeployer", async () => {
    const wallet = new ZkWallet(RICH_KEY, provider);
    const error = await new ZkContractFactory(interopSendMessageAbi, interopSendMessageBytecode, wallet).deploy().catch((e: unknown) => e);
    // zksync-ethers hashes the bytecode the EraVM way before sending anything; EVM bytecode is not in that format.
    expect(String(error)).toMatch(/bytecode length in bytes must be divisible by 32/);
  });
});
