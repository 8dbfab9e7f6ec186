/**
 * A TypeScript twin of L2MessageVerification (SPEC §7), rule for rule: where the contract reverts,
 * these functions throw {@link ProofRevertError} (with the Solidity error name as `reason`); where
 * it returns false, they return false. Stored roots are read through an injected function, so the
 * verifier stays pure.
 *
 * Reverts: empty proof, leaf = empty local-logs leaf, metadata version ≠ 1, final flag with a batch
 * leaf path, path ≥ 256 words, mask ≥ 2^pathLength, a length pointing past the proof's end, and a
 * nested (Gateway) proof that is not final. Returns false: the computed root differs from the
 * stored one, or the stored root is zero (never imported).
 *
 * Follows current era-contracts where versions differ: an empty Merkle path with mask 0 is allowed
 * (a chain's first batch on Gateway has an empty batch-leaf path), and recursion stops after one
 * Gateway hop (`DepthMoreThanOneForRecursiveMerkleProof`, checked after the hop's words are read).
 */
import { bytesToHex, type Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, SUPPORTED_PROOF_METADATA_VERSION } from './constants.ts';
import { bytesEqual, bytesToUint256, isZeroBytes, toUint256, wordToBytes } from './hash.ts';
import { l2MessageToLog, l2ToL1LogLeafBytes, type L2Message, type L2ToL1Log } from './l2ToL1Log.ts';
import { calculateRootBytes } from './merkle.ts';
import { batchLeafBytes, chainIdLeafBytes } from './messageRoot.ts';
import { decodeProofMetadataBytes, type ProofMetadata } from './proof.ts';
import { ProofRevertError } from './proofRevert.ts';

const DEFAULT_LEAF = wordToBytes(L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH);
const UINT128_MASK = (1n << 128n) - 1n;

/**
 * Reads `interopRoots(chainId, blockOrBatchNumber)` of L2InteropRootStorage; `undefined` or
 * 0x00…00 when nothing is stored.
 */
export type InteropRootReader = (chainId: bigint, blockOrBatchNumber: bigint) => Hex | undefined;

/**
 * `proveL2LeafInclusionShared`: is `leaf` at `index` included, per `proof`, in a root stored for
 * `(chainId, batchNumber)` (final proof) or in Gateway's interop root (Gateway proof)?
 * @param chainId chain the leaf comes from
 * @param batchNumber its batch (for a final proof: the number the stored root is keyed by)
 * @param index leaf mask (the log's position in its batch)
 * @param leaf leaf hash
 * @param proof proof words (SPEC §7 layout)
 * @param getInteropRoot reader of stored interop roots
 * @returns true iff the proof leads to a stored, nonzero root
 * @throws ProofRevertError where the contract reverts (see module doc)
 * @throws InvalidArgumentError for inputs the ABI could not encode (malformed words, out-of-range numbers)
 */
export function proveL2LeafInclusionShared(
  chainId: bigint | number,
  batchNumber: bigint | number,
  index: bigint | number,
  leaf: Hex,
  proof: readonly Hex[],
  getInteropRoot: InteropRootReader,
): boolean {
  const words = proof.map((w, i) => wordToBytes(w, `proof[${i}]`));
  return proveLeaf(toUint256(chainId, 'chainId'), toUint256(batchNumber, 'batchNumber'), toUint256(index, 'index'), wordToBytes(leaf, 'leaf'), words, getInteropRoot, 0);
}

/**
 * `proveL2LogInclusionShared`: hashes `log` into its leaf and proves it (see {@link proveL2LeafInclusionShared}).
 * @throws ProofRevertError where the contract reverts
 */
export function proveL2LogInclusionShared(
  chainId: bigint | number,
  batchNumber: bigint | number,
  index: bigint | number,
  log: L2ToL1Log,
  proof: readonly Hex[],
  getInteropRoot: InteropRootReader,
): boolean {
  return proveL2LeafInclusionShared(chainId, batchNumber, index, bytesToHex(l2ToL1LogLeafBytes(log)), proof, getInteropRoot);
}

/**
 * `proveL2MessageInclusionShared`: rebuilds the L1Messenger log of `message` and proves it.
 * @example proveL2MessageInclusionShared(271n, 66n, 1n, { txNumberInBatch: 0, sender, data }, proof, reader)
 * @throws ProofRevertError where the contract reverts
 */
export function proveL2MessageInclusionShared(
  chainId: bigint | number,
  batchNumber: bigint | number,
  index: bigint | number,
  message: L2Message,
  proof: readonly Hex[],
  getInteropRoot: InteropRootReader,
): boolean {
  return proveL2LogInclusionShared(chainId, batchNumber, index, l2MessageToLog(message), proof, getInteropRoot);
}

/** `_proveL2LeafInclusionRecursive` with `_getProofData` inlined; `depth` 1 is the Gateway link. */
function proveLeaf(
  chainId: bigint,
  batchNumber: bigint,
  mask: bigint,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  getInteropRoot: InteropRootReader,
  depth: number,
): boolean {
  if (proof.length === 0) throw new ProofRevertError('MerklePathEmpty');
  if (bytesEqual(leaf, DEFAULT_LEAF)) throw new ProofRevertError('HashedLogIsDefault');
  const metadata = parseProofMetadata(proof);
  let ptr = metadata.proofStartIndex;

  const batchSettlementRoot = calculateRootBytes(slice(proof, ptr, ptr + metadata.logLeafProofLen), mask, leaf);
  ptr += metadata.logLeafProofLen;
  if (metadata.finalProofNode) {
    const stored = readStoredRoot(getInteropRoot, chainId, batchNumber);
    return !isZeroBytes(stored) && bytesEqual(stored, batchSettlementRoot);
  }

  const batchLeafProofMask = bytesToUint256(word(proof, ptr++));
  const chainTreeRoot = calculateRootBytes(
    slice(proof, ptr, ptr + metadata.batchLeafProofLen),
    batchLeafProofMask,
    batchLeafBytes(batchSettlementRoot, batchNumber),
  );
  ptr += metadata.batchLeafProofLen;
  const chainIdLeaf = chainIdLeafBytes(chainTreeRoot, chainId);

  const packed = bytesToUint256(word(proof, ptr++));
  const settlementLayerChainId = bytesToUint256(word(proof, ptr++));
  if (depth === 1) throw new ProofRevertError('DepthMoreThanOneForRecursiveMerkleProof');
  return proveLeaf(settlementLayerChainId, packed >> 128n, packed & UINT128_MASK, chainIdLeaf, proof.slice(ptr), getInteropRoot, depth + 1);
}

/** `MessageHashing.parseProofMetadata`: metadata word, or a legacy plain path. */
function parseProofMetadata(proof: readonly Uint8Array[]): ProofMetadata & { proofStartIndex: number } {
  const decoded = decodeProofMetadataBytes(proof[0]!);
  const metadata = decoded
    ? { ...decoded, proofStartIndex: 1 }
    : { version: 0, logLeafProofLen: proof.length, batchLeafProofLen: 0, finalProofNode: true, proofStartIndex: 0 };
  if (decoded && decoded.version !== SUPPORTED_PROOF_METADATA_VERSION) {
    throw new ProofRevertError('UnsupportedProofMetadataVersion', `version ${decoded.version}`);
  }
  if (metadata.finalProofNode && metadata.batchLeafProofLen !== 0) throw new ProofRevertError('InvalidProofLengthForFinalNode');
  return metadata;
}

/** `proof[i]`, reverting like a Solidity out-of-bounds read. */
function word(proof: readonly Uint8Array[], i: number): Uint8Array {
  if (i >= proof.length) throw new ProofRevertError('ArrayOutOfBounds', `proof word ${i} of ${proof.length}`);
  return proof[i]!;
}

/** `MessageHashing.extractSlice`, reverting like a Solidity out-of-bounds read. */
function slice(proof: readonly Uint8Array[], from: number, to: number): Uint8Array[] {
  if (to > proof.length) throw new ProofRevertError('ArrayOutOfBounds', `proof words ${from}..${to} of ${proof.length}`);
  return proof.slice(from, to);
}

function readStoredRoot(getInteropRoot: InteropRootReader, chainId: bigint, blockOrBatchNumber: bigint): Uint8Array {
  const root = getInteropRoot(chainId, blockOrBatchNumber);
  if (root === undefined) return new Uint8Array(32);
  try {
    return wordToBytes(root, 'stored interop root');
  } catch (cause) {
    throw new InvalidArgumentError(`getInteropRoot(${chainId}, ${blockOrBatchNumber}) returned a malformed root`, { cause });
  }
}
