// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_ASSET_ROUTER_ADDRESS, L2_BASE_TOKEN_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS} from "./BridgeAddresses.sol";
import {Unauthorized} from "./SystemAddresses.sol";
import {BridgeData, ZeroAddress} from "./libraries/BridgeData.sol";
import {BridgedStandardERC20} from "./BridgedStandardERC20.sol";

/// @dev The asset cannot move on this path (the base token: call value moves it, not the vault).
error AssetIdNotSupported(bytes32 assetId);
/// @dev The asset id does not belong to the token (or the token to the asset id).
error AssetIdMismatch(bytes32 expected, bytes32 supplied);
/// @dev The token already has an asset id here.
error AssetIdAlreadyRegistered();
/// @dev Only a contract can be registered as a token.
error EmptyToken();
/// @dev ERC-20s move through the vault without value: value travels as a bundle's call value.
error NonEmptyMsgValue();
/// @dev A bridged token's burn needs an amount.
error AmountMustBeGreaterThanZero();
/// @dev A native token's deposit needs an amount.
error EmptyDeposit();
/// @dev The vault received less than the amount (a fee-on-transfer token): such tokens cannot be bridged.
error TokensWithFeesNotSupported();
/// @dev A token native to this chain never gets a bridged copy here.
error DeployingBridgedTokenForNativeToken();
/// @dev The bridged token did not land at the address the vault predicted.
error AddressMismatch(address expected, address supplied);
/// @dev The token refused a transfer (returned false, or is not a contract).
error TokenTransferFailed(address token);

/// @title L2NativeTokenVault (0x…10004): the asset handler of ERC-20s moving between chains (protocol v31).
/// @notice A token native to this chain is registered on its first transfer out (asset id
/// keccak256(abi.encode(block.chainid, 0x…10004, token))) and escrowed here while it is away; a token
/// from another chain arrives as a BridgedStandardERC20 this vault deploys with CREATE2 on first use
/// (address: `calculateCreate2TokenAddress`), named after the origin, minted on arrival and burned on
/// departure. Only L2AssetRouter (0x…10003) calls `bridgeBurn`/`bridgeMint`. The base token, ETH (asset id
/// keccak256(abi.encode(L1_CHAIN_ID, 0x…10004, 0x…01)), L2 address 0x…800a), is answered by the views
/// but refused on this path: call value moves it. Rules, events and encodings are era-contracts 7cdd5474
/// `bridge/ntv/NativeTokenVaultBase.sol` and `L2NativeTokenVault.sol`, written anew; there is no asset
/// tracker, WETH, legacy bridge, pause or owner here.
/// @dev L1_CHAIN_ID sits in slot 0, written at genesis (src/chain/genesis.ts): the chain id zks_L1ChainId reports.
contract L2NativeTokenVault {
    uint256 public L1_CHAIN_ID;
    mapping(bytes32 assetId => uint256) private originChainIds;
    mapping(bytes32 assetId => address) private tokenAddresses;
    mapping(address token => bytes32) private assetIds;
    /// @notice How many tokens the vault registered (native ones and bridged copies), and which, in order.
    uint256 public bridgedTokensCount;
    mapping(uint256 index => bytes32 assetId) public bridgedTokens;
    mapping(bytes32 assetId => uint256 index) public tokenIndex;

    event BridgeMint(uint256 indexed chainId, bytes32 indexed assetId, address receiver, uint256 amount);
    event BridgeBurn(uint256 indexed chainId, bytes32 indexed assetId, address indexed sender, address receiver, uint256 amount);

    modifier onlyAssetRouter() {
        if (msg.sender != L2_ASSET_ROUTER_ADDRESS) revert Unauthorized(msg.sender);
        _;
    }

    function BASE_TOKEN_ASSET_ID() public view returns (bytes32) {
        return BridgeData.ntvAssetId(L1_CHAIN_ID, ETH_TOKEN_ADDRESS);
    }

    function ASSET_ROUTER() external pure returns (address) {
        return L2_ASSET_ROUTER_ADDRESS;
    }

    /// @notice No wrapped ETH is deployed here.
    function WETH_TOKEN() external pure returns (address) {
        return address(0);
    }

    /// @notice There was never a legacy shared bridge here.
    function L2_LEGACY_SHARED_BRIDGE() external pure returns (address) {
        return address(0);
    }

    function assetId(address token) public view returns (bytes32) {
        return token == L2_BASE_TOKEN_ADDRESS ? BASE_TOKEN_ASSET_ID() : assetIds[token];
    }

    function tokenAddress(bytes32 id) public view returns (address) {
        return id == BASE_TOKEN_ASSET_ID() ? L2_BASE_TOKEN_ADDRESS : tokenAddresses[id];
    }

    function originChainId(bytes32 id) public view returns (uint256) {
        return id == BASE_TOKEN_ASSET_ID() ? L1_CHAIN_ID : originChainIds[id];
    }

    /// @notice The token's address on its origin chain (zero for an unknown asset).
    function originToken(bytes32 id) external view returns (address) {
        if (id == BASE_TOKEN_ASSET_ID()) return ETH_TOKEN_ADDRESS;
        address token = tokenAddresses[id];
        if (token == address(0) || originChainIds[id] == block.chainid) return token;
        return BridgedStandardERC20(token).originToken();
    }

    /// @notice The L2 address of an L1 token: the base token's for ETH, the bridged copy's if one was
    /// deployed here, zero otherwise (v31: tokenAddress of the L1 asset id).
    function l2TokenAddress(address l1Token) external view returns (address) {
        return tokenAddress(BridgeData.ntvAssetId(L1_CHAIN_ID, l1Token));
    }

    /// @notice Where the bridged copy of `token` from `tokenOriginChainId` is (or will be) deployed here:
    /// CREATE2 by this vault, salt keccak256(abi.encode(originChainId, token)) (the token's address as the
    /// salt when it comes from the L1, as v31), over BridgedStandardERC20's creation code.
    function calculateCreate2TokenAddress(uint256 tokenOriginChainId, address token) public view returns (address) {
        bytes32 codeHash = keccak256(type(BridgedStandardERC20).creationCode);
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(this), _create2Salt(tokenOriginChainId, token), codeHash));
        return address(uint160(uint256(hash)));
    }

    /// @notice The origin chain named by token metadata; 0 (the legacy layout) means the L1.
    function tokenDataOriginChainId(bytes calldata erc20Data) public view returns (uint256 tokenOriginChainId) {
        (tokenOriginChainId, , , ) = BridgeData.decodeTokenData(erc20Data);
        if (tokenOriginChainId == 0) tokenOriginChainId = L1_CHAIN_ID;
    }

    /// @notice The metadata that travels with a transfer: the raw answers of name(), symbol(), decimals() (empty if absent).
    function getERC20Getters(address token, uint256 tokenOriginChainId) public view returns (bytes memory) {
        if (token == ETH_TOKEN_ADDRESS || token == L2_BASE_TOKEN_ADDRESS) {
            return BridgeData.encodeTokenData(tokenOriginChainId, abi.encode("Ether"), abi.encode("ETH"), abi.encode(uint8(18)));
        }
        return BridgeData.encodeTokenData(
            tokenOriginChainId,
            _staticAnswer(token, abi.encodeWithSignature("name()")),
            _staticAnswer(token, abi.encodeWithSignature("symbol()")),
            _staticAnswer(token, abi.encodeWithSignature("decimals()"))
        );
    }

    /// @notice Registers `token` as native to this chain (anyone may; a transfer out also does it on first use).
    function registerToken(address token) external {
        _registerToken(token);
    }

    /// @notice The token's asset id, registering it as native to this chain first if it has none.
    function ensureTokenIsRegistered(address token) external returns (bytes32 id) {
        id = assetId(token);
        if (id == bytes32(0)) id = _registerToken(token);
    }

    /// @notice Registers the token named by burn data as native, checking it gets `expectedAssetId`
    /// (the router calls it before a token's first transfer out).
    function tryRegisterTokenFromBurnData(bytes calldata burnData, bytes32 expectedAssetId) external {
        (, , address token) = BridgeData.decodeBurnData(burnData);
        if (token == address(0)) revert ZeroAddress();
        if (assetId(token) != bytes32(0)) revert AssetIdAlreadyRegistered();
        bytes32 id = _registerToken(token);
        if (id != expectedAssetId) revert AssetIdMismatch(expectedAssetId, id);
    }

    /// @notice Takes the tokens leaving for `chainId`: escrows a native token (transferFrom the caller, who
    /// approved this vault) or burns a bridged one. Returns the mint data the destination's vault gets.
    /// @param data abi.encode(uint256 amount, address receiver, address token); token zero = the asset's token
    function bridgeBurn(uint256 chainId, uint256 l2MsgValue, bytes32 id, address originalCaller, bytes calldata data)
        external
        payable
        onlyAssetRouter
        returns (bytes memory bridgeMintData)
    {
        if (l2MsgValue != 0 || msg.value != 0) revert NonEmptyMsgValue();
        if (id == BASE_TOKEN_ASSET_ID()) revert AssetIdNotSupported(id);
        (uint256 amount, address receiver, address token) = BridgeData.decodeBurnData(data);
        if (token == address(0)) token = tokenAddresses[id];
        if (token == address(0)) revert ZeroAddress();
        bytes32 stored = assetIds[token];
        if (stored != id) revert AssetIdMismatch(stored, id);

        uint256 origin = originChainIds[id];
        address tokenAtOrigin;
        if (origin != block.chainid) {
            if (amount == 0) revert AmountMustBeGreaterThanZero();
            BridgedStandardERC20(token).bridgeBurn(originalCaller, amount);
            tokenAtOrigin = BridgedStandardERC20(token).originToken();
            if (tokenAtOrigin == address(0)) revert ZeroAddress();
        } else {
            if (amount == 0) revert EmptyDeposit();
            uint256 before = _balanceOf(token);
            _callToken(token, abi.encodeWithSignature("transferFrom(address,address,uint256)", originalCaller, address(this), amount));
            if (_balanceOf(token) - before != amount) revert TokensWithFeesNotSupported();
            tokenAtOrigin = token;
        }
        bridgeMintData = BridgeData.encodeMintData(originalCaller, receiver, tokenAtOrigin, amount, getERC20Getters(token, origin));
        emit BridgeBurn(chainId, id, originalCaller, receiver, amount);
    }

    /// @notice Delivers tokens arriving from `chainId`: releases escrow of a token native here, or mints
    /// the bridged copy (deploying it on the asset's first arrival).
    /// @param data the source vault's mint data (BridgeData.encodeMintData)
    function bridgeMint(uint256 chainId, bytes32 id, bytes calldata data) external payable onlyAssetRouter {
        if (msg.value != 0) revert NonEmptyMsgValue();
        if (id == BASE_TOKEN_ASSET_ID()) revert AssetIdNotSupported(id);
        (, address receiver, address tokenAtOrigin, uint256 amount, bytes memory erc20Data) = BridgeData.decodeMintData(data);
        if (originChainIds[id] == block.chainid) {
            _callToken(tokenAddresses[id], abi.encodeWithSignature("transfer(address,uint256)", receiver, amount));
        } else {
            address token = tokenAddresses[id];
            if (token == address(0)) token = _deployBridgedToken(id, tokenAtOrigin, erc20Data);
            BridgedStandardERC20(token).bridgeMint(receiver, amount);
        }
        emit BridgeMint(chainId, id, receiver, amount);
    }

    function _registerToken(address token) private returns (bytes32 id) {
        if (token.code.length == 0) revert EmptyToken();
        if (assetId(token) != bytes32(0)) revert AssetIdAlreadyRegistered();
        id = BridgeData.ntvAssetId(block.chainid, token);
        _saveToken(id, token, block.chainid);
        L2AssetRouterRegistry(L2_ASSET_ROUTER_ADDRESS).setAssetHandlerAddressThisChain(bytes32(uint256(uint160(token))), address(this));
    }

    function _deployBridgedToken(bytes32 id, address tokenAtOrigin, bytes memory erc20Data) private returns (address token) {
        uint256 origin = this.tokenDataOriginChainId(erc20Data);
        address expected = calculateCreate2TokenAddress(origin, tokenAtOrigin);
        bytes32 expectedId = BridgeData.ntvAssetId(origin, tokenAtOrigin);
        if (id != expectedId) revert AssetIdMismatch(expectedId, id);
        if (origin == block.chainid) revert DeployingBridgedTokenForNativeToken();
        BridgedStandardERC20 deployed = new BridgedStandardERC20{salt: _create2Salt(origin, tokenAtOrigin)}();
        deployed.bridgeInitialize(id, tokenAtOrigin, erc20Data);
        token = address(deployed);
        if (token != expected) revert AddressMismatch(expected, token);
        _saveToken(id, token, origin);
    }

    function _saveToken(bytes32 id, address token, uint256 origin) private {
        tokenAddresses[id] = token;
        assetIds[token] = id;
        originChainIds[id] = origin;
        bridgedTokens[bridgedTokensCount] = id;
        tokenIndex[id] = bridgedTokensCount;
        ++bridgedTokensCount;
    }

    function _create2Salt(uint256 tokenOriginChainId, address token) private view returns (bytes32) {
        return tokenOriginChainId == L1_CHAIN_ID ? bytes32(uint256(uint160(token))) : keccak256(abi.encode(tokenOriginChainId, token));
    }

    function _balanceOf(address token) private view returns (uint256) {
        return BridgedStandardERC20(token).balanceOf(address(this));
    }

    /// @dev An ERC-20 call that accepts tokens returning nothing (as OpenZeppelin's SafeERC20 does) and
    /// passes a token's own revert on.
    function _callToken(address token, bytes memory call) private {
        (bool ok, bytes memory answer) = token.call(call);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(answer, 32), mload(answer))
            }
        }
        if (answer.length == 0 ? token.code.length == 0 : !abi.decode(answer, (bool))) revert TokenTransferFailed(token);
    }

    function _staticAnswer(address token, bytes memory call) private view returns (bytes memory answer) {
        bool ok;
        (ok, answer) = token.staticcall(call);
        if (!ok) answer = "";
    }
}

/// @dev The one router entry point the vault calls (L2AssetRouter.setAssetHandlerAddressThisChain).
interface L2AssetRouterRegistry {
    function setAssetHandlerAddressThisChain(bytes32 assetRegistrationData, address assetHandlerAddress) external;
}
