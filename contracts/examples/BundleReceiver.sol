// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC7786Recipient} from "../interop/InteropTypes.sol";

/// @title BundleReceiver: an ERC-7786 recipient of interop bundle calls, for examples and tests.
/// @notice Records every call InteropHandler makes to it (receiveId, ERC-7930 sender, payload, value)
/// and emits `Received`. A payload equal to "fail" reverts with `Refused`, so a test can make one
/// call of a bundle fail. Only InteropHandler (0x…1000e) may deliver, as a real recipient would check.
contract BundleReceiver is IERC7786Recipient {
    address public constant INTEROP_HANDLER = 0x000000000000000000000000000000000001000E;

    error Refused(bytes payload);
    error NotInteropHandler(address caller);

    event Received(bytes32 indexed receiveId, bytes sender, bytes payload, uint256 value);

    /// @notice How many calls were received.
    uint256 public count;
    bytes32 public lastReceiveId;
    bytes public lastSender;
    bytes public lastPayload;
    uint256 public lastValue;

    function receiveMessage(bytes32 receiveId, bytes calldata sender, bytes calldata payload) external payable returns (bytes4) {
        if (msg.sender != INTEROP_HANDLER) revert NotInteropHandler(msg.sender);
        if (keccak256(payload) == keccak256("fail")) revert Refused(payload);
        ++count;
        lastReceiveId = receiveId;
        lastSender = sender;
        lastPayload = payload;
        lastValue = msg.value;
        emit Received(receiveId, sender, payload, msg.value);
        return IERC7786Recipient.receiveMessage.selector;
    }
}
