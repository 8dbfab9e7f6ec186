// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IL1Messenger} from "../interfaces/IL1Messenger.sol";
import {L1_MESSENGER_ADDRESS} from "../SystemAddresses.sol";
import {L2_BRIDGEHUB_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS} from "../BridgeAddresses.sol";
import {
    BUNDLE_IDENTIFIER,
    INTEROP_BUNDLE_VERSION,
    INTEROP_CALL_VERSION,
    L2_BASE_TOKEN_HOLDER_ADDRESS,
    BundleAttributes,
    CallAttributes,
    IL2CrossChainSender,
    InteropBundle,
    InteropCall,
    InteropCallStarter
} from "./InteropTypes.sol";
import {IERC7786Attributes} from "./IERC7786Attributes.sol";
import {InteroperableAddress} from "./InteroperableAddress.sol";
import "./InteropErrors.sol";

interface IBaseTokenAssetIds {
    function baseTokenAssetId(uint256 chainId) external view returns (bytes32);
    function BASE_TOKEN_ASSET_ID() external view returns (bytes32);
}

interface IL2BaseTokenHolderSink {
    function burnAndStartBridging(uint256 toChainId) external payable;
}

/// @dev Reentered sendBundle/sendMessage (through an indirect call's sender).
error ReentrancyGuardReentrantCall();

/// @title InteropCenter (0x…1000d): turns calls into an interop bundle and sends it as an L2→L1 message.
/// @notice Protocol v31 as era-contracts 7cdd5474 has it (interop/InteropCenter.sol; the commit zksync-js
/// 0.0.19's ABIs match): `sendBundle` and ERC-7786 `sendMessage` parse ERC-7930 addresses and
/// attributes with v31's checks in v31's order, build `InteropBundle` (salt from the sender's
/// nonce), take the call value, send `0x01 ‖ abi.encode(bundle)` through L1Messenger and emit one
/// `MessageSent` per call, then `InteropBundleSent`. An indirect call asks `to`'s
/// IL2CrossChainSender.initiateIndirectCall which call to carry instead (the asset router).
/// Differences, each a consequence of this devnet (see /work/notes and ARCHITECTURE.md):
/// - Call value leaves the sender into L2BaseTokenHolder (0x…10011) instead of
///   L2BaseToken.burnMsgValue: native ETH cannot be burned by a contract.
/// - No protocol fee (interopProtocolFee is 0) and no ZK token: `useFixedFee(true)` reverts
///   ZKTokenNotAvailable, as v31 does when the token cannot be resolved.
/// - No owner, pause, upgrader or Gateway-forwarding entry points: nobody administers this devnet.
/// - "Settles on the L1 directly" is a flag genesis writes (slot 1), read where v31 compares
///   SystemContext.currentSettlementLayerChainId() with L1_CHAIN_ID (NotInGatewayMode).
/// @dev Placed at genesis by setCode; genesis writes L1_CHAIN_ID (slot 0) and the flag (slot 1).
contract InteropCenter {
    /// @notice Which attributes a parse accepts (v31 IInteropCenter.AttributeParsingRestrictions).
    enum AttributeParsingRestrictions {
        OnlyInteropCallValue,
        OnlyCallAttributes,
        OnlyBundleAttributes,
        CallAndBundleAttributes
    }

    /// @dev A call as parsed from its starter (v31 Messaging.sol InteropCallStarterInternal).
    struct InternalCall {
        address to;
        bytes data;
        CallAttributes callAttributes;
    }

    /// @notice The L1's chain id (slot 0, genesis): no bundle goes to or from it.
    uint256 public L1_CHAIN_ID;
    /// @dev Slot 1, genesis: true on a chain settling on the L1 directly (and on Gateway).
    bool internal settlesOnL1;
    /// @notice Bundles sent by each address so far; the next bundle's salt uses it.
    mapping(address sender => uint256) public interopBundleNonce;

    /// @notice Fixed ZK-token fee per call of v31 (its default); unused here, there is no ZK token.
    uint256 public constant ZK_INTEROP_FEE = 10e18;

    event InteropBundleSent(bytes32 l2l1MsgHash, bytes32 interopBundleHash, InteropBundle interopBundle);
    event MessageSent(bytes32 indexed sendId, bytes sender, bytes recipient, bytes payload, uint256 value, bytes[] attributes);

    /// @dev sendBundle/sendMessage are not reentrant (an indirect call's sender could try).
    bool transient locked;

    modifier nonReentrant() {
        if (locked) revert ReentrancyGuardReentrantCall();
        locked = true;
        _;
        locked = false;
    }

    /// @notice Base-token protocol fee per call: none here.
    function interopProtocolFee() external pure returns (uint256) {
        return 0;
    }

    /// @notice The ZK token's asset id: none here.
    function ZK_TOKEN_ASSET_ID() external pure returns (bytes32) {
        return bytes32(0);
    }

    /// @notice The ZK token: none here (fixed fees are not available).
    function zkToken() external pure returns (address) {
        return address(0);
    }

    /// @notice The ZK token, if it is available: none here.
    function getZKTokenAddress() external pure returns (address) {
        return address(0);
    }

    /// @notice Protocol fees a coinbase may claim: none are ever charged here.
    function accumulatedProtocolFees(address) external pure returns (uint256) {
        return 0;
    }

    /// @notice ZK fees a coinbase may claim: none are ever charged here.
    function accumulatedZKFees(address) external pure returns (uint256) {
        return 0;
    }

    /// @notice ERC-7786: sends one call to `recipient` (ERC-7930 chain and address); attributes may be
    /// call and bundle attributes. @return sendId keccak256(abi.encodePacked(bundleHash, uint256(0)))
    function sendMessage(bytes calldata recipient, bytes calldata payload, bytes[] calldata attributes) external payable nonReentrant returns (bytes32 sendId) {
        (uint256 chainId, address to) = InteroperableAddress.parseEvmV1(recipient);
        _ensureL2ToL2(chainId);
        (CallAttributes memory callAttributes, BundleAttributes memory bundleAttributes) = parseAttributes(
            attributes,
            AttributeParsingRestrictions.CallAndBundleAttributes
        );
        if (bundleAttributes.unbundlerAddress.length == 0) {
            bundleAttributes.unbundlerAddress = InteroperableAddress.formatEvmV1(block.chainid, msg.sender);
        }
        InternalCall[] memory calls = new InternalCall[](1);
        calls[0] = InternalCall({to: to, data: payload, callAttributes: callAttributes});
        bytes[][] memory originalAttributes = new bytes[][](1);
        originalAttributes[0] = attributes;
        bytes32 bundleHash = _sendBundle(chainId, calls, bundleAttributes, originalAttributes);
        sendId = keccak256(abi.encodePacked(bundleHash, uint256(0)));
    }

    /// @notice Sends `callStarters` as one bundle to `destinationChainId` (ERC-7930, empty address).
    /// Each starter's `to` is ERC-7930 with an empty chain reference.
    function sendBundle(
        bytes calldata destinationChainId,
        InteropCallStarter[] calldata callStarters,
        bytes[] calldata bundleAttributes
    ) external payable nonReentrant returns (bytes32 bundleHash) {
        if (InteroperableAddress.addressLength(destinationChainId) != 0) revert InteroperableAddressNotEmpty(destinationChainId);
        (uint256 chainId, ) = InteroperableAddress.parseEvmV1(destinationChainId);
        _ensureL2ToL2(chainId);

        uint256 n = callStarters.length;
        InternalCall[] memory calls = new InternalCall[](n);
        bytes[][] memory originalAttributes = new bytes[][](n);
        for (uint256 i = 0; i < n; ++i) {
            bytes calldata to = callStarters[i].to;
            if (InteroperableAddress.chainReferenceLength(to) != 0) revert InteroperableAddressChainReferenceNotEmpty(to);
            (, address toAddress) = InteroperableAddress.parseEvmV1(to);
            originalAttributes[i] = callStarters[i].callAttributes;
            (CallAttributes memory callAttributes, ) = parseAttributes(callStarters[i].callAttributes, AttributeParsingRestrictions.OnlyCallAttributes);
            calls[i] = InternalCall({to: toAddress, data: callStarters[i].data, callAttributes: callAttributes});
        }
        (, BundleAttributes memory attributes) = parseAttributes(bundleAttributes, AttributeParsingRestrictions.OnlyBundleAttributes);
        if (attributes.unbundlerAddress.length == 0) {
            attributes.unbundlerAddress = InteroperableAddress.formatEvmV1(block.chainid, msg.sender);
        }
        bundleHash = _sendBundle(chainId, calls, attributes, originalAttributes);
    }

    /// @notice Whether InteropCenter understands the attribute `selector`.
    function supportsAttribute(bytes4 selector) external pure returns (bool) {
        return
            selector == IERC7786Attributes.interopCallValue.selector ||
            selector == IERC7786Attributes.indirectCall.selector ||
            selector == IERC7786Attributes.executionAddress.selector ||
            selector == IERC7786Attributes.unbundlerAddress.selector ||
            selector == IERC7786Attributes.useFixedFee.selector;
    }

    /// @notice Reads `attributes` (each `selector ‖ abi.encode(arg)`, each at most once) under `restriction`.
    function parseAttributes(
        bytes[] calldata attributes,
        AttributeParsingRestrictions restriction
    ) public pure returns (CallAttributes memory callAttributes, BundleAttributes memory bundleAttributes) {
        bool[5] memory seen;
        bool callAllowed = restriction == AttributeParsingRestrictions.OnlyCallAttributes || restriction == AttributeParsingRestrictions.CallAndBundleAttributes;
        bool bundleAllowed = restriction == AttributeParsingRestrictions.OnlyBundleAttributes || restriction == AttributeParsingRestrictions.CallAndBundleAttributes;
        for (uint256 i = 0; i < attributes.length; ++i) {
            bytes4 selector = bytes4(attributes[i]);
            uint256 kind;
            bool allowed;
            if (selector == IERC7786Attributes.interopCallValue.selector) {
                (kind, allowed) = (0, callAllowed || restriction == AttributeParsingRestrictions.OnlyInteropCallValue);
            } else if (selector == IERC7786Attributes.indirectCall.selector) {
                (kind, allowed) = (1, callAllowed);
            } else if (selector == IERC7786Attributes.executionAddress.selector) {
                (kind, allowed) = (2, bundleAllowed);
            } else if (selector == IERC7786Attributes.unbundlerAddress.selector) {
                (kind, allowed) = (3, bundleAllowed);
            } else if (selector == IERC7786Attributes.useFixedFee.selector) {
                (kind, allowed) = (4, bundleAllowed);
            } else {
                revert UnsupportedAttribute(selector);
            }
            // v31 checks "set twice" before "not allowed here".
            if (seen[kind]) revert AttributeAlreadySet(selector);
            if (!allowed) revert AttributeViolatesRestriction(selector, uint256(restriction));
            seen[kind] = true;
            bytes calldata arg = attributes[i][4:];
            if (kind == 0) callAttributes.interopCallValue = abi.decode(arg, (uint256));
            else if (kind == 1) (callAttributes.indirectCall, callAttributes.indirectCallMessageValue) = (true, abi.decode(arg, (uint256)));
            else if (kind == 2) bundleAttributes.executionAddress = abi.decode(arg, (bytes));
            else if (kind == 3) bundleAttributes.unbundlerAddress = abi.decode(arg, (bytes));
            else bundleAttributes.useFixedFee = abi.decode(arg, (bool));
        }
    }

    function _ensureL2ToL2(uint256 destinationChainId) internal view {
        if (L1_CHAIN_ID == block.chainid || destinationChainId == L1_CHAIN_ID) revert NotL2ToL2(block.chainid, destinationChainId);
    }

    function _sendBundle(
        uint256 destinationChainId,
        InternalCall[] memory calls,
        BundleAttributes memory attributes,
        bytes[][] memory originalAttributes
    ) internal returns (bytes32 bundleHash) {
        if (settlesOnL1) revert NotInGatewayMode();
        bytes32 destinationBaseTokenAssetId = IBaseTokenAssetIds(L2_BRIDGEHUB_ADDRESS).baseTokenAssetId(destinationChainId);
        if (destinationBaseTokenAssetId == bytes32(0)) revert DestinationChainNotRegistered(destinationChainId);

        InteropBundle memory bundle = InteropBundle({
            version: INTEROP_BUNDLE_VERSION,
            sourceChainId: block.chainid,
            destinationChainId: destinationChainId,
            destinationBaseTokenAssetId: destinationBaseTokenAssetId,
            interopBundleSalt: keccak256(abi.encodePacked(msg.sender, interopBundleNonce[msg.sender])),
            calls: new InteropCall[](calls.length),
            bundleAttributes: attributes
        });
        ++interopBundleNonce[msg.sender];

        uint256 totalCallValue;
        uint256 totalIndirectValue;
        for (uint256 i = 0; i < calls.length; ++i) {
            bundle.calls[i] = _processCall(calls[i], destinationChainId);
            totalCallValue += calls[i].callAttributes.interopCallValue;
            if (calls[i].callAttributes.indirectCall) totalIndirectValue += calls[i].callAttributes.indirectCallMessageValue;
        }
        // v31 takes the ZK-token fee here; with no ZK token it reverts as its _getZKToken does.
        if (attributes.useFixedFee) revert ZKTokenNotAvailable();
        _takeValue(destinationChainId, destinationBaseTokenAssetId, totalCallValue, totalIndirectValue);

        bytes memory encoded = abi.encode(bundle);
        bytes32 msgHash = IL1Messenger(L1_MESSENGER_ADDRESS).sendToL1(bytes.concat(BUNDLE_IDENTIFIER, encoded));
        bundleHash = keccak256(abi.encode(block.chainid, encoded));

        for (uint256 i = 0; i < calls.length; ++i) {
            emit MessageSent({
                sendId: keccak256(abi.encodePacked(bundleHash, i)),
                sender: InteroperableAddress.formatEvmV1(block.chainid, bundle.calls[i].from),
                recipient: InteroperableAddress.formatEvmV1(destinationChainId, bundle.calls[i].to),
                payload: calls[i].data,
                value: calls[i].callAttributes.interopCallValue,
                attributes: originalAttributes[i]
            });
        }
        emit InteropBundleSent(msgHash, bundleHash, bundle);
    }

    /// @dev v31 _ensureCorrectTotalValue with a protocol fee of 0. Every chain here has the same base
    /// token (ETH), so the other branch (bridging the destination's base token) never applies.
    function _takeValue(uint256 destinationChainId, bytes32 destinationBaseTokenAssetId, uint256 totalCallValue, uint256 totalIndirectValue) internal {
        bytes32 ownBaseTokenAssetId = IBaseTokenAssetIds(L2_NATIVE_TOKEN_VAULT_ADDRESS).BASE_TOKEN_ASSET_ID();
        uint256 expected = destinationBaseTokenAssetId == ownBaseTokenAssetId ? totalCallValue + totalIndirectValue : totalIndirectValue;
        if (msg.value != expected) revert MsgValueMismatch(expected, msg.value);
        if (destinationBaseTokenAssetId != ownBaseTokenAssetId && totalCallValue > 0) revert DestinationChainNotRegistered(destinationChainId);
        if (totalCallValue > 0) IL2BaseTokenHolderSink(L2_BASE_TOKEN_HOLDER_ADDRESS).burnAndStartBridging{value: totalCallValue}(destinationChainId);
    }

    function _processCall(InternalCall memory call, uint256 destinationChainId) internal returns (InteropCall memory) {
        if (!call.callAttributes.indirectCall) {
            return InteropCall({version: INTEROP_CALL_VERSION, shadowAccount: false, to: call.to, from: msg.sender, value: call.callAttributes.interopCallValue, data: call.data});
        }
        InteropCallStarter memory actual = IL2CrossChainSender(call.to).initiateIndirectCall{value: call.callAttributes.indirectCallMessageValue}(
            destinationChainId,
            msg.sender,
            call.callAttributes.interopCallValue,
            call.data
        );
        // v31 re-parses through an external self-call (calldata in, calldata parsing rules).
        (CallAttributes memory returned, ) = this.parseAttributes(actual.callAttributes, AttributeParsingRestrictions.OnlyInteropCallValue);
        if (returned.interopCallValue != call.callAttributes.interopCallValue) {
            revert IndirectCallValueMismatch(call.callAttributes.interopCallValue, returned.interopCallValue);
        }
        (, address actualTo) = InteroperableAddress.parseEvmV1(actual.to);
        return InteropCall({version: INTEROP_CALL_VERSION, shadowAccount: false, to: actualTo, from: call.to, value: call.callAttributes.interopCallValue, data: actual.data});
    }
}
