/**
 * `verifyMessage`: asks a target chain, off-chain (eth_call), whether a message of another chain is
 * proven: `L2MessageVerification.proveL2MessageInclusionShared` at 0x…10009.
 */
import { BaseError, ContractFunctionRevertedError, type Client } from 'viem';
import { readContract } from 'viem/actions';
import { l2MessageVerificationAbi, L2_MESSAGE_VERIFICATION_ADDRESS } from '../contracts/index.ts';
import { VerificationRevertedError } from './errors.ts';
import { proofCallArgs } from './internal/proofArgs.ts';
import type { MessageProofArgs } from './types.ts';

/** The verification arguments (extra fields, e.g. all of `getInteropProof`'s answer, are ignored). */
export type VerifyMessageParameters = MessageProofArgs;

/** True when the proof leads to the interop root the target chain stored for that Gateway block. */
export type VerifyMessageReturnType = boolean;

/**
 * Verifies a message on a target chain with an eth_call. `false` means the target has not imported
 * the root yet, or the message/proof is wrong; a malformed proof makes the contract revert.
 * @param client a viem client of the target chain
 * @throws VerificationRevertedError when the contract reverts (malformed proof)
 * @example
 * const proof = await getInteropProof(sourceClient, { txHash });
 * console.log(await verifyMessage(targetClient, proof)); // true once the root is imported
 */
export async function verifyMessage(client: Client, parameters: VerifyMessageParameters): Promise<VerifyMessageReturnType> {
  try {
    return await readContract(client, {
      address: L2_MESSAGE_VERIFICATION_ADDRESS,
      abi: l2MessageVerificationAbi,
      functionName: 'proveL2MessageInclusionShared',
      args: proofCallArgs(parameters),
    });
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (reverted instanceof ContractFunctionRevertedError) {
      const reason = reverted.data?.errorName ?? reverted.reason ?? reverted.shortMessage;
      throw new VerificationRevertedError(`the verifier rejected the proof as malformed: ${reason}`, { cause: error });
    }
    throw error;
  }
}
