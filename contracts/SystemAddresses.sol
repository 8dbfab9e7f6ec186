// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Canonical addresses of the system contracts (SPEC §1): the same on every chain, placed at genesis.

/// @dev Formal caller of system calls; nobody holds a key for it, the node impersonates it.
address constant BOOTLOADER_ADDRESS = 0x0000000000000000000000000000000000008001;
address constant L1_MESSENGER_ADDRESS = 0x0000000000000000000000000000000000008008;
address constant MESSAGE_ROOT_ADDRESS = 0x0000000000000000000000000000000000010005;
address constant L2_INTEROP_ROOT_STORAGE_ADDRESS = 0x0000000000000000000000000000000000010008;
address constant L2_MESSAGE_VERIFICATION_ADDRESS = 0x0000000000000000000000000000000000010009;
/// @dev ChainSettlement of chain `id` lives at CHAIN_SETTLEMENT_BASE_ADDRESS + id on Gateway.
uint160 constant CHAIN_SETTLEMENT_BASE_ADDRESS = 0x20000;

/// @dev Raised by every system entry point that only the bootloader may call.
error Unauthorized(address caller);
