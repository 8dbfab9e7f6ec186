/**
 * The zks_ methods zksync-ethers wraps beside the interop ones, called through its Provider over
 * JSON-RPC against a started network: bridge contracts, account balances, confirmed tokens, protocol
 * version, a block's raw transactions, bytecode by hash, and zks_getProof's refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractFactory, JsonRpcProvider, Wallet as EthersWallet, hexlify, keccak256, parseEther } from 'ethers';
import { Provider, Wallet, types, utils } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { interopSendMessageAbi, interopSendMessageBytecode, interopSendMessageDeployedBytecode } from '../../src/contracts/index.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';

const CHAIN_ID = 271;

let net: Network;
let provider: Provider;
let wallet: Wallet;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
  provider = new Provider(net.node(CHAIN_ID).rpcUrl);
  wallet = new Wallet(RICH_KEY, provider);
});

afterAll(async () => {
  provider?.destroy();
  await net?.stop();
});

describe('zks_getBridgeContracts', () => {
  it('names the L2 shared bridge (the asset router) and null for every L1 bridge, which does not exist here', async () => {
    expect(await provider.send('zks_getBridgeContracts', [])).toEqual({
      l1SharedDefaultBridge: null,
      l2SharedDefaultBridge: utils.L2_ASSET_ROUTER_ADDRESS,
      l1Erc20DefaultBridge: null,
      l2Erc20DefaultBridge: utils.L2_ASSET_ROUTER_ADDRESS,
      l1WethBridge: null,
      l2WethBridge: null,
      l2LegacySharedBridge: null,
    });
  });
});

describe('zks_getAllAccountBalances', () => {
  it('Wallet.getAllBalances() has the base token balance under 0x…800a', async () => {
    expect(await wallet.getAllBalances()).toEqual({ [utils.L2_BASE_TOKEN_ADDRESS]: await provider.getBalance(RICH_ADDRESS) });
  });

  it('leaves out an account without balance, as the server leaves out zero balances', async () => {
    expect(await provider.getAllAccountBalances('0x00000000000000000000000000000000000000aa')).toEqual({});
  });
});

describe('zks_getConfirmedTokens', () => {
  it('lists ETH alone, as the server lists the base token', async () => {
    expect(await provider.getConfirmedTokens()).toEqual([
      { address: utils.L2_BASE_TOKEN_ADDRESS, l1Address: utils.ETH_ADDRESS, l2Address: utils.L2_BASE_TOKEN_ADDRESS, name: 'Ether', symbol: 'ETH', decimals: 18 },
    ]);
  });

  it('pages from the id given: nothing after the first token', async () => {
    expect(await provider.getConfirmedTokens(1, 10)).toEqual([]);
  });
});

describe('zks_getProtocolVersion', () => {
  it('answers the current version (31, the one the chain type managers report) with the old and new field names', async () => {
    const version = (await provider.send('zks_getProtocolVersion', [])) as Record<string, unknown>;
    expect(version).toMatchObject({ version_id: 31, minorVersion: 31, timestamp: 0, evmSimulatorCodeHash: null, l2SystemUpgradeTxHash: null });
    expect(version.base_system_contracts).toEqual({ bootloader: `0x${'00'.repeat(32)}`, default_aa: `0x${'00'.repeat(32)}`, evm_emulator: null });
  });

  it('answers null for a version this chain never ran', async () => {
    expect(await provider.getProtocolVersion(24)).toBeNull();
  });
});

describe('zks_getRawBlockTransactions', () => {
  it("gives an EIP-712 transaction's signed bytes, fees, sender and call as the server's L2 transaction", async () => {
    const to = '0x00000000000000000000000000000000000000bb';
    const tx = await wallet.sendTransaction({ to, value: 1234n, type: utils.EIP712_TX_TYPE });
    const receipt = await tx.wait();
    const raws = await provider.getRawBlockTransactions(receipt.blockNumber);
    const raw = raws.find((r) => r.common_data.L2.input.hash === tx.hash)!;
    expect(raw.common_data.L2.transactionType).toBe('EIP712Transaction');
    expect(raw.common_data.L2.initiatorAddress).toBe(RICH_ADDRESS.toLowerCase());
    expect(raw.common_data.L2.nonce).toBe(tx.nonce);
    expect(BigInt(raw.common_data.L2.fee.gas_limit)).toBe(tx.gasLimit);
    expect(BigInt(raw.common_data.L2.fee.max_fee_per_gas)).toBe(tx.maxFeePerGas);
    expect(raw.execute).toMatchObject({ contractAddress: to, calldata: '0x', value: '0x4d2', factoryDeps: [] });
    expect(utils.parseEip712(raw.raw_bytes!).hash).toBe(tx.hash);
    expect(hexlify(Uint8Array.from(raw.common_data.L2.input.data as unknown as number[]))).toBe(raw.raw_bytes);
  });

  it('gives an EIP-1559 transaction as signed, its raw bytes hashing to its hash', async () => {
    const signer = new EthersWallet(RICH_KEY, new JsonRpcProvider(net.node(CHAIN_ID).rpcUrl, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 }));
    try {
      const tx = await signer.sendTransaction({ to: '0x00000000000000000000000000000000000000cc', value: parseEther('0.001'), type: 2, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n });
      const receipt = (await tx.wait())!;
      const raw = (await provider.getRawBlockTransactions(receipt.blockNumber)).find((r) => r.common_data.L2.input.hash === tx.hash);
      expect(raw!.common_data.L2.transactionType).toBe('EIP1559Transaction');
      expect(raw!.common_data.L2.fee).toMatchObject({ max_fee_per_gas: '0x2', max_priority_fee_per_gas: '0x1' });
      expect(keccak256(raw!.raw_bytes!)).toBe(tx.hash);
    } finally {
      signer.provider?.destroy();
    }
  });

  it('answers an empty list for a block that does not exist yet', async () => {
    expect(await provider.getRawBlockTransactions(1_000_000)).toEqual([]);
  });
});

describe('zks_getBytecodeByHash', () => {
  it('gives the runtime code of a deployed contract by its keccak256 (EXTCODEHASH)', async () => {
    const signer = new EthersWallet(RICH_KEY, new JsonRpcProvider(net.node(CHAIN_ID).rpcUrl, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 }));
    try {
      const contract = await new ContractFactory(interopSendMessageAbi, interopSendMessageBytecode, signer).deploy();
      await contract.waitForDeployment();
      const code = await provider.getBytecodeByHash(keccak256(interopSendMessageDeployedBytecode));
      expect(hexlify(Uint8Array.from(code as unknown as number[]))).toBe(interopSendMessageDeployedBytecode);
    } finally {
      signer.provider?.destroy();
    }
  });

  it('gives the code genesis placed (Multicall3)', async () => {
    const code = await provider.getCode('0xcA11bde05977b3631167028862bE2a173976CA11');
    expect(hexlify(Uint8Array.from((await provider.getBytecodeByHash(keccak256(code))) as unknown as number[]))).toBe(code);
  });

  it('answers null for a hash no contract has', async () => {
    expect(await provider.getBytecodeByHash(`0x${'ab'.repeat(32)}`)).toBeNull();
  });
});

describe('zks_getProof', () => {
  it('is refused with -32601 saying there is no ZKsync state tree and pointing to eth_getProof', async () => {
    const error = await provider.getProof(RICH_ADDRESS, [`0x${'00'.repeat(32)}`], 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ error: { code: -32601 } });
    expect(String((error as { error: { message: string } }).error.message)).toMatch(/state tree.*eth_getProof/);
  });
});

// types is imported for its RawBlockTransaction shape only.
export type _Raw = types.RawBlockTransaction;
