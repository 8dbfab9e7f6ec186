// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev There is no L1 here to withdraw to: move ETH between chains with an interop message.
error NoL1ToWithdrawTo();

/// @title L2BaseToken (0x…800A): the base token (ETH) seen as a token, as ZKsync serves it.
/// @notice Balances are the EVM's native balances, so they are always the same as eth_getBalance.
/// Unlike ZKsync's contract, this one does not mint or keep a total supply (the EVM keeps no such
/// counter and no deposit ever mints here), so totalSupply is absent.
contract L2BaseToken {
    /// @notice The native balance of `account` (ZKsync takes the address as a uint256).
    function balanceOf(uint256 account) external view returns (uint256) {
        return address(uint160(account)).balance;
    }

    function name() external pure returns (string memory) {
        return "Ether";
    }

    function symbol() external pure returns (string memory) {
        return "ETH";
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function withdraw(address) external payable {
        revert NoL1ToWithdrawTo();
    }

    function withdrawWithMessage(address, bytes calldata) external payable {
        revert NoL1ToWithdrawTo();
    }
}
