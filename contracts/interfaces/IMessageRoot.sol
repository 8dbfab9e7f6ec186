// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

/// @notice Aggregates the batch roots of the chains that settle here into one interop root.
interface IMessageRoot {
    event AddedChain(uint256 indexed chainId, uint256 indexed chainIndex);
    event AppendedChainBatchRoot(uint256 indexed chainId, uint256 indexed batchNumber, bytes32 chainBatchRoot);
    event NewChainRoot(uint256 indexed chainId, bytes32 chainRoot, bytes32 chainIdLeafHash);
    event NewInteropRoot(uint256 indexed chainId, uint256 indexed blockNumber, uint256 indexed logId, bytes32[] sides);

    function addChainBatchRoot(uint256 chainId, uint256 batchNumber, bytes32 chainBatchRoot) external;

    function getAggregatedRoot() external view returns (bytes32);

    function historicalRoot(uint256 blockNumber) external view returns (bytes32);
}
