// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_ASSET_ROUTER_ADDRESS, L2_BASE_TOKEN_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS} from "./BridgeAddresses.sol";

/// @title L2NativeTokenVault (0x…10004): the token-registry views zksync-ethers reads
/// (`isEthBasedChain`, `isBaseToken`, `l2TokenAddress`).
/// @notice The only token this devnet knows is its base token, ETH (asset id
/// keccak256(abi.encode(L1_CHAIN_ID, 0x…10004, 0x…01)), as ZKsync derives it); no bridge ever
/// registers another, so every other token has no asset id (zero) and no L2 address (zero).
/// L1_CHAIN_ID sits in slot 0, written at genesis (src/chain/genesis.ts): the chain id that
/// zks_L1ChainId reports (there is no L1; it is the settlement layer's id).
contract L2NativeTokenVault {
    uint256 public L1_CHAIN_ID;

    function BASE_TOKEN_ASSET_ID() public view returns (bytes32) {
        return keccak256(abi.encode(L1_CHAIN_ID, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS));
    }

    function ASSET_ROUTER() external pure returns (address) {
        return L2_ASSET_ROUTER_ADDRESS;
    }

    /// @notice No wrapped ETH is deployed here.
    function WETH_TOKEN() external pure returns (address) {
        return address(0);
    }

    /// @notice There was never a legacy shared bridge here.
    function L2_LEGACY_SHARED_BRIDGE() external pure returns (address) {
        return address(0);
    }

    function assetId(address token) external view returns (bytes32) {
        return token == L2_BASE_TOKEN_ADDRESS ? BASE_TOKEN_ASSET_ID() : bytes32(0);
    }

    function tokenAddress(bytes32 id) external view returns (address) {
        return id == BASE_TOKEN_ASSET_ID() ? L2_BASE_TOKEN_ADDRESS : address(0);
    }

    function originChainId(bytes32 id) external view returns (uint256) {
        return id == BASE_TOKEN_ASSET_ID() ? L1_CHAIN_ID : 0;
    }

    /// @notice The L2 address of an L1 token: the base token's for ETH, zero for any other (ZKsync
    /// would name the address a bridged copy would get; no bridge will ever deploy one here).
    function l2TokenAddress(address l1Token) public pure returns (address) {
        return l1Token == ETH_TOKEN_ADDRESS ? L2_BASE_TOKEN_ADDRESS : address(0);
    }
}
