// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title InteroperableAddress: ERC-7930 addresses for EVM chains, as protocol v31 uses them.
/// @notice Layout: version(2) = 0x0001 ‖ chainType(2) = 0x0000 (EVM) ‖ chainRefLen(1) ‖ chainRef ‖
/// addrLen(1) ‖ addr. The chain reference is the chain id as minimal big-endian bytes (id 0 → one
/// byte 0x00); either part may be empty. Parsing accepts what v31's vendored OpenZeppelin draft
/// accepts (era-contracts 7cdd5474 l1-contracts/contracts/vendor/draft-InteroperableAddress.sol
/// tryParseV1/tryParseEvmV1): trailing bytes after the address are ignored, a chain reference
/// longer than 32 bytes or an address neither empty nor 20 bytes long is rejected.
library InteroperableAddress {
    /// @dev The bytes are not an EVM ERC-7930 v1 address.
    error InteroperableAddressParsingError(bytes);
    /// @dev An address with neither a chain reference nor an address part.
    error InteroperableAddressEmptyReferenceAndAddress();

    /// @return `chainid` and `addr` as one ERC-7930 address
    function formatEvmV1(uint256 chainid, address addr) internal pure returns (bytes memory) {
        bytes memory ref = _chainReference(chainid);
        return abi.encodePacked(bytes4(0x00010000), uint8(ref.length), ref, uint8(20), addr);
    }

    /// @return the chain alone (empty address part)
    function formatEvmV1(uint256 chainid) internal pure returns (bytes memory) {
        bytes memory ref = _chainReference(chainid);
        return abi.encodePacked(bytes4(0x00010000), uint8(ref.length), ref, uint8(0));
    }

    /// @return the address alone (empty chain reference)
    function formatEvmV1(address addr) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes6(0x000100000014), addr);
    }

    /// @return chainId the chain reference as a number (0 when empty)
    /// @return addr the address part (zero when empty)
    function parseEvmV1(bytes memory self) internal pure returns (uint256 chainId, address addr) {
        bool ok;
        (ok, chainId, addr) = tryParseEvmV1(self);
        if (!ok) revert InteroperableAddressParsingError(self);
    }

    /// @notice Like parseEvmV1, without reverting: `ok` is false for malformed input.
    function tryParseEvmV1(bytes memory self) internal pure returns (bool ok, uint256 chainId, address addr) {
        uint256 len = self.length;
        if (len < 6) return (false, 0, address(0));
        if (uint8(self[0]) != 0x00 || uint8(self[1]) != 0x01) return (false, 0, address(0));
        if (uint8(self[2]) != 0x00 || uint8(self[3]) != 0x00) return (false, 0, address(0));
        uint256 refLen = uint8(self[4]);
        if (len < 6 + refLen || refLen > 32) return (false, 0, address(0));
        uint256 addrLen = uint8(self[5 + refLen]);
        if (len < 6 + refLen + addrLen) return (false, 0, address(0));
        if (addrLen != 0 && addrLen != 20) return (false, 0, address(0));
        for (uint256 i = 0; i < refLen; ++i) chainId = (chainId << 8) | uint8(self[5 + i]);
        if (addrLen == 20) {
            uint256 value;
            for (uint256 i = 0; i < 20; ++i) value = (value << 8) | uint8(self[6 + refLen + i]);
            addr = address(uint160(value));
        }
        ok = true;
    }

    /// @return the length of the chain reference (byte 4); reverts on fewer than 5 bytes
    function chainReferenceLength(bytes memory self) internal pure returns (uint256) {
        if (self.length < 5) revert InteroperableAddressParsingError(self);
        return uint8(self[4]);
    }

    /// @return the length of the address part; reverts when the input is too short to hold it
    function addressLength(bytes memory self) internal pure returns (uint256) {
        uint256 refLen = chainReferenceLength(self);
        if (self.length < 6 + refLen) revert InteroperableAddressParsingError(self);
        return uint8(self[5 + refLen]);
    }

    function _chainReference(uint256 chainid) private pure returns (bytes memory ref) {
        uint256 length = 1;
        for (uint256 v = chainid >> 8; v != 0; v >>= 8) ++length;
        ref = new bytes(length);
        for (uint256 i = 0; i < length; ++i) ref[length - 1 - i] = bytes1(uint8(chainid >> (8 * i)));
    }
}
