// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InteropHashing, EMPTY_TREE_ENTRY_HASH} from "./InteropHashing.sol";

/// @notice A Merkle tree that only grows at the right edge and doubles its height when full
/// (a chain's batch tree, SPEC §4). With n ≥ 1 leaves its height is ceil(log2 n), so one leaf is
/// its own root; the empty tree's root is zero. Missing leaves are EMPTY_TREE_ENTRY_HASH and its
/// level-wise hashes.
/// @dev Only one node per level is kept: the last complete left subtree at that level. The slot
/// at `height` doubles as the root, and becomes the left half when the tree doubles.
library AppendOnlyMerkleTree {
    struct Tree {
        uint256 leafCount;
        uint256 height;
        mapping(uint256 level => bytes32 node) leftNodes;
    }

    /// @return newRoot the root after appending `leaf`.
    function append(Tree storage tree, bytes32 leaf) internal returns (bytes32 newRoot) {
        uint256 index = tree.leafCount;
        uint256 height = tree.height;
        if (index != 0 && index == 1 << height) {
            ++height;
            tree.height = height;
        }
        tree.leafCount = index + 1;

        bytes32 node = leaf;
        bytes32 padding = EMPTY_TREE_ENTRY_HASH;
        bool leftNodeSaved;
        for (uint256 level; level < height; ++level) {
            if ((index >> level) & 1 == 0) {
                // The lowest left node on the path is the only one that is complete now; the
                // ones above it still contain padding and get saved again once they fill up.
                if (!leftNodeSaved) {
                    tree.leftNodes[level] = node;
                    leftNodeSaved = true;
                }
                node = InteropHashing.hashPair(node, padding);
            } else {
                node = InteropHashing.hashPair(tree.leftNodes[level], node);
            }
            padding = InteropHashing.hashPair(padding, padding);
        }
        tree.leftNodes[height] = node;
        return node;
    }

    function root(Tree storage tree) internal view returns (bytes32) {
        return tree.leafCount == 0 ? bytes32(0) : tree.leftNodes[tree.height];
    }
}
