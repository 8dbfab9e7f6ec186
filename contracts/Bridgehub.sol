// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2Log, L2Message} from "./interfaces/Messaging.sol";
import {BOOTLOADER_ADDRESS, MESSAGE_ROOT_ADDRESS, Unauthorized} from "./SystemAddresses.sol";
import {L2_ASSET_ROUTER_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS} from "./BridgeAddresses.sol";
import {CHAIN_TYPE_MANAGER_ADDRESS} from "./L1Addresses.sol";
import {ChainSettlement} from "./ChainSettlement.sol";

/// @dev `initialize` runs once.
error BridgehubAlreadyInitialized();
/// @dev Only the admin named at `initialize` may register chains.
error NotBridgehubAdmin(address caller);
/// @dev Chain id zero, or a zero ZK chain contract.
error InvalidChainRegistration(uint256 chainId, address zkChain);
/// @dev Each chain is registered once.
error ChainAlreadyRegistered(uint256 chainId);
/// @dev The chain has no ZK chain contract here (the real Bridgehub's map lookup reverts too).
error ChainNotRegistered(uint256 chainId);

/// @title Bridgehub (0x…10002): the registry of ZK chains and their base tokens (SPEC §10).
/// @notice On L1 it maps each chain to its ZK chain contract (ChainSettlement, `getZKChain`),
/// names the chain type manager, asset router and MessageRoot, and forwards message proofs to the
/// chain's ZK chain contract (era-contracts Bridgehub.proveL2MessageInclusion). On an L2 it
/// serves the base-token views zksync-ethers reads (`baseToken(chainId)` for the chain itself);
/// on Gateway it also registers the chains settling there (their ChainSettlement on Gateway), as
/// real Gateway's L2 Bridgehub does for the chains migrated to it.
/// Every chain here is ETH-based: its base token is ETH (L1 address 0x…01, asset id
/// `keccak256(abi.encode(L1_CHAIN_ID, 0x…10004, 0x…01))`, era-contracts
/// DataEncoding.encodeNTVAssetId). There are no deposits and no withdrawals here: nothing moves
/// through the asset router, it only names it.
/// @dev Placed at genesis by setCode. On L1 the bootloader calls `initialize(l1ChainId, admin, router)` and
/// the admin registers chains; on an L2 genesis writes L1_CHAIN_ID (slot 0) and no chain is
/// registered: `baseToken` answers for the chain itself (block.chainid) all the same. On Gateway
/// genesis also writes the bootloader as admin (slot 1), which registers each chain settling there.
/// On every L2 genesis also marks the network's chains (slot 6) so `baseTokenAssetId` answers for
/// each of them, as a v31 L2 Bridgehub does for the chains registered for interop; a chain added at
/// runtime is marked there by a journaled storage write (src/chain/interopDestinations.ts).
contract Bridgehub {
    /// @notice The L1's chain id (slot 0).
    uint256 public L1_CHAIN_ID;
    /// @notice Who may register chains (zero: nobody; slot 1).
    address public admin;
    /// @dev The L1 asset router (slot 2); zero on an L2, whose asset router is L2AssetRouter.
    address internal l1AssetRouter;
    mapping(uint256 chainId => address zkChain) internal zkChains;
    uint256[] internal chainIds;
    /// @notice Chains trusted to aggregate other chains' batches (Gateway): a recursive proof may go through them.
    mapping(uint256 chainId => bool) public whitelistedSettlementLayers;
    /// @dev Chains of this network that interop bundles may go to (slot 6), written at genesis on an L2
    /// and for chains added at runtime:
    /// `baseTokenAssetId` answers for them (InteropCenter's DestinationChainNotRegistered otherwise).
    mapping(uint256 chainId => bool) internal interopChains;

    event NewChain(uint256 indexed chainId, address zkChain);
    event SettlementLayerRegistered(uint256 indexed chainId, bool indexed isWhitelisted);

    modifier onlyAdmin() {
        if (msg.sender != admin || msg.sender == address(0)) revert NotBridgehubAdmin(msg.sender);
        _;
    }

    /// @notice Sets the L1 chain id, the admin and (on L1) the asset router; once, by the bootloader.
    function initialize(uint256 l1ChainId, address admin_, address assetRouter_) external {
        if (msg.sender != BOOTLOADER_ADDRESS) revert Unauthorized(msg.sender);
        if (admin != address(0)) revert BridgehubAlreadyInitialized();
        L1_CHAIN_ID = l1ChainId;
        admin = admin_;
        l1AssetRouter = assetRouter_;
    }

    /// @notice Registers `chainId`'s ZK chain contract on this layer; admin only, once per chain.
    function registerChain(uint256 chainId, address zkChain) external onlyAdmin {
        if (chainId == 0 || zkChain == address(0)) revert InvalidChainRegistration(chainId, zkChain);
        if (zkChains[chainId] != address(0)) revert ChainAlreadyRegistered(chainId);
        zkChains[chainId] = zkChain;
        chainIds.push(chainId);
        emit NewChain(chainId, zkChain);
    }

    /// @notice Trusts a registered chain as a settlement layer (Gateway); admin only.
    function registerSettlementLayer(uint256 chainId, bool isWhitelisted) external onlyAdmin {
        if (zkChains[chainId] == address(0)) revert ChainNotRegistered(chainId);
        whitelistedSettlementLayers[chainId] = isWhitelisted;
        emit SettlementLayerRegistered(chainId, isWhitelisted);
    }

    /// @notice The chain's ZK chain contract on this layer; zero if it has none.
    function getZKChain(uint256 chainId) public view returns (address) {
        return zkChains[chainId];
    }

    function getAllZKChainChainIDs() external view returns (uint256[] memory) {
        return chainIds;
    }

    function getAllZKChains() external view returns (address[] memory chains) {
        chains = new address[](chainIds.length);
        for (uint256 i; i < chains.length; ++i) chains[i] = zkChains[chainIds[i]];
    }

    /// @notice ETH's asset id for a chain known here (registered, or this chain itself); zero otherwise.
    function baseTokenAssetId(uint256 chainId) public view returns (bytes32) {
        if (!_knows(chainId)) return bytes32(0);
        return keccak256(abi.encode(L1_CHAIN_ID, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS));
    }

    /// @notice The base token's L1 address: ETH (0x…01) for a chain known here; zero otherwise.
    function baseToken(uint256 chainId) external view returns (address) {
        return _knows(chainId) ? ETH_TOKEN_ADDRESS : address(0);
    }

    /// @notice Whether `assetId` is a registered base token: only ETH's is.
    function assetIdIsRegistered(bytes32 assetId) external view returns (bool) {
        return assetId != bytes32(0) && assetId == keccak256(abi.encode(L1_CHAIN_ID, L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_ADDRESS));
    }

    /// @notice The chain type manager of a registered chain (one for all); zero otherwise.
    function chainTypeManager(uint256 chainId) external view returns (address) {
        return zkChains[chainId] != address(0) ? CHAIN_TYPE_MANAGER_ADDRESS : address(0);
    }

    /// @notice The asset router of this layer: L1AssetRouter on L1 (named at `initialize`),
    /// L2AssetRouter (0x…10003) on an L2.
    function assetRouter() external view returns (address) {
        return l1AssetRouter != address(0) ? l1AssetRouter : L2_ASSET_ROUTER_ADDRESS;
    }

    /// @notice This layer's MessageRoot (0x…10005).
    function messageRoot() external pure returns (address) {
        return MESSAGE_ROOT_ADDRESS;
    }

    /// @notice Whether `message` was sent by `chainId` in `batchNumber` (a final proof to its batch
    /// root here, or a recursive one through its settlement layer). Forwards to the chain's ZK chain
    /// contract, as era-contracts Bridgehub.proveL2MessageInclusion does.
    function proveL2MessageInclusion(
        uint256 chainId,
        uint256 batchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return ChainSettlement(_zkChain(chainId)).proveL2MessageInclusion(batchNumber, index, message, proof);
    }

    /// @notice Whether `log` was emitted by `chainId` in `batchNumber` (era-contracts Bridgehub.proveL2LogInclusion).
    function proveL2LogInclusion(
        uint256 chainId,
        uint256 batchNumber,
        uint256 index,
        L2Log calldata log,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return ChainSettlement(_zkChain(chainId)).proveL2LogInclusion(batchNumber, index, log, proof);
    }

    function _zkChain(uint256 chainId) internal view returns (address zkChain) {
        zkChain = zkChains[chainId];
        if (zkChain == address(0)) revert ChainNotRegistered(chainId);
    }

    function _knows(uint256 chainId) internal view returns (bool) {
        return chainId != 0 && (chainId == block.chainid || zkChains[chainId] != address(0) || interopChains[chainId]);
    }
}
