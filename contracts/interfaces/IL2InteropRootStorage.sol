// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

/// @notice Interop roots imported from Gateway, keyed by (chain id, block or batch number).
interface IL2InteropRootStorage {
    event InteropRootAdded(uint256 indexed chainId, uint256 indexed blockNumber, bytes32[] sides);

    function addInteropRoot(uint256 chainId, uint256 blockOrBatchNumber, bytes32[] calldata sides) external;

    function interopRoots(uint256 chainId, uint256 blockOrBatchNumber) external view returns (bytes32);
}
