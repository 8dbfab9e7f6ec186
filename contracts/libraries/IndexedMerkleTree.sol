// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InteropHashing, EMPTY_TREE_ENTRY_HASH} from "./InteropHashing.sol";

/// @dev The leaf index is not (yet) part of the tree.
error LeafIndexOutOfRange(uint256 index, uint256 leafCount);

/// @notice A Merkle tree whose leaves can be appended and later replaced (Gateway's shared tree,
/// one leaf per chain, SPEC §4). Height ceil(log2 n) for n ≥ 1 leaves (one leaf is the root);
/// missing leaves are EMPTY_TREE_ENTRY_HASH and its level-wise hashes.
/// @dev The struct has the storage shape of era-contracts' `FullMerkle.FullTree` (height, leaf
/// count, every node by level, the padding of each level, in that order), because servers and
/// tools read MessageRoot's shared tree by slot. Every node is stored, so replacing a leaf costs
/// one hash and one write per level.
library IndexedMerkleTree {
    struct Tree {
        uint256 height;
        uint256 leafCount;
        bytes32[][] nodes;
        bytes32[] zeros;
    }

    /// @return index the new leaf's position
    /// @return newRoot the root after the append
    function push(Tree storage tree, bytes32 leaf) internal returns (uint256 index, bytes32 newRoot) {
        index = tree.leafCount;
        tree.leafCount = index + 1;
        if (tree.zeros.length == 0) tree.zeros.push(EMPTY_TREE_ENTRY_HASH);
        // A full tree doubles: its old root becomes the left child of the new one.
        if (index != 0 && index == 1 << tree.height) {
            bytes32 padding = tree.zeros[tree.height];
            tree.zeros.push(InteropHashing.hashPair(padding, padding));
            ++tree.height;
        }
        newRoot = _write(tree, index, leaf);
    }

    /// @return newRoot the root after replacing the leaf at `index`
    function update(Tree storage tree, uint256 index, bytes32 leaf) internal returns (bytes32 newRoot) {
        if (index >= tree.leafCount) revert LeafIndexOutOfRange(index, tree.leafCount);
        newRoot = _write(tree, index, leaf);
    }

    function root(Tree storage tree) internal view returns (bytes32) {
        return tree.leafCount == 0 ? EMPTY_TREE_ENTRY_HASH : tree.nodes[tree.height][0];
    }

    function _write(Tree storage tree, uint256 index, bytes32 leaf) private returns (bytes32 node) {
        uint256 height = tree.height;
        uint256 width = tree.leafCount;
        node = leaf;
        _set(tree, 0, index, leaf);
        for (uint256 level; level < height; ++level) {
            uint256 siblingIndex = index ^ 1;
            bytes32 sibling = siblingIndex < width ? tree.nodes[level][siblingIndex] : tree.zeros[level];
            node = index & 1 == 0 ? InteropHashing.hashPair(node, sibling) : InteropHashing.hashPair(sibling, node);
            index >>= 1;
            width = (width + 1) >> 1;
            _set(tree, level + 1, index, node);
        }
    }

    /// @dev Writes a node, growing the level arrays as the tree grows (nodes are only ever appended at the right edge).
    function _set(Tree storage tree, uint256 level, uint256 index, bytes32 node) private {
        while (tree.nodes.length <= level) tree.nodes.push();
        bytes32[] storage row = tree.nodes[level];
        if (index < row.length) row[index] = node;
        else row.push(node);
    }
}
