// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

import {L2Message} from "../interfaces/Messaging.sol";

// The shapes of protocol v31 interop bundles (era-contracts draft-v31 at 7cdd547453a660aab016ad127f66b6503dc66afa,
// l1-contracts/contracts/common/Messaging.sol; the commit matter-labs/zksync-js 0.0.19's ABIs match).
// Field order and types are the ABI (bundle encoding, bundleHash, event and function selectors): keep
// them exactly as v31 has them. One copy for every interop contract here (InteropCenter, InteropHandler,
// the asset router); TypeScript reads them through the generated ABIs.

/// @dev First byte of the L2→L1 message that carries a bundle: `0x01 ‖ abi.encode(InteropBundle)`.
bytes1 constant BUNDLE_IDENTIFIER = 0x01;
bytes1 constant INTEROP_BUNDLE_VERSION = 0x01;
bytes1 constant INTEROP_CALL_VERSION = 0x01;

address constant INTEROP_CENTER_ADDRESS = 0x000000000000000000000000000000000001000d;
address constant INTEROP_HANDLER_ADDRESS = 0x000000000000000000000000000000000001000E;
/// @dev Holds the base token a bundle's call value moves: value sent leaves the source into it, value
/// delivered comes out of it on the destination (SPEC §11; the EVM cannot mint native ETH).
address constant L2_BASE_TOKEN_HOLDER_ADDRESS = 0x0000000000000000000000000000000000010011;

/// @notice One call as the sender asks for it: `to` is an ERC-7930 address with an empty chain reference.
struct InteropCallStarter {
    bytes to;
    bytes data;
    bytes[] callAttributes;
}

/// @notice What a call's attributes say (interopCallValue, indirectCall).
struct CallAttributes {
    uint256 interopCallValue;
    bool indirectCall;
    uint256 indirectCallMessageValue;
}

/// @notice What a bundle's attributes say; ERC-7930 addresses, empty executionAddress = anyone executes.
struct BundleAttributes {
    bytes executionAddress;
    bytes unbundlerAddress;
    bool useFixedFee;
}

/// @notice One call of a bundle as it travels (shadowAccount is always false in v31).
struct InteropCall {
    bytes1 version;
    bool shadowAccount;
    address to;
    address from;
    uint256 value;
    bytes data;
}

/// @notice A bundle as it travels inside its interop message.
struct InteropBundle {
    bytes1 version;
    uint256 sourceChainId;
    uint256 destinationChainId;
    bytes32 destinationBaseTokenAssetId;
    bytes32 interopBundleSalt;
    InteropCall[] calls;
    BundleAttributes bundleAttributes;
}

enum CallStatus {
    Unprocessed,
    Executed,
    Cancelled
}

enum BundleStatus {
    Unreceived,
    Verified,
    FullyExecuted,
    Unbundled
}

/// @notice The proof InteropHandler takes: the message and its proof_based_gw path.
struct MessageInclusionProof {
    uint256 chainId;
    uint256 l1BatchNumber;
    uint256 l2MessageIndex;
    L2Message message;
    bytes32[] proof;
}

/// @notice ERC-7786 receiver: InteropHandler calls it for each executed call; it returns its own selector.
interface IERC7786Recipient {
    function receiveMessage(bytes32 receiveId, bytes calldata sender, bytes calldata payload) external payable returns (bytes4);
}

/// @notice What InteropCenter calls for an indirect call (the asset router): returns the call to carry instead.
interface IL2CrossChainSender {
    function initiateIndirectCall(uint256 chainId, address originalCaller, uint256 value, bytes calldata data) external payable returns (InteropCallStarter memory);
}
