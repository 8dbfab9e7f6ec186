import { describe, expect, test } from 'vitest';
import { concat, keccak256, toHex, type Hex } from 'viem';
import { refHeight, refRoot } from '../../test/protocol/reference.ts';
import { vectors } from '../../test/protocol/vectors.ts';
import { InvalidArgumentError } from '../errors.ts';
import { BATCH_LEAF_PADDING, EMPTY_CHAIN_TREE_ROOT, EMPTY_TREE_ENTRY_HASH } from './constants.ts';
import { calculateRoot } from './merkle.ts';
import { batchLeaf, chainIdLeaf, emptyAggregatedRoot, MessageRootModel } from './messageRoot.ts';

const root = (i: number): Hex => keccak256(toHex(i, { size: 32 }));

describe('MessageRootModel', () => {
  const [vector] = vectors.messageRoot;

  test('after construction the aggregated root is chainIdLeaf(0x00…00, host)', () => {
    expect(new MessageRootModel(vector.hostChainId).getAggregatedRoot()).toBe(chainIdLeaf(EMPTY_CHAIN_TREE_ROOT, vector.hostChainId));
  });

  test('the vector: one chain with one batch gives the expected aggregated root', () => {
    const model = new MessageRootModel(vector.hostChainId);
    model.registerChain(BigInt(vector.chain.chainId));
    const result = model.addChainBatchRoot(BigInt(vector.chain.chainId), vector.chain.batchNumber, vector.chain.chainBatchRoot, 1);
    expect(result.sharedRoot).toBe(vector.expectedAggregatedRoot);
    expect(model.getAggregatedRoot()).toBe(vector.expectedAggregatedRoot);
  });

  test('the aggregated root of a MessageRoot nothing settles on is chainIdLeaf(0x00…00, chainId)', () => {
    expect(emptyAggregatedRoot(271)).toBe(vectors.constants['chainIdLeafHash(0, 271)']);
    expect(emptyAggregatedRoot(506)).toBe(new MessageRootModel(506).getAggregatedRoot());
  });

  test('batchLeaf is H(BATCH_LEAF_PADDING ‖ root ‖ u256(batchNumber))', () => {
    expect(batchLeaf(root(1), 66)).toBe(keccak256(concat([BATCH_LEAF_PADDING, root(1), toHex(66, { size: 32 })])));
  });

  test('the host chain has index 0 and later chains follow in registration order', () => {
    const model = new MessageRootModel(506);
    expect(model.registerChain(272)).toBe(1);
    expect(model.registerChain(271)).toBe(2);
    expect(model.chainIds).toEqual([506n, 272n, 271n]);
    expect([model.chainIndex(506), model.chainIndex(272), model.chainIndex(271), model.chainIndex(999)]).toEqual([0, 1, 2, 0]);
    expect(model.chainCount).toBe(3);
  });

  test('a chain root is the padded tree of its batch leaves', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    const leaves: Hex[] = [];
    for (let n = 1; n <= 5; n++) {
      model.addChainBatchRoot(271, n, root(n), n);
      leaves.push(batchLeaf(root(n), n));
    }
    expect(model.getChainRoot(271)).toBe(refRoot(leaves, refHeight(5), EMPTY_TREE_ENTRY_HASH));
    expect(model.getChainRoot(506)).toBe(EMPTY_CHAIN_TREE_ROOT);
  });

  test('the aggregated root is the padded tree of chain-id leaves', () => {
    const model = new MessageRootModel(506);
    for (const id of [271, 272, 273]) model.registerChain(id);
    model.addChainBatchRoot(272, 1, root(1), 3);
    const leaves = [506, 271, 272, 273].map((id) => chainIdLeaf(model.getChainRoot(id), id));
    expect(model.getAggregatedRoot()).toBe(refRoot(leaves, 2, EMPTY_TREE_ENTRY_HASH));
  });

  test('the last write in a Gateway block wins its historical root', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.registerChain(272);
    model.addChainBatchRoot(271, 1, root(1), 10);
    const last = model.addChainBatchRoot(272, 1, root(2), 10);
    expect(model.historicalRoot(10)).toBe(last.sharedRoot);
    expect(model.historicalRoot(9)).toBe(EMPTY_CHAIN_TREE_ROOT);
  });

  test('an inclusion proves against the root of the block the batch settled in, after later writes', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.registerChain(272);
    model.addChainBatchRoot(271, 1, root(1), 10);
    model.addChainBatchRoot(272, 1, root(2), 10);
    model.addChainBatchRoot(271, 2, root(3), 11);
    model.registerChain(273);
    model.addChainBatchRoot(271, 3, root(4), 12);

    const inclusion = model.batchInclusion(271, 1);
    expect(inclusion.gatewayBlockNumber).toBe(10n);
    expect(inclusion.interopRoot).toBe(model.historicalRoot(10));
    const chainRoot = calculateRoot(inclusion.batchLeafPath, inclusion.batchLeafProofMask, batchLeaf(root(1), 1));
    expect(chainRoot).toBe(inclusion.chainTreeRoot);
    expect(chainIdLeaf(chainRoot, 271)).toBe(inclusion.chainIdLeaf);
    expect(calculateRoot(inclusion.sharedTreePath, inclusion.sharedTreeMask, inclusion.chainIdLeaf)).toBe(model.historicalRoot(10));
  });

  test('a registration after the last write of a block does not change that block’s root', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.addChainBatchRoot(271, 1, root(1), 10);
    const before = model.historicalRoot(10);
    model.registerChain(272);
    expect(model.historicalRoot(10)).toBe(before);
    const inclusion = model.batchInclusion(271, 1);
    expect(calculateRoot(inclusion.sharedTreePath, inclusion.sharedTreeMask, inclusion.chainIdLeaf)).toBe(before);
  });

  test('settledInBlock tells the Gateway block of a settled batch', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.addChainBatchRoot(271, 4, root(1), 42);
    expect(model.settledInBlock(271, 4)).toBe(42);
    expect(model.settledInBlock(271, 5)).toBeUndefined();
  });

  test('toJSON and fromJSON round-trip through plain JSON', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.registerChain(272);
    for (let n = 1; n <= 7; n++) model.addChainBatchRoot(n % 2 ? 271 : 272, Math.ceil(n / 2), root(n), 10 + Math.floor(n / 3));
    const restored = MessageRootModel.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.getAggregatedRoot()).toBe(model.getAggregatedRoot());
    expect(restored.toJSON()).toEqual(model.toJSON());
    for (let b = 10; b <= 12; b++) expect(restored.historicalRoot(b)).toBe(model.historicalRoot(b));
    expect(restored.batchInclusion(272, 2)).toEqual(model.batchInclusion(272, 2));
  });

  test('error: registering a chain twice is rejected', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    expect(() => model.registerChain(271)).toThrow(InvalidArgumentError);
    expect(() => model.registerChain(506)).toThrow(InvalidArgumentError);
  });

  test('error: a batch of an unregistered chain is rejected', () => {
    expect(() => new MessageRootModel(506).addChainBatchRoot(271, 1, root(1), 1)).toThrow(InvalidArgumentError);
  });

  test('error: a batch number not above the chain’s last one is rejected', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.addChainBatchRoot(271, 2, root(1), 1);
    expect(() => model.addChainBatchRoot(271, 2, root(2), 1)).toThrow(InvalidArgumentError);
  });

  test('error: a Gateway block lower than the previous write’s is rejected', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.addChainBatchRoot(271, 1, root(1), 5);
    expect(() => model.addChainBatchRoot(271, 2, root(2), 4)).toThrow(InvalidArgumentError);
  });

  test('error: an inclusion for a batch that is not settled is rejected', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    expect(() => model.batchInclusion(271, 1)).toThrow(InvalidArgumentError);
  });

  test('error: a rejected write leaves no event behind', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271);
    expect(() => model.addChainBatchRoot(271, 1, '0x01', 1)).toThrow(InvalidArgumentError);
    expect(model.events).toHaveLength(1);
  });

  test("inclusion at a block's end counts a chain registered after the block's last append (a Gateway batch's committed root)", () => {
    const model = new MessageRootModel(506);
    model.registerChain(271, 1);
    model.addChainBatchRoot(271, 1, root(1), 5);
    const beforeRegistration = model.getAggregatedRoot();
    model.registerChain(273, 7);
    expect(model.batchInclusionAtBlock(271, 1, 6).interopRoot).toBe(beforeRegistration);
    const atSeven = model.batchInclusionAtBlock(271, 1, 7);
    expect(atSeven.interopRoot).toBe(model.getAggregatedRoot());
    expect(atSeven.interopRoot).not.toBe(beforeRegistration);
    // restored from JSON (a network snapshot), registrations keep their blocks
    expect(MessageRootModel.fromJSON(model.toJSON()).batchInclusionAtBlock(271, 1, 6).interopRoot).toBe(beforeRegistration);
  });

  test('error: an inclusion at a block before the batch settled is rejected', () => {
    const model = new MessageRootModel(506);
    model.registerChain(271, 1);
    model.addChainBatchRoot(271, 1, root(1), 5);
    expect(() => model.batchInclusionAtBlock(271, 1, 4)).toThrow(InvalidArgumentError);
  });
});
