// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL2CrossChainSender, InteropCallStarter} from "../interop/InteropTypes.sol";

/// @title IndirectCallSender: an IL2CrossChainSender for tests of InteropCenter's indirect calls.
/// @notice For an indirect call, InteropCenter asks this contract which call to carry: it answers a
/// call to `target` (the same address on the destination) with `abi.encode(originalCaller, data)` as
/// payload and the interopCallValue it was given, and keeps the message value. `lieAboutValue`
/// makes it answer another value, so InteropCenter's IndirectCallValueMismatch can be tested.
contract IndirectCallSender is IL2CrossChainSender {
    address public immutable target;
    bool public lieAboutValue;

    event IndirectCallInitiated(uint256 chainId, address originalCaller, uint256 value, bytes data, uint256 messageValue);

    constructor(address target_) {
        target = target_;
    }

    function setLieAboutValue(bool lie) external {
        lieAboutValue = lie;
    }

    function initiateIndirectCall(uint256 chainId, address originalCaller, uint256 value, bytes calldata data) external payable returns (InteropCallStarter memory starter) {
        emit IndirectCallInitiated(chainId, originalCaller, value, data, msg.value);
        bytes[] memory attributes = new bytes[](1);
        // interopCallValue(uint256)
        attributes[0] = abi.encodeWithSignature("interopCallValue(uint256)", lieAboutValue ? value + 1 : value);
        starter = InteropCallStarter({to: abi.encodePacked(bytes6(0x000100000014), target), data: abi.encode(originalCaller, data), callAttributes: attributes});
    }
}
