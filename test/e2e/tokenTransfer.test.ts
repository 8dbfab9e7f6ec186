/**
 * Cross-chain ERC-20 transfers on a started network (Gateway 506, chains 271 and 272, the L1 9), seen
 * through JSON-RPC as a client sees them: a TestToken native on 271 is escrowed in 271's native token
 * vault and arrives on 272 as a bridged token with the same name, symbol and decimals; a second
 * transfer reuses it; the way back burns it on 272 and releases the escrow on 271.
 *
 * Until InteropCenter (0x…1000d) and InteropHandler (0x…1000e) are installed, the carrier between the
 * chains plays them over JSON-RPC (impersonation, which only a `dev` network allows for system
 * addresses): `carrier` below is the one line to change for the real bundle path
 * (sendBundle with an indirect call → executeBundle or the auto-relay).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, ContractFactory, JsonRpcProvider, Wallet, getAddress, type InterfaceAbi } from 'ethers';
import { Provider } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { L2_ASSET_ROUTER_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, l2AssetRouterAbi, l2NativeTokenVaultAbi, testTokenAbi, testTokenBytecode } from '../../src/contracts/index.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';
import { asInteropContractsOverRpc, burnData, depositData, ntvAssetId, type RpcChain, type RpcTokenCarrier } from '../support/tokenBridge.ts';
import { post } from '../support/httpRpc.ts';
import type { Address, Hex } from 'viem';
import { decodeErrorResult, encodeFunctionData } from 'viem';

const SOURCE = 271;
const DESTINATION = 272;
const RECEIVER: Address = '0x000000000000000000000000000000000000b0b0';
const SUPPLY = 10n ** 24n;

/** The carrier between the chains; swap for the real InteropCenter/InteropHandler path once they exist. */
const carrier: RpcTokenCarrier = asInteropContractsOverRpc;

let net: Network;
let source: RpcChain;
let destination: RpcChain;
const providers: JsonRpcProvider[] = [];
let token: Contract;
let tokenAddress: Address;
let assetId: Hex;

function providerOf(chain: RpcChain): JsonRpcProvider {
  const provider = new JsonRpcProvider(chain.url, chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  providers.push(provider);
  return provider;
}

function erc20(address: string, chain: RpcChain): Contract {
  return new Contract(address, testTokenAbi as unknown as InterfaceAbi, providerOf(chain));
}

function vault(chain: RpcChain): Contract {
  return new Contract(L2_NATIVE_TOKEN_VAULT_ADDRESS, l2NativeTokenVaultAbi as unknown as InterfaceAbi, providerOf(chain));
}

beforeAll(async () => {
  net = await startNetwork({
    gateway: { chainId: 506, port: 0 },
    chains: [
      { chainId: SOURCE, port: 0 },
      { chainId: DESTINATION, port: 0 },
    ],
    profile: 'instant',
    dev: true,
  });
  source = { chainId: SOURCE, url: net.node(SOURCE).rpcUrl };
  destination = { chainId: DESTINATION, url: net.node(DESTINATION).rpcUrl };
  const deployer = new Wallet(RICH_KEY, providerOf(source));
  const deployed = await new ContractFactory(testTokenAbi as unknown as InterfaceAbi, testTokenBytecode, deployer).deploy('Interop Token', 'ITK', 8, SUPPLY);
  await deployed.waitForDeployment();
  tokenAddress = getAddress(await deployed.getAddress()) as Address;
  token = deployed as unknown as Contract;
  assetId = ntvAssetId(SOURCE, tokenAddress);
  await (await token.getFunction('approve')(L2_NATIVE_TOKEN_VAULT_ADDRESS, 1000n)).wait();
});

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await net?.stop();
});

describe('an ERC-20 from 271 to 272 and back over JSON-RPC', () => {
  let bridged: string;

  it('before any transfer the token has no asset id, and 272 predicts where its bridged copy will be', async () => {
    expect(await vault(source).getFunction('assetId')(tokenAddress)).toBe(`0x${'00'.repeat(32)}`);
    const predicted = await vault(destination).getFunction('calculateCreate2TokenAddress')(SOURCE, tokenAddress);
    expect(await providerOf(destination).getCode(predicted)).toBe('0x');
    bridged = predicted;
  });

  it('the first transfer escrows on 271 and deploys and mints the bridged token on 272 with the same name, symbol and decimals', async () => {
    const { starter } = await carrier.send(source, { sender: RICH_ADDRESS, destinationChainId: DESTINATION, data: depositData(assetId, burnData(400n, RECEIVER, tokenAddress)) });
    await carrier.deliver(destination, SOURCE, starter);
    expect(await erc20(tokenAddress, source).getFunction('balanceOf')(L2_NATIVE_TOKEN_VAULT_ADDRESS)).toBe(400n);
    expect(await vault(source).getFunction('assetId')(tokenAddress)).toBe(assetId);
    expect(await vault(destination).getFunction('tokenAddress')(assetId)).toBe(bridged);
    const copy = erc20(bridged, destination);
    expect([await copy.getFunction('name')(), await copy.getFunction('symbol')(), await copy.getFunction('decimals')()]).toEqual(['Interop Token', 'ITK', 8n]);
    expect(await copy.getFunction('balanceOf')(RECEIVER)).toBe(400n);
  });

  it('a second transfer mints on the same bridged token', async () => {
    const { starter } = await carrier.send(source, { sender: RICH_ADDRESS, destinationChainId: DESTINATION, data: depositData(assetId, burnData(100n, RECEIVER, tokenAddress)) });
    await carrier.deliver(destination, SOURCE, starter);
    expect(await vault(destination).getFunction('tokenAddress')(assetId)).toBe(bridged);
    expect(await vault(destination).getFunction('bridgedTokensCount')()).toBe(1n);
    expect(await erc20(bridged, destination).getFunction('balanceOf')(RECEIVER)).toBe(500n);
  });

  it('the way back burns on 272 and releases the escrow on 271', async () => {
    const before = await erc20(tokenAddress, source).getFunction('balanceOf')(RICH_ADDRESS);
    const { starter } = await carrier.send(destination, { sender: RECEIVER, destinationChainId: SOURCE, data: depositData(assetId, burnData(150n, RICH_ADDRESS, bridged as Address)) });
    expect(await erc20(bridged, destination).getFunction('totalSupply')()).toBe(350n);
    await carrier.deliver(source, DESTINATION, starter);
    expect(await erc20(tokenAddress, source).getFunction('balanceOf')(RICH_ADDRESS)).toBe(before + 150n);
    expect(await erc20(tokenAddress, source).getFunction('balanceOf')(L2_NATIVE_TOKEN_VAULT_ADDRESS)).toBe(350n);
  });

  it('an ordinary account calling initiateIndirectCall gets Unauthorized, not a transfer', async () => {
    const data = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'initiateIndirectCall', args: [BigInt(DESTINATION), RICH_ADDRESS, 0n, depositData(assetId, burnData(1n, RECEIVER, tokenAddress))] });
    const answer = await post(source.url, 'eth_call', [{ from: RICH_ADDRESS, to: L2_ASSET_ROUTER_ADDRESS, data }, 'latest']);
    expect(answer.error?.code).toBe(3);
    const revert = decodeErrorResult({ abi: l2AssetRouterAbi, data: answer.error?.data as Hex });
    expect({ errorName: revert.errorName, args: revert.args }).toEqual({ errorName: 'Unauthorized', args: [RICH_ADDRESS] });
  });

  it("zksync-ethers' Provider.l2TokenAddress still maps ETH to the base token, and the bridged token's origin is named on 272", async () => {
    const provider = new Provider(destination.url);
    try {
      expect((await provider.l2TokenAddress('0x0000000000000000000000000000000000000001')).toLowerCase()).toBe('0x000000000000000000000000000000000000800a');
      expect(await vault(destination).getFunction('originToken')(assetId)).toBe(tokenAddress);
      expect(await vault(destination).getFunction('originChainId')(assetId)).toBe(BigInt(SOURCE));
    } finally {
      provider.destroy();
    }
  });
});
