// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev This chain runs EVM bytecode: deploy with a transaction that has no `to` (or CREATE/CREATE2
/// from a contract), not through the ContractDeployer's EraVM entry points.
error EraVmDeploymentUnsupported();

/// @title ContractDeployer (0x…8006): the account-info view zksync-ethers reads.
/// @notice There is no native account abstraction here: every account is an ordinary EVM account,
/// so `getAccountInfo` reports what a real ZKsync node reports for an account that never opted in:
/// AA version None (0) and sequential nonces (0). The EraVM deployment functions (create, create2,
/// createAccount, create2Account) take an EraVM bytecode hash that this EVM cannot run, so they
/// revert with EraVmDeploymentUnsupported.
contract ContractDeployer {
    enum AccountAbstractionVersion {
        None,
        Version1
    }

    enum AccountNonceOrdering {
        Sequential,
        Arbitrary
    }

    struct AccountInfo {
        AccountAbstractionVersion supportedAAVersion;
        AccountNonceOrdering nonceOrdering;
    }

    function getAccountInfo(address) external pure returns (AccountInfo memory info) {
        info = AccountInfo(AccountAbstractionVersion.None, AccountNonceOrdering.Sequential);
    }

    function extendedAccountVersion(address) external pure returns (AccountAbstractionVersion) {
        return AccountAbstractionVersion.None;
    }

    function create(bytes32, bytes32, bytes calldata) external payable returns (address) {
        revert EraVmDeploymentUnsupported();
    }

    function create2(bytes32, bytes32, bytes calldata) external payable returns (address) {
        revert EraVmDeploymentUnsupported();
    }

    function createAccount(bytes32, bytes32, bytes calldata, AccountAbstractionVersion) external payable returns (address) {
        revert EraVmDeploymentUnsupported();
    }

    function create2Account(bytes32, bytes32, bytes calldata, AccountAbstractionVersion) external payable returns (address) {
        revert EraVmDeploymentUnsupported();
    }
}
