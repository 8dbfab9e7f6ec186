// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

import {L2Log, L2Message} from "./Messaging.sol";

/// @notice Proves that a message, log or raw leaf was part of a chain's batch, against the interop
/// roots this chain imported. Returns false for a well-formed proof that does not match; reverts
/// for a malformed one.
interface IMessageVerification {
    function proveL2MessageInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool);

    function proveL2LogInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 index,
        L2Log calldata log,
        bytes32[] calldata proof
    ) external view returns (bool);

    function proveL2LeafInclusionShared(
        uint256 chainId,
        uint256 blockOrBatchNumber,
        uint256 leafProofMask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) external view returns (bool);
}
