// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageVerification} from "../interfaces/IMessageVerification.sol";
import {L2Message} from "../interfaces/Messaging.sol";

/// @title InteropVerification: checks on this chain that a message was sent on another chain.
/// @notice `checkVerification` only asks; `verifyAndRecord` also remembers a proven message, the
/// way an application would act on it.
contract InteropVerification {
    IMessageVerification public constant L2_MESSAGE_VERIFICATION =
        IMessageVerification(0x0000000000000000000000000000000000010009);

    /// @param messageId keccak256(abi.encode(sourceChainId, message.sender, keccak256(message.data)))
    event MessageVerified(uint256 indexed sourceChainId, bytes32 indexed messageId, address sender, bool included);

    /// @notice Messages proven through `verifyAndRecord`, by messageId.
    mapping(bytes32 messageId => bool) public verifiedMessages;

    /// @return whether the proof shows `message` in batch `batchNumber` of `sourceChainId`
    function checkVerification(
        uint256 sourceChainId,
        uint256 batchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return L2_MESSAGE_VERIFICATION.proveL2MessageInclusionShared(sourceChainId, batchNumber, index, message, proof);
    }

    /// @notice Like `checkVerification`, and records a proven message.
    function verifyAndRecord(
        uint256 sourceChainId,
        uint256 batchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external returns (bool included) {
        included = L2_MESSAGE_VERIFICATION.proveL2MessageInclusionShared(sourceChainId, batchNumber, index, message, proof);
        bytes32 messageId = keccak256(abi.encode(sourceChainId, message.sender, keccak256(message.data)));
        if (included) verifiedMessages[messageId] = true;
        emit MessageVerified(sourceChainId, messageId, message.sender, included);
    }
}
