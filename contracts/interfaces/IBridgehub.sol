// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

/// @notice The part of the Bridgehub that a ZK chain contract asks while verifying a recursive
/// proof (era-contracts IBridgehub: same names and selectors).
interface IBridgehub {
    function getZKChain(uint256 chainId) external view returns (address);

    function whitelistedSettlementLayers(uint256 chainId) external view returns (bool);
}
