// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS} from "./BridgeAddresses.sol";
import {BRIDGEHUB_ADDRESS, L1_ASSET_ROUTER_ADDRESS, L1_NULLIFIER_ADDRESS, L1_NATIVE_TOKEN_VAULT_ADDRESS, PACKED_PROTOCOL_VERSION, PROTOCOL_MINOR_VERSION} from "./L1Addresses.sol";

// The L1 contracts the official SDKs read when they start (zksync-ethers; matter-labs/zksync-js:
// Bridgehub.assetRouter() → L1AssetRouter.L1_NULLIFIER() → L1Nullifier.l1NativeTokenVault(),
// Bridgehub.chainTypeManager(id) → ChainTypeManager.getSemverProtocolVersion()). Views only, with
// honest values: this devnet has no deposits and no withdrawals, so nothing is ever bridged, no
// WETH exists (zero) and ETH is the only token. They live on L1 only, so L1's chain id is block.chainid.

/// @dev ETH's asset id on this L1 (era-contracts DataEncoding.encodeNTVAssetId(block.chainid, 0x…01)).
function ethAssetId() view returns (bytes32) {
    return keccak256(abi.encode(block.chainid, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS));
}

interface IBridgehubChains {
    function getZKChain(uint256 chainId) external view returns (address);
}

/// @title ChainTypeManager: the protocol version every chain here runs (v31, the interop bundles' version).
contract ChainTypeManager {
    function BRIDGE_HUB() external pure returns (address) {
        return BRIDGEHUB_ADDRESS;
    }

    /// @notice Packed as era-contracts SemVer: minor << 32 | patch (major 0).
    function protocolVersion() external pure returns (uint256) {
        return PACKED_PROTOCOL_VERSION;
    }

    /// @notice The version of a chain registered in the Bridgehub; zero for an unknown chain.
    function getProtocolVersion(uint256 chainId) external view returns (uint256) {
        return getZKChain(chainId) != address(0) ? PACKED_PROTOCOL_VERSION : 0;
    }

    /// @notice era-contracts ChainTypeManagerBase.getSemverProtocolVersion (selector 0xf5c1182c): the unpacked version.
    /// @return major 0
    /// @return minor 31
    /// @return patch 0
    function getSemverProtocolVersion() external pure returns (uint32 major, uint32 minor, uint32 patch) {
        return (0, uint32(PROTOCOL_MINOR_VERSION), 0);
    }

    function getZKChain(uint256 chainId) public view returns (address) {
        return IBridgehubChains(BRIDGEHUB_ADDRESS).getZKChain(chainId);
    }
}

/// @title L1AssetRouter: names its Bridgehub, nullifier and native token vault; routes nothing here.
contract L1AssetRouter {
    function BRIDGE_HUB() external pure returns (address) {
        return BRIDGEHUB_ADDRESS;
    }

    function L1_NULLIFIER() external pure returns (address) {
        return L1_NULLIFIER_ADDRESS;
    }

    function L1_CHAIN_ID() external view returns (uint256) {
        return block.chainid;
    }

    function nativeTokenVault() external pure returns (address) {
        return L1_NATIVE_TOKEN_VAULT_ADDRESS;
    }

    function ETH_TOKEN_ASSET_ID() external view returns (bytes32) {
        return ethAssetId();
    }

    /// @notice No WETH is deployed here.
    function L1_WETH_TOKEN() external pure returns (address) {
        return address(0);
    }

    /// @notice ETH's handler is the native token vault; no other asset exists.
    function assetHandlerAddress(bytes32 assetId) external view returns (address) {
        return assetId == ethAssetId() ? L1_NATIVE_TOKEN_VAULT_ADDRESS : address(0);
    }
}

/// @title L1Nullifier: names the vault; no withdrawal is ever finalized here.
contract L1Nullifier {
    function BRIDGE_HUB() external pure returns (address) {
        return BRIDGEHUB_ADDRESS;
    }

    function l1NativeTokenVault() external pure returns (address) {
        return L1_NATIVE_TOKEN_VAULT_ADDRESS;
    }

    /// @notice There was never a legacy bridge here.
    function legacyBridge() external pure returns (address) {
        return address(0);
    }

    /// @notice Always false: withdrawals are not part of this devnet.
    function isWithdrawalFinalized(uint256, uint256, uint256) external pure returns (bool) {
        return false;
    }
}

/// @title L1NativeTokenVault: knows ETH alone.
contract L1NativeTokenVault {
    function L1_CHAIN_ID() external view returns (uint256) {
        return block.chainid;
    }

    function ASSET_ROUTER() external pure returns (address) {
        return L1_ASSET_ROUTER_ADDRESS;
    }

    function L1_NULLIFIER() external pure returns (address) {
        return L1_NULLIFIER_ADDRESS;
    }

    /// @notice No WETH is deployed here.
    function WETH_TOKEN() external pure returns (address) {
        return address(0);
    }

    function assetId(address token) external view returns (bytes32) {
        return token == ETH_TOKEN_ADDRESS ? ethAssetId() : bytes32(0);
    }

    function tokenAddress(bytes32 id) external view returns (address) {
        return id == ethAssetId() ? ETH_TOKEN_ADDRESS : address(0);
    }

    function originChainId(bytes32 id) external view returns (uint256) {
        return id == ethAssetId() ? block.chainid : 0;
    }
}
