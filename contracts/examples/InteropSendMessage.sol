// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL1Messenger} from "../interfaces/IL1Messenger.sol";

/// @title InteropSendMessage: sends an interop message from a contract.
/// @notice The message's sender, as other chains will verify it, is this contract's address.
contract InteropSendMessage {
    IL1Messenger public constant L1_MESSENGER = IL1Messenger(0x0000000000000000000000000000000000008008);

    /// @return messageHash keccak256 of `message`, as L1Messenger returns it.
    function sendMessage(bytes calldata message) external returns (bytes32 messageHash) {
        messageHash = L1_MESSENGER.sendToL1(message);
    }
}
