// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Unauthorized} from "../SystemAddresses.sol";
import {INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS} from "./InteropTypes.sol";
import {L2_BASE_TOKEN_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS} from "../BridgeAddresses.sol";

/// @dev A transfer out of the holder failed (the recipient rejected the value).
error BaseTokenTransferFailed(address to, uint256 amount);

/// @title L2BaseTokenHolder (0x…10011): the base token a chain can still bring in from other chains.
/// @notice Base token here is the EVM's native balance, which no contract can mint or burn. So, as in
/// era-contracts' later BaseTokenHolder (976079466, l2-system/BaseTokenHolder.sol), value leaving
/// through interop is paid into this contract (`burnAndStartBridging`) and value arriving is paid
/// out of it (`give`, InteropHandler only) instead of v31-7cdd5474's L2BaseToken burnMsgValue/mint.
/// Genesis funds it with 2^128 wei (src/chain/genesis.ts): the chain's reserve of mintable base token.
/// @dev No asset tracker is notified (there is none here). Plain transfers in are refused, so its
/// balance only moves through the two bridging entry points.
contract L2BaseTokenHolder {
    /// @notice `amount` came into this chain from `fromChainId` by interop and went to `to`.
    event BaseTokenMintedInterop(address indexed to, uint256 amount);
    /// @notice `amount` left this chain for `toChainId` by interop, paid in by `from`.
    event BaseTokenBurntInterop(address indexed from, uint256 toChainId, uint256 amount);

    /// @notice Pays `amount` out of the reserve to `to`; InteropHandler only, for a call's value.
    function give(address to, uint256 amount, uint256 /* fromChainId */) external {
        if (msg.sender != INTEROP_HANDLER_ADDRESS) revert Unauthorized(msg.sender);
        if (amount == 0) return;
        (bool ok, ) = payable(to).call{value: amount}("");
        if (!ok) revert BaseTokenTransferFailed(to, amount);
        emit BaseTokenMintedInterop(to, amount);
    }

    /// @notice Takes msg.value into the reserve: base token sent to `toChainId` by interop.
    function burnAndStartBridging(uint256 toChainId) external payable {
        if (
            msg.sender != INTEROP_CENTER_ADDRESS &&
            msg.sender != INTEROP_HANDLER_ADDRESS &&
            msg.sender != L2_NATIVE_TOKEN_VAULT_ADDRESS &&
            msg.sender != L2_BASE_TOKEN_ADDRESS
        ) revert Unauthorized(msg.sender);
        emit BaseTokenBurntInterop(msg.sender, toChainId, msg.value);
    }

    /// @notice Only the base token contract may pay in directly (as in 976079466); ours never does.
    receive() external payable {
        if (msg.sender != L2_BASE_TOKEN_ADDRESS) revert Unauthorized(msg.sender);
    }
}
