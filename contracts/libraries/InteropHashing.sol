// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L1_MESSENGER_ADDRESS} from "../SystemAddresses.sol";

// The hashes that give ZKsync's message trees their shape (SPEC §2–§4). Every value here must match
// the real protocol byte for byte: proofs built by real clients are checked against them.

/// @dev H("zkSync:BatchLeaf"): domain separator of batch leaves in a chain tree.
bytes32 constant BATCH_LEAF_PADDING = keccak256("zkSync:BatchLeaf");
/// @dev H("zkSync:ChainIdLeaf"): domain separator of chain leaves in the shared tree.
bytes32 constant CHAIN_ID_LEAF_PADDING = keccak256("zkSync:ChainIdLeaf");
/// @dev H(88 zero bytes): an unused slot of the local logs tree. Proving it would "prove" a log
/// that was never sent, so the verifier refuses it as a leaf.
bytes32 constant L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH = 0x72abee45b59e344af8a6e520241c4744aff26ed411f4c4b00f8af09adada43ba;
/// @dev H(96 zero bytes): padding leaf of chain trees and of the shared tree.
bytes32 constant EMPTY_TREE_ENTRY_HASH = 0x46700b4d40ac5c35af2c22dda2787a91eb567b06c924a8fb8ae9a05b20c08c21;
/// @dev The only proof metadata version the verifier understands.
uint256 constant SUPPORTED_PROOF_METADATA_VERSION = 1;

library InteropHashing {
    /// @dev Leaf of one L2→L1 log: keccak of its 88-byte serialization
    /// shardId(1) ‖ isService(1) ‖ txNumberInBatch(2) ‖ sender(20) ‖ key(32) ‖ value(32).
    function logLeaf(
        uint8 shardId,
        bool isService,
        uint16 txNumberInBatch,
        address sender,
        bytes32 key,
        bytes32 value
    ) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(shardId, isService, txNumberInBatch, sender, key, value));
    }

    /// @dev Leaf of a message sent through L1Messenger: the messenger is the log's sender, the real
    /// sender rides in `key`, and the message is committed to by its hash.
    function messageLeaf(uint16 txNumberInBatch, address sender, bytes calldata data) internal pure returns (bytes32) {
        return logLeaf(0, true, txNumberInBatch, L1_MESSENGER_ADDRESS, bytes32(uint256(uint160(sender))), keccak256(data));
    }

    /// @dev Leaf of one executed batch in its chain's tree.
    function batchLeaf(bytes32 chainBatchRoot, uint256 batchNumber) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(BATCH_LEAF_PADDING, chainBatchRoot, batchNumber));
    }

    /// @dev Leaf of one chain in the shared tree.
    function chainIdLeaf(bytes32 chainTreeRoot, uint256 chainId) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(CHAIN_ID_LEAF_PADDING, chainTreeRoot, chainId));
    }

    /// @dev Inner node of every tree here: H(left ‖ right), hashed in scratch space (no allocation).
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            result := keccak256(0x00, 0x40)
        }
    }
}
