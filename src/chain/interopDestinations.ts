/**
 * Which chains a chain's InteropCenter may send bundles to: the L2 Bridgehub's `interopChains` mapping
 * (slot 6, contracts/Bridgehub.sol), for which `baseTokenAssetId(dest)` answers (v31's InteropCenter
 * reverts DestinationChainNotRegistered where it is zero). Genesis marks the network's genesis chains;
 * a chain added at runtime is marked on every running chain (and they on it) by ChainNode's journaled
 * `registerInteropChain`, whose replay calls `markInteropChain` again at the same place among the blocks.
 * A plain storage write between blocks, as genesis does it: no block is mined (a v31 L2 Bridgehub learns
 * of chains from L1 transactions; this devnet has no L1 → L2 priority queue).
 */
import { encodeAbiParameters, keccak256, numberToHex, type Hex } from 'viem';
import { BRIDGEHUB_ADDRESS } from '../contracts/index.ts';
import type { Engine } from './engine.ts';

/** Bridgehub's `interopChains` mapping is at slot 6 (contracts/Bridgehub.sol). */
const BRIDGEHUB_INTEROP_CHAINS_SLOT = 6n;

/** The storage slot of `interopChains[chainId]` (Solidity mapping layout: keccak256(key ‖ slot)). */
export function interopChainSlot(chainId: number): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [BigInt(chainId), BRIDGEHUB_INTEROP_CHAINS_SLOT]));
}

/** Marks `chainId` as a bundle destination in this engine's L2 Bridgehub. No block is mined. */
export async function markInteropChain(engine: Engine, chainId: number): Promise<void> {
  await engine.setStorageAt(BRIDGEHUB_ADDRESS, interopChainSlot(chainId), numberToHex(1));
}

/** Whether `chainId` is marked already (genesis or an earlier registration). */
export async function isInteropChain(engine: Engine, chainId: number): Promise<boolean> {
  const value = await engine.request<Hex>('eth_getStorageAt', [BRIDGEHUB_ADDRESS, interopChainSlot(chainId), 'latest']);
  return BigInt(value) !== 0n;
}
