// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A message sent through L1Messenger (0x…8008), as the verifier takes it.
struct L2Message {
    uint16 txNumberInBatch;
    address sender;
    bytes data;
}

/// @notice L2MessageVerification (0x…10009) on every ZKsync chain.
interface IMessageVerification {
    function proveL2MessageInclusionShared(
        uint256 chainId,
        uint256 batchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool);
}

/// @title InteropReceiver: acts once on a message proven to come from another chain.
contract InteropReceiver {
    IMessageVerification public constant VERIFIER = IMessageVerification(0x0000000000000000000000000000000000010009);

    event Received(uint256 indexed sourceChainId, address indexed sender, bytes data);

    /// @notice keccak256(sourceChainId, batchNumber, index) of every message acted on.
    mapping(bytes32 => bool) public received;

    function receiveMessage(
        uint256 sourceChainId,
        uint256 batchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external {
        require(VERIFIER.proveL2MessageInclusionShared(sourceChainId, batchNumber, index, message, proof), "message not proven");
        bytes32 id = keccak256(abi.encode(sourceChainId, batchNumber, index));
        require(!received[id], "already received");
        received[id] = true;
        emit Received(sourceChainId, message.sender, message.data);
    }
}
