// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL1Messenger} from "../interfaces/IL1Messenger.sol";
import {IMessageVerification} from "../interfaces/IMessageVerification.sol";
import {L1_MESSENGER_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS, Unauthorized} from "../SystemAddresses.sol";
import {L2_NATIVE_TOKEN_VAULT_ADDRESS} from "../BridgeAddresses.sol";
import {
    BUNDLE_IDENTIFIER,
    INTEROP_BUNDLE_VERSION,
    INTEROP_CALL_VERSION,
    INTEROP_CENTER_ADDRESS,
    L2_BASE_TOKEN_HOLDER_ADDRESS,
    BundleStatus,
    CallStatus,
    IERC7786Recipient,
    InteropBundle,
    InteropCall,
    MessageInclusionProof
} from "./InteropTypes.sol";
import {InteroperableAddress} from "./InteroperableAddress.sol";
import "./InteropErrors.sol";

interface IBaseTokenAssetId {
    function BASE_TOKEN_ASSET_ID() external view returns (bytes32);
}

interface IL2BaseTokenHolderSource {
    function give(address to, uint256 amount, uint256 fromChainId) external;
}

/// @title InteropHandler (0x…1000e): executes interop bundles on their destination.
/// @notice Protocol v31 as era-contracts 7cdd5474 has it (interop/InteropHandler.sol; zksync-js 0.0.19's
/// ABI, so `unbundleBundle(uint256 sourceChainId, bytes, CallStatus[])`). A bundle is proven with
/// L2MessageVerification.proveL2MessageInclusionShared (the message must come from InteropCenter
/// 0x…1000d and carry `0x01 ‖ bundle`), then executed all at once (`executeBundle`: any failing call
/// reverts the whole transaction) or verified (`verifyBundle`) and later unbundled call by call
/// (`unbundleBundle`, by the bundle's unbundler). Every check runs in v31's order with v31's errors;
/// statuses make each bundle and call run at most once. Each call reaches its recipient's ERC-7786
/// `receiveMessage(keccak256(abi.encodePacked(bundleHash, i)), formatEvmV1(source, from), data)`
/// with its value, which comes out of L2BaseTokenHolder (0x…10011) instead of v31-7cdd5474's
/// L2BaseToken.mint (native ETH cannot be minted by a contract; era-contracts 976079466 does the same).
/// "Settles on the L1 directly" is the flag genesis writes (slot 1), read where v31 compares
/// SystemContext.currentSettlementLayerChainId() with L1_CHAIN_ID (NotInGatewayMode).
/// @dev Placed at genesis by setCode; genesis writes L1_CHAIN_ID (slot 0) and the flag (slot 1).
contract InteropHandler {
    /// @notice The L1's chain id (slot 0, genesis).
    uint256 public L1_CHAIN_ID;
    /// @dev Slot 1, genesis: true on a chain settling on the L1 directly (and on Gateway).
    bool internal settlesOnL1;
    /// @notice What happened to each bundle, by bundleHash.
    mapping(bytes32 bundleHash => BundleStatus) public bundleStatus;
    /// @notice What happened to each call of each bundle.
    mapping(bytes32 bundleHash => mapping(uint256 callIndex => CallStatus)) public callStatus;

    event BundleVerified(bytes32 indexed bundleHash);
    event BundleExecuted(bytes32 indexed bundleHash);
    event BundleUnbundled(bytes32 indexed bundleHash);
    event CallProcessed(bytes32 indexed bundleHash, uint256 indexed callIndex, CallStatus status);

    /// @notice Proves `bundle` (abi.encode(InteropBundle)) with `proof` unless verified before, and runs
    /// all its calls; anyone may, unless the bundle names an executionAddress.
    function executeBundle(bytes memory bundle, MessageInclusionProof memory proof) public {
        (InteropBundle memory b, bytes32 bundleHash, BundleStatus status) = _checkedBundle(bundle, proof.chainId);
        if (b.bundleAttributes.executionAddress.length != 0) {
            (uint256 execChain, address execAddress) = InteroperableAddress.parseEvmV1(b.bundleAttributes.executionAddress);
            bool allowed = msg.sender == address(this) || ((execChain == block.chainid || execChain == 0) && execAddress == msg.sender);
            if (!allowed) {
                revert ExecutingNotAllowed(bundleHash, InteroperableAddress.formatEvmV1(block.chainid, msg.sender), b.bundleAttributes.executionAddress);
            }
        }
        if (status != BundleStatus.Unreceived && status != BundleStatus.Verified) revert BundleAlreadyProcessed(bundleHash);
        if (status != BundleStatus.Verified) _verifyBundle(bundle, proof, bundleHash);

        // Statuses first (checks-effects-interactions), then the calls.
        bundleStatus[bundleHash] = BundleStatus.FullyExecuted;
        for (uint256 i = 0; i < b.calls.length; ++i) callStatus[bundleHash][i] = CallStatus.Executed;
        for (uint256 i = 0; i < b.calls.length; ++i) _executeCall(b.sourceChainId, bundleHash, b.calls[i], i);
        emit BundleExecuted(bundleHash);
    }

    /// @notice Proves `bundle` and marks it Verified, so its unbundler may run its calls one by one.
    function verifyBundle(bytes memory bundle, MessageInclusionProof memory proof) public {
        (, bytes32 bundleHash, BundleStatus status) = _checkedBundle(bundle, proof.chainId);
        if (status != BundleStatus.Unreceived) revert BundleAlreadyProcessed(bundleHash);
        _verifyBundle(bundle, proof, bundleHash);
    }

    /// @notice The unbundler of a verified bundle runs (Executed) or cancels (Cancelled) some of its
    /// calls; Unprocessed leaves a call for later. May be repeated until every call is processed.
    function unbundleBundle(uint256 sourceChainId, bytes memory bundle, CallStatus[] calldata requested) public {
        if (settlesOnL1) revert NotInGatewayMode();
        (InteropBundle memory b, bytes32 bundleHash, BundleStatus status) = _decode(bundle, sourceChainId);
        if (b.sourceChainId != sourceChainId) revert WrongSourceChainId(bundleHash, b.sourceChainId, sourceChainId);
        if (b.destinationChainId != block.chainid) revert WrongDestinationChainId(bundleHash, b.destinationChainId, block.chainid);
        (uint256 unbundlerChain, address unbundler) = InteroperableAddress.parseEvmV1(b.bundleAttributes.unbundlerAddress);
        bool allowed = msg.sender == address(this) || ((unbundlerChain == block.chainid || unbundlerChain == 0) && unbundler == msg.sender);
        if (!allowed) {
            revert UnbundlingNotAllowed(bundleHash, InteroperableAddress.formatEvmV1(block.chainid, msg.sender), b.bundleAttributes.unbundlerAddress);
        }
        if (b.calls.length != requested.length) revert WrongCallStatusLength(b.calls.length, requested.length);
        if (status != BundleStatus.Verified && status != BundleStatus.Unbundled) revert CanNotUnbundle(bundleHash);

        bundleStatus[bundleHash] = BundleStatus.Unbundled;
        for (uint256 i = 0; i < b.calls.length; ++i) {
            CallStatus recorded = callStatus[bundleHash][i];
            if (requested[i] == CallStatus.Executed) {
                if (recorded != CallStatus.Unprocessed) revert CallNotExecutable(bundleHash, i);
                callStatus[bundleHash][i] = CallStatus.Executed;
                emit CallProcessed(bundleHash, i, CallStatus.Executed);
            } else if (requested[i] == CallStatus.Cancelled) {
                if (recorded == CallStatus.Executed) revert CallAlreadyExecuted(bundleHash, i);
                if (recorded == CallStatus.Unprocessed) {
                    callStatus[bundleHash][i] = CallStatus.Cancelled;
                    emit CallProcessed(bundleHash, i, CallStatus.Cancelled);
                }
            }
        }
        for (uint256 i = 0; i < b.calls.length; ++i) {
            if (requested[i] == CallStatus.Executed) _executeCall(sourceChainId, bundleHash, b.calls[i], i);
        }
        emit BundleUnbundled(bundleHash);
    }

    /// @notice ERC-7786 entry for bundles whose call targets this handler (a contract on another chain
    /// executing, verifying or unbundling a bundle here); only the handler itself may call it.
    /// The permission errors name keccak256(bundle), not the bundleHash, as v31 does.
    function receiveMessage(bytes32, bytes calldata sender, bytes calldata payload) external payable returns (bytes4) {
        if (msg.sender != address(this)) revert Unauthorized(msg.sender);
        bytes4 selector = bytes4(payload[:4]);
        (uint256 senderChain, address senderAddress) = InteroperableAddress.parseEvmV1(sender);
        if (selector == this.executeBundle.selector) {
            (bytes memory bundle, MessageInclusionProof memory proof) = abi.decode(payload[4:], (bytes, MessageInclusionProof));
            (InteropBundle memory b, , ) = _decode(bundle, proof.chainId);
            bytes memory exec = b.bundleAttributes.executionAddress;
            if (exec.length != 0) {
                (uint256 execChain, address execAddress) = InteroperableAddress.parseEvmV1(exec);
                if (!((execChain == senderChain || execChain == 0) && execAddress == senderAddress)) revert ExecutingNotAllowed(keccak256(bundle), sender, exec);
            }
            this.executeBundle(bundle, proof);
        } else if (selector == this.verifyBundle.selector) {
            (bytes memory bundle, MessageInclusionProof memory proof) = abi.decode(payload[4:], (bytes, MessageInclusionProof));
            this.verifyBundle(bundle, proof);
        } else if (selector == this.unbundleBundle.selector) {
            (uint256 sourceChainId, bytes memory bundle, CallStatus[] memory requested) = abi.decode(payload[4:], (uint256, bytes, CallStatus[]));
            (InteropBundle memory b, , ) = _decode(bundle, sourceChainId);
            bytes memory unbundlerAddress = b.bundleAttributes.unbundlerAddress;
            (uint256 unbundlerChain, address unbundler) = InteroperableAddress.parseEvmV1(unbundlerAddress);
            if (!((unbundlerChain == senderChain || unbundlerChain == 0) && unbundler == senderAddress)) revert UnbundlingNotAllowed(keccak256(bundle), sender, unbundlerAddress);
            this.unbundleBundle(sourceChainId, bundle, requested);
        } else {
            revert InvalidSelector(selector);
        }
        return IERC7786Recipient.receiveMessage.selector;
    }

    /// @notice Takes the value a call delivers from L2BaseTokenHolder; nobody else may pay in.
    receive() external payable {
        if (msg.sender != L2_BASE_TOKEN_HOLDER_ADDRESS) revert Unauthorized(msg.sender);
    }

    /// @dev v31 _getBundleData: decode, version, hash with the given source, status.
    function _decode(bytes memory bundle, uint256 sourceChainId) internal view returns (InteropBundle memory b, bytes32 bundleHash, BundleStatus status) {
        b = abi.decode(bundle, (InteropBundle));
        if (b.version != INTEROP_BUNDLE_VERSION) revert InvalidInteropBundleVersion();
        bundleHash = keccak256(abi.encode(sourceChainId, bundle));
        status = bundleStatus[bundleHash];
    }

    /// @dev The checks executeBundle and verifyBundle share, in v31's order: source, destination, base token.
    function _checkedBundle(bytes memory bundle, uint256 proofChainId) internal view returns (InteropBundle memory b, bytes32 bundleHash, BundleStatus status) {
        (b, bundleHash, status) = _decode(bundle, proofChainId);
        if (b.sourceChainId != proofChainId) revert WrongSourceChainId(bundleHash, b.sourceChainId, proofChainId);
        if (b.destinationChainId != block.chainid) revert WrongDestinationChainId(bundleHash, b.destinationChainId, block.chainid);
        bytes32 baseTokenAssetId = IBaseTokenAssetId(L2_NATIVE_TOKEN_VAULT_ADDRESS).BASE_TOKEN_ASSET_ID();
        if (b.destinationBaseTokenAssetId != baseTokenAssetId) revert WrongDestinationBaseTokenAssetId(bundleHash, baseTokenAssetId, b.destinationBaseTokenAssetId);
    }

    function _executeCall(uint256 sourceChainId, bytes32 bundleHash, InteropCall memory call, uint256 index) internal {
        if (call.version != INTEROP_CALL_VERSION) revert InvalidInteropCallVersion();
        if (call.value > 0) IL2BaseTokenHolderSource(L2_BASE_TOKEN_HOLDER_ADDRESS).give(address(this), call.value, sourceChainId);
        bytes4 selector = IERC7786Recipient(call.to).receiveMessage{value: call.value}(
            keccak256(abi.encodePacked(bundleHash, index)),
            InteroperableAddress.formatEvmV1(sourceChainId, call.from),
            call.data
        );
        if (selector != IERC7786Recipient.receiveMessage.selector) revert InvalidSelector(selector);
    }

    function _verifyBundle(bytes memory bundle, MessageInclusionProof memory proof, bytes32 bundleHash) internal {
        if (proof.message.sender != INTEROP_CENTER_ADDRESS) revert UnauthorizedMessageSender(INTEROP_CENTER_ADDRESS, proof.message.sender);
        // Only the bundle given is proven: whatever data the caller put in the proof is replaced.
        proof.message.data = bytes.concat(BUNDLE_IDENTIFIER, bundle);
        bool included = IMessageVerification(L2_MESSAGE_VERIFICATION_ADDRESS).proveL2MessageInclusionShared(
            proof.chainId,
            proof.l1BatchNumber,
            proof.l2MessageIndex,
            proof.message,
            proof.proof
        );
        if (!included) revert MessageNotIncluded();
        bundleStatus[bundleHash] = BundleStatus.Verified;
        if (settlesOnL1) revert NotInGatewayMode();
        // Tells the settlement layer's asset tracker which bundle this chain took in (v31 does the same).
        IL1Messenger(L1_MESSENGER_ADDRESS).sendToL1(bytes.concat(this.verifyBundle.selector, bundleHash));
        emit BundleVerified(bundleHash);
    }
}
