import { describe, expect, it } from 'vitest';
import { formatAbiItem } from 'viem/utils';
import { toEventSelector, toFunctionSelector, type Abi, type AbiEvent, type AbiFunction, type Hex } from 'viem';
import type { AbiError } from 'abitype';
import { EVENT_TOPICS, SELECTORS } from '../../src/protocol/constants.ts';
import {
  bridgehubAbi,
  chainSettlementAbi,
  chainTypeManagerAbi,
  interopCenterAbi,
  interopHandlerAbi,
  l1AssetRouterAbi,
  l1MessengerAbi,
  l1NativeTokenVaultAbi,
  l1NullifierAbi,
  l2InteropRootStorageAbi,
  l2MessageVerificationAbi,
  messageRootAbi,
} from '../../src/contracts/index.ts';

const abis: Abi[] = [l1MessengerAbi, l2InteropRootStorageAbi, l2MessageVerificationAbi, messageRootAbi];
const functions = abis.flat().filter((item): item is AbiFunction => item.type === 'function');
const events = abis.flat().filter((item): item is AbiEvent => item.type === 'event');

describe('system contract ABIs', () => {
  it.each(Object.entries(SELECTORS))('%s has the selector of the SPEC', (name, selector) => {
    const fn = functions.find((f) => f.name === name);
    expect(fn, `no function ${name}`).toBeDefined();
    expect(toFunctionSelector(fn!)).toBe(selector);
  });

  it.each(Object.entries(EVENT_TOPICS))('%s has the topic of the SPEC', (name, topic) => {
    const event = events.find((e) => e.name === name);
    expect(event, `no event ${name}`).toBeDefined();
    expect(toEventSelector(event!)).toBe(topic);
  });
});

/**
 * The L1 surface (SPEC §10) with the selectors of era-contracts' interfaces (IGetters and IMailboxImpl
 * of a ZK chain, IBridgehub, IChainTypeManager, IL1AssetRouter, IL1Nullifier, IL1NativeTokenVault),
 * pinned here so a changed signature fails even if our ABI still "looks" right.
 */
const L1_SELECTORS: Record<string, [Abi, Record<string, Hex>]> = {
  'ZK chain (ChainSettlement)': [
    chainSettlementAbi,
    {
      'getTotalBatchesCommitted()': '0xdb1f0bf9',
      'getTotalBatchesVerified()': '0xef3f0bae',
      'getTotalBatchesExecuted()': '0xb8c2f66f',
      'storedBatchHash(uint256)': '0xb22dd78e',
      'l2LogsRootHash(uint256)': '0x9cd939e4',
      'getChainId()': '0x3408e470',
      'getBridgehub()': '0x3591c1a0',
      'getSettlementLayer()': '0x6a27e8b5',
      'proveL2MessageInclusion(uint256,uint256,(uint16,address,bytes),bytes32[])': '0xe4948f43',
      'proveL2LogInclusion(uint256,uint256,(uint8,bool,uint16,address,bytes32,bytes32),bytes32[])': '0x263b7f8e',
      'proveL2LeafInclusion(uint256,uint256,bytes32,bytes32[])': '0x7efda2ae',
    },
  ],
  Bridgehub: [
    bridgehubAbi,
    {
      'getZKChain(uint256)': '0xe680c4c1',
      'baseToken(uint256)': '0x59ec65a2',
      'baseTokenAssetId(uint256)': '0xe52db4ca',
      'assetRouter()': '0xbc0aac10',
      'chainTypeManager(uint256)': '0x9d5bd3da',
      'messageRoot()': '0xd4b9f4fa',
      'L1_CHAIN_ID()': '0x2f90b184',
      'admin()': '0xf851a440',
      'whitelistedSettlementLayers(uint256)': '0xe9420f8c',
      'registerSettlementLayer(uint256,bool)': '0xdc8e4b26',
      'getAllZKChainChainIDs()': '0x68b8d331',
      'getAllZKChains()': '0x49707f31',
      'assetIdIsRegistered(bytes32)': '0xe0ab6368',
      'proveL2MessageInclusion(uint256,uint256,uint256,(uint16,address,bytes),bytes32[])': '0x99c16d1a',
      'proveL2LogInclusion(uint256,uint256,uint256,(uint8,bool,uint16,address,bytes32,bytes32),bytes32[])': '0xe6d9923b',
    },
  ],
  ChainTypeManager: [
    chainTypeManagerAbi,
    {
      'protocolVersion()': '0x2ae9c600',
      'getProtocolVersion(uint256)': '0xba238947',
      'getSemverProtocolVersion()': '0xf5c1182c',
      'getZKChain(uint256)': '0xe680c4c1',
      'BRIDGE_HUB()': '0x5d4edca7',
    },
  ],
  L1AssetRouter: [
    l1AssetRouterAbi,
    {
      'L1_NULLIFIER()': '0xe60ccaba',
      'BRIDGE_HUB()': '0x5d4edca7',
      'L1_CHAIN_ID()': '0x2f90b184',
      'nativeTokenVault()': '0x64e130cf',
      'ETH_TOKEN_ASSET_ID()': '0x81eccdd4',
      'L1_WETH_TOKEN()': '0x41c841c3',
      'assetHandlerAddress(bytes32)': '0x53b9e632',
    },
  ],
  L1Nullifier: [
    l1NullifierAbi,
    {
      'l1NativeTokenVault()': '0x6f513211',
      'BRIDGE_HUB()': '0x5d4edca7',
      'legacyBridge()': '0x6e9d7899',
      'isWithdrawalFinalized(uint256,uint256,uint256)': '0x8f31f052',
    },
  ],
  L1NativeTokenVault: [
    l1NativeTokenVaultAbi,
    {
      'L1_CHAIN_ID()': '0x2f90b184',
      'ASSET_ROUTER()': '0xc6a70bbb',
      'L1_NULLIFIER()': '0xe60ccaba',
      'WETH_TOKEN()': '0x37d277d4',
      'assetId(address)': '0xfd3f60df',
      'tokenAddress(bytes32)': '0x97bb3ce9',
      'originChainId(bytes32)': '0x5f3455b5',
    },
  ],
};

describe('L1 contract ABIs', () => {
  const cases = Object.entries(L1_SELECTORS).flatMap(([contract, [abi, table]]) =>
    Object.entries(table).map(([signature, selector]) => [contract, signature, selector, abi] as const),
  );
  it.each(cases)('%s has %s with the real selector %s', (_contract, signature, selector, abi) => {
    expect(toFunctionSelector(signature)).toBe(selector);
    const selectors = abi.filter((item): item is AbiFunction => item.type === 'function').map((f) => toFunctionSelector(f));
    expect(selectors).toContain(selector);
  });
});

/**
 * The v31 interop surface (era-contracts 7cdd5474 InteropErrors.sol selectors as its comments pin them;
 * functions and events by their v31 signatures, zksync-js 0.0.19's ABIs): a changed signature fails here.
 */
describe('v31 interop ABIs', () => {
  const interop = [...interopCenterAbi, ...interopHandlerAbi] as Abi;
  const errorSelectors: Record<string, Hex> = {
    AttributeAlreadySet: '0x9031f751',
    AttributeViolatesRestriction: '0xbcb41ec7',
    BundleAlreadyProcessed: '0x5bba5111',
    CallAlreadyExecuted: '0xd5c7a376',
    CallNotExecutable: '0xc087b727',
    CanNotUnbundle: '0xf729f26d',
    DestinationChainNotRegistered: '0x2d159f39',
    ExecutingNotAllowed: '0xe845be4c',
    IndirectCallValueMismatch: '0x62d214aa',
    InteroperableAddressChainReferenceNotEmpty: '0xfe8b1b16',
    InteroperableAddressNotEmpty: '0x884f49ba',
    InvalidInteropBundleVersion: '0xeae192ef',
    InvalidInteropCallVersion: '0xd5f13973',
    MessageNotIncluded: '0x32c2e156',
    UnauthorizedMessageSender: '0x89fd2c76',
    UnbundlingNotAllowed: '0x0345c281',
    WrongCallStatusLength: '0x801534e9',
    WrongDestinationChainId: '0x4534e972',
    WrongDestinationBaseTokenAssetId: '0xb99d46dc',
    WrongSourceChainId: '0x534ab1b2',
    ZKTokenNotAvailable: '0x92196069',
  };
  it.each(Object.entries(errorSelectors))('error %s has v31 selector %s', (name, selector) => {
    const error = interop.find((item): item is AbiError => item.type === 'error' && item.name === name);
    expect(error, `no error ${name}`).toBeDefined();
    expect(toFunctionSelector(formatAbiItem(error!).replace(/^error /, 'function '))).toBe(selector);
  });

  const functionSignatures = [
    'sendBundle(bytes,(bytes,bytes,bytes[])[],bytes[])',
    'sendMessage(bytes,bytes,bytes[])',
    'supportsAttribute(bytes4)',
    'parseAttributes(bytes[],uint8)',
    'interopBundleNonce(address)',
    'interopProtocolFee()',
    'ZK_INTEROP_FEE()',
    'zkToken()',
    'L1_CHAIN_ID()',
    'executeBundle(bytes,(uint256,uint256,uint256,(uint16,address,bytes),bytes32[]))',
    'verifyBundle(bytes,(uint256,uint256,uint256,(uint16,address,bytes),bytes32[]))',
    'unbundleBundle(uint256,bytes,uint8[])',
    'bundleStatus(bytes32)',
    'callStatus(bytes32,uint256)',
    'receiveMessage(bytes32,bytes,bytes)',
  ];
  it.each(functionSignatures)('has function %s', (signature) => {
    const selectors = interop.filter((item): item is AbiFunction => item.type === 'function').map((f) => toFunctionSelector(f));
    expect(selectors).toContain(toFunctionSelector(signature));
  });

  const eventSignatures = [
    'InteropBundleSent(bytes32,bytes32,(bytes1,uint256,uint256,bytes32,bytes32,(bytes1,bool,address,address,uint256,bytes)[],(bytes,bytes,bool)))',
    'MessageSent(bytes32,bytes,bytes,bytes,uint256,bytes[])',
    'BundleVerified(bytes32)',
    'BundleExecuted(bytes32)',
    'BundleUnbundled(bytes32)',
    'CallProcessed(bytes32,uint256,uint8)',
  ];
  it.each(eventSignatures)('has event %s', (signature) => {
    const topics = interop.filter((item): item is AbiEvent => item.type === 'event').map((e) => toEventSelector(e));
    expect(topics).toContain(toEventSelector(signature));
  });
});
