/**
 * Cross-chain ERC-20 transfers through L2AssetRouter (0x…10003) and L2NativeTokenVault (0x…10004) on two
 * real EVMs (chains 271 and 272, the L1 named 9 as on a started network), contracts only: the test's
 * TokenCarrier plays InteropCenter on the source and InteropHandler on the destination
 * (test/support/tokenBridge.ts). Payloads, asset ids and the bridged token's address are checked
 * against values computed in TypeScript from era-contracts 7cdd5474's rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEventLog, encodeAbiParameters, getAddress, encodeFunctionData, getContractAddress, keccak256, toFunctionSelector, toEventSelector, concat, type Abi, type Address, type Hex } from 'viem';
import { createEngine, type Engine } from '../../src/chain/engine.ts';
import { installSystemContracts } from '../../src/chain/genesis.ts';
import {
  L2_ASSET_ROUTER_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  bridgedStandardERC20Abi,
  bridgedStandardERC20Bytecode,
  l2AssetRouterAbi,
  l2NativeTokenVaultAbi,
  testTokenAbi,
  testTokenBytecode,
} from '../../src/contracts/index.ts';
import { TEST_ACCOUNT, calldata, readContract, revertOf } from '../support/systemChain.ts';
import {
  ETH_TOKEN,
  INTEROP_CENTER,
  INTEROP_HANDLER,
  asInteropContracts,
  burnData,
  depositData,
  erc7930,
  mintData,
  ntvAssetId,
  receiveMessageCall,
  tokenData,
  type CallStarter,
  type TokenCarrier,
} from '../support/tokenBridge.ts';

const L1_CHAIN_ID = 9;
const SOURCE = 271;
const DESTINATION = 272;
const ALICE: Address = TEST_ACCOUNT.address;
const BOB: Address = '0x000000000000000000000000000000000000b0b0';
const SUPPLY = 10n ** 24n;
const ERRORS = [...l2AssetRouterAbi, ...l2NativeTokenVaultAbi, ...testTokenAbi] as Abi;

/** The carrier between the chains; swap for the real InteropCenter/InteropHandler once they are installed. */
const carrier: TokenCarrier = asInteropContracts;

async function chain(chainId: number): Promise<Engine> {
  const engine = await createEngine({ chainId, accounts: [{ privateKey: TEST_ACCOUNT.privateKey, balance: 10n ** 24n }], automine: true });
  await installSystemContracts(engine, { isGateway: false, l1ChainId: L1_CHAIN_ID });
  return engine;
}

async function deployToken(engine: Engine, name: string, symbol: string, decimals: number): Promise<Address> {
  const data = concat([testTokenBytecode, encodeAbiParameters([{ type: 'string' }, { type: 'string' }, { type: 'uint8' }, { type: 'uint256' }], [name, symbol, decimals, SUPPLY])]);
  const receipt = await engine.execute({ from: ALICE, data });
  return getAddress(receipt.contractAddress!);
}

function approve(engine: Engine, token: Address, amount: bigint) {
  return engine.execute({ from: ALICE, to: token, data: calldata(testTokenAbi, 'approve', [L2_NATIVE_TOKEN_VAULT_ADDRESS, amount]) });
}

function balanceOf(engine: Engine, token: Address, who: Address) {
  return readContract(engine, { address: token, abi: testTokenAbi, functionName: 'balanceOf', args: [who] });
}

describe('an ERC-20 native on 271 moved to 272 and back', () => {
  let source: Engine;
  let destination: Engine;
  let token: Address;
  let assetId: Hex;
  let bridged: Address;
  let firstStarter: CallStarter;
  let firstSourceLogs: Awaited<ReturnType<TokenCarrier['send']>>['receipt']['logs'];
  let bridgedCode: Hex;

  beforeAll(async () => {
    source = await chain(SOURCE);
    destination = await chain(DESTINATION);
    token = await deployToken(source, 'Test Token', 'TST', 6);
    assetId = ntvAssetId(SOURCE, token);
    await approve(source, token, 1000n);
    const sent = await carrier.send(source, { sender: ALICE, destinationChainId: DESTINATION, data: depositData(assetId, burnData(600n, BOB, token)) });
    firstStarter = sent.starter;
    firstSourceLogs = sent.receipt.logs;
    await carrier.deliver(destination, SOURCE, sent.starter);
    bridged = await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'tokenAddress', args: [assetId] });
    bridgedCode = await destination.request<Hex>('eth_getCode', [bridged, 'latest']);
  });

  it('the tokens are escrowed in the vault on 271 and the token is registered as native there', async () => {
    expect(await balanceOf(source, token, L2_NATIVE_TOKEN_VAULT_ADDRESS)).toBe(600n);
    expect(await balanceOf(source, token, ALICE)).toBe(SUPPLY - 600n);
    const read = <F extends 'assetId' | 'originChainId' | 'tokenAddress'>(functionName: F, arg: Address | Hex) =>
      readContract(source, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName, args: [arg] } as never);
    expect(await read('assetId', token)).toBe(assetId);
    expect(await read('originChainId', assetId)).toBe(BigInt(SOURCE));
    expect(await read('tokenAddress', assetId)).toBe(token);
    expect(await readContract(source, { address: L2_ASSET_ROUTER_ADDRESS, abi: l2AssetRouterAbi, functionName: 'assetHandlerAddress', args: [assetId] })).toBe(L2_NATIVE_TOKEN_VAULT_ADDRESS);
  });

  it('the router answers with finalizeDeposit on the router, carrying v31 mint data and interopCallValue(0)', () => {
    const metadata = tokenData(SOURCE, 'Test Token', 'TST', 6);
    const expectedData = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), assetId, mintData(ALICE, BOB, token, 600n, metadata)] });
    expect(firstStarter.to).toBe(`0x000100000014${L2_ASSET_ROUTER_ADDRESS.slice(2)}`.toLowerCase());
    expect(firstStarter.data).toBe(expectedData);
    expect(firstStarter.callAttributes).toEqual([concat([toFunctionSelector('interopCallValue(uint256)'), encodeAbiParameters([{ type: 'uint256' }], [0n])])]);
  });

  it('the source emits BridgeBurn and BridgehubDepositInitiated with v31 topics and the txDataHash of v31', () => {
    const routerLog = firstSourceLogs.find((l) => l.address.toLowerCase() === L2_ASSET_ROUTER_ADDRESS.toLowerCase() && l.topics[0] === toEventSelector('BridgehubDepositInitiated(uint256,bytes32,address,bytes32,bytes)'))!;
    const transferData = burnData(600n, BOB, token);
    const txDataHash = keccak256(concat(['0x01', encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes' }], [ALICE, assetId, transferData])]));
    const event = decodeEventLog({ abi: l2AssetRouterAbi, data: routerLog.data, topics: routerLog.topics });
    expect(event.args).toMatchObject({ chainId: BigInt(DESTINATION), txDataHash, from: ALICE, assetId });
    const burn = firstSourceLogs.find((l) => l.topics[0] === toEventSelector('BridgeBurn(uint256,bytes32,address,address,uint256)'))!;
    expect(burn.address.toLowerCase()).toBe(L2_NATIVE_TOKEN_VAULT_ADDRESS.toLowerCase());
    expect(decodeEventLog({ abi: l2NativeTokenVaultAbi, data: burn.data, topics: burn.topics }).args).toEqual({ chainId: BigInt(DESTINATION), assetId, sender: ALICE, receiver: BOB, amount: 600n });
  });

  it('on 272 a bridged token is deployed at the predicted CREATE2 address with the same name, symbol and decimals, and minted to the receiver', async () => {
    const salt = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }], [BigInt(SOURCE), token]));
    const predicted = getContractAddress({ opcode: 'CREATE2', from: L2_NATIVE_TOKEN_VAULT_ADDRESS, salt, bytecode: bridgedStandardERC20Bytecode });
    expect(bridged).toBe(predicted);
    expect(await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'calculateCreate2TokenAddress', args: [BigInt(SOURCE), token] })).toBe(predicted);
    const read = (functionName: 'name' | 'symbol' | 'decimals' | 'totalSupply') => readContract(destination, { address: bridged, abi: bridgedStandardERC20Abi, functionName });
    expect([await read('name'), await read('symbol'), await read('decimals'), await read('totalSupply')]).toEqual(['Test Token', 'TST', 6, 600n]);
    expect(await balanceOf(destination, bridged, BOB)).toBe(600n);
  });

  it("the vault on 272 names the bridged token's asset, origin chain and origin token", async () => {
    const ntv = <F extends 'assetId' | 'originChainId' | 'originToken'>(functionName: F, arg: Address | Hex) =>
      readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName, args: [arg] } as never);
    expect(await ntv('assetId', bridged)).toBe(assetId);
    expect(await ntv('originChainId', assetId)).toBe(BigInt(SOURCE));
    expect(await ntv('originToken', assetId)).toBe(token);
    expect(await readContract(destination, { address: bridged, abi: bridgedStandardERC20Abi, functionName: 'assetId' })).toBe(assetId);
    expect(await readContract(destination, { address: bridged, abi: bridgedStandardERC20Abi, functionName: 'originToken' })).toBe(token);
  });

  it('a second transfer mints on the same bridged token without deploying another', async () => {
    const countBefore = await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'bridgedTokensCount' });
    const sent = await carrier.send(source, { sender: ALICE, destinationChainId: DESTINATION, data: depositData(assetId, burnData(100n, BOB, token)) });
    const delivered = await carrier.deliver(destination, SOURCE, sent.starter);
    expect(delivered.logs.some((l) => l.topics[0] === toEventSelector('BridgeInitialize(address,string,string,uint8)'))).toBe(false);
    expect(await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'tokenAddress', args: [assetId] })).toBe(bridged);
    expect(await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'bridgedTokensCount' })).toBe(countBefore);
    expect(await balanceOf(destination, bridged, BOB)).toBe(700n);
    expect(await balanceOf(source, token, L2_NATIVE_TOKEN_VAULT_ADDRESS)).toBe(700n);
  });

  it('the way back burns the bridged token on 272 (no approval needed) and releases the escrow on 271', async () => {
    const sent = await carrier.send(destination, { sender: BOB, destinationChainId: SOURCE, data: depositData(assetId, burnData(250n, ALICE, bridged)) });
    expect(await balanceOf(destination, bridged, BOB)).toBe(450n);
    expect(await readContract(destination, { address: bridged, abi: bridgedStandardERC20Abi, functionName: 'totalSupply' })).toBe(450n);
    const aliceBefore = await balanceOf(source, token, ALICE);
    const delivered = await carrier.deliver(source, DESTINATION, sent.starter);
    expect(await balanceOf(source, token, ALICE)).toBe(aliceBefore + 250n);
    expect(await balanceOf(source, token, L2_NATIVE_TOKEN_VAULT_ADDRESS)).toBe(450n);
    const mint = delivered.logs.find((l) => l.topics[0] === toEventSelector('BridgeMint(uint256,bytes32,address,uint256)'))!;
    expect(decodeEventLog({ abi: l2NativeTokenVaultAbi, data: mint.data, topics: mint.topics }).args).toEqual({ chainId: BigInt(DESTINATION), assetId, receiver: ALICE, amount: 250n });
    const finalized = delivered.logs.find((l) => l.topics[0] === toEventSelector('DepositFinalizedAssetRouter(uint256,bytes32,bytes)'))!;
    expect(finalized.topics[1]).toBe(encodeAbiParameters([{ type: 'uint256' }], [BigInt(DESTINATION)]));
  });

  it('the bridged token carries the standard ERC-20 ledger (a holder can transfer it)', async () => {
    await destination.execute({ from: BOB, to: bridged, data: calldata(bridgedStandardERC20Abi, 'transfer', [ALICE, 50n]) });
    expect(await balanceOf(destination, bridged, ALICE)).toBe(50n);
    expect(bridgedCode.length).toBeGreaterThan(2);
  });
});

describe('who may move tokens through the router', () => {
  let source: Engine;
  let destination: Engine;
  let token: Address;
  let assetId: Hex;

  beforeAll(async () => {
    source = await chain(SOURCE);
    destination = await chain(DESTINATION);
    token = await deployToken(source, 'Guarded', 'GRD', 18);
    assetId = ntvAssetId(SOURCE, token);
    await approve(source, token, 10n ** 20n);
  });

  const initiate = (data: Hex, value = 0n) =>
    encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'initiateIndirectCall', args: [BigInt(DESTINATION), ALICE, value, data] });

  it('initiateIndirectCall from anyone but InteropCenter reverts Unauthorized', async () => {
    const data = initiate(depositData(assetId, burnData(1n, BOB, token)));
    expect(await revertOf(source.execute({ from: ALICE, to: L2_ASSET_ROUTER_ADDRESS, data }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [ALICE] });
  });

  it('receiveMessage from anyone but InteropHandler reverts Unauthorized', async () => {
    const payload = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), assetId, '0x00'] });
    expect(await revertOf(destination.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data: receiveMessageCall(SOURCE, payload) }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [INTEROP_CENTER] });
  });

  it('receiveMessage whose sender is not the router on another chain reverts Unauthorized', async () => {
    const payload = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), assetId, '0x00'] });
    const forged = receiveMessageCall(SOURCE, payload, ALICE);
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: forged }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [ALICE] });
    // the router itself, but claimed from the L1: L1 deposits do not arrive this way
    const fromL1 = receiveMessageCall(L1_CHAIN_ID, payload);
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: fromL1 }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [L2_ASSET_ROUTER_ADDRESS] });
  });

  it('receiveMessage with a payload that is not finalizeDeposit reverts InvalidSelector, a too short one PayloadTooShort', async () => {
    const other = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'setAssetHandlerAddressThisChain', args: [assetId, ALICE] });
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: receiveMessageCall(SOURCE, other) }), ERRORS)).toEqual({ errorName: 'InvalidSelector', args: [other.slice(0, 10)] });
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: receiveMessageCall(SOURCE, '0x11223344') }), ERRORS)).toEqual({ errorName: 'PayloadTooShort', args: [] });
  });

  it('receiveMessage with a malformed ERC-7930 sender reverts InteroperableAddressParsingError', async () => {
    const payload = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), assetId, '0x00'] });
    const data = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'receiveMessage', args: [keccak256(payload), '0x00020000', payload] });
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data }), ERRORS)).toEqual({ errorName: 'InteroperableAddressParsingError', args: ['0x00020000'] });
  });

  it('finalizeDeposit called directly (not through receiveMessage) reverts Unauthorized', async () => {
    const data = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), assetId, mintData(ALICE, BOB, token, 1n, tokenData(SOURCE, 'x', 'x', 1))] });
    for (const from of [ALICE, INTEROP_HANDLER]) {
      expect(await revertOf(destination.execute({ from, to: L2_ASSET_ROUTER_ADDRESS, data }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [from] });
    }
  });

  it('the vault takes bridgeBurn and bridgeMint only from the router', async () => {
    const burn = encodeFunctionData({ abi: l2NativeTokenVaultAbi, functionName: 'bridgeBurn', args: [BigInt(DESTINATION), 0n, assetId, ALICE, burnData(1n, BOB, token)] });
    expect(await revertOf(source.execute({ from: ALICE, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: burn }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [ALICE] });
    const mint = encodeFunctionData({ abi: l2NativeTokenVaultAbi, functionName: 'bridgeMint', args: [BigInt(SOURCE), assetId, mintData(ALICE, ALICE, token, 1n, tokenData(SOURCE, 'x', 'x', 1))] });
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: mint }), ERRORS)).toEqual({ errorName: 'Unauthorized', args: [INTEROP_HANDLER] });
  });

  it('the base-token asset is refused on this path with AssetIdNotSupported', async () => {
    const baseAssetId = ntvAssetId(L1_CHAIN_ID, ETH_TOKEN);
    expect(await readContract(source, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'BASE_TOKEN_ASSET_ID' })).toBe(baseAssetId);
    const data = initiate(depositData(baseAssetId, burnData(1n, BOB, '0x000000000000000000000000000000000000800A')));
    expect(await revertOf(source.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data }), ERRORS)).toEqual({ errorName: 'AssetIdNotSupported', args: [baseAssetId] });
  });

  it('the base-token asset delivered to the destination is refused too: finalizeDeposit fails and receiveMessage reverts ExecuteMessageFailed', async () => {
    const baseAssetId = ntvAssetId(L1_CHAIN_ID, ETH_TOKEN);
    const payload = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), baseAssetId, mintData(ALICE, BOB, ETH_TOKEN, 1n, tokenData(L1_CHAIN_ID, 'Ether', 'ETH', 18))] });
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: receiveMessageCall(SOURCE, payload) }), ERRORS)).toEqual({ errorName: 'ExecuteMessageFailed', args: [] });
  });

  it('a delivery whose asset id is not the one its origin token derives fails and deploys nothing', async () => {
    const forgedAssetId = ntvAssetId(SOURCE, BOB);
    const payload = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'finalizeDeposit', args: [BigInt(SOURCE), forgedAssetId, mintData(ALICE, ALICE, token, 1n, tokenData(SOURCE, 'Guarded', 'GRD', 18))] });
    expect(await revertOf(destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: receiveMessageCall(SOURCE, payload) }), ERRORS)).toEqual({ errorName: 'ExecuteMessageFailed', args: [] });
    expect(await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'bridgedTokensCount' })).toBe(0n);
    const predicted = await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'calculateCreate2TokenAddress', args: [BigInt(SOURCE), token] });
    expect(await destination.request('eth_getCode', [predicted, 'latest'])).toBe('0x');
  });

  it('a token transfer with an interopCallValue reverts NonEmptyMsgValue (value moves as call value, not through the vault)', async () => {
    const data = initiate(depositData(assetId, burnData(1n, BOB, token)), 5n);
    expect(await revertOf(source.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data }), ERRORS)).toEqual({ errorName: 'NonEmptyMsgValue', args: [] });
  });

  it('deposit data with another encoding version reverts UnsupportedEncodingVersion', async () => {
    const v2 = `0x02${depositData(assetId, burnData(1n, BOB, token)).slice(4)}` as Hex;
    expect(await revertOf(source.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data: initiate(v2) }), ERRORS)).toEqual({ errorName: 'UnsupportedEncodingVersion', args: [] });
  });

  it('an asset id that is not the token’s reverts AssetIdMismatch before anything moves', async () => {
    const wrong = ntvAssetId(DESTINATION, token);
    const data = initiate(depositData(wrong, burnData(1n, BOB, token)));
    expect(await revertOf(source.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data }), ERRORS)).toEqual({ errorName: 'AssetIdMismatch', args: [wrong, assetId] });
  });

  it('a sender who did not approve the vault cannot send (the token refuses transferFrom)', async () => {
    const data = initiate(depositData(assetId, burnData(1n, BOB, token)));
    const withoutAllowance = encodeFunctionData({ abi: l2AssetRouterAbi, functionName: 'initiateIndirectCall', args: [BigInt(DESTINATION), BOB, 0n, depositData(assetId, burnData(1n, BOB, token))] });
    expect(data).not.toBe(withoutAllowance);
    expect(await revertOf(source.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data: withoutAllowance }), ERRORS)).toEqual({
      errorName: 'ERC20InsufficientAllowance',
      args: [L2_NATIVE_TOKEN_VAULT_ADDRESS, 0n, 1n],
    });
  });
});

describe("zksync-js 0.0.19's preparation: ensureTokenIsRegistered before the bundle", () => {
  it('registers a native token once (the static call answers its asset id), and a transfer then reuses that registration', async () => {
    const source = await chain(SOURCE);
    const destination = await chain(DESTINATION);
    const token = await deployToken(source, 'Prepared', 'PRP', 18);
    const assetId = ntvAssetId(SOURCE, token);
    const ensure = calldata(l2NativeTokenVaultAbi, 'ensureTokenIsRegistered', [token]);
    expect(await source.call({ from: ALICE, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: ensure })).toBe(assetId);
    await source.execute({ from: ALICE, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: ensure });
    await source.execute({ from: ALICE, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: ensure });
    expect(await readContract(source, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'bridgedTokensCount' })).toBe(1n);
    expect(await readContract(source, { address: L2_ASSET_ROUTER_ADDRESS, abi: l2AssetRouterAbi, functionName: 'assetDeploymentTracker', args: [assetId] })).toBe(L2_NATIVE_TOKEN_VAULT_ADDRESS);
    await approve(source, token, 5n);
    const sent = await carrier.send(source, { sender: ALICE, destinationChainId: DESTINATION, data: depositData(assetId, burnData(5n, BOB, token)) });
    await carrier.deliver(destination, SOURCE, sent.starter);
    const bridged = await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'tokenAddress', args: [assetId] });
    expect(await balanceOf(destination, bridged, BOB)).toBe(5n);
    // on 272 the bridged token already has its asset id: ensureTokenIsRegistered answers it without registering it as native
    const ensureBridged = calldata(l2NativeTokenVaultAbi, 'ensureTokenIsRegistered', [bridged]);
    expect(await destination.call({ from: BOB, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: ensureBridged })).toBe(assetId);
  });
});

describe('the router and vault surface is v31’s', () => {
  it('function selectors match the era-contracts 7cdd5474 signatures', () => {
    const signatures = [
      'initiateIndirectCall(uint256,address,uint256,bytes)',
      'receiveMessage(bytes32,bytes,bytes)',
      'finalizeDeposit(uint256,bytes32,bytes)',
      'assetHandlerAddress(bytes32)',
      'getDepositCalldata(address,bytes32,bytes)',
      'setAssetHandlerAddressThisChain(bytes32,address)',
      'BASE_TOKEN_ASSET_ID()',
      'L1_CHAIN_ID()',
    ];
    const routerSelectors = l2AssetRouterAbi.filter((i) => i.type === 'function').map((f) => toFunctionSelector(f as never));
    for (const s of signatures) expect(routerSelectors).toContain(toFunctionSelector(s));
    const vaultSignatures = [
      'bridgeBurn(uint256,uint256,bytes32,address,bytes)',
      'bridgeMint(uint256,bytes32,bytes)',
      'assetId(address)',
      'tokenAddress(bytes32)',
      'originChainId(bytes32)',
      'originToken(bytes32)',
      'l2TokenAddress(address)',
      'calculateCreate2TokenAddress(uint256,address)',
      'tryRegisterTokenFromBurnData(bytes,bytes32)',
      'ensureTokenIsRegistered(address)',
      'registerToken(address)',
      'getERC20Getters(address,uint256)',
      'tokenDataOriginChainId(bytes)',
      'bridgedTokensCount()',
      'bridgedTokens(uint256)',
      'BASE_TOKEN_ASSET_ID()',
    ];
    const vaultSelectors = l2NativeTokenVaultAbi.filter((i) => i.type === 'function').map((f) => toFunctionSelector(f as never));
    for (const s of vaultSignatures) expect(vaultSelectors).toContain(toFunctionSelector(s));
    const tokenSignatures = ['bridgeMint(address,uint256)', 'bridgeBurn(address,uint256)', 'bridgeInitialize(bytes32,address,bytes)', 'l1Address()', 'originToken()', 'assetId()', 'nativeTokenVault()', 'l2Bridge()'];
    const tokenSelectors = bridgedStandardERC20Abi.filter((i) => i.type === 'function').map((f) => toFunctionSelector(f as never));
    for (const s of tokenSignatures) expect(tokenSelectors).toContain(toFunctionSelector(s));
  });

  it('error selectors match v31 (L1ContractErrors.sol)', () => {
    const selectors = (ERRORS as readonly { type: string; name?: string; inputs?: readonly { type: string }[] }[])
      .filter((i) => i.type === 'error')
      .map((e) => `${e.name}(${(e.inputs ?? []).map((p) => p.type).join(',')})`);
    for (const s of ['Unauthorized(address)', 'AssetIdNotSupported(bytes32)', 'PayloadTooShort()', 'InvalidSelector(bytes4)', 'ExecuteMessageFailed()', 'NonEmptyMsgValue()', 'AssetIdMismatch(bytes32,bytes32)', 'AssetIdAlreadyRegistered()', 'TokensWithFeesNotSupported()', 'EmptyDeposit()', 'AmountMustBeGreaterThanZero()', 'InvalidNTVBurnData()', 'UnsupportedEncodingVersion()', 'BadTransferDataLength()', 'DeployingBridgedTokenForNativeToken()', 'AddressMismatch(address,address)', 'InteroperableAddressParsingError(bytes)']) {
      expect(selectors).toContain(s);
    }
  });

  it('an ERC-7930 address built in TypeScript is the one InteropHandler passes (chain 271 → 0x0001 0000 02 010f 14 …)', () => {
    expect(erc7930(271, L2_ASSET_ROUTER_ADDRESS)).toBe(`0x0001000002010f14${L2_ASSET_ROUTER_ADDRESS.slice(2)}`);
    expect(erc7930(undefined, L2_ASSET_ROUTER_ADDRESS)).toBe(`0x000100000014${L2_ASSET_ROUTER_ADDRESS.slice(2)}`);
  });
});
