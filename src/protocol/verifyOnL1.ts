/**
 * A TypeScript twin of verifying a message on L1 (SPEC §10): `Bridgehub.proveL2MessageInclusion`
 * forwarding to the chain's ZK chain contract (contracts/ChainSettlement.sol, following era-contracts
 * Mailbox._proveL2LeafInclusion), rule for rule. Where the contracts revert, {@link proveL2MessageInclusionOnL1}
 * throws {@link ProofRevertError} with the Solidity error name as `reason`; where they return false,
 * it returns false. What L1 stores is read through an injected {@link L1SettlementReader}, so the
 * verifier does no I/O of its own (the reader may be async, e.g. eth_calls to the L1 node).
 *
 * Rules: the claimed chain must be registered on L1 (`ChainNotRegistered`). Each proof node is parsed
 * as on L2 (src/protocol/verify.ts; a proof shorter than its metadata says reverts `ProofTooShort`).
 * A final node must name a batch executed on L1 (`BatchNotExecuted`) whose stored root is nonzero
 * (`LocalRootIsZero`), and is true iff the computed root equals it. A recursive node must name a batch
 * that did not settle on L1 (`LocalRootMustBeZero`) and a settlement layer the Bridgehub whitelists
 * (`NotSettlementLayer`); the rest of the proof is then proven against that layer's contract, with no
 * depth limit (unlike L2MessageVerification): every node consumes words, so recursion ends.
 */
import type { Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, SUPPORTED_PROOF_METADATA_VERSION } from './constants.ts';
import { bytesEqual, bytesToUint256, isZeroBytes, toUint256, wordToBytes } from './hash.ts';
import { l2MessageToLog, l2ToL1LogLeafBytes, type L2Message } from './l2ToL1Log.ts';
import { calculateRootBytes } from './merkle.ts';
import { batchLeafBytes, chainIdLeafBytes } from './messageRoot.ts';
import { decodeProofMetadataBytes } from './proof.ts';
import { ProofRevertError } from './proofRevert.ts';

const DEFAULT_LEAF = wordToBytes(L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH);
const UINT128_MASK = (1n << 128n) - 1n;

type MaybePromise<T> = T | Promise<T>;

/** What the verification reads on L1 (Bridgehub and the chains' ZK chain contracts). */
export type L1SettlementReader = {
  /** `Bridgehub.getZKChain(chainId) != 0` */
  isRegistered(chainId: bigint): MaybePromise<boolean>;
  /** `Bridgehub.whitelistedSettlementLayers(chainId)` */
  isSettlementLayer(chainId: bigint): MaybePromise<boolean>;
  /** `getTotalBatchesExecuted()` of the chain's ZK chain contract */
  totalBatchesExecuted(chainId: bigint): MaybePromise<bigint>;
  /** `l2LogsRootHash(batchNumber)` of the chain's ZK chain contract (zero when not executed there) */
  l2LogsRootHash(chainId: bigint, batchNumber: bigint): MaybePromise<Hex>;
};

/** A message claim as `Bridgehub.proveL2MessageInclusion` takes it. */
export type L1MessageClaim = {
  chainId: bigint | number;
  batchNumber: bigint | number;
  index: bigint | number;
  message: L2Message;
  proof: readonly Hex[];
};

/**
 * `Bridgehub.proveL2MessageInclusion(chainId, batchNumber, index, message, proof)` on L1.
 * @param claim the message and the proof `zks_getL2ToL1LogProof(tx, i)` answers without a mode
 * @param l1 reader of L1's settlement state
 * @returns true iff the proof leads to the root L1 stores for the (recursively named) batch
 * @throws ProofRevertError where the contracts revert (see module doc)
 * @throws InvalidArgumentError for inputs the ABI could not encode
 * @example await proveL2MessageInclusionOnL1({ chainId: 271n, batchNumber: 3n, index: 0n, message, proof }, reader)
 */
export async function proveL2MessageInclusionOnL1(claim: L1MessageClaim, l1: L1SettlementReader): Promise<boolean> {
  const chainId = toUint256(claim.chainId, 'chainId');
  const batchNumber = toUint256(claim.batchNumber, 'batchNumber');
  const index = toUint256(claim.index, 'index');
  const words = claim.proof.map((w, i) => wordToBytes(w, `proof[${i}]`));
  const leaf = l2ToL1LogLeafBytes(l2MessageToLog(claim.message));
  if (!(await l1.isRegistered(chainId))) throw new ProofRevertError('ChainNotRegistered', `chain ${chainId} has no ZK chain contract on L1`);
  return proveLeaf(chainId, batchNumber, index, leaf, words, l1);
}

/** ChainSettlement._proveL2LeafInclusion of `chainId`'s contract, with MessageProof.getProofData inlined. */
async function proveLeaf(chainId: bigint, batchNumber: bigint, mask: bigint, leaf: Uint8Array, proof: readonly Uint8Array[], l1: L1SettlementReader): Promise<boolean> {
  if (proof.length === 0) throw new ProofRevertError('MerklePathEmpty');
  if (bytesEqual(leaf, DEFAULT_LEAF)) throw new ProofRevertError('HashedLogIsDefault');
  const layout = parseLayout(proof);
  let ptr = layout.start + layout.logLeafProofLen;
  requireWords(proof, ptr);
  const batchSettlementRoot = calculateRootBytes(proof.slice(layout.start, ptr), mask, leaf);

  if (layout.finalProofNode) {
    const executed = await l1.totalBatchesExecuted(chainId);
    if (batchNumber > executed) throw new ProofRevertError('BatchNotExecuted', `batch ${batchNumber} of chain ${chainId}: ${executed} executed on L1`);
    const stored = await readRoot(l1, chainId, batchNumber);
    if (isZeroBytes(stored)) throw new ProofRevertError('LocalRootIsZero', `batch ${batchNumber} of chain ${chainId}`);
    return bytesEqual(stored, batchSettlementRoot);
  }

  const pathEnd = ptr + 1 + layout.batchLeafProofLen;
  requireWords(proof, pathEnd);
  const chainTreeRoot = calculateRootBytes(proof.slice(ptr + 1, pathEnd), bytesToUint256(proof[ptr]!), batchLeafBytes(batchSettlementRoot, batchNumber));
  requireWords(proof, pathEnd + 2);
  const chainIdLeaf = chainIdLeafBytes(chainTreeRoot, chainId);
  const packed = bytesToUint256(proof[pathEnd]!);
  const settlementLayerChainId = bytesToUint256(proof[pathEnd + 1]!);
  ptr = pathEnd + 2;

  if (!isZeroBytes(await readRoot(l1, chainId, batchNumber))) throw new ProofRevertError('LocalRootMustBeZero', `batch ${batchNumber} of chain ${chainId} settled on L1`);
  if (!(await l1.isSettlementLayer(settlementLayerChainId))) throw new ProofRevertError('NotSettlementLayer', `chain ${settlementLayerChainId}`);
  return proveLeaf(settlementLayerChainId, packed >> 128n, packed & UINT128_MASK, chainIdLeaf, proof.slice(ptr), l1);
}

/** MessageProof.parseLayout: metadata word, or a legacy plain (final) path. */
function parseLayout(proof: readonly Uint8Array[]): { start: number; logLeafProofLen: number; batchLeafProofLen: number; finalProofNode: boolean } {
  const decoded = decodeProofMetadataBytes(proof[0]!);
  if (decoded && decoded.version !== SUPPORTED_PROOF_METADATA_VERSION) throw new ProofRevertError('UnsupportedProofMetadataVersion', `version ${decoded.version}`);
  const layout = decoded ? { start: 1, ...decoded } : { start: 0, logLeafProofLen: proof.length, batchLeafProofLen: 0, finalProofNode: true };
  if (layout.finalProofNode && layout.batchLeafProofLen !== 0) throw new ProofRevertError('InvalidProofLengthForFinalNode');
  return layout;
}

function requireWords(proof: readonly Uint8Array[], needed: number): void {
  if (proof.length < needed) throw new ProofRevertError('ProofTooShort', `needs ${needed} words, has ${proof.length}`);
}

async function readRoot(l1: L1SettlementReader, chainId: bigint, batchNumber: bigint): Promise<Uint8Array> {
  const root = await l1.l2LogsRootHash(chainId, batchNumber);
  try {
    return wordToBytes(root, 'l2LogsRootHash');
  } catch (cause) {
    throw new InvalidArgumentError(`l2LogsRootHash(${chainId}, ${batchNumber}) returned a malformed root ${String(root)}`, { cause });
  }
}
