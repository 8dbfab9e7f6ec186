import { describe, expect, test } from 'vitest';
import { concat, keccak256, toEventSelector, toFunctionSelector, toHex, type Hex } from 'viem';
import { refRoot } from '../../test/protocol/reference.ts';
import { vectors } from '../../test/protocol/vectors.ts';
import {
  BATCH_LEAF_PADDING,
  CHAIN_ID_LEAF_PADDING,
  EMPTY_LOCAL_LOGS_ROOT,
  EMPTY_TREE_ENTRY_HASH,
  EVENT_TOPICS,
  L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH,
  LOCAL_LOGS_TREE_HEIGHT,
  LOCAL_LOGS_TREE_LEAVES,
  SELECTORS,
} from './constants.ts';
import { chainIdLeaf } from './messageRoot.ts';

describe('constants', () => {
  test('each padding is the hash of its domain string', () => {
    expect(BATCH_LEAF_PADDING).toBe(keccak256(toHex('zkSync:BatchLeaf')));
    expect(CHAIN_ID_LEAF_PADDING).toBe(keccak256(toHex('zkSync:ChainIdLeaf')));
  });

  test('the empty-leaf hashes are the hashes of 88 and 96 zero bytes', () => {
    expect(L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH).toBe(keccak256(new Uint8Array(88), 'hex'));
    expect(EMPTY_TREE_ENTRY_HASH).toBe(keccak256(new Uint8Array(96), 'hex'));
  });

  test('the empty local logs root is the root of 16,384 empty leaves', () => {
    expect(LOCAL_LOGS_TREE_LEAVES).toBe(2 ** LOCAL_LOGS_TREE_HEIGHT);
    expect(EMPTY_LOCAL_LOGS_ROOT).toBe(refRoot([], LOCAL_LOGS_TREE_HEIGHT, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH));
  });

  test('every named constant of the vector file has the same value here', () => {
    const ours: Record<string, Hex> = {
      BATCH_LEAF_PADDING,
      CHAIN_ID_LEAF_PADDING,
      L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH,
      EMPTY_TREE_ENTRY_HASH,
      EMPTY_LOCAL_LOGS_ROOT_16384: EMPTY_LOCAL_LOGS_ROOT,
      'chainIdLeafHash(0, 271)': chainIdLeaf(`0x${'00'.repeat(32)}`, 271),
      'chainIdLeafHash(0, 506)': chainIdLeaf(`0x${'00'.repeat(32)}`, 506),
    };
    expect(ours).toEqual(vectors.constants);
  });

  test('chainIdLeaf is H(CHAIN_ID_LEAF_PADDING ‖ root ‖ u256(chainId))', () => {
    const root = keccak256('0x01');
    expect(chainIdLeaf(root, 271)).toBe(keccak256(concat([CHAIN_ID_LEAF_PADDING, root, toHex(271, { size: 32 })])));
  });

  test.each([
    ['sendToL1', 'sendToL1(bytes)'],
    ['addInteropRoot', 'addInteropRoot(uint256,uint256,bytes32[])'],
    ['interopRoots', 'interopRoots(uint256,uint256)'],
    ['proveL2MessageInclusionShared', 'proveL2MessageInclusionShared(uint256,uint256,uint256,(uint16,address,bytes),bytes32[])'],
    ['proveL2LeafInclusionShared', 'proveL2LeafInclusionShared(uint256,uint256,uint256,bytes32,bytes32[])'],
    ['proveL2LogInclusionShared', 'proveL2LogInclusionShared(uint256,uint256,uint256,(uint8,bool,uint16,address,bytes32,bytes32),bytes32[])'],
    ['addChainBatchRoot', 'addChainBatchRoot(uint256,uint256,bytes32)'],
    ['getAggregatedRoot', 'getAggregatedRoot()'],
    ['historicalRoot', 'historicalRoot(uint256)'],
    ['getChainRoot', 'getChainRoot(uint256)'],
    ['chainIndex', 'chainIndex(uint256)'],
    ['chainCount', 'chainCount()'],
  ] as const)('selector %s is the first four bytes of H(%s)', (name, signature) => {
    expect(SELECTORS[name]).toBe(toFunctionSelector(signature));
  });

  test('the selectors named in the SPEC have the SPEC values', () => {
    expect(SELECTORS).toMatchObject({
      sendToL1: '0x62f84b24',
      addInteropRoot: '0xfb6200c6',
      interopRoots: '0x77cfd171',
      proveL2MessageInclusionShared: '0x18b7fc22',
      proveL2LeafInclusionShared: '0x79cf6165',
      proveL2LogInclusionShared: '0xe896760d',
    });
  });

  test.each([
    ['L1MessageSent', 'L1MessageSent(address,bytes32,bytes)'],
    ['AppendedChainBatchRoot', 'AppendedChainBatchRoot(uint256,uint256,bytes32)'],
    ['NewChainRoot', 'NewChainRoot(uint256,bytes32,bytes32)'],
    ['NewInteropRoot', 'NewInteropRoot(uint256,uint256,uint256,bytes32[])'],
    ['InteropRootAdded', 'InteropRootAdded(uint256,uint256,bytes32[])'],
  ] as const)('event topic %s is H(%s)', (name, signature) => {
    expect(EVENT_TOPICS[name]).toBe(toEventSelector(signature));
  });

  test('the L1MessageSent topic has the SPEC prefix and suffix', () => {
    expect(EVENT_TOPICS.L1MessageSent.startsWith('0x3a36e472')).toBe(true);
    expect(EVENT_TOPICS.L1MessageSent.endsWith('ce241')).toBe(true);
  });
});
