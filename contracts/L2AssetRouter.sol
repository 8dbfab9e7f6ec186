// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_BASE_TOKEN_ADDRESS, L2_BRIDGEHUB_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS} from "./BridgeAddresses.sol";
import {Unauthorized} from "./SystemAddresses.sol";
import {INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS, InteropCallStarter, IERC7786Recipient, IL2CrossChainSender} from "./interop/InteropTypes.sol";
import {BridgeData} from "./libraries/BridgeData.sol";
import {AssetIdNotSupported, L2NativeTokenVault} from "./L2NativeTokenVault.sol";

/// @dev There is no L1 bridge to withdraw through: move tokens between chains with an interop bundle
/// (an indirect call to this router).
error NoL1Bridge();

/// @dev The L2 Bridgehub's view the router reads (0x…10002).
interface IL2BridgehubBaseToken {
    function baseTokenAssetId(uint256 chainId) external view returns (bytes32);
}

/// @title L2AssetRouter (0x…10003): moves ERC-20s between chains through interop bundles (protocol v31),
/// and serves the shared-bridge views zksync-ethers reads (`getDefaultBridgeAddresses`, `l2TokenAddress`,
/// `l1TokenAddress`).
/// @notice Source side: InteropCenter (0x…1000d) calls `initiateIndirectCall` for a bundle call marked
/// `indirectCall`; the router has the native token vault escrow or burn the tokens and answers with the
/// call to carry instead, `finalizeDeposit` on the router of the destination. Destination side:
/// InteropHandler (0x…1000e) delivers that call through `receiveMessage`, which accepts it only from this
/// router on another chain, and `finalizeDeposit` has the vault release or mint. The base token is
/// refused here (it moves as call value). Selectors, events, errors and encodings are era-contracts
/// 7cdd5474 `bridge/asset-router/L2AssetRouter.sol` and `AssetRouterBase.sol`, written anew; there is no
/// L1 deposit or withdrawal path, no custom asset handler (only the vault registers), no pause or owner.
/// @dev Keeps no genesis storage: the L1 chain id and base-token asset id are the vault's.
contract L2AssetRouter is IERC7786Recipient, IL2CrossChainSender {
    /// @dev ERC-7930 prefix of an EVM address with no chain reference: version 1, chain type 0, no chain, 20-byte address.
    bytes6 private constant EVM_ADDRESS_NO_CHAIN = 0x000100000014;

    mapping(bytes32 assetId => address) private assetHandlers;
    /// @notice Who registered each asset's handler on this chain (the vault, for every asset here).
    mapping(bytes32 assetId => address) public assetDeploymentTracker;
    bool private entered;

    /// @dev The ERC-7930 sender did not parse as an EVM interoperable address.
    error InteroperableAddressParsingError(bytes);
    /// @dev A delivered payload must hold a selector and arguments.
    error PayloadTooShort();
    /// @dev A delivered payload must be a finalizeDeposit call.
    error InvalidSelector(bytes4 func);
    /// @dev The delivered finalizeDeposit reverted (its own revert is in the call trace).
    error ExecuteMessageFailed();
    /// @dev finalizeDeposit may not run inside itself.
    error Reentrancy();

    event BridgehubDepositInitiated(uint256 indexed chainId, bytes32 indexed txDataHash, address indexed from, bytes32 assetId, bytes bridgeMintCalldata);
    event AssetDeploymentTrackerSet(bytes32 indexed assetId, address indexed assetDeploymentTracker, bytes32 indexed additionalData);
    event AssetHandlerRegistered(bytes32 indexed assetId, address indexed _assetHandlerAddress);
    event DepositFinalizedAssetRouter(uint256 indexed chainId, bytes32 indexed assetId, bytes assetData);

    modifier onlyL2InteropCenter() {
        if (msg.sender != INTEROP_CENTER_ADDRESS) revert Unauthorized(msg.sender);
        _;
    }

    modifier onlyL2InteropHandler() {
        if (msg.sender != INTEROP_HANDLER_ADDRESS) revert Unauthorized(msg.sender);
        _;
    }

    modifier nonReentrant() {
        if (entered) revert Reentrancy();
        entered = true;
        _;
        entered = false;
    }

    // ─── views ───────────────────────────────────────────────────────────────

    /// @notice No L1 asset router exists for this devnet.
    function L1_ASSET_ROUTER() external pure returns (address) {
        return address(0);
    }

    /// @notice The shared-bridge name of L1_ASSET_ROUTER (zksync-ethers calls it to tell a shared bridge from a legacy one).
    function l1SharedBridge() external pure returns (address) {
        return address(0);
    }

    function l1Bridge() external pure returns (address) {
        return address(0);
    }

    function BRIDGE_HUB() external pure returns (address) {
        return L2_BRIDGEHUB_ADDRESS;
    }

    function L1_CHAIN_ID() public view returns (uint256) {
        return _vault().L1_CHAIN_ID();
    }

    function BASE_TOKEN_ASSET_ID() public view returns (bytes32) {
        return _vault().BASE_TOKEN_ASSET_ID();
    }

    /// @notice The vault for the base token and every asset registered here; zero for an unknown asset.
    function assetHandlerAddress(bytes32 assetId) external view returns (address) {
        return assetId == BASE_TOKEN_ASSET_ID() ? L2_NATIVE_TOKEN_VAULT_ADDRESS : assetHandlers[assetId];
    }

    function l2TokenAddress(address l1Token) external view returns (address) {
        return _vault().l2TokenAddress(l1Token);
    }

    /// @notice The L1 address of an L2 token: 0x…01 (ETH) for the base token, zero for any other.
    function l1TokenAddress(address l2Token) external pure returns (address) {
        return l2Token == L2_BASE_TOKEN_ADDRESS ? ETH_TOKEN_ADDRESS : address(0);
    }

    /// @notice The call the destination's router gets for a transfer: finalizeDeposit(this chain, asset, mint data).
    function getDepositCalldata(address, bytes32 assetId, bytes memory assetData) public view returns (bytes memory) {
        return abi.encodeCall(this.finalizeDeposit, (block.chainid, assetId, assetData));
    }

    // ─── registration ────────────────────────────────────────────────────────

    /// @notice Names the handler of an asset native here; only the vault registers (asset id
    /// keccak256(abi.encode(block.chainid, 0x…10004, data))), as it does for each token on first use.
    function setAssetHandlerAddressThisChain(bytes32 assetRegistrationData, address assetHandler) external {
        if (msg.sender != L2_NATIVE_TOKEN_VAULT_ADDRESS) revert Unauthorized(msg.sender);
        bytes32 assetId = keccak256(abi.encode(block.chainid, L2_NATIVE_TOKEN_VAULT_ADDRESS, assetRegistrationData));
        _setAssetHandler(assetId, assetHandler);
        assetDeploymentTracker[assetId] = msg.sender;
        emit AssetDeploymentTrackerSet(assetId, msg.sender, assetRegistrationData);
    }

    // ─── source side ─────────────────────────────────────────────────────────

    /// @notice An indirect bundle call to this router: takes `originalCaller`'s tokens for `chainId`
    /// (escrow or burn in the vault) and returns the call the bundle carries instead.
    /// @param value the call's interopCallValue: must be zero (the vault takes no value with ERC-20s)
    /// @param data `0x01 ‖ abi.encode(bytes32 assetId, abi.encode(uint256 amount, address receiver, address token))`
    function initiateIndirectCall(uint256 chainId, address originalCaller, uint256 value, bytes calldata data)
        external
        payable
        onlyL2InteropCenter
        returns (InteropCallStarter memory starter)
    {
        (bytes32 assetId, bytes memory transferData) = BridgeData.decodeDepositData(data);
        if (assetId == BASE_TOKEN_ASSET_ID() || assetId == IL2BridgehubBaseToken(L2_BRIDGEHUB_ADDRESS).baseTokenAssetId(chainId)) {
            revert AssetIdNotSupported(assetId);
        }

        address handler = assetHandlers[assetId];
        if (handler == address(0)) {
            _vault().tryRegisterTokenFromBurnData(transferData, assetId);
            handler = L2_NATIVE_TOKEN_VAULT_ADDRESS;
        }
        bytes memory bridgeMintData = L2NativeTokenVault(handler).bridgeBurn{value: msg.value}(chainId, value, assetId, originalCaller, transferData);

        bytes32 txDataHash = keccak256(bytes.concat(BridgeData.NEW_ENCODING_VERSION, abi.encode(originalCaller, assetId, transferData)));
        emit BridgehubDepositInitiated(chainId, txDataHash, originalCaller, assetId, bridgeMintData);

        bytes[] memory attributes = new bytes[](1);
        attributes[0] = abi.encodeWithSignature("interopCallValue(uint256)", value);
        starter = InteropCallStarter({
            to: abi.encodePacked(EVM_ADDRESS_NO_CHAIN, address(this)),
            data: getDepositCalldata(originalCaller, assetId, bridgeMintData),
            callAttributes: attributes
        });
    }

    // ─── destination side ────────────────────────────────────────────────────

    /// @notice ERC-7786 delivery from InteropHandler: a finalizeDeposit call sent by this router on another chain.
    /// @param sender ERC-7930 address of the call's sender on the source chain
    function receiveMessage(bytes32, bytes calldata sender, bytes calldata payload) external payable onlyL2InteropHandler returns (bytes4) {
        (uint256 senderChainId, address senderAddress) = _parseEvmV1(sender);
        if (senderChainId == L1_CHAIN_ID() || senderAddress != address(this)) revert Unauthorized(senderAddress);
        if (payload.length <= 4) revert PayloadTooShort();
        if (bytes4(payload[0:4]) != this.finalizeDeposit.selector) revert InvalidSelector(bytes4(payload[0:4]));
        (bool ok, ) = address(this).call{value: msg.value}(payload);
        if (!ok) revert ExecuteMessageFailed();
        return IERC7786Recipient.receiveMessage.selector;
    }

    /// @notice Delivers a transfer from `originChainId`: the vault releases escrow or mints the bridged token.
    /// Only this router calls it (from receiveMessage): there are no L1 deposits here.
    /// @param transferData the source vault's mint data
    function finalizeDeposit(uint256 originChainId, bytes32 assetId, bytes calldata transferData) public payable nonReentrant {
        if (msg.sender != address(this)) revert Unauthorized(msg.sender);
        bytes32 baseTokenAssetId = BASE_TOKEN_ASSET_ID();
        if (assetId == baseTokenAssetId) revert AssetIdNotSupported(baseTokenAssetId);
        address handler = assetHandlers[assetId];
        if (handler == address(0)) {
            handler = L2_NATIVE_TOKEN_VAULT_ADDRESS;
            _setAssetHandler(assetId, handler);
        }
        L2NativeTokenVault(handler).bridgeMint{value: msg.value}(originChainId, assetId, transferData);
        emit DepositFinalizedAssetRouter(originChainId, assetId, transferData);
    }

    function withdraw(bytes32, bytes calldata) external pure returns (bytes32) {
        revert NoL1Bridge();
    }

    function withdraw(address, address, uint256) external pure {
        revert NoL1Bridge();
    }

    // ─── internals ───────────────────────────────────────────────────────────

    function _vault() private pure returns (L2NativeTokenVault) {
        return L2NativeTokenVault(L2_NATIVE_TOKEN_VAULT_ADDRESS);
    }

    function _setAssetHandler(bytes32 assetId, address handler) private {
        assetHandlers[assetId] = handler;
        emit AssetHandlerRegistered(assetId, handler);
    }

    /// @dev ERC-7930 v1, EVM chain type: `0x0001 ‖ 0x0000 ‖ chainRefLen ‖ chainRef ‖ addrLen ‖ addr`;
    /// the chain reference is the chain id big-endian (≤ 32 bytes), the address 0 or 20 bytes; empty parts read as zero.
    function _parseEvmV1(bytes calldata self) private pure returns (uint256 chainId, address addr) {
        if (self.length < 6 || bytes2(self[0:2]) != 0x0001 || bytes2(self[2:4]) != 0x0000) revert InteroperableAddressParsingError(self);
        uint256 refLength = uint8(self[4]);
        if (refLength > 32 || self.length < 6 + refLength) revert InteroperableAddressParsingError(self);
        uint256 addrLength = uint8(self[5 + refLength]);
        if ((addrLength != 0 && addrLength != 20) || self.length < 6 + refLength + addrLength) revert InteroperableAddressParsingError(self);
        for (uint256 i = 5; i < 5 + refLength; ++i) chainId = (chainId << 8) | uint8(self[i]);
        if (addrLength == 20) addr = address(bytes20(self[6 + refLength:26 + refLength]));
    }
}
