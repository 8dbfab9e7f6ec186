/**
 * IERC7786Attributes encodings (`selector ‖ abi.encode(arg)`), the attributes InteropCenter reads from a
 * bundle's calls and from the bundle itself (v31, era-contracts 7cdd5474 `IERC7786Attributes.sol`).
 */
import { encodeFunctionData, type Hex } from 'viem';

const attributeAbi = (name: string, type: 'uint256' | 'bytes' | 'bool') => [{ type: 'function', name, inputs: [{ name: 'value', type }], outputs: [], stateMutability: 'pure' }] as const;

export const bundleAttributes = {
  /** base token the call carries to its recipient */
  interopCallValue: (wei: bigint): Hex => encodeFunctionData({ abi: attributeAbi('interopCallValue', 'uint256'), args: [wei] }),
  /** the starter's `to` (an IL2CrossChainSender, e.g. L2AssetRouter) builds the real call on the source; `messageValue` goes to it */
  indirectCall: (messageValue: bigint): Hex => encodeFunctionData({ abi: attributeAbi('indirectCall', 'uint256'), args: [messageValue] }),
  /** only this ERC-7930 address may execute the bundle */
  executionAddress: (address7930: Hex): Hex => encodeFunctionData({ abi: attributeAbi('executionAddress', 'bytes'), args: [address7930] }),
  /** only this ERC-7930 address may unbundle the bundle */
  unbundlerAddress: (address7930: Hex): Hex => encodeFunctionData({ abi: attributeAbi('unbundlerAddress', 'bytes'), args: [address7930] }),
  useFixedFee: (fixed: boolean): Hex => encodeFunctionData({ abi: attributeAbi('useFixedFee', 'bool'), args: [fixed] }),
};
