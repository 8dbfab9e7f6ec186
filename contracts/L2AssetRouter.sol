// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_BASE_TOKEN_ADDRESS, L2_BRIDGEHUB_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS} from "./BridgeAddresses.sol";
import {L2NativeTokenVault} from "./L2NativeTokenVault.sol";

/// @dev There is no L1 (and no L1 bridge) here: move value between chains with an interop message.
error NoL1Bridge();

/// @title L2AssetRouter (0x…10003): the shared-bridge views zksync-ethers reads
/// (`getDefaultBridgeAddresses`, `l2TokenAddress`, `l1TokenAddress`).
/// @notice This devnet has no L1, so there is no L1 asset router (zero) and nothing to withdraw to;
/// token lookups are the native token vault's (only the base token, ETH, exists).
contract L2AssetRouter {
    /// @notice No L1 asset router exists for this devnet.
    function L1_ASSET_ROUTER() external pure returns (address) {
        return address(0);
    }

    /// @notice The shared-bridge name of L1_ASSET_ROUTER (zksync-ethers calls it to tell a shared bridge from a legacy one).
    function l1SharedBridge() external pure returns (address) {
        return address(0);
    }

    function l1Bridge() external pure returns (address) {
        return address(0);
    }

    function BRIDGE_HUB() external pure returns (address) {
        return L2_BRIDGEHUB_ADDRESS;
    }

    function assetHandlerAddress(bytes32 assetId) external view returns (address) {
        return assetId == L2NativeTokenVault(L2_NATIVE_TOKEN_VAULT_ADDRESS).BASE_TOKEN_ASSET_ID() ? L2_NATIVE_TOKEN_VAULT_ADDRESS : address(0);
    }

    function l2TokenAddress(address l1Token) external pure returns (address) {
        return L2NativeTokenVault(L2_NATIVE_TOKEN_VAULT_ADDRESS).l2TokenAddress(l1Token);
    }

    /// @notice The L1 address of an L2 token: 0x…01 (ETH) for the base token, zero for any other.
    function l1TokenAddress(address l2Token) external pure returns (address) {
        return l2Token == L2_BASE_TOKEN_ADDRESS ? ETH_TOKEN_ADDRESS : address(0);
    }

    function withdraw(bytes32, bytes calldata) external pure returns (bytes32) {
        revert NoL1Bridge();
    }

    function withdraw(address, address, uint256) external pure {
        revert NoL1Bridge();
    }
}
