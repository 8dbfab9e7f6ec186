// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InteropHashing, L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH, SUPPORTED_PROOF_METADATA_VERSION} from "./InteropHashing.sol";
import {MerklePath} from "./MerklePath.sol";

/// @dev The proof array is empty (also: nothing left for the settlement layer's part).
error MerklePathEmpty();
/// @dev The leaf is an unused slot of the logs tree, i.e. a log that was never sent.
error HashedLogIsDefault();
/// @dev Metadata word with a version other than 1.
error UnsupportedProofMetadataVersion(uint256 metadataVersion);
/// @dev A final proof node cannot carry a batch-leaf path.
error InvalidProofLengthForFinalNode();
/// @dev The metadata announces more words than the proof has (the real contracts fail here with
/// an out-of-bounds Panic(0x32); a named error says what is wrong).
error ProofTooShort(uint256 wordsNeeded, uint256 proofLength);

/// @notice What one node of a (possibly recursive) message proof says.
/// @dev Same fields as era-contracts' `ProofData` (common/libraries/MessageHashing.sol).
struct ProofData {
    /// @dev Non-final only: the settlement layer whose batch (or block) aggregated this chain's leaf.
    uint256 settlementLayerChainId;
    uint256 settlementLayerBatchNumber;
    /// @dev Non-final only: position of the chain's leaf in the settlement layer's shared tree.
    uint256 settlementLayerBatchRootMask;
    uint256 batchLeafProofLen;
    /// @dev Root the log path leads to: the chain batch root (final: compared with a stored root).
    bytes32 batchSettlementRoot;
    /// @dev Non-final only: the chain's leaf in the settlement layer's shared tree, which the rest
    /// of the proof (from `ptr`) must prove against the settlement layer.
    bytes32 chainIdLeaf;
    /// @dev Index of the first word not consumed by this node.
    uint256 ptr;
    bool finalProofNode;
}

/// @notice Parses one node of a ZKsync message proof (metadata version 1, SPEC §7) and folds its
/// Merkle paths. Shared by L2MessageVerification (recursion ends at an imported interop root) and
/// ChainSettlement (recursion ends at a settled batch's root on the settlement layer): only where
/// the recursion ends differs, as between era-contracts' L2MessageVerification and Mailbox.
/// @dev Follows era-contracts `MessageHashing.parseProofMetadata` and `MessageHashing._getProofData`
/// step by step; the only difference is that a proof shorter than its metadata says reverts with
/// ProofTooShort instead of an array out-of-bounds panic.
library MessageProof {
    /// @dev Where the current proof node's words are, as its metadata word says
    /// (era-contracts `MessageHashing.ProofMetadata`).
    struct Layout {
        uint256 start;
        uint256 logLeafProofLength;
        uint256 batchLeafProofLength;
        bool finalProofNode;
    }

    /// @notice era-contracts `MessageHashing._getProofData`: the log path to the chain batch root
    /// and, for a non-final node, the batch-leaf path in the chain's tree on the settlement layer,
    /// the packed `(settlement batch << 128) | shared-tree mask` word and the settlement chain id.
    /// @param chainId the chain that sent the leaf
    /// @param batchNumber its batch (or, on a settlement layer's own node, block) number
    /// @param mask the leaf's position in the local logs tree
    function getProofData(
        uint256 chainId,
        uint256 batchNumber,
        uint256 mask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) internal pure returns (ProofData memory result) {
        if (proof.length == 0) revert MerklePathEmpty();
        if (leaf == L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH) revert HashedLogIsDefault();

        Layout memory layout = parseLayout(proof);
        uint256 ptr = layout.start + layout.logLeafProofLength;
        requireWords(proof, ptr);
        // The path leads through the local logs tree to the chain batch root (its last sibling is
        // the chain's aggregated root).
        result.batchSettlementRoot = MerklePath.computeRoot(proof[layout.start:ptr], mask, leaf);
        result.finalProofNode = layout.finalProofNode;
        result.batchLeafProofLen = layout.batchLeafProofLength;
        if (layout.finalProofNode) {
            result.ptr = ptr;
            return result;
        }

        uint256 pathEnd = ptr + 1 + layout.batchLeafProofLength;
        requireWords(proof, pathEnd);
        bytes32 chainTreeRoot = MerklePath.computeRoot(
            proof[ptr + 1:pathEnd],
            uint256(proof[ptr]),
            InteropHashing.batchLeaf(result.batchSettlementRoot, batchNumber)
        );
        requireWords(proof, pathEnd + 2);
        result.chainIdLeaf = InteropHashing.chainIdLeaf(chainTreeRoot, chainId);
        uint256 packed = uint256(proof[pathEnd]);
        result.settlementLayerBatchNumber = packed >> 128;
        result.settlementLayerBatchRootMask = packed & type(uint128).max;
        result.settlementLayerChainId = uint256(proof[pathEnd + 1]);
        result.ptr = pathEnd + 2;
    }

    /// @notice era-contracts `MessageHashing.parseProofMetadata`: word 0 is metadata when its low
    /// 28 bytes are zero (byte0 version, byte1 log-leaf path length, byte2 batch-leaf path length,
    /// byte3 final flag); otherwise the whole proof is a plain path and final.
    function parseLayout(bytes32[] calldata proof) internal pure returns (Layout memory layout) {
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

    function requireWords(bytes32[] calldata proof, uint256 wordsNeeded) internal pure {
        if (proof.length < wordsNeeded) revert ProofTooShort(wordsNeeded, proof.length);
    }
}
