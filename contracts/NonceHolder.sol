// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev The EVM gives contracts no way to read an account's nonce, so this contract cannot answer.
/// Calls to these views over JSON-RPC (`eth_call` to 0x…8003) are answered by the node from the
/// account's nonce instead (src/chain/rpc/systemViews.ts); a contract calling them gets this error.
error NonceAnsweredByNode();
/// @dev Nonces here are the EVM's: only a transaction moves them.
error NonceNotWritable();

/// @title NonceHolder (0x…8003): where zksync-ethers reads nonces (`Wallet.getDeploymentNonce`).
/// @notice On this EVM one counter per account is both the transaction nonce and the nonce its next
/// CREATE uses (for an EOA, as ZKsync's EVM emulator does: its tx nonce; for a contract, its account
/// nonce). So `getMinNonce` and `getDeploymentNonce` are that counter, which only the node can read:
/// see NonceAnsweredByNode.
contract NonceHolder {
    function getMinNonce(address) external pure returns (uint256) {
        revert NonceAnsweredByNode();
    }

    function getDeploymentNonce(address) external pure returns (uint256) {
        revert NonceAnsweredByNode();
    }

    function getRawNonce(address) external pure returns (uint256) {
        revert NonceAnsweredByNode();
    }

    function incrementDeploymentNonce(address) external pure returns (uint256) {
        revert NonceNotWritable();
    }

    function increaseMinNonce(uint256) external pure returns (uint256) {
        revert NonceNotWritable();
    }
}
