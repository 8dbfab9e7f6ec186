/**
 * The error the TS verifier throws where the real L2MessageVerification contract reverts (as
 * opposed to returning false). `reason` is the Solidity custom error name, so differential tests
 * can compare it with the revert data of the real contract.
 */
import { ZkInteropError } from '../errors.ts';

/**
 * Why a proof made the contract revert:
 * - `MerklePathEmpty`: the proof array is empty;
 * - `MerklePathOutOfBounds`: a Merkle path has 256 or more words;
 * - `MerkleIndexOutOfBounds`: a mask is ≥ 2^pathLength;
 * - `HashedLogIsDefault`: the leaf is the empty local-logs leaf `H(88 zero bytes)`;
 * - `UnsupportedProofMetadataVersion`: metadata version byte is not 1;
 * - `InvalidProofLengthForFinalNode`: final flag set with `batchLeafProofLen != 0`;
 * - `DepthMoreThanOneForRecursiveMerkleProof`: the nested settlement-layer proof is not final;
 * - `ArrayOutOfBounds`: the metadata points past the end of the proof (Solidity `Panic(0x32)`).
 *
 * On L1 (Bridgehub → ChainSettlement, src/protocol/verifyOnL1.ts) also:
 * - `ProofTooShort`: the metadata points past the end of the proof (our MessageProof names it);
 * - `ChainNotRegistered`: the claimed chain has no ZK chain contract on L1;
 * - `BatchNotExecuted`: a final node names a batch not executed on L1 (yet);
 * - `LocalRootIsZero`: a final node names an executed batch with no stored root (batch 0);
 * - `LocalRootMustBeZero`: a recursive node names a batch that settled on L1 itself;
 * - `NotSettlementLayer`: a recursive node names a chain the Bridgehub does not trust as a settlement layer.
 */
export type ProofRevertReason =
  | 'MerklePathEmpty'
  | 'MerklePathOutOfBounds'
  | 'MerkleIndexOutOfBounds'
  | 'HashedLogIsDefault'
  | 'UnsupportedProofMetadataVersion'
  | 'InvalidProofLengthForFinalNode'
  | 'DepthMoreThanOneForRecursiveMerkleProof'
  | 'ArrayOutOfBounds'
  | 'ProofTooShort'
  | 'ChainNotRegistered'
  | 'BatchNotExecuted'
  | 'LocalRootIsZero'
  | 'LocalRootMustBeZero'
  | 'NotSettlementLayer';

/** Verification reverted, exactly where the real contract reverts; `reason` names the Solidity error. */
export class ProofRevertError extends ZkInteropError {
  override name = 'ProofRevertError';
  readonly reason: ProofRevertReason;

  constructor(reason: ProofRevertReason, details?: string) {
    super('PROOF_REVERTED', `Proof verification reverted with ${reason}: the proof is malformed for this leaf; use the proof the node builds (zks_getL2ToL1LogProof, or getInteropProof) unchanged.`, { details });
    this.reason = reason;
  }
}
