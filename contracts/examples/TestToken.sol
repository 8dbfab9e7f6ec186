// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "../tokens/ERC20.sol";

/// @title TestToken: an ERC-20 to move between chains in examples and tests.
/// @notice The deployer names it and receives the whole initial supply.
contract TestToken is ERC20 {
    string private name_;
    string private symbol_;
    uint8 private immutable decimals_;

    constructor(string memory tokenName, string memory tokenSymbol, uint8 tokenDecimals, uint256 initialSupply) {
        name_ = tokenName;
        symbol_ = tokenSymbol;
        decimals_ = tokenDecimals;
        _mint(msg.sender, initialSupply);
    }

    function name() public view override returns (string memory) {
        return name_;
    }

    function symbol() public view override returns (string memory) {
        return symbol_;
    }

    function decimals() public view override returns (uint8) {
        return decimals_;
    }
}
