// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

/// @notice Sends arbitrary-length messages out of a chain (they become L2→L1 logs of its batch).
interface IL1Messenger {
    event L1MessageSent(address indexed sender, bytes32 indexed hash, bytes message);

    /// @return The keccak256 of `message`, the message's identifier everywhere.
    function sendToL1(bytes calldata message) external returns (bytes32);
}
