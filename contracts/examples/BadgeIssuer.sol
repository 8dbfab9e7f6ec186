// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC7786Recipient} from "../interop/InteropTypes.sol";
import {InteroperableAddress} from "../interop/InteroperableAddress.sol";

/// @title BadgeIssuer: "unlock on chain B", the docs' use case as a contract (examples/unlock-on-chain-b.ts).
/// @notice An ERC-7786 recipient of interop bundle calls: an account that acted on the source chain (sent a
/// bundle call here from it) gets a badge on this chain. Only InteropHandler (0x…1000e) may deliver, since
/// only it proves the call came from a bundle the source chain sent; the ERC-7930 `sender` it passes names
/// the source chain and the account there, and a call from any chain but the configured one is refused.
contract BadgeIssuer is IERC7786Recipient {
    address public constant INTEROP_HANDLER = 0x000000000000000000000000000000000001000E;

    error NotInteropHandler(address caller);
    error WrongSourceChain(uint256 chainId);

    event BadgeGranted(address account, uint256 sourceChainId);

    /// @notice The chain whose accounts earn badges here.
    uint256 public immutable sourceChainId;
    /// @notice Who holds a badge (keyed by the account on the source chain).
    mapping(address => bool) public badges;

    constructor(uint256 sourceChainId_) {
        sourceChainId = sourceChainId_;
    }

    function receiveMessage(bytes32, bytes calldata sender, bytes calldata) external payable returns (bytes4) {
        if (msg.sender != INTEROP_HANDLER) revert NotInteropHandler(msg.sender);
        (uint256 chainId, address originalSender) = InteroperableAddress.parseEvmV1(sender);
        if (chainId != sourceChainId) revert WrongSourceChain(chainId);
        badges[originalSender] = true;
        emit BadgeGranted(originalSender, chainId);
        return IERC7786Recipient.receiveMessage.selector;
    }
}
