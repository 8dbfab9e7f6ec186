/**
 * L1's contracts on a real EVM (SPEC §10): the ZK chain contract's getters, Bridgehub's registry and
 * base-token views, the views the SDKs read at start (ChainTypeManager, L1AssetRouter, L1Nullifier,
 * L1NativeTokenVault), and L1's own MessageRoot receiving the batches of the chains that settle on L1.
 */
import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import {
  BOOTLOADER_ADDRESS,
  BRIDGEHUB_ADDRESS,
  CHAIN_TYPE_MANAGER_ADDRESS,
  ETH_TOKEN_L1_ADDRESS,
  L1_ASSET_ROUTER_ADDRESS,
  L1_NATIVE_TOKEN_VAULT_ADDRESS,
  L1_NULLIFIER_ADDRESS,
  L2_ASSET_ROUTER_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  bridgehubAbi,
  chainSettlementAbi,
  chainSettlementAddress,
  chainTypeManagerAbi,
  l1AssetRouterAbi,
  l1NativeTokenVaultAbi,
  l1NullifierAbi,
  messageRootAbi,
} from '../../src/contracts/index.ts';
import { createEngine } from '../../src/chain/engine.ts';
import { installL1Contracts, registerL1Chain } from '../../src/chain/genesis.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { storedBatchHash } from '../../src/protocol/settlement.ts';
import { L1_CHAIN_ID, createL1Chain, settleBatch } from '../support/l1Chain.ts';
import { TEST_ACCOUNT, calldata, createSystemChain, readContract, revertOf } from '../support/systemChain.ts';

const GATEWAY = 506;
const OPERATOR: Address = TEST_ACCOUNT.address;
const STRANGER: Address = '0x000000000000000000000000000000000000dEaD';
const ZERO: Hex = `0x${'00'.repeat(32)}`;
const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';
const rootOf = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;

/** ETH's asset id as era-contracts' DataEncoding.encodeNTVAssetId(l1ChainId, ETH_TOKEN_ADDRESS) computes it. */
const ethAssetId = (l1ChainId: number): Hex =>
  keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [BigInt(l1ChainId), L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_L1_ADDRESS]));

/** L1 with Gateway and chain 273 settling there, and chain 271 settling on Gateway. */
function l1() {
  return createL1Chain({
    settlingChains: [{ chainId: GATEWAY, operator: OPERATOR }, { chainId: 273, operator: OPERATOR }],
    settlementLayers: [GATEWAY],
    chainsOnSettlementLayers: [{ chainId: 271, operator: OPERATOR, settlementLayer: GATEWAY }],
  });
}

describe('ZK chain contract getters (ChainSettlement)', () => {
  it('getTotalBatchesCommitted, getTotalBatchesVerified and getTotalBatchesExecuted follow commit, prove and execute', async () => {
    const { engine } = await l1();
    const address = chainSettlementAddress(273);
    const read = (functionName: 'getTotalBatchesCommitted' | 'getTotalBatchesVerified' | 'getTotalBatchesExecuted') =>
      readContract(engine, { address, abi: chainSettlementAbi, functionName });
    const counts = async () => [await read('getTotalBatchesCommitted'), await read('getTotalBatchesVerified'), await read('getTotalBatchesExecuted')];
    const call = (data: Hex) => engine.execute({ from: OPERATOR, to: address, data });

    expect(await counts()).toEqual([0n, 0n, 0n]);
    await call(calldata(chainSettlementAbi, 'commit', [1n, rootOf(1), ZERO, ZERO]));
    expect(await counts()).toEqual([1n, 0n, 0n]);
    await call(calldata(chainSettlementAbi, 'prove', [1n]));
    expect(await counts()).toEqual([1n, 1n, 0n]);
    await call(calldata(chainSettlementAbi, 'execute', [1n, []]));
    expect(await counts()).toEqual([1n, 1n, 1n]);
  });

  it('l2LogsRootHash is the chain batch root of an executed batch and zero before execute', async () => {
    const { engine } = await l1();
    const address = chainSettlementAddress(273);
    const logsRoot = (batch: bigint) => readContract(engine, { address, abi: chainSettlementAbi, functionName: 'l2LogsRootHash', args: [batch] });
    await engine.execute({ from: OPERATOR, to: address, data: calldata(chainSettlementAbi, 'commit', [1n, rootOf(0xa1), ZERO, ZERO]) });
    await engine.execute({ from: OPERATOR, to: address, data: calldata(chainSettlementAbi, 'prove', [1n]) });
    expect(await logsRoot(1n)).toBe(ZERO);
    await engine.execute({ from: OPERATOR, to: address, data: calldata(chainSettlementAbi, 'execute', [1n, []]) });
    expect(await logsRoot(1n)).toBe(rootOf(0xa1));
    expect(await logsRoot(2n)).toBe(ZERO);
  });

  it('storedBatchHash, getChainId, getBridgehub and getSettlementLayer answer for the chain', async () => {
    const { engine } = await l1();
    const address = chainSettlementAddress(273);
    await settleBatch(engine, 273, 1n, rootOf(1));
    expect(await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'storedBatchHash', args: [1n] })).toBe(storedBatchHash(1, rootOf(1), ZERO, ZERO));
    expect(await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'getChainId' })).toBe(273n);
    expect(await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'getBridgehub' })).toBe(BRIDGEHUB_ADDRESS);
    expect(await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'getSettlementLayer' })).toBe(ZERO_ADDRESS);
  });

  it("a chain settling on Gateway names Gateway's ZK chain contract as its settlement layer and cannot commit on L1", async () => {
    const { engine } = await l1();
    const address = chainSettlementAddress(271);
    expect((await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'getSettlementLayer' })).toLowerCase()).toBe(chainSettlementAddress(GATEWAY));
    const commit = engine.execute({ from: OPERATOR, to: address, data: calldata(chainSettlementAbi, 'commit', [1n, rootOf(1), ZERO, ZERO]) });
    expect((await revertOf(commit, chainSettlementAbi)).errorName).toBe('ChainSettlesElsewhere');
  });

  it("executing a batch on L1 appends it to L1's own MessageRoot", async () => {
    const { engine } = await l1();
    await settleBatch(engine, GATEWAY, 1n, rootOf(7));
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'chainBatchCount', args: [BigInt(GATEWAY)] })).toBe(1n);
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'chainIndexToId', args: [0n] })).toBe(BigInt(L1_CHAIN_ID));
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'chainRegistered', args: [271n] })).toBe(false);
  });
});

describe('Bridgehub on L1', () => {
  it('maps each chain to its ZK chain contract and lists them in registration order', async () => {
    const { engine, installed } = await l1();
    for (const chainId of [GATEWAY, 273, 271]) {
      const zkChain = await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getZKChain', args: [BigInt(chainId)] });
      expect(zkChain.toLowerCase()).toBe(chainSettlementAddress(chainId));
    }
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getZKChain', args: [272n] })).toBe(ZERO_ADDRESS);
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getAllZKChainChainIDs' })).toEqual([BigInt(GATEWAY), 273n, 271n]);
    expect([...installed.settling, ...installed.onSettlementLayers].map((c) => c.chainId)).toEqual([GATEWAY, 273, 271]);
  });

  it('whitelists Gateway, and only Gateway, as a settlement layer', async () => {
    const { engine } = await l1();
    const whitelisted = (id: number) => readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'whitelistedSettlementLayers', args: [BigInt(id)] });
    expect([await whitelisted(GATEWAY), await whitelisted(273), await whitelisted(271)]).toEqual([true, false, false]);
  });

  it('names ETH (0x…01) as the base token of every registered chain and nothing for an unknown one', async () => {
    const { engine } = await l1();
    const baseToken = (id: bigint) => readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'baseToken', args: [id] });
    expect(await baseToken(271n)).toBe(ETH_TOKEN_L1_ADDRESS);
    expect(await baseToken(BigInt(GATEWAY))).toBe(ETH_TOKEN_L1_ADDRESS);
    expect(await baseToken(999n)).toBe(ZERO_ADDRESS);
  });

  it('baseTokenAssetId is keccak256(abi.encode(L1 chain id, 0x…10004, 0x…01))', async () => {
    const { engine } = await l1();
    const assetId = await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'baseTokenAssetId', args: [271n] });
    expect(assetId).toBe(ethAssetId(L1_CHAIN_ID));
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'baseTokenAssetId', args: [999n] })).toBe(ZERO);
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'assetIdIsRegistered', args: [assetId] })).toBe(true);
  });

  it('names the asset router, chain type manager, MessageRoot, L1 chain id and admin', async () => {
    const { engine } = await l1();
    const read = <const F extends 'assetRouter' | 'messageRoot' | 'L1_CHAIN_ID' | 'admin'>(functionName: F) =>
      readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName });
    expect(await read('assetRouter')).toBe(L1_ASSET_ROUTER_ADDRESS);
    expect((await read('messageRoot')).toLowerCase()).toBe(MESSAGE_ROOT_ADDRESS);
    expect(await read('L1_CHAIN_ID')).toBe(BigInt(L1_CHAIN_ID));
    expect(await read('admin')).toBe(BOOTLOADER_ADDRESS);
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'chainTypeManager', args: [271n] })).toBe(CHAIN_TYPE_MANAGER_ADDRESS);
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'chainTypeManager', args: [999n] })).toBe(ZERO_ADDRESS);
  });

  it('only its admin registers chains, each once', async () => {
    const { engine } = await l1();
    const register = (from: Address, chainId: bigint) =>
      engine.execute({ from, to: BRIDGEHUB_ADDRESS, data: calldata(bridgehubAbi, 'registerChain', [chainId, STRANGER]) });
    expect(await revertOf(register(STRANGER, 274n), bridgehubAbi)).toEqual({ errorName: 'NotBridgehubAdmin', args: [STRANGER] });
    expect(await revertOf(register(BOOTLOADER_ADDRESS, 273n), bridgehubAbi)).toEqual({ errorName: 'ChainAlreadyRegistered', args: [273n] });
    const again = engine.execute({ from: BOOTLOADER_ADDRESS, to: BRIDGEHUB_ADDRESS, data: calldata(bridgehubAbi, 'initialize', [1n, STRANGER, STRANGER]) });
    expect((await revertOf(again, bridgehubAbi)).errorName).toBe('BridgehubAlreadyInitialized');
  });

  it('proveL2MessageInclusion for a chain without a ZK chain contract reverts ChainNotRegistered', async () => {
    const { engine } = await l1();
    const call = readContract(engine, {
      address: BRIDGEHUB_ADDRESS,
      abi: bridgehubAbi,
      functionName: 'proveL2MessageInclusion',
      args: [999n, 1n, 0n, { txNumberInBatch: 0, sender: STRANGER, data: '0x' }, [rootOf(1)]],
    });
    expect(await revertOf(call, bridgehubAbi)).toEqual({ errorName: 'ChainNotRegistered', args: [999n] });
  });
});

describe('the L1 views the SDKs read at start', () => {
  it('Bridgehub.assetRouter() → L1AssetRouter.L1_NULLIFIER() → L1Nullifier.l1NativeTokenVault() leads to the vault', async () => {
    const { engine } = await l1();
    const router = await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'assetRouter' });
    const nullifier = await readContract(engine, { address: router, abi: l1AssetRouterAbi, functionName: 'L1_NULLIFIER' });
    expect(nullifier).toBe(L1_NULLIFIER_ADDRESS);
    const vault = await readContract(engine, { address: nullifier, abi: l1NullifierAbi, functionName: 'l1NativeTokenVault' });
    expect(vault).toBe(L1_NATIVE_TOKEN_VAULT_ADDRESS);
    expect(await readContract(engine, { address: router, abi: l1AssetRouterAbi, functionName: 'BRIDGE_HUB' })).toBe(BRIDGEHUB_ADDRESS);
    expect(await readContract(engine, { address: router, abi: l1AssetRouterAbi, functionName: 'nativeTokenVault' })).toBe(L1_NATIVE_TOKEN_VAULT_ADDRESS);
  });

  it('the chain type manager reports protocol version v31 (semver 0.31.0, packed 31 << 32), which zksync-js 0.0.19 requires for interop, for a registered chain', async () => {
    const { engine } = await l1();
    const ctm = await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'chainTypeManager', args: [271n] });
    expect(await readContract(engine, { address: ctm, abi: chainTypeManagerAbi, functionName: 'getSemverProtocolVersion' })).toEqual([0, 31, 0]);
    expect(await readContract(engine, { address: ctm, abi: chainTypeManagerAbi, functionName: 'protocolVersion' })).toBe(31n << 32n);
    expect(await readContract(engine, { address: ctm, abi: chainTypeManagerAbi, functionName: 'getProtocolVersion', args: [271n] })).toBe(31n << 32n);
    expect(await readContract(engine, { address: ctm, abi: chainTypeManagerAbi, functionName: 'getProtocolVersion', args: [999n] })).toBe(0n);
    expect((await readContract(engine, { address: ctm, abi: chainTypeManagerAbi, functionName: 'getZKChain', args: [271n] })).toLowerCase()).toBe(chainSettlementAddress(271));
  });

  it('the native token vault knows ETH alone, under its asset id', async () => {
    const { engine } = await l1();
    const vault = L1_NATIVE_TOKEN_VAULT_ADDRESS;
    expect(await readContract(engine, { address: vault, abi: l1NativeTokenVaultAbi, functionName: 'assetId', args: [ETH_TOKEN_L1_ADDRESS] })).toBe(ethAssetId(L1_CHAIN_ID));
    expect(await readContract(engine, { address: vault, abi: l1NativeTokenVaultAbi, functionName: 'tokenAddress', args: [ethAssetId(L1_CHAIN_ID)] })).toBe(ETH_TOKEN_L1_ADDRESS);
    expect(await readContract(engine, { address: vault, abi: l1NativeTokenVaultAbi, functionName: 'originChainId', args: [ethAssetId(L1_CHAIN_ID)] })).toBe(BigInt(L1_CHAIN_ID));
    expect(await readContract(engine, { address: vault, abi: l1NativeTokenVaultAbi, functionName: 'assetId', args: [STRANGER] })).toBe(ZERO);
    expect(await readContract(engine, { address: vault, abi: l1NativeTokenVaultAbi, functionName: 'WETH_TOKEN' })).toBe(ZERO_ADDRESS);
    expect(await readContract(engine, { address: L1_ASSET_ROUTER_ADDRESS, abi: l1AssetRouterAbi, functionName: 'ETH_TOKEN_ASSET_ID' })).toBe(ethAssetId(L1_CHAIN_ID));
  });

  it('no withdrawal is ever finalized', async () => {
    const { engine } = await l1();
    expect(await readContract(engine, { address: L1_NULLIFIER_ADDRESS, abi: l1NullifierAbi, functionName: 'isWithdrawalFinalized', args: [271n, 1n, 0n] })).toBe(false);
  });
});

describe('the L2 Bridgehub (0x…10002 on every chain)', () => {
  it("names ETH as the chain's own base token, under the asset id its native token vault reports", async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'baseToken', args: [271n] })).toBe(ETH_TOKEN_L1_ADDRESS);
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'baseTokenAssetId', args: [271n] })).toBe(ethAssetId(271));
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'assetRouter' })).toBe(L2_ASSET_ROUTER_ADDRESS);
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getZKChain', args: [271n] })).toBe(ZERO_ADDRESS);
  });
});

describe("L1's genesis (installL1Contracts)", () => {
  const freshL1 = () => createEngine({ chainId: L1_CHAIN_ID, accounts: [], automine: true });

  it('refuses duplicate chain ids, L1 itself, a settlement layer not settling on L1 and a chain on an unknown layer', async () => {
    const op = OPERATOR;
    await expect(installL1Contracts(await freshL1(), { settlingChains: [{ chainId: 273, operator: op }, { chainId: 273, operator: op }] })).rejects.toThrow(InvalidArgumentError);
    await expect(installL1Contracts(await freshL1(), { settlingChains: [{ chainId: L1_CHAIN_ID, operator: op }] })).rejects.toThrow(InvalidArgumentError);
    await expect(installL1Contracts(await freshL1(), { settlingChains: [], settlementLayers: [GATEWAY] })).rejects.toThrow(InvalidArgumentError);
    const unknownLayer = { settlingChains: [{ chainId: GATEWAY, operator: op }], chainsOnSettlementLayers: [{ chainId: 271, operator: op, settlementLayer: GATEWAY }] };
    await expect(installL1Contracts(await freshL1(), unknownLayer)).rejects.toThrow(InvalidArgumentError);
  });

  it('registerL1Chain adds a chain later, settling on Gateway or on L1', async () => {
    const { engine } = await l1();
    await registerL1Chain(engine, { chainId: 274, operator: OPERATOR, settlementLayer: GATEWAY });
    await registerL1Chain(engine, { chainId: 275, operator: OPERATOR });
    expect(await readContract(engine, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getAllZKChainChainIDs' })).toEqual([BigInt(GATEWAY), 273n, 271n, 274n, 275n]);
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'chainRegistered', args: [275n] })).toBe(true);
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'chainRegistered', args: [274n] })).toBe(false);
    await settleBatch(engine, 275, 1n, rootOf(5));
    expect(await readContract(engine, { address: chainSettlementAddress(275), abi: chainSettlementAbi, functionName: 'l2LogsRootHash', args: [1n] })).toBe(rootOf(5));
  });
});
