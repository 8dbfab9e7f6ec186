// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_NATIVE_TOKEN_VAULT_ADDRESS} from "../BridgeAddresses.sol";

/// @dev The asset router's and vault's payloads start with an encoding version; only 0x01 (and 0x00 for token data) is known.
error UnsupportedEncodingVersion();
/// @dev A deposit's data must hold at least the version byte and an asset id.
error BadTransferDataLength();
/// @dev The vault's burn data is exactly abi.encode(uint256 amount, address receiver, address token): 96 bytes.
error InvalidNTVBurnData();
/// @dev Token metadata may not be empty.
error EmptyData();
/// @dev A token (or the token a bridged token stands for) is never the zero address.
error ZeroAddress();

/// @title BridgeData: the byte layouts the asset router and native token vault exchange (protocol v31).
/// @notice Written from the rules of era-contracts 7cdd5474 `common/libraries/DataEncoding.sol`; every
/// layout here is seen by clients (the SDK builds the deposit data, the bundle carries the mint data),
/// so each must stay byte for byte as v31 has it.
library BridgeData {
    bytes1 internal constant LEGACY_ENCODING_VERSION = 0x00;
    bytes1 internal constant NEW_ENCODING_VERSION = 0x01;

    /// @notice An asset of the native token vault: keccak256(abi.encode(originChainId, 0x…10004, token)).
    function ntvAssetId(uint256 originChainId, address token) internal pure returns (bytes32) {
        return keccak256(abi.encode(originChainId, L2_NATIVE_TOKEN_VAULT_ADDRESS, token));
    }

    /// @notice `0x01 ‖ abi.encode(bytes32 assetId, bytes transferData)` → its parts.
    function decodeDepositData(bytes calldata data) internal pure returns (bytes32 assetId, bytes memory transferData) {
        if (data.length < 33) revert BadTransferDataLength();
        if (data[0] != NEW_ENCODING_VERSION) revert UnsupportedEncodingVersion();
        (assetId, transferData) = abi.decode(data[1:], (bytes32, bytes));
    }

    /// @notice The vault's burn data: abi.encode(uint256 amount, address receiver, address token); token may be zero.
    function decodeBurnData(bytes memory data) internal pure returns (uint256 amount, address receiver, address token) {
        if (data.length != 96) revert InvalidNTVBurnData();
        (amount, receiver, token) = abi.decode(data, (uint256, address, address));
    }

    /// @notice What the destination's vault gets: abi.encode(originalCaller, receiver, originToken, amount, erc20Metadata).
    function encodeMintData(address originalCaller, address receiver, address originToken, uint256 amount, bytes memory erc20Metadata)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encode(originalCaller, receiver, originToken, amount, erc20Metadata);
    }

    function decodeMintData(bytes memory data)
        internal
        pure
        returns (address originalCaller, address receiver, address originToken, uint256 amount, bytes memory erc20Metadata)
    {
        return abi.decode(data, (address, address, address, uint256, bytes));
    }

    /// @notice A token's metadata as it travels: `0x01 ‖ abi.encode(uint256 originChainId, bytes name, bytes symbol, bytes decimals)`,
    /// each getter's raw ABI-encoded answer (empty when the token has no such getter).
    function encodeTokenData(uint256 originChainId, bytes memory name, bytes memory symbol, bytes memory decimals) internal pure returns (bytes memory) {
        return bytes.concat(NEW_ENCODING_VERSION, abi.encode(originChainId, name, symbol, decimals));
    }

    /// @notice The parts of token metadata; the legacy layout (version 0x00, no chain id) names chain 0, read as the L1.
    function decodeTokenData(bytes calldata data) internal pure returns (uint256 originChainId, bytes memory name, bytes memory symbol, bytes memory decimals) {
        if (data.length == 0) revert EmptyData();
        if (data[0] == LEGACY_ENCODING_VERSION) {
            (name, symbol, decimals) = abi.decode(data, (bytes, bytes, bytes));
        } else if (data[0] == NEW_ENCODING_VERSION) {
            (originChainId, name, symbol, decimals) = abi.decode(data[1:], (uint256, bytes, bytes, bytes));
        } else {
            revert UnsupportedEncodingVersion();
        }
    }
}
