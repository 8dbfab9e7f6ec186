// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

// Message and log shapes of ZKsync's L2→L1 messaging. Field order and types are part of the ABI
// (and so of the verifier's selectors): keep them exactly as the real protocol has them.

/// @notice One L2→L1 log as the batch records it; serialized to 88 bytes for its tree leaf.
struct L2Log {
    uint8 l2ShardId;
    bool isService;
    uint16 txNumberInBatch;
    address sender;
    bytes32 key;
    bytes32 value;
}

/// @notice An arbitrary-length message sent through L1Messenger; it is recorded as an L2Log.
struct L2Message {
    uint16 txNumberInBatch;
    address sender;
    bytes data;
}
