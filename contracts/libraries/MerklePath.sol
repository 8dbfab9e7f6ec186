// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InteropHashing} from "./InteropHashing.sol";

/// @dev A path of 256 or more siblings cannot belong to any tree whose index fits in a word.
error MerklePathOutOfBounds();
/// @dev The leaf index (mask) has bits above the path's height: the path cannot lead to it.
error MerkleIndexOutOfBounds();

/// @notice Folds a bottom-up Merkle path onto a leaf. At each level an even index means the
/// current node is the left child.
library MerklePath {
    /// @dev The caller decides what the root is compared with; a path's length is not checked
    /// against any height here because proofs through Gateway chain several trees together.
    function computeRoot(bytes32[] calldata path, uint256 index, bytes32 leaf) internal pure returns (bytes32 node) {
        uint256 length = path.length;
        if (length >= 256) revert MerklePathOutOfBounds();
        if (index >> length != 0) revert MerkleIndexOutOfBounds();
        node = leaf;
        for (uint256 level; level < length; ) {
            node = index & 1 == 0 ? InteropHashing.hashPair(node, path[level]) : InteropHashing.hashPair(path[level], node);
            index >>= 1;
            unchecked {
                ++level;
            }
        }
    }
}
