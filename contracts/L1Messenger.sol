// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL1Messenger} from "./interfaces/IL1Messenger.sol";

/// @title L1Messenger (0x…8008): the way a message leaves its chain.
/// @notice Anyone may send; the message has no destination. It is proven later, on any chain, with
/// L2MessageVerification against an interop root published by Gateway.
/// @dev Real ZKsync has the VM append the L2→L1 log
/// `{shardId 0, isService true, txNumberInBatch, sender 0x…8008, key = msg.sender, value = H(message)}`
/// right here. On this EVM the contract cannot know `txNumberInBatch` (a transaction's position in
/// its batch is only known to the sequencer, which builds batches out of blocks), so the node builds
/// that log from the `L1MessageSent` event below: the event is the record, and the node assigns the
/// transaction number and the log's position in the batch.
contract L1Messenger is IL1Messenger {
    /// @inheritdoc IL1Messenger
    function sendToL1(bytes calldata message) external returns (bytes32 hash) {
        hash = keccak256(message);
        emit L1MessageSent(msg.sender, hash, message);
    }
}
