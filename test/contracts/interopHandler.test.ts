/**
 * InteropHandler's checks that need no proof, on one engine (chain 272), in era-contracts 7cdd5474's order
 * and with its errors; L2BaseTokenHolder's and the handler's guards on base-token movements.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeAbiParameters, encodeFunctionData, keccak256, type Hex } from 'viem';
import { createEngine, type Engine } from '../../src/chain/engine.ts';
import { installSystemContracts } from '../../src/chain/genesis.ts';
import {
  ETH_TOKEN_L1_ADDRESS,
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L2_BASE_TOKEN_HOLDER_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  interopHandlerAbi,
  l2BaseTokenHolderAbi,
  isSystemAddress,
} from '../../src/contracts/index.ts';
import { bundleHash, encodeBundle, formatEvmV1, type InteropBundle } from '../../src/protocol/bundle.ts';
import { TEST_ACCOUNT, revertOf } from '../support/systemChain.ts';

const L1 = 9;
const ETH_ASSET_ID = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [BigInt(L1), L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_L1_ADDRESS]));
const RECEIVER = '0x4444444444444444444444444444444444444444';

const bundle = (over: Partial<InteropBundle> = {}): InteropBundle => ({
  version: '0x01',
  sourceChainId: 271n,
  destinationChainId: 272n,
  destinationBaseTokenAssetId: ETH_ASSET_ID,
  interopBundleSalt: keccak256('0x05'),
  calls: [{ version: '0x01', shadowAccount: false, to: RECEIVER, from: TEST_ACCOUNT.address, value: 0n, data: '0x' }],
  bundleAttributes: { executionAddress: '0x', unbundlerAddress: formatEvmV1({ address: TEST_ACCOUNT.address }), useFixedFee: false },
  ...over,
});
const proof = (over: { chainId?: bigint; sender?: `0x${string}` } = {}) => ({
  chainId: over.chainId ?? 271n,
  l1BatchNumber: 1n,
  l2MessageIndex: 0n,
  message: { txNumberInBatch: 0, sender: over.sender ?? INTEROP_CENTER_ADDRESS, data: '0x' as Hex },
  proof: [] as Hex[],
});

async function chain272(settlesOnL1 = false): Promise<Engine> {
  const engine = await createEngine({ chainId: 272, accounts: [{ privateKey: TEST_ACCOUNT.privateKey, balance: 10n ** 24n }], automine: true });
  await installSystemContracts(engine, { isGateway: false, l1ChainId: L1, interopChains: [271, 272], settlesOnL1 });
  return engine;
}

describe('InteropHandler', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await chain272();
  });
  const execute = (b: InteropBundle, p = proof()) =>
    engine.execute({ from: TEST_ACCOUNT.address, to: INTEROP_HANDLER_ADDRESS, data: encodeFunctionData({ abi: interopHandlerAbi, functionName: 'executeBundle', args: [encodeBundle(b), p] }) });

  it('refuses a bundle of another version: InvalidInteropBundleVersion', async () => {
    expect((await revertOf(execute(bundle({ version: '0x02' })), interopHandlerAbi)).errorName).toBe('InvalidInteropBundleVersion');
  });

  it('refuses a proof for another source chain: WrongSourceChainId, the hash taken with the proof chain', async () => {
    const encoded = encodeBundle(bundle());
    expect(await revertOf(execute(bundle(), proof({ chainId: 273n })), interopHandlerAbi)).toEqual({ errorName: 'WrongSourceChainId', args: [bundleHash(273, encoded), 271n, 273n] });
  });

  it('refuses a bundle for another base token: WrongDestinationBaseTokenAssetId', async () => {
    const other = keccak256('0x06');
    const error = await revertOf(execute(bundle({ destinationBaseTokenAssetId: other })), interopHandlerAbi);
    expect(error.errorName).toBe('WrongDestinationBaseTokenAssetId');
    expect(error.args.slice(1)).toEqual([ETH_ASSET_ID, other]);
  });

  it('refuses a message not sent by InteropCenter: UnauthorizedMessageSender', async () => {
    const error = await revertOf(execute(bundle(), proof({ sender: TEST_ACCOUNT.address })), interopHandlerAbi);
    expect(error).toEqual({ errorName: 'UnauthorizedMessageSender', args: [INTEROP_CENTER_ADDRESS, TEST_ACCOUNT.address] });
  });

  it('refuses a bundle no root proves: MessageNotIncluded', async () => {
    // A well-formed plain path (its first word is not a metadata word) leading to no stored root.
    const p = { ...proof(), proof: [keccak256('0x08')] };
    expect((await revertOf(execute(bundle(), p), interopHandlerAbi)).errorName).toBe('MessageNotIncluded');
  });

  it('checks the unbundler, then the status count, then that the bundle was verified', async () => {
    const unbundle = (statuses: number[]) =>
      engine.execute({ from: TEST_ACCOUNT.address, to: INTEROP_HANDLER_ADDRESS, data: encodeFunctionData({ abi: interopHandlerAbi, functionName: 'unbundleBundle', args: [271n, encodeBundle(bundle()), statuses] }) });
    expect(await revertOf(unbundle([1, 1]), interopHandlerAbi)).toEqual({ errorName: 'WrongCallStatusLength', args: [1n, 2n] });
    expect((await revertOf(unbundle([1]), interopHandlerAbi)).errorName).toBe('CanNotUnbundle');
  });

  it('takes the rescue path receiveMessage only from itself: Unauthorized', async () => {
    const data = encodeFunctionData({ abi: interopHandlerAbi, functionName: 'receiveMessage', args: [keccak256('0x07'), formatEvmV1({ chainId: 271, address: TEST_ACCOUNT.address }), '0x'] });
    expect(await revertOf(engine.execute({ from: TEST_ACCOUNT.address, to: INTEROP_HANDLER_ADDRESS, data }), interopHandlerAbi)).toEqual({ errorName: 'Unauthorized', args: [TEST_ACCOUNT.address] });
  });

  it('refuses unbundling on a chain settling on the L1 directly: NotInGatewayMode', async () => {
    const onL1 = await chain272(true);
    const data = encodeFunctionData({ abi: interopHandlerAbi, functionName: 'unbundleBundle', args: [271n, encodeBundle(bundle()), [1]] });
    expect((await revertOf(onL1.execute({ from: TEST_ACCOUNT.address, to: INTEROP_HANDLER_ADDRESS, data }), interopHandlerAbi)).errorName).toBe('NotInGatewayMode');
  });
});

describe('L2BaseTokenHolder', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await chain272();
  });

  it('holds 2^128 wei from genesis', async () => {
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [L2_BASE_TOKEN_HOLDER_ADDRESS, 'latest']))).toBe(1n << 128n);
  });

  it('pays out only to InteropHandler and takes value only from the bridging contracts', async () => {
    const give = encodeFunctionData({ abi: l2BaseTokenHolderAbi, functionName: 'give', args: [TEST_ACCOUNT.address, 1n, 271n] });
    expect((await revertOf(engine.execute({ from: TEST_ACCOUNT.address, to: L2_BASE_TOKEN_HOLDER_ADDRESS, data: give }), l2BaseTokenHolderAbi)).errorName).toBe('Unauthorized');
    const burn = encodeFunctionData({ abi: l2BaseTokenHolderAbi, functionName: 'burnAndStartBridging', args: [271n] });
    expect((await revertOf(engine.execute({ from: TEST_ACCOUNT.address, to: L2_BASE_TOKEN_HOLDER_ADDRESS, data: burn, value: 1n }), l2BaseTokenHolderAbi)).errorName).toBe('Unauthorized');
    expect((await revertOf(engine.execute({ from: TEST_ACCOUNT.address, to: L2_BASE_TOKEN_HOLDER_ADDRESS, data: '0x', value: 1n }), l2BaseTokenHolderAbi)).errorName).toBe('Unauthorized');
  });

  it('sits, like InteropCenter and InteropHandler, at a system address no RPC caller can act as', () => {
    for (const address of [INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS, L2_BASE_TOKEN_HOLDER_ADDRESS]) expect(isSystemAddress(address)).toBe(true);
  });

  it('lets no one but the holder pay InteropHandler', async () => {
    expect((await revertOf(engine.execute({ from: TEST_ACCOUNT.address, to: INTEROP_HANDLER_ADDRESS, data: '0x', value: 1n }), interopHandlerAbi)).errorName).toBe('Unauthorized');
  });
});
