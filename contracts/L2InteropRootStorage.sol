// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL2InteropRootStorage} from "./interfaces/IL2InteropRootStorage.sol";
import {BOOTLOADER_ADDRESS, Unauthorized} from "./SystemAddresses.sol";

/// @dev Proof-based interop imports exactly one root per entry (more sides are for pre-commit interop).
error SidesLengthNotOne();
/// @dev A zero root would read as "absent" and could never be proven against.
error MessageRootIsZero();
/// @dev Roots are write-once: a second import for the same key is a node bug or an attack.
error InteropRootAlreadyExists();

/// @title L2InteropRootStorage (0x…10008): the interop roots this chain has imported.
/// @notice The node's watcher sees `NewInteropRoot` on Gateway and, at the start of the next L2
/// block, imports it here as the bootloader. L2MessageVerification reads these roots.
contract L2InteropRootStorage is IL2InteropRootStorage {
    /// @notice Root published by chain `chainId` at its block (proof-based interop) or batch.
    mapping(uint256 chainId => mapping(uint256 blockOrBatchNumber => bytes32 root)) public interopRoots;

    /// @notice Stores an imported root; only the bootloader may call.
    /// @param sides must be `[root]` with a nonzero root not stored yet for this key.
    function addInteropRoot(uint256 chainId, uint256 blockOrBatchNumber, bytes32[] calldata sides) external {
        if (msg.sender != BOOTLOADER_ADDRESS) revert Unauthorized(msg.sender);
        if (sides.length != 1) revert SidesLengthNotOne();
        bytes32 root = sides[0];
        if (root == bytes32(0)) revert MessageRootIsZero();
        if (interopRoots[chainId][blockOrBatchNumber] != bytes32(0)) revert InteropRootAlreadyExists();

        interopRoots[chainId][blockOrBatchNumber] = root;
        emit InteropRootAdded(chainId, blockOrBatchNumber, sides);
    }
}
