import { describe, expect, test } from 'vitest';
import { keccak256, toHex, type Hex } from 'viem';
import { vectors } from '../../test/protocol/vectors.ts';
import { InvalidArgumentError } from '../errors.ts';
import { EMPTY_CHAIN_TREE_ROOT, EMPTY_TREE_ENTRY_HASH } from './constants.ts';
import { chainIdLeaf, MessageRootModel } from './messageRoot.ts';
import {
  buildFinalProof,
  buildGatewayProof,
  decodeProofMetadata,
  encodeProofMetadata,
  packSettlementLayerInfo,
  unpackSettlementLayerInfo,
} from './proof.ts';
import { proveL2LogInclusionShared } from './verify.ts';

const [finalVector, gatewayVector] = vectors.proofs;
const gw = gatewayVector.proof;

describe('proof metadata', () => {
  test('encode and decode round-trip', () => {
    const metadata = { logLeafProofLen: 15, batchLeafProofLen: 6, finalProofNode: false };
    expect(decodeProofMetadata(encodeProofMetadata(metadata))).toEqual({ version: 1, ...metadata });
  });

  test('the vectors’ metadata words decode to their layouts', () => {
    expect(decodeProofMetadata(finalVector.proof[0]!)).toEqual({ version: 1, logLeafProofLen: 3, batchLeafProofLen: 0, finalProofNode: true });
    expect(decodeProofMetadata(gw[0]!)).toEqual({ version: 1, logLeafProofLen: 15, batchLeafProofLen: 6, finalProofNode: false });
    expect(decodeProofMetadata(gw[25]!)).toEqual({ version: 1, logLeafProofLen: 1, batchLeafProofLen: 0, finalProofNode: true });
  });

  test('a word with nonzero low 28 bytes is not metadata', () => {
    expect(decodeProofMetadata(keccak256('0x01'))).toBeNull();
  });

  test('error: a length that does not fit a byte is rejected', () => {
    expect(() => encodeProofMetadata({ logLeafProofLen: 256, batchLeafProofLen: 0, finalProofNode: true })).toThrow(InvalidArgumentError);
  });
});

describe('settlement-layer word', () => {
  test('the vector’s packed word is Gateway block 243, shared-tree mask 1', () => {
    expect(unpackSettlementLayerInfo(gw[23]!)).toEqual({ gatewayBlockNumber: 243n, sharedTreeMask: 1n });
    expect(packSettlementLayerInfo(243, 1)).toBe(gw[23]);
  });

  test('error: a mask of 2^128 does not fit', () => {
    expect(() => packSettlementLayerInfo(1, 1n << 128n)).toThrow(InvalidArgumentError);
  });
});

describe('buildFinalProof', () => {
  test('rebuilds the final vector from its path', () => {
    expect(buildFinalProof(finalVector.proof.slice(1))).toEqual(finalVector.proof);
  });
});

describe('buildGatewayProof', () => {
  test('rebuilds the Gateway vector from its parts', () => {
    const proof = buildGatewayProof({
      logLeafPath: gw.slice(1, 16),
      batchLeafProofMask: 0x34n,
      batchLeafPath: gw.slice(17, 23),
      gatewayBlockNumber: 243n,
      sharedTreeMask: 1n,
      gatewayChainId: 506n,
      sharedTreePath: gw.slice(26),
    });
    expect(proof).toEqual(gw);
  });

  test('a proof built from the MessageRoot model has the vector’s layout and verifies', () => {
    // Chain 271 settled batches 14..66 on Gateway 506, batch 66 in Gateway block 243: the chain
    // tree holds 53 leaves, so batch 66 is leaf 52 and its first sibling is the empty entry.
    const model = new MessageRootModel(506);
    model.registerChain(271);
    for (let n = 14; n < 66; n++) model.addChainBatchRoot(271, n, keccak256(toHex(n, { size: 32 })), 100 + n);
    const intermediate = gatewayVector.intermediate!;
    model.addChainBatchRoot(271, 66, intermediate.chainBatchRoot, 243);

    const inclusion = model.batchInclusion(271, 66);
    const proof = buildGatewayProof({ logLeafPath: gw.slice(1, 16), gatewayChainId: 506n, ...inclusion });

    expect(proof).toHaveLength(gw.length);
    const sameAsVector = [0, ...Array.from({ length: 15 }, (_, i) => i + 1), 16, 23, 24, 25, 26];
    for (const i of sameAsVector) expect(proof[i], `word ${i}`).toBe(gw[i]);
    expect(proof[17]).toBe(EMPTY_TREE_ENTRY_HASH);
    expect(proof[26]).toBe(chainIdLeaf(EMPTY_CHAIN_TREE_ROOT, 506));
    const reader = (chainId: bigint, block: bigint): Hex | undefined => (chainId === 506n ? model.historicalRoot(Number(block)) : undefined);
    expect(proveL2LogInclusionShared(271, 66, gatewayVector.index, gatewayVector.log, proof, reader)).toBe(true);
  });

  test('error: a log path longer than 255 words is rejected', () => {
    const long: Hex[] = Array(256).fill(EMPTY_TREE_ENTRY_HASH);
    expect(() => buildFinalProof(long)).toThrow(InvalidArgumentError);
  });
});
