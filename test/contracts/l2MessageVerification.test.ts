import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keccak256, numberToHex, type Hex } from 'viem';
import type { Engine } from '../../src/chain/engine.ts';
import { EngineRevertError } from '../../src/chain/engine.ts';
import { L2_INTEROP_ROOT_STORAGE_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS, l2InteropRootStorageAbi, l2MessageVerificationAbi } from '../../src/contracts/index.ts';
import {
  L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH,
  LocalLogsTree,
  ProofRevertError,
  buildFinalProof,
  chainIdLeaf,
  l2ToL1LogLeaf,
  messageLog,
  proveL2LogInclusionShared as proveLogInTs,
} from '../../src/protocol/index.ts';
import { vectors, readerOf, type ProofVector } from '../protocol/vectors.ts';
import { asBootloader, calldata, createSystemChain, readContract, revertOf } from '../support/systemChain.ts';

const verifier = { address: L2_MESSAGE_VERIFICATION_ADDRESS, abi: l2MessageVerificationAbi } as const;
const [finalVector, gatewayVector] = vectors.proofs;
const ZERO: Hex = `0x${'00'.repeat(32)}`;

function importRoot(engine: Engine, stored: { chainId: number | bigint; blockOrBatchNumber: number | bigint; root: Hex }) {
  return asBootloader(
    engine,
    L2_INTEROP_ROOT_STORAGE_ADDRESS,
    calldata(l2InteropRootStorageAbi, 'addInteropRoot', [BigInt(stored.chainId), BigInt(stored.blockOrBatchNumber), [stored.root]]),
  );
}

function proveLog(engine: Engine, vector: ProofVector, overrides: { index?: bigint; proof?: Hex[] } = {}) {
  return readContract(engine, {
    ...verifier,
    functionName: 'proveL2LogInclusionShared',
    args: [BigInt(vector.chainId), BigInt(vector.blockOrBatchNumber), overrides.index ?? BigInt(vector.index), vector.log, overrides.proof ?? vector.proof],
  });
}

/** A chain (271's view does not matter: the verifier is the same everywhere) with both vector roots imported. */
async function chainWithVectorRoots(): Promise<Engine> {
  const { engine } = await createSystemChain({ chainId: 272 });
  for (const vector of vectors.proofs) await importRoot(engine, vector.storedRoot);
  return engine;
}

describe('L2MessageVerification', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await chainWithVectorRoots();
  });

  it.each(vectors.proofs.map((v) => [v.name, v] as const))('vector %s: proveL2LogInclusionShared is true', async (_name, vector) => {
    expect(await proveLog(engine, vector)).toBe(vector.expected);
  });

  it.each(vectors.proofs.map((v) => [v.name, v] as const))('vector %s: proveL2LeafInclusionShared of the log leaf is true', async (_name, vector) => {
    const result = await readContract(engine, {
      ...verifier,
      functionName: 'proveL2LeafInclusionShared',
      args: [BigInt(vector.chainId), BigInt(vector.blockOrBatchNumber), BigInt(vector.index), l2ToL1LogLeaf(vector.log), vector.proof],
    });
    expect(result).toBe(true);
  });

  it('a proof is false while its root has not been imported', async () => {
    const { engine: fresh } = await createSystemChain({ chainId: 272 });
    expect(await proveLog(fresh, gatewayVector)).toBe(false);
  });

  it('a tampered sibling makes the proof false', async () => {
    const proof = [...gatewayVector.proof];
    proof[3] = keccak256(proof[3]!);
    expect(await proveLog(engine, gatewayVector, { proof })).toBe(false);
  });

  it('a wrong log index makes the proof false', async () => {
    expect(await proveLog(engine, gatewayVector, { index: 0n })).toBe(false);
  });

  it('a plain path without a metadata word is a final proof', async () => {
    expect(await proveLog(engine, finalVector, { proof: finalVector.proof.slice(1) })).toBe(true);
  });

  it('proveL2MessageInclusionShared rebuilds the L1Messenger log of a message', async () => {
    const sender = '0x1111111111111111111111111111111111111111';
    const data: Hex = '0xc0ffee';
    const aggregatedRoot = chainIdLeaf(ZERO, 271);
    const tree = LocalLogsTree.fromLogs([messageLog('0x2222222222222222222222222222222222222222', '0x01', 0), messageLog(sender, data, 3)]);
    const { engine: chain } = await createSystemChain({ chainId: 272 });
    await importRoot(chain, { chainId: 271, blockOrBatchNumber: 9, root: tree.chainBatchRoot(aggregatedRoot) });
    const proof = buildFinalProof(tree.pathToChainBatchRoot(1, aggregatedRoot));
    const prove = (message: { txNumberInBatch: number; sender: Hex; data: Hex }) =>
      readContract(chain, { ...verifier, functionName: 'proveL2MessageInclusionShared', args: [271n, 9n, 1n, message, proof] });
    expect(await prove({ txNumberInBatch: 3, sender, data })).toBe(true);
    expect(await prove({ txNumberInBatch: 3, sender, data: '0xc0ffef' })).toBe(false);
    expect(await prove({ txNumberInBatch: 2, sender, data })).toBe(false);
  });

  it('verifying the Gateway vector costs less than 100,000 gas', async () => {
    const gas = BigInt(
      await engine.request<Hex>('eth_estimateGas', [
        {
          to: L2_MESSAGE_VERIFICATION_ADDRESS,
          data: calldata(l2MessageVerificationAbi, 'proveL2LogInclusionShared', [
            BigInt(gatewayVector.chainId),
            BigInt(gatewayVector.blockOrBatchNumber),
            BigInt(gatewayVector.index),
            gatewayVector.log,
            gatewayVector.proof,
          ]),
        },
      ]),
    );
    expect(gas).toBeLessThan(100_000n);
  });

  describe('rejections', () => {
    const revert = (proof: Hex[], index = BigInt(finalVector.index)) => revertOf(proveLog(engine, finalVector, { proof, index }), l2MessageVerificationAbi);

    it('an empty proof reverts with MerklePathEmpty', async () => {
      expect((await revert([])).errorName).toBe('MerklePathEmpty');
    });

    it('a metadata version other than 1 reverts with UnsupportedProofMetadataVersion', async () => {
      const proof = [`0x02${finalVector.proof[0]!.slice(4)}` as Hex, ...finalVector.proof.slice(1)];
      expect(await revert(proof)).toEqual({ errorName: 'UnsupportedProofMetadataVersion', args: [2n] });
    });

    it('a mask of 2^pathLength or more reverts with MerkleIndexOutOfBounds', async () => {
      expect((await revert(finalVector.proof, 8n)).errorName).toBe('MerkleIndexOutOfBounds');
    });

    it('a plain path of 256 words reverts with MerklePathOutOfBounds', async () => {
      const proof = Array.from({ length: 256 }, (_, i) => keccak256(numberToHex(i + 1)));
      expect((await revert(proof)).errorName).toBe('MerklePathOutOfBounds');
    });

    it('the empty local-logs leaf reverts with HashedLogIsDefault', async () => {
      const error = await revertOf(
        readContract(engine, { ...verifier, functionName: 'proveL2LeafInclusionShared', args: [271n, 66n, 1n, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, finalVector.proof] }),
        l2MessageVerificationAbi,
      );
      expect(error.errorName).toBe('HashedLogIsDefault');
    });

    it('a final proof node with a batch-leaf path reverts with InvalidProofLengthForFinalNode', async () => {
      const proof = ['0x0103010100000000000000000000000000000000000000000000000000000000' as Hex, ...finalVector.proof.slice(1)];
      expect((await revert(proof)).errorName).toBe('InvalidProofLengthForFinalNode');
    });

    it('a Gateway proof whose own tail is not final reverts with DepthMoreThanOneForRecursiveMerkleProof', async () => {
      // the tail announces a further settlement layer: mask word, packed word, chain id word
      const proof = [...gatewayVector.proof, ZERO, ZERO, numberToHex(1n, { size: 32 })];
      proof[gatewayVector.proof.length - 2] = '0x0101000000000000000000000000000000000000000000000000000000000000';
      const error = await revertOf(proveLog(engine, gatewayVector, { proof }), l2MessageVerificationAbi);
      expect(error.errorName).toBe('DepthMoreThanOneForRecursiveMerkleProof');
    });

    it('a proof shorter than its metadata announces reverts with ProofTooShort', async () => {
      expect(await revert(finalVector.proof.slice(0, 3))).toEqual({ errorName: 'ProofTooShort', args: [4n, 3n] });
    });
  });

  it('agrees with the TypeScript verifier on mutated Gateway proofs (result or revert)', async () => {
    const reader = readerOf(gatewayVector.storedRoot);
    const length = gatewayVector.proof.length;
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('word' as const), at: fc.nat(length - 1), value: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }) }),
      fc.record({ kind: fc.constant('byte' as const), at: fc.nat(length - 1), byte: fc.nat(31), value: fc.nat(255) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(length) }),
      fc.record({ kind: fc.constant('index' as const), value: fc.bigInt({ min: 0n, max: 1n << 20n }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let proof = [...gatewayVector.proof];
        let index = BigInt(gatewayVector.index);
        if (m.kind === 'word') proof[m.at] = numberToHex(m.value, { size: 32 });
        if (m.kind === 'byte') {
          const bytes = proof[m.at]!.slice(2).match(/../g)!;
          bytes[m.byte] = m.value.toString(16).padStart(2, '0');
          proof[m.at] = `0x${bytes.join('')}`;
        }
        if (m.kind === 'truncate') proof = proof.slice(0, m.at);
        if (m.kind === 'index') index = m.value;

        const expected = outcome(() => proveLogInTs(gatewayVector.chainId, gatewayVector.blockOrBatchNumber, index, gatewayVector.log, proof, reader));
        const actual = await solidityOutcome(() => proveLog(engine, gatewayVector, { proof, index }));
        expect(actual).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });
});

/** `true`/`false`, or the name of the revert (the TS twin's Panic(0x32) is our ProofTooShort). */
function outcome(run: () => boolean): string {
  try {
    return String(run());
  } catch (error) {
    if (!(error instanceof ProofRevertError)) throw error;
    return error.reason === 'ArrayOutOfBounds' ? 'ProofTooShort' : error.reason;
  }
}

async function solidityOutcome(run: () => Promise<boolean>): Promise<string> {
  try {
    return String(await run());
  } catch (error) {
    if (!(error instanceof EngineRevertError)) throw error;
    return (await revertOf(Promise.reject(error), l2MessageVerificationAbi)).errorName;
  }
}
