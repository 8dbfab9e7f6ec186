// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL1Messenger, L2ToL1Log} from "./interfaces/IL1Messenger.sol";
import {L1_MESSENGER_ADDRESS, Unauthorized} from "./SystemAddresses.sol";

/// @dev Highest address of a system contract: era-contracts' MAX_SYSTEM_CONTRACT_ADDRESS.
uint160 constant MAX_SYSTEM_CONTRACT_ADDRESS = 0xffff;

/// @title L1Messenger (0x…8008): the way a message (or a raw L2→L1 log) leaves its chain.
/// @notice Anyone may send a message; it has no destination. It is proven later, on any chain, with
/// L2MessageVerification against an interop root published by Gateway.
/// @dev As the real contract, each call emits `L2ToL1LogSent(log)` (for sendToL1, followed by
/// `L1MessageSent`). The real VM appends the log to the batch right here, numbered from
/// SystemContext; on this EVM the contract cannot know the transaction's position in its batch, nor
/// the log's position in the batch's tree (only the node, which builds batches out of blocks, does).
/// So the event's `txNumberInBlock` is 0 and `sendL2ToL1Log` returns 0: the node reads the
/// `L2ToL1LogSent` events in execution order, assigns the transaction number and the log id, and
/// receipts and `zks_getL2ToL1LogProof` carry the real values.
contract L1Messenger is IL1Messenger {
    /// @notice Real rule (era-contracts `onlyCallFromSystemContract`): only system contracts, the
    /// addresses up to 0xffff. The real check also wants the call flagged as a system call, which an
    /// EVM has no notion of; the address check is what stays.
    modifier onlyCallFromSystemContract() {
        if (uint160(msg.sender) > MAX_SYSTEM_CONTRACT_ADDRESS) revert Unauthorized(msg.sender);
        _;
    }

    /// @inheritdoc IL1Messenger
    function sendToL1(bytes calldata message) external returns (bytes32 hash) {
        hash = keccak256(message);
        emit L2ToL1LogSent(
            L2ToL1Log({
                l2ShardId: 0,
                isService: true,
                txNumberInBlock: 0,
                sender: L1_MESSENGER_ADDRESS,
                key: bytes32(uint256(uint160(msg.sender))),
                value: hash
            })
        );
        emit L1MessageSent(msg.sender, hash, message);
    }

    /// @inheritdoc IL1Messenger
    function sendL2ToL1Log(bool isService, bytes32 key, bytes32 value) external onlyCallFromSystemContract returns (uint256 logIdInMerkleTree) {
        emit L2ToL1LogSent(L2ToL1Log({l2ShardId: 0, isService: isService, txNumberInBlock: 0, sender: msg.sender, key: key, value: value}));
        return 0;
    }
}
