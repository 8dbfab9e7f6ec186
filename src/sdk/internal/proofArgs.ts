/** The contract-call form of verification arguments (viem wants bigints for uint256). */
import type { Hex } from 'viem';
import type { MessageProofArgs } from '../types.ts';

/** `[chainId, batchNumber, index, message, proof]` as `proveL2MessageInclusionShared` takes them. */
export function proofCallArgs(args: MessageProofArgs) {
  return [
    BigInt(args.chainId),
    BigInt(args.batchNumber),
    BigInt(args.index),
    { txNumberInBatch: args.message.txNumberInBatch, sender: args.message.sender, data: args.message.data },
    args.proof as readonly Hex[],
  ] as const;
}
