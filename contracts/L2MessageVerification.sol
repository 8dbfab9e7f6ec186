// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageVerification} from "./interfaces/IMessageVerification.sol";
import {IL2InteropRootStorage} from "./interfaces/IL2InteropRootStorage.sol";
import {L2Log, L2Message} from "./interfaces/Messaging.sol";
import {L2_INTEROP_ROOT_STORAGE_ADDRESS} from "./SystemAddresses.sol";
import {InteropHashing} from "./libraries/InteropHashing.sol";
import {MessageProof, ProofData} from "./libraries/MessageProof.sol";

/// @dev Only one settlement layer (Gateway) may sit between a chain and the stored root.
error DepthMoreThanOneForRecursiveMerkleProof();

/// @title L2MessageVerification (0x…10009): proves that a message was sent on another chain.
/// @notice Proof layout (SPEC §7, ZKsync proof metadata version 1). Word 0 is metadata when its low
/// 28 bytes are zero: byte0 version, byte1 log-leaf path length, byte2 batch-leaf path length,
/// byte3 final flag; otherwise the whole proof is a plain path and final. A final proof ends at a
/// root stored in L2InteropRootStorage; a non-final one continues through Gateway's chain tree and
/// shared tree, and its tail is a final proof against Gateway's interop root.
/// @dev Like the real contract (era-contracts bridgehub/L2MessageVerification.sol
/// `_proveL2LeafInclusion`): a malformed proof reverts with a named error (MessageProof's), a
/// well-formed proof that leads to a root other than the stored one (or to no stored root)
/// returns false.
contract L2MessageVerification is IMessageVerification {
    IL2InteropRootStorage internal constant ROOT_STORAGE = IL2InteropRootStorage(L2_INTEROP_ROOT_STORAGE_ADDRESS);

    /// @inheritdoc IMessageVerification
    function proveL2MessageInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = InteropHashing.messageLeaf(message.txNumberInBatch, message.sender, message.data);
        return _proveLeaf(Claim(chainId, blockOrBatchNumber, index, leaf), proof, 0);
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
        return _proveLeaf(Claim(chainId, blockOrBatchNumber, index, leaf), proof, 0);
    }

    /// @inheritdoc IMessageVerification
    function proveL2LeafInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 leafProofMask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _proveLeaf(Claim(chainId, blockOrBatchNumber, leafProofMask, leaf), proof, 0);
    }

    /// @dev What one proof node claims: `leaf` at position `mask` leads to the root stored (or,
    /// through the settlement layer, aggregated) for (`chainId`, `blockOrBatchNumber`).
    struct Claim {
        uint256 chainId;
        uint256 blockOrBatchNumber;
        uint256 mask;
        bytes32 leaf;
    }

    /// @param depth 0 for the chain's own proof node, 1 for the settlement layer's.
    function _proveLeaf(Claim memory claim, bytes32[] calldata proof, uint256 depth) internal view returns (bool) {
        ProofData memory node = MessageProof.getProofData(claim.chainId, claim.blockOrBatchNumber, claim.mask, claim.leaf, proof);

        if (node.finalProofNode) {
            // For Gateway's own node the path led to its interop root, imported on this chain.
            bytes32 storedRoot = ROOT_STORAGE.interopRoots(claim.chainId, claim.blockOrBatchNumber);
            return storedRoot != bytes32(0) && storedRoot == node.batchSettlementRoot;
        }

        // The settlement-layer words were read before the depth check, in the real contract's
        // order, so a malformed proof fails with the same kind of error as there.
        if (depth != 0) revert DepthMoreThanOneForRecursiveMerkleProof();
        // Trusting a settlement layer's root means trusting that it never aggregates a batch
        // that did not happen; Gateway is the only settlement layer here.
        Claim memory settlementClaim = Claim({
            chainId: node.settlementLayerChainId,
            blockOrBatchNumber: node.settlementLayerBatchNumber,
            mask: node.settlementLayerBatchRootMask,
            leaf: node.chainIdLeaf
        });
        return _proveLeaf(settlementClaim, proof[node.ptr:], depth + 1);
    }
}
