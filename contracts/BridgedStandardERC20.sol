// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "./tokens/ERC20.sol";
import {BridgeData, ZeroAddress} from "./libraries/BridgeData.sol";
import {Unauthorized} from "./SystemAddresses.sol";

/// @dev A bridged token is initialised once, by the vault that deployed it, in the same transaction.
error BridgedTokenAlreadyInitialized();

/// @title BridgedStandardERC20: the copy of a token from another chain, deployed by the native token vault.
/// @notice The vault deploys it (CREATE2, see L2NativeTokenVault.calculateCreate2TokenAddress) the first
/// time the token arrives, initialises it with the origin's name, symbol and decimals, and alone mints
/// it (tokens arriving) and burns it (tokens leaving, no allowance needed). The views and events are
/// v31's IBridgedStandardToken (era-contracts 7cdd5474 `bridge/BridgedStandardERC20.sol`); unlike v31
/// it is not a beacon proxy and has no permit: nothing here upgrades tokens.
contract BridgedStandardERC20 is ERC20 {
    /// @notice The vault that deployed the token and alone mints and burns it.
    address public immutable nativeTokenVault;
    /// @notice The token's address on its origin chain.
    address public originToken;
    /// @notice The vault asset id: keccak256(abi.encode(originChainId, 0x…10004, originToken)).
    bytes32 public assetId;

    // A getter whose answer did not decode (the origin token has none) reverts here too, as in v31.
    bool private ignoreName;
    bool private ignoreSymbol;
    bool private ignoreDecimals;
    string private name_;
    string private symbol_;
    uint8 private decimals_;

    event BridgeInitialize(address indexed l1Token, string name, string symbol, uint8 decimals);
    event BridgeMint(address indexed account, uint256 amount);
    event BridgeBurn(address indexed account, uint256 amount);

    modifier onlyNTV() {
        if (msg.sender != nativeTokenVault) revert Unauthorized(msg.sender);
        _;
    }

    /// @dev No constructor arguments: the address then depends only on the vault, the salt and this code.
    constructor() {
        nativeTokenVault = msg.sender;
    }

    /// @notice Names the token after its origin: `data` is the vault's token metadata (BridgeData.encodeTokenData).
    function bridgeInitialize(bytes32 assetId_, address originToken_, bytes calldata data) external onlyNTV {
        if (originToken != address(0)) revert BridgedTokenAlreadyInitialized();
        if (originToken_ == address(0)) revert ZeroAddress();
        originToken = originToken_;
        assetId = assetId_;
        (, bytes memory nameBytes, bytes memory symbolBytes, bytes memory decimalsBytes) = BridgeData.decodeTokenData(data);
        try this.decodeString(nameBytes) returns (string memory decoded) {
            name_ = decoded;
        } catch {
            ignoreName = true;
        }
        try this.decodeString(symbolBytes) returns (string memory decoded) {
            symbol_ = decoded;
        } catch {
            ignoreSymbol = true;
        }
        try this.decodeUint8(decimalsBytes) returns (uint8 decoded) {
            decimals_ = decoded;
        } catch {
            ignoreDecimals = true;
        }
        emit BridgeInitialize(originToken_, name_, symbol_, decimals_);
    }

    function bridgeMint(address to, uint256 amount) external onlyNTV {
        _mint(to, amount);
        emit BridgeMint(to, amount);
    }

    function bridgeBurn(address from, uint256 amount) external onlyNTV {
        _burn(from, amount);
        emit BridgeBurn(from, amount);
    }

    /// @dev External so bridgeInitialize can try it: a malformed answer must not stop the deposit.
    function decodeString(bytes calldata input) external pure returns (string memory) {
        return abi.decode(input, (string));
    }

    function decodeUint8(bytes calldata input) external pure returns (uint8) {
        return abi.decode(input, (uint8));
    }

    function name() public view override returns (string memory) {
        if (ignoreName) revert();
        return name_;
    }

    function symbol() public view override returns (string memory) {
        if (ignoreSymbol) revert();
        return symbol_;
    }

    function decimals() public view override returns (uint8) {
        if (ignoreDecimals) revert();
        return decimals_;
    }

    /// @notice The legacy name of originToken (v31 keeps it for older clients).
    function l1Address() external view returns (address) {
        return originToken;
    }

    /// @notice The legacy L2 shared bridge of this token: none (zero), as for every v31 token not from the legacy bridge.
    function l2Bridge() external pure returns (address) {
        return address(0);
    }
}
