/**
 * The system contracts zksync-ethers reads, through its own SDK methods over JSON-RPC against a
 * started network: NonceHolder (0x…8003), ContractDeployer (0x…8006), the base token (0x…800a), the
 * L2 asset router (0x…10003) and native token vault (0x…10004), with the real selectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbiCoder, ContractFactory, JsonRpcProvider, Wallet as EthersWallet, ZeroAddress, getCreateAddress, keccak256 } from 'ethers';
import { Contract, Provider, Wallet, utils } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { interopSendMessageAbi, interopSendMessageBytecode } from '../../src/contracts/index.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';

const GATEWAY_CHAIN_ID = 506;
const CHAIN_ID = 271;

let net: Network;
let provider: Provider;
let wallet: Wallet;
let deployer: EthersWallet;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY_CHAIN_ID, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
  provider = new Provider(net.node(CHAIN_ID).rpcUrl);
  wallet = new Wallet(RICH_KEY, provider);
  deployer = new EthersWallet(RICH_KEY, new JsonRpcProvider(net.node(CHAIN_ID).rpcUrl, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 }));
});

afterAll(async () => {
  provider?.destroy();
  deployer?.provider?.destroy();
  await net?.stop();
});

describe('NonceHolder (0x…8003)', () => {
  it("Wallet.getDeploymentNonce() is the nonce the sender's next CREATE derives its address from", async () => {
    const nonce = await wallet.getDeploymentNonce();
    expect(nonce).toBe(BigInt(await provider.getTransactionCount(RICH_ADDRESS, 'latest')));
    const deployed = await new ContractFactory(interopSendMessageAbi, interopSendMessageBytecode, deployer).deploy();
    await deployed.waitForDeployment();
    expect(await deployed.getAddress()).toBe(getCreateAddress({ from: RICH_ADDRESS, nonce }));
    expect(await wallet.getDeploymentNonce()).toBe(nonce + 1n);
  });

  it('getMinNonce answers the account nonce at the block asked for', async () => {
    const holder = new Contract(utils.NONCE_HOLDER_ADDRESS, utils.NONCE_HOLDER_ABI, provider);
    const head = await provider.getBlockNumber();
    expect(await holder.getFunction('getMinNonce')(RICH_ADDRESS, { blockTag: head })).toBe(BigInt(await provider.getTransactionCount(RICH_ADDRESS, head)));
    expect(await holder.getFunction('getMinNonce')(RICH_ADDRESS, { blockTag: 0 })).toBe(0n);
  });

  it('a contract that calls it gets NonceAnsweredByNode, since the EVM cannot read nonces', async () => {
    const calldata = utils.NONCE_HOLDER_ABI.encodeFunctionData('getDeploymentNonce', [RICH_ADDRESS]);
    const multicall = new Contract('0xcA11bde05977b3631167028862bE2a173976CA11', ['function tryAggregate(bool,(address,bytes)[]) view returns ((bool,bytes)[])'], provider);
    const [[ok, data]] = await multicall.getFunction('tryAggregate')(false, [[utils.NONCE_HOLDER_ADDRESS, calldata]]);
    expect(ok).toBe(false);
    expect(data).toBe(keccak256(Buffer.from('NonceAnsweredByNode()')).slice(0, 10));
  });
});

describe('ContractDeployer (0x…8006)', () => {
  it('Provider.getContractAccountInfo reports no account abstraction and sequential nonces', async () => {
    expect(await provider.getContractAccountInfo(RICH_ADDRESS)).toEqual({ supportedAAVersion: 0, nonceOrdering: 0 });
  });
});

describe('the base token (0x…800a)', () => {
  it('balanceOf(uint256) is the native balance', async () => {
    const token = new Contract(utils.L2_BASE_TOKEN_ADDRESS, ['function balanceOf(uint256) view returns (uint256)', 'function symbol() view returns (string)', 'function decimals() view returns (uint8)'], provider);
    expect(await token.getFunction('balanceOf')(BigInt(RICH_ADDRESS))).toBe(await provider.getBalance(RICH_ADDRESS));
    expect(await token.getFunction('symbol')()).toBe('ETH');
    expect(await token.getFunction('decimals')()).toBe(18n);
  });

  it("Wallet.getBalance(ETH's L1 address) resolves to the base token and answers the native balance", async () => {
    expect(await wallet.getBalance(utils.ETH_ADDRESS_IN_CONTRACTS)).toBe(await provider.getBalance(RICH_ADDRESS));
    expect(await wallet.getBalance(utils.LEGACY_ETH_ADDRESS)).toBe(await provider.getBalance(RICH_ADDRESS));
  });
});

describe('the asset router (0x…10003) and native token vault (0x…10004)', () => {
  it('Provider.isEthBasedChain() is true: the base asset id is ETH under the chain id zks_L1ChainId reports', async () => {
    expect(await provider.isEthBasedChain()).toBe(true);
    const ntv = new Contract(utils.L2_NATIVE_TOKEN_VAULT_ADDRESS, ['function L1_CHAIN_ID() view returns (uint256)'], provider);
    expect(await ntv.getFunction('L1_CHAIN_ID')()).toBe(BigInt(await provider.getL1ChainId()));
  });

  it('Provider.isBaseToken tells ETH from any other token', async () => {
    expect(await provider.isBaseToken(utils.ETH_ADDRESS_IN_CONTRACTS)).toBe(true);
    expect(await provider.isBaseToken('0x00000000000000000000000000000000000000aa')).toBe(false);
  });

  it('Provider.getDefaultBridgeAddresses() names the L2 asset router and no L1 bridge', async () => {
    const fresh = new Provider(net.node(CHAIN_ID).rpcUrl);
    try {
      expect(await fresh.getDefaultBridgeAddresses()).toEqual({
        erc20L1: ZeroAddress,
        erc20L2: utils.L2_ASSET_ROUTER_ADDRESS,
        wethL1: ZeroAddress,
        wethL2: ZeroAddress,
        sharedL1: ZeroAddress,
        sharedL2: utils.L2_ASSET_ROUTER_ADDRESS,
      });
    } finally {
      fresh.destroy();
    }
  });

  it('Provider.l2TokenAddress maps ETH to the base token and an unknown token to the zero address', async () => {
    expect((await provider.l2TokenAddress(utils.ETH_ADDRESS_IN_CONTRACTS)).toLowerCase()).toBe(utils.L2_BASE_TOKEN_ADDRESS);
    expect(await provider.l2TokenAddress('0x00000000000000000000000000000000000000aa')).toBe(ZeroAddress);
  });

  it('the base asset id is keccak256(abi.encode(L1 chain id (zks_L1ChainId), 0x…10004, 0x…01)), as ZKsync derives it', async () => {
    const ntv = new Contract(utils.L2_NATIVE_TOKEN_VAULT_ADDRESS, ['function BASE_TOKEN_ASSET_ID() view returns (bytes32)'], provider);
    const expected = keccak256(AbiCoder.defaultAbiCoder().encode(['uint256', 'address', 'address'], [await provider.send('zks_L1ChainId', []), utils.L2_NATIVE_TOKEN_VAULT_ADDRESS, utils.ETH_ADDRESS_IN_CONTRACTS]));
    expect(await ntv.getFunction('BASE_TOKEN_ASSET_ID')()).toBe(expected);
  });
});
