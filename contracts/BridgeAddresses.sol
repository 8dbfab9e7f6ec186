// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Canonical addresses of ZKsync's token and bridge contracts that zksync-ethers reads (the same on
// every chain, placed at genesis). Kept apart from SystemAddresses.sol: the interop contracts do
// not use them.

address constant NONCE_HOLDER_ADDRESS = 0x0000000000000000000000000000000000008003;
address constant CONTRACT_DEPLOYER_ADDRESS = 0x0000000000000000000000000000000000008006;
/// @dev The base token (ETH here) seen as a token.
address constant L2_BASE_TOKEN_ADDRESS = 0x000000000000000000000000000000000000800A;
address constant L2_BRIDGEHUB_ADDRESS = 0x0000000000000000000000000000000000010002;
address constant L2_ASSET_ROUTER_ADDRESS = 0x0000000000000000000000000000000000010003;
address constant L2_NATIVE_TOKEN_VAULT_ADDRESS = 0x0000000000000000000000000000000000010004;
/// @dev How ZKsync's contracts name ETH on L1 (its ETH_TOKEN_ADDRESS).
address constant ETH_TOKEN_ADDRESS = 0x0000000000000000000000000000000000000001;
