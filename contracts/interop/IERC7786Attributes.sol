// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IERC7786Attributes: the attributes InteropCenter understands, as function selectors.
/// @notice Nothing implements these: an attribute is `selector ‖ abi.encode(argument)`, built with
/// abi.encodeCall on this interface (era-contracts 7cdd5474 interop/IERC7786Attributes.sol).
interface IERC7786Attributes {
    /// @notice Base token the call delivers to its recipient on the destination (call attribute).
    function interopCallValue(uint256 amount) external;
    /// @notice The call goes through `to`'s initiateIndirectCall, paid `messageValue` (call attribute).
    function indirectCall(uint256 messageValue) external;
    /// @notice Only this ERC-7930 address may execute the bundle (bundle attribute; empty = anyone).
    function executionAddress(bytes calldata executionAddress) external;
    /// @notice This ERC-7930 address may unbundle the bundle (bundle attribute; default the sender).
    function unbundlerAddress(bytes calldata unbundlerAddress) external;
    /// @notice Pay the fixed ZK-token fee instead of the base-token protocol fee (bundle attribute).
    function useFixedFee(bool useFixed) external;
}
