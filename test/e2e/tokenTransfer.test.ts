/**
 * Cross-chain ERC-20 transfers on a started network (Gateway 506, chains 271 and 272, the L1 9), seen
 * through JSON-RPC as a client sees them, on the real v31 path: the holder approves 271's native token
 * vault and sends InteropCenter.sendBundle with one `indirectCall(0)` call to L2AssetRouter (as
 * zksync-js 0.0.19's sendErc20 does); the router escrows the TestToken in the vault and the bundle
 * carries its finalizeDeposit; with the `messageRoot` proof, any account executes the bundle on 272
 * through InteropHandler, which deploys and mints a bridged token with the same name, symbol and
 * decimals. A second transfer reuses it; the way back burns it on 272 and releases the escrow on 271.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, ContractFactory, JsonRpcProvider, Wallet, getAddress, type InterfaceAbi } from 'ethers';
import { Provider } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { createHttpRpcClient } from '../../src/rpc/client.ts';
import { INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS, interopHandlerAbi, L2_ASSET_ROUTER_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, l2AssetRouterAbi, l2NativeTokenVaultAbi, testTokenAbi, testTokenBytecode } from '../../src/contracts/index.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';
import { burnData, depositData, ntvAssetId } from '../support/tokenBridge.ts';
import { attributes, executeBundle, proveBundle, sendBundle, sendBundleCall, type Chain, type Proof, type Receipt, type Sent } from '../support/bundles.ts';
import { post } from '../support/httpRpc.ts';
import type { Address, Hex } from 'viem';
import { decodeErrorResult, decodeFunctionData, encodeFunctionData } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';

const GATEWAY = 506;
const SOURCE = 271;
const DESTINATION = 272;
/** A funded dev account: it receives on 272 and sends the way back from there. */
const RECEIVER: Address = privateKeyToAddress(RICH_WALLET_KEYS[2]!);
/** Executes the bundles: anyone may. */
const RELAYER: Address = privateKeyToAddress(RICH_WALLET_KEYS[1]!);
const SUPPLY = 10n ** 24n;

/** A chain as an outside JSON-RPC client reaches it (HTTP). */
type RpcChain = Chain & { url: string };

let net: Network;
let source: RpcChain;
let destination: RpcChain;
const providers: JsonRpcProvider[] = [];
let token: Contract;
let tokenAddress: Address;
let assetId: Hex;

/**
 * One ERC-20 transfer as zksync-js sends it: a bundle of one `indirectCall(0)` call to the asset router
 * with `0x01 ‖ abi.encode(assetId, abi.encode(amount, receiver, token))`, bundle attribute useFixedFee(false), no value.
 */
function sendTokens(from: RpcChain, to: RpcChain, sender: Address, amount: bigint, receiver: Address, tokenOnSource: Address): Promise<Sent> {
  return sendBundle(from, to.chainId, [{ to: L2_ASSET_ROUTER_ADDRESS, data: depositData(assetId, burnData(amount, receiver, tokenOnSource)), attributes: [attributes.indirectCall(0n)] }], {
    from: sender,
    bundleAttributes: [attributes.useFixedFee(false)],
  });
}

/** Proves `sent` and has RELAYER execute it on `to`. @returns the proof used and the receipt */
async function deliver(from: RpcChain, to: RpcChain, sent: Sent): Promise<{ proof: Proof; receipt: Receipt }> {
  const proof = await proveBundle(from, to, GATEWAY, sent);
  return { proof, receipt: await executeBundle(to, RELAYER, sent, proof) };
}

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
    // The tests execute the bundles themselves.
    autorelay: false,
  });
  const reach = (chainId: number): RpcChain => ({ chainId, url: net.node(chainId).rpcUrl, client: createHttpRpcClient(net.node(chainId).rpcUrl) });
  source = reach(SOURCE);
  destination = reach(DESTINATION);
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
  let first: Sent;
  let firstProof: Proof;

  it('before any transfer the token has no asset id, and 272 predicts where its bridged copy will be', async () => {
    expect(await vault(source).getFunction('assetId')(tokenAddress)).toBe(`0x${'00'.repeat(32)}`);
    const predicted = await vault(destination).getFunction('calculateCreate2TokenAddress')(SOURCE, tokenAddress);
    expect(await providerOf(destination).getCode(predicted)).toBe('0x');
    bridged = predicted;
  });

  it('the first transfer escrows on 271 and deploys and mints the bridged token on 272 with the same name, symbol and decimals', async () => {
    const sent = (first = await sendTokens(source, destination, RICH_ADDRESS, 400n, RECEIVER, tokenAddress));
    expect(await erc20(tokenAddress, source).getFunction('balanceOf')(L2_NATIVE_TOKEN_VAULT_ADDRESS)).toBe(400n);
    expect(await vault(source).getFunction('assetId')(tokenAddress)).toBe(assetId);
    expect(await providerOf(destination).getCode(bridged)).toBe('0x');
    firstProof = (await deliver(source, destination, sent)).proof;
    expect(await vault(destination).getFunction('tokenAddress')(assetId)).toBe(bridged);
    const copy = erc20(bridged, destination);
    expect([await copy.getFunction('name')(), await copy.getFunction('symbol')(), await copy.getFunction('decimals')()]).toEqual(['Interop Token', 'ITK', 8n]);
    expect(await copy.getFunction('balanceOf')(RECEIVER)).toBe(400n);
  });

  it("the bundle carries the router's finalizeDeposit, from 271's router to 272's router, with no value", () => {
    expect(first.bundle.calls).toHaveLength(1);
    const [call] = first.bundle.calls;
    expect([getAddress(call!.from), getAddress(call!.to), call!.value]).toEqual([getAddress(L2_ASSET_ROUTER_ADDRESS), getAddress(L2_ASSET_ROUTER_ADDRESS), 0n]);
    const finalize = decodeFunctionData({ abi: l2AssetRouterAbi, data: call!.data });
    expect(finalize.functionName).toBe('finalizeDeposit');
    expect(finalize.args?.slice(0, 2)).toEqual([BigInt(SOURCE), assetId]);
  });

  it('a second transfer mints on the same bridged token', async () => {
    await deliver(source, destination, await sendTokens(source, destination, RICH_ADDRESS, 100n, RECEIVER, tokenAddress));
    expect(await vault(destination).getFunction('tokenAddress')(assetId)).toBe(bridged);
    expect(await vault(destination).getFunction('bridgedTokensCount')()).toBe(1n);
    expect(await erc20(bridged, destination).getFunction('balanceOf')(RECEIVER)).toBe(500n);
  });

  it('executing the first transfer again is refused (BundleAlreadyProcessed) and mints nothing', async () => {
    const data = encodeFunctionData({ abi: interopHandlerAbi, functionName: 'executeBundle', args: [first.encoded, firstProof] });
    const answer = await post(destination.url, 'eth_call', [{ from: RELAYER, to: INTEROP_HANDLER_ADDRESS, data }, 'latest']);
    const revert = decodeErrorResult({ abi: interopHandlerAbi, data: answer.error?.data as Hex });
    expect({ errorName: revert.errorName, args: revert.args }).toEqual({ errorName: 'BundleAlreadyProcessed', args: [first.hash] });
    expect(await erc20(bridged, destination).getFunction('totalSupply')()).toBe(500n);
  });

  it('the way back burns on 272 and releases the escrow on 271', async () => {
    const before = await erc20(tokenAddress, source).getFunction('balanceOf')(RICH_ADDRESS);
    // A bridged token is burnt by the vault: no approval.
    const sent = await sendTokens(destination, source, RECEIVER, 150n, RICH_ADDRESS, bridged as Address);
    expect(await erc20(bridged, destination).getFunction('totalSupply')()).toBe(350n);
    expect(await erc20(bridged, destination).getFunction('balanceOf')(RECEIVER)).toBe(350n);
    await deliver(destination, source, sent);
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

  it('a token call that also asks for an interopCallValue is refused by the vault (NonEmptyMsgValue): ERC-20 transfers carry no value', async () => {
    const call = { to: L2_ASSET_ROUTER_ADDRESS, data: depositData(assetId, burnData(1n, RECEIVER, tokenAddress)), attributes: [attributes.indirectCall(0n), attributes.interopCallValue(1n)] };
    const data = sendBundleCall(DESTINATION, [call], [attributes.useFixedFee(false)]);
    const answer = await post(source.url, 'eth_call', [{ from: RICH_ADDRESS, to: INTEROP_CENTER_ADDRESS, data, value: '0x1' }, 'latest']);
    const revert = decodeErrorResult({ abi: l2NativeTokenVaultAbi, data: answer.error?.data as Hex });
    expect(revert.errorName).toBe('NonEmptyMsgValue');
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
