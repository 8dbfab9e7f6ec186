import { describe, expect, test } from 'vitest';
import { keccak256, type Address, type Hex } from 'viem';
import { readerOf, vectors } from '../../test/protocol/vectors.ts';
import { InvalidArgumentError } from '../errors.ts';
import { L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH } from './constants.ts';
import { l2ToL1LogLeaf, messageLog } from './l2ToL1Log.ts';
import { LocalLogsTree } from './localLogsTree.ts';
import { calculateRoot } from './merkle.ts';
import { batchLeaf, chainIdLeaf } from './messageRoot.ts';
import { buildFinalProof, encodeProofMetadata } from './proof.ts';
import { ProofRevertError } from './proofRevert.ts';
import { proveL2LeafInclusionShared, proveL2LogInclusionShared, proveL2MessageInclusionShared } from './verify.ts';

const [finalVector, gatewayVector] = vectors.proofs;
const gw = gatewayVector.proof;
const nothingStored = () => undefined;

/** The revert reason of a verification, or its boolean result. */
function outcome(fn: () => boolean): boolean | string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ProofRevertError) return e.reason;
    throw e;
  }
}

function withWord(proof: readonly Hex[], i: number, word: Hex): Hex[] {
  const copy = [...proof];
  copy[i] = word;
  return copy;
}

describe('verifier on the vectors', () => {
  test.each(vectors.proofs.map((v) => [v.name, v] as const))('%s verifies', (_, v) => {
    expect(proveL2LogInclusionShared(v.chainId, v.blockOrBatchNumber, v.index, v.log, v.proof, readerOf(v.storedRoot))).toBe(v.expected);
  });

  test('the Gateway vector also verifies through proveL2LeafInclusionShared with the log leaf', () => {
    const leaf = l2ToL1LogLeaf(gatewayVector.log);
    expect(proveL2LeafInclusionShared(271, 66, 1, leaf, gw, readerOf(gatewayVector.storedRoot))).toBe(true);
  });

  test('the Gateway vector’s intermediate roots are what the verifier computes', () => {
    const intermediate = gatewayVector.intermediate!;
    const batchRoot = calculateRoot(gw.slice(1, 16), gatewayVector.index, l2ToL1LogLeaf(gatewayVector.log));
    expect(batchRoot).toBe(intermediate.chainBatchRoot);
    const chainTreeRoot = calculateRoot(gw.slice(17, 23), BigInt(gw[16]!), batchLeaf(batchRoot, 66));
    expect(chainTreeRoot).toBe(intermediate.chainTreeRoot);
    expect(chainIdLeaf(chainTreeRoot, 271)).toBe(intermediate.chainIdLeaf);
    expect(calculateRoot(gw.slice(26), 1, intermediate.chainIdLeaf)).toBe(gatewayVector.storedRoot.root);
  });

  test('the Gateway vector is checked against Gateway’s root, not the chain’s', () => {
    const chainKeyed = readerOf({ chainId: 271, blockOrBatchNumber: 243, root: gatewayVector.storedRoot.root });
    expect(proveL2LogInclusionShared(271, 66, 1, gatewayVector.log, gw, chainKeyed)).toBe(false);
  });
});

describe('verifier rules', () => {
  const sender: Address = '0x000000000000000000000000000000000000beef';
  const logs = [0, 1, 2].map((i) => messageLog(sender, `0x0${i}`, i));
  const tree = LocalLogsTree.fromLogs(logs);
  const aggregated = chainIdLeaf(`0x${'00'.repeat(32)}`, 271);
  const batchRoot = tree.chainBatchRoot(aggregated);
  const stored = readerOf({ chainId: 271, blockOrBatchNumber: 9, root: batchRoot });
  const path = tree.pathToChainBatchRoot(2, aggregated);
  const proof = buildFinalProof(path);
  const message = { txNumberInBatch: 2, sender, data: '0x02' as Hex };

  test('a final proof of a message verifies against the root stored for its chain and batch', () => {
    expect(proveL2MessageInclusionShared(271, 9, 2, message, proof, stored)).toBe(true);
  });

  test('a plain path without metadata is a final proof', () => {
    expect(proveL2MessageInclusionShared(271, 9, 2, message, path, stored)).toBe(true);
  });

  test('a root that was never stored makes the proof false', () => {
    expect(proveL2MessageInclusionShared(271, 9, 2, message, proof, nothingStored)).toBe(false);
  });

  test('a stored zero root never matches, even a zero computed root', () => {
    expect(proveL2MessageInclusionShared(271, 9, 2, message, proof, () => `0x${'00'.repeat(32)}`)).toBe(false);
  });

  test('a different message makes the proof false', () => {
    expect(proveL2MessageInclusionShared(271, 9, 2, { ...message, data: '0x03' }, proof, stored)).toBe(false);
  });

  test('error: an empty proof reverts with MerklePathEmpty', () => {
    expect(outcome(() => proveL2MessageInclusionShared(271, 9, 2, message, [], stored))).toBe('MerklePathEmpty');
  });

  test('error: the empty-leaf hash as leaf reverts with HashedLogIsDefault', () => {
    expect(outcome(() => proveL2LeafInclusionShared(271, 9, 2, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, proof, stored))).toBe('HashedLogIsDefault');
  });

  test('error: metadata version 2 reverts with UnsupportedProofMetadataVersion', () => {
    const v2 = withWord(proof, 0, encodeProofMetadata({ version: 2, logLeafProofLen: 15, batchLeafProofLen: 0, finalProofNode: true }));
    expect(outcome(() => proveL2MessageInclusionShared(271, 9, 2, message, v2, stored))).toBe('UnsupportedProofMetadataVersion');
  });

  test('error: metadata version 0 reverts with UnsupportedProofMetadataVersion', () => {
    const v0 = withWord(proof, 0, encodeProofMetadata({ version: 0, logLeafProofLen: 15, batchLeafProofLen: 0, finalProofNode: true }));
    expect(outcome(() => proveL2MessageInclusionShared(271, 9, 2, message, v0, stored))).toBe('UnsupportedProofMetadataVersion');
  });

  test('error: the final flag with a batch leaf path reverts with InvalidProofLengthForFinalNode', () => {
    const bad = withWord(gw, 0, encodeProofMetadata({ logLeafProofLen: 15, batchLeafProofLen: 6, finalProofNode: true }));
    expect(outcome(() => proveL2LogInclusionShared(271, 66, 1, gatewayVector.log, bad, readerOf(gatewayVector.storedRoot)))).toBe(
      'InvalidProofLengthForFinalNode',
    );
  });

  test('error: a log index of 2^pathLength reverts with MerkleIndexOutOfBounds', () => {
    expect(outcome(() => proveL2MessageInclusionShared(271, 9, 1n << 15n, message, proof, stored))).toBe('MerkleIndexOutOfBounds');
  });

  test('error: a batch leaf mask of 2^batchLeafProofLen reverts with MerkleIndexOutOfBounds', () => {
    const bad = withWord(gw, 16, `0x${(64).toString(16).padStart(64, '0')}`);
    expect(outcome(() => proveL2LogInclusionShared(271, 66, 1, gatewayVector.log, bad, readerOf(gatewayVector.storedRoot)))).toBe(
      'MerkleIndexOutOfBounds',
    );
  });

  test('error: a plain path of 256 words reverts with MerklePathOutOfBounds', () => {
    const long: Hex[] = Array.from({ length: 256 }, (_, i) => keccak256(`0x${i.toString(16).padStart(4, '0')}`));
    expect(outcome(() => proveL2MessageInclusionShared(271, 9, 2, message, long, stored))).toBe('MerklePathOutOfBounds');
  });

  test('error: a log path length past the end of the proof reverts like an out-of-bounds read', () => {
    expect(outcome(() => proveL2MessageInclusionShared(271, 9, 2, message, proof.slice(0, -1), stored))).toBe('ArrayOutOfBounds');
  });

  test('error: a Gateway proof cut before its chain id word reverts like an out-of-bounds read', () => {
    expect(outcome(() => proveL2LogInclusionShared(271, 66, 1, gatewayVector.log, gw.slice(0, 24), readerOf(gatewayVector.storedRoot)))).toBe(
      'ArrayOutOfBounds',
    );
  });

  test('error: a Gateway proof without its nested proof reverts with MerklePathEmpty', () => {
    expect(outcome(() => proveL2LogInclusionShared(271, 66, 1, gatewayVector.log, gw.slice(0, 25), readerOf(gatewayVector.storedRoot)))).toBe(
      'MerklePathEmpty',
    );
  });

  test('error: a nested proof that is not final reverts with DepthMoreThanOneForRecursiveMerkleProof', () => {
    // Replace the nested final proof by another, non-final Gateway hop (batch mask 0, empty batch path).
    const zeroWord: Hex = `0x${'00'.repeat(32)}`;
    const nested = [encodeProofMetadata({ logLeafProofLen: 1, batchLeafProofLen: 0, finalProofNode: false }), gw[26]!, zeroWord, ...gw.slice(23)];
    const proof2 = [...gw.slice(0, 25), ...nested];
    expect(outcome(() => proveL2LogInclusionShared(271, 66, 1, gatewayVector.log, proof2, readerOf(gatewayVector.storedRoot)))).toBe(
      'DepthMoreThanOneForRecursiveMerkleProof',
    );
  });

  test('error: a malformed proof word is a caller error, not a revert', () => {
    expect(() => proveL2MessageInclusionShared(271, 9, 2, message, ['0x01'], stored)).toThrow(InvalidArgumentError);
  });
});
