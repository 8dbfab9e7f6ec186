// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// The errors of protocol v31 interop (era-contracts 7cdd5474 interop/InteropErrors.sol, plus the ones
// InteropCenter and InteropHandler take from common/L1ContractErrors.sol, IERC7786GatewaySource.sol and
// core/bridgehub/L1BridgehubErrors.sol). Names and argument types are the selectors: keep them as v31.
// `Unauthorized(address)` is SystemAddresses.sol's (the same selector).

error AttributeAlreadySet(bytes4 selector);
error AttributeViolatesRestriction(bytes4 selector, uint256 restriction);
error BundleAlreadyProcessed(bytes32 bundleHash);
error CallAlreadyExecuted(bytes32 bundleHash, uint256 callIndex);
error CallNotExecutable(bytes32 bundleHash, uint256 callIndex);
error CanNotUnbundle(bytes32 bundleHash);
error DestinationChainNotRegistered(uint256 chainId);
error ExecutingNotAllowed(bytes32 bundleHash, bytes callerAddress, bytes executionAddress);
error FeeWithdrawalFailed();
error IndirectCallValueMismatch(uint256 expected, uint256 actual);
error InteroperableAddressChainReferenceNotEmpty(bytes interoperableAddress);
error InteroperableAddressNotEmpty(bytes interoperableAddress);
error InvalidInteropBundleVersion();
error InvalidInteropCallVersion();
error MessageNotIncluded();
error UnauthorizedMessageSender(address expected, address actual);
error UnbundlingNotAllowed(bytes32 bundleHash, bytes callerAddress, bytes unbundlerAddress);
error WrongCallStatusLength(uint256 bundleCallsLength, uint256 providedCallStatusLength);
error WrongDestinationChainId(bytes32 bundleHash, uint256 expected, uint256 actual);
error WrongDestinationBaseTokenAssetId(bytes32 bundleHash, bytes32 expected, bytes32 actual);
error WrongSourceChainId(bytes32 bundleHash, uint256 expected, uint256 actual);
error ZKTokenNotAvailable();

/// @dev IERC7786GatewaySource's: an attribute selector InteropCenter does not know.
error UnsupportedAttribute(bytes4 selector);
/// @dev L1ContractErrors: msg.value is not what the bundle's values and fees add up to.
error MsgValueMismatch(uint256 expected, uint256 actual);
/// @dev L1ContractErrors: interop goes from an L2 to another L2 only.
error NotL2ToL2(uint256 sourceChainId, uint256 destinationChainId);
/// @dev L1ContractErrors: a recipient returned something other than its receiveMessage selector.
error InvalidSelector(bytes4 selector);
/// @dev L1BridgehubErrors: the chain settles on the L1 directly, where no interop roots are imported.
error NotInGatewayMode();
