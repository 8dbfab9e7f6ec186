// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

/// @notice One L2→L1 log as the real L1Messenger emits it (`L2ToL1LogSent`).
struct L2ToL1Log {
    uint8 l2ShardId;
    bool isService;
    uint16 txNumberInBlock;
    address sender;
    bytes32 key;
    bytes32 value;
}

/// @notice Sends arbitrary-length messages out of a chain (they become L2→L1 logs of its batch).
interface IL1Messenger {
    event L1MessageSent(address indexed sender, bytes32 indexed hash, bytes message);
    event L2ToL1LogSent(L2ToL1Log _l2log);

    /// @return The keccak256 of `message`, the message's identifier everywhere.
    function sendToL1(bytes calldata message) external returns (bytes32);

    /// @notice A raw L2→L1 log with the caller as its sender; system contracts only.
    function sendL2ToL1Log(bool isService, bytes32 key, bytes32 value) external returns (uint256 logIdInMerkleTree);
}
