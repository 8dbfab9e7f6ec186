// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageRoot} from "./interfaces/IMessageRoot.sol";
import {BOOTLOADER_ADDRESS, Unauthorized} from "./SystemAddresses.sol";
import {InteropHashing} from "./libraries/InteropHashing.sol";
import {AppendOnlyMerkleTree} from "./libraries/AppendOnlyMerkleTree.sol";
import {IndexedMerkleTree} from "./libraries/IndexedMerkleTree.sol";

/// @dev `initialize` runs once per chain.
error AlreadyInitialized();
/// @dev Chains can only be registered after the host chain took index 0.
error NotInitialized();
/// @dev Each chain gets exactly one shared-tree leaf.
error ChainAlreadyRegistered(uint256 chainId);
/// @dev The chain has no leaf in the shared tree.
error ChainNotRegistered(uint256 chainId);
/// @dev A registered chain needs someone who may settle it.
error ZeroSettlementContract(uint256 chainId);
/// @dev Only the chain's own settlement contract may append its batch roots.
error NotSettlementContract(uint256 chainId, address caller);

/// @title MessageRoot (0x…10005): aggregates the batch roots of the chains settling here.
/// @notice Present on every chain; only Gateway has chains settling on it. Each chain has an
/// append-only chain tree of batch leaves `H(BATCH_LEAF_PADDING ‖ chainBatchRoot ‖ batchNumber)`;
/// the shared tree holds one leaf per chain `H(CHAIN_ID_LEAF_PADDING ‖ chainTreeRoot ‖ chainId)`,
/// index 0 being the host chain and later chains following in registration order. The shared
/// tree's root is the interop root (SPEC §4).
/// @dev Placed at genesis by setCode: no constructor runs. The bootloader calls `initialize` once
/// (host chain = block.chainid at index 0) and `registerChain` for every chain that settles here.
contract MessageRoot is IMessageRoot {
    using AppendOnlyMerkleTree for AppendOnlyMerkleTree.Tree;
    using IndexedMerkleTree for IndexedMerkleTree.Tree;

    // Storage layout of era-contracts' MessageRoot (v29–v31, `MessageRootBase`), because servers and
    // tools read it by slot: 0 Initializable, 1 chainCount, 2 chainIndex, 3 chainIndexToId, 4–7 the
    // shared tree (FullMerkle.FullTree's shape), 8 the chain trees, 9 historicalRoot. What is ours
    // (who may settle a chain) comes after.

    /// @dev slot 0: OpenZeppelin v4 Initializable's `_initialized` (1 once initialized) and `_initializing`.
    uint8 private _initialized;
    bool private _initializing;
    /// @notice Number of chains in the shared tree, the host chain included (slot 1).
    uint256 public chainCount;
    /// @notice Position of a chain's leaf in the shared tree (0 for the host chain and for unknown chains) (slot 2).
    mapping(uint256 chainId => uint256 index) public chainIndex;
    /// @notice Chain whose leaf sits at a shared-tree position (slot 3).
    mapping(uint256 index => uint256 chainId) public chainIndexToId;
    /// @dev slots 4–7: one leaf per chain; its root is the interop root.
    IndexedMerkleTree.Tree internal sharedTree;
    /// @dev slot 8: each chain's tree of batch leaves.
    mapping(uint256 chainId => AppendOnlyMerkleTree.Tree) internal chainTrees;
    /// @notice Interop root as it stood at the end of each block that appended a batch root (slot 9).
    mapping(uint256 blockNumber => bytes32 root) public historicalRoot;
    /// @notice The only caller allowed to append a chain's batch roots (its ChainSettlement on Gateway).
    /// @dev Not in the real contract, which asks Bridgehub for the chain's contract instead.
    mapping(uint256 chainId => address settlement) public settlementContract;

    /// @notice True once the host chain is registered.
    function initialized() public view returns (bool) {
        return _initialized != 0;
    }

    modifier onlyBootloader() {
        if (msg.sender != BOOTLOADER_ADDRESS) revert Unauthorized(msg.sender);
        _;
    }

    /// @notice Registers the host chain (block.chainid) at shared-tree index 0; once, by the bootloader.
    function initialize() external onlyBootloader {
        if (_initialized != 0) revert AlreadyInitialized();
        _initialized = 1;
        _addChain(block.chainid, address(0));
    }

    /// @notice Gives `chainId` the next shared-tree leaf and names its settlement contract; bootloader only.
    function registerChain(uint256 chainId, address settlement) external onlyBootloader {
        if (_initialized == 0) revert NotInitialized();
        if (chainRegistered(chainId)) revert ChainAlreadyRegistered(chainId);
        if (settlement == address(0)) revert ZeroSettlementContract(chainId);
        _addChain(chainId, settlement);
    }

    /// @notice Appends an executed batch of `chainId` and publishes the new interop root.
    /// @dev `historicalRoot[block.number]` keeps the last root of the block: that is the root the
    /// `NewInteropRoot` watchers import under this block number.
    function addChainBatchRoot(uint256 chainId, uint256 batchNumber, bytes32 chainBatchRoot) external {
        if (!chainRegistered(chainId)) revert ChainNotRegistered(chainId);
        if (msg.sender != settlementContract[chainId]) revert NotSettlementContract(chainId, msg.sender);

        bytes32 chainRoot = chainTrees[chainId].append(InteropHashing.batchLeaf(chainBatchRoot, batchNumber));
        bytes32 leaf = InteropHashing.chainIdLeaf(chainRoot, chainId);
        bytes32 sharedRoot = sharedTree.update(chainIndex[chainId], leaf);
        historicalRoot[block.number] = sharedRoot;

        emit AppendedChainBatchRoot(chainId, batchNumber, chainBatchRoot);
        emit NewChainRoot(chainId, chainRoot, leaf);
        bytes32[] memory sides = new bytes32[](1);
        sides[0] = sharedRoot;
        emit NewInteropRoot(block.chainid, block.number, 0, sides);
    }

    /// @notice The shared tree's root: the interop root (for a chain nobody settles on,
    /// `chainIdLeaf(0, block.chainid)`); H(96 zero bytes) before `initialize`.
    function getAggregatedRoot() external view returns (bytes32) {
        return sharedTree.root();
    }

    /// @notice Root of a chain's batch tree; zero while it has no batches.
    function getChainRoot(uint256 chainId) external view returns (bytes32) {
        return chainTrees[chainId].root();
    }

    /// @notice Number of batch leaves in a chain's tree.
    function chainBatchCount(uint256 chainId) external view returns (uint256) {
        return chainTrees[chainId].leafCount;
    }

    /// @notice Whether `chainId` has a leaf in the shared tree.
    function chainRegistered(uint256 chainId) public view returns (bool) {
        return _initialized != 0 && (chainId == chainIndexToId[0] || chainIndex[chainId] != 0);
    }

    function _addChain(uint256 chainId, address settlement) internal {
        // An empty chain tree has root 0.
        (uint256 index, ) = sharedTree.push(InteropHashing.chainIdLeaf(bytes32(0), chainId));
        chainCount = index + 1;
        chainIndex[chainId] = index;
        chainIndexToId[index] = chainId;
        settlementContract[chainId] = settlement;
        emit AddedChain(chainId, index);
    }
}
