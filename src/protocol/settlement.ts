/**
 * Settlement commitments (SPEC §5): the rolling hash of a batch's dependency roots and the stored
 * batch hash that chains commits together. The Solidity settlement contract computes the same.
 */
import { encodeAbiParameters, type Hex } from 'viem';
import { concatBytes, keccakHex, u256Bytes, wordToBytes } from './hash.ts';

/** The zero word: rolling hash of no roots, and the hash of the genesis batch. */
export const ZERO_WORD: Hex = '0x0000000000000000000000000000000000000000000000000000000000000000';

/** One dependency root of a batch: `interopRoots[chainId][blockNumber] = root` imported in it. */
export type DependencyRoot = { chainId: number | bigint; blockNumber: number | bigint; root: Hex };

/**
 * Rolling hash `h = H(h ‖ u256(chainId) ‖ u256(blockNumber) ‖ root)` from 0 over the roots in order.
 * @example dependencyRootsRollingHash([]) // ZERO_WORD
 */
export function dependencyRootsRollingHash(roots: readonly DependencyRoot[]): Hex {
  let h = wordToBytes(ZERO_WORD);
  for (const r of roots) {
    h = wordToBytes(keccakHex(concatBytes(h, u256Bytes(BigInt(r.chainId)), u256Bytes(BigInt(r.blockNumber)), wordToBytes(r.root, 'dependency root'))));
  }
  return `0x${Buffer.from(h).toString('hex')}`;
}

/**
 * Stored batch hash `keccak256(abi.encode(batchNumber, chainBatchRoot, rollingHash, previousBatchHash))`:
 * each commit names the previous batch's stored hash, so batches form a chain on Gateway.
 */
export function storedBatchHash(batchNumber: number | bigint, chainBatchRoot: Hex, rollingHash: Hex, previousBatchHash: Hex): Hex {
  return keccakHex(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [BigInt(batchNumber), chainBatchRoot, rollingHash, previousBatchHash],
    ),
  );
}
