// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageVerification} from "./interfaces/IMessageVerification.sol";
import {IL2InteropRootStorage} from "./interfaces/IL2InteropRootStorage.sol";
import {L2Log, L2Message} from "./interfaces/Messaging.sol";
import {L2_INTEROP_ROOT_STORAGE_ADDRESS} from "./SystemAddresses.sol";
import {InteropHashing, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, SUPPORTED_PROOF_METADATA_VERSION} from "./libraries/InteropHashing.sol";
import {MerklePath} from "./libraries/MerklePath.sol";

/// @dev The proof array is empty (also: nothing left for the settlement layer's part).
error MerklePathEmpty();
/// @dev The leaf is an unused slot of the logs tree, i.e. a log that was never sent.
error HashedLogIsDefault();
/// @dev Metadata word with a version other than 1.
error UnsupportedProofMetadataVersion(uint256 metadataVersion);
/// @dev A final proof node cannot carry a batch-leaf path.
error InvalidProofLengthForFinalNode();
/// @dev Only one settlement layer (Gateway) may sit between a chain and the stored root.
error DepthMoreThanOneForRecursiveMerkleProof();
/// @dev The metadata announces more words than the proof has (the real contract fails here with
/// an out-of-bounds Panic(0x32); a named error says what is wrong).
error ProofTooShort(uint256 wordsNeeded, uint256 proofLength);

/// @title L2MessageVerification (0x…10009): proves that a message was sent on another chain.
/// @notice Proof layout (SPEC §7, ZKsync proof metadata version 1). Word 0 is metadata when its low
/// 28 bytes are zero: byte0 version, byte1 log-leaf path length, byte2 batch-leaf path length,
/// byte3 final flag; otherwise the whole proof is a plain path and final. A final proof ends at a
/// root stored in L2InteropRootStorage; a non-final one continues through Gateway's chain tree and
/// shared tree, and its tail is a final proof against Gateway's interop root.
/// @dev Like the real contract: a malformed proof reverts with a named error, a well-formed proof
/// that leads to a root other than the stored one (or to no stored root) returns false.
contract L2MessageVerification is IMessageVerification {
    IL2InteropRootStorage internal constant ROOT_STORAGE = IL2InteropRootStorage(L2_INTEROP_ROOT_STORAGE_ADDRESS);

    /// @dev Where the current proof node's words are, as its metadata word says.
    struct ProofLayout {
        uint256 start;
        uint256 logLeafProofLength;
        uint256 batchLeafProofLength;
        bool finalProofNode;
    }

    /// @inheritdoc IMessageVerification
    function proveL2MessageInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = InteropHashing.messageLeaf(message.txNumberInBatch, message.sender, message.data);
        return _prove(chainId, blockOrBatchNumber, index, leaf, proof);
    }

    /// @inheritdoc IMessageVerification
    function proveL2LogInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 index,
        L2Log calldata log,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = InteropHashing.logLeaf(log.l2ShardId, log.isService, log.txNumberInBatch, log.sender, log.key, log.value);
        return _prove(chainId, blockOrBatchNumber, index, leaf, proof);
    }

    /// @inheritdoc IMessageVerification
    function proveL2LeafInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 leafProofMask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _prove(chainId, blockOrBatchNumber, leafProofMask, leaf, proof);
    }

    /// @dev What one proof node claims: `leaf` at position `mask` leads to the root stored (or,
    /// through the settlement layer, aggregated) for (`chainId`, `blockOrBatchNumber`).
    struct Claim {
        uint256 chainId;
        uint256 blockOrBatchNumber;
        uint256 mask;
        bytes32 leaf;
    }

    function _prove(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 mask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) internal view returns (bool) {
        return _proveLeaf(Claim(chainId, blockOrBatchNumber, mask, leaf), proof, 0);
    }

    /// @param depth 0 for the chain's own proof node, 1 for the settlement layer's.
    function _proveLeaf(Claim memory claim, bytes32[] calldata proof, uint256 depth) internal view returns (bool) {
        if (proof.length == 0) revert MerklePathEmpty();
        if (claim.leaf == L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH) revert HashedLogIsDefault();

        ProofLayout memory layout = _parseLayout(proof);
        uint256 end = layout.start + layout.logLeafProofLength;
        _requireWords(proof, end);
        // The path leads through the local logs tree to the chain batch root (its last sibling
        // is the chain's aggregated root); for Gateway's own node it leads to its interop root.
        bytes32 batchRoot = MerklePath.computeRoot(proof[layout.start:end], claim.mask, claim.leaf);

        if (layout.finalProofNode) {
            bytes32 storedRoot = ROOT_STORAGE.interopRoots(claim.chainId, claim.blockOrBatchNumber);
            return storedRoot != bytes32(0) && storedRoot == batchRoot;
        }

        // The settlement-layer words are read before the depth check, in the real contract's
        // order, so a malformed proof fails with the same kind of error as there.
        (Claim memory settlementClaim, uint256 next) = _settlementClaim(proof, end, layout.batchLeafProofLength, batchRoot, claim);
        if (depth != 0) revert DepthMoreThanOneForRecursiveMerkleProof();
        // Trusting a settlement layer's root means trusting that it never aggregates a batch
        // that did not happen; Gateway is the only settlement layer here.
        return _proveLeaf(settlementClaim, proof[next:], depth + 1);
    }

    /// @dev Reads, from `ptr`: the batch-leaf mask word, the batch-leaf path, the packed
    /// `(settlement block << 128) | shared-tree mask` word and the settlement chain id word; the
    /// chain's leaf in the settlement layer's shared tree is what the rest of the proof must prove.
    /// @return settlementClaim the claim for the settlement layer's own proof node
    /// @return next index of that node's first word
    function _settlementClaim(
        bytes32[] calldata proof,
        uint256 ptr,
        uint256 batchLeafProofLength,
        bytes32 batchRoot,
        Claim memory claim
    ) internal pure returns (Claim memory settlementClaim, uint256 next) {
        uint256 pathEnd = ptr + 1 + batchLeafProofLength;
        _requireWords(proof, pathEnd);
        bytes32 chainTreeRoot = MerklePath.computeRoot(
            proof[ptr + 1:pathEnd],
            uint256(proof[ptr]),
            InteropHashing.batchLeaf(batchRoot, claim.blockOrBatchNumber)
        );
        _requireWords(proof, pathEnd + 2);
        uint256 packed = uint256(proof[pathEnd]);
        settlementClaim = Claim({
            chainId: uint256(proof[pathEnd + 1]),
            blockOrBatchNumber: packed >> 128,
            mask: packed & type(uint128).max,
            leaf: InteropHashing.chainIdLeaf(chainTreeRoot, claim.chainId)
        });
        next = pathEnd + 2;
    }

    function _parseLayout(bytes32[] calldata proof) internal pure returns (ProofLayout memory layout) {
        bytes32 word = proof[0];
        // Proof elements are hashes, so 28 zero low bytes only happen in a metadata word.
        if (uint256(word) << 32 == 0) {
            uint256 version = uint8(word[0]);
            if (version != SUPPORTED_PROOF_METADATA_VERSION) revert UnsupportedProofMetadataVersion(version);
            layout.start = 1;
            layout.logLeafProofLength = uint8(word[1]);
            layout.batchLeafProofLength = uint8(word[2]);
            layout.finalProofNode = uint8(word[3]) != 0;
        } else {
            layout.logLeafProofLength = proof.length;
            layout.finalProofNode = true;
        }
        if (layout.finalProofNode && layout.batchLeafProofLength != 0) revert InvalidProofLengthForFinalNode();
    }

    function _requireWords(bytes32[] calldata proof, uint256 wordsNeeded) internal pure {
        if (proof.length < wordsNeeded) revert ProofTooShort(wordsNeeded, proof.length);
    }
}
