/**
 * One claim ("this message is at this index of this batch, here is the proof") and what each
 * verifier makes of it, in one comparable form: 'true', 'false' or the name of the revert. The TS
 * twin's `ArrayOutOfBounds` (the real contract's Panic 0x32) is our contract's `ProofTooShort`.
 */
import { decodeErrorResult, type Hex } from 'viem';
import { EngineRevertError, type Engine } from '../../src/chain/engine.ts';
import { L2_MESSAGE_VERIFICATION_ADDRESS, l2MessageVerificationAbi } from '../../src/contracts/index.ts';
import { ProofRevertError, proveL2MessageInclusionShared, type InteropRootReader, type L2Message } from '../../src/protocol/index.ts';
import { readContract } from './systemChain.ts';

/** Arguments of `proveL2MessageInclusionShared`. */
export type MessageClaim = { chainId: bigint; batchNumber: bigint; index: bigint; message: L2Message; proof: Hex[] };

/** 'true', 'false', or the Solidity error name of a revert. */
export type VerifierOutcome = string;

/** What the TS verifier says about `claim` when the chain stores what `reader` reads. */
export function tsOutcome(claim: MessageClaim, reader: InteropRootReader): VerifierOutcome {
  try {
    return String(proveL2MessageInclusionShared(claim.chainId, claim.batchNumber, claim.index, claim.message, claim.proof, reader));
  } catch (error) {
    if (!(error instanceof ProofRevertError)) throw error;
    return error.reason === 'ArrayOutOfBounds' ? 'ProofTooShort' : error.reason;
  }
}

/**
 * What L2MessageVerification on `engine` says about each claim (eth_call), all calls in flight at once.
 * @throws anything but a revert (an RPC failure is a test failure, not an outcome)
 */
export function solidityOutcomes(engine: Engine, claims: readonly MessageClaim[]): Promise<VerifierOutcome[]> {
  return Promise.all(claims.map((claim) => solidityOutcome(engine, claim)));
}

async function solidityOutcome(engine: Engine, claim: MessageClaim): Promise<VerifierOutcome> {
  try {
    const result = await readContract(engine, {
      address: L2_MESSAGE_VERIFICATION_ADDRESS,
      abi: l2MessageVerificationAbi,
      functionName: 'proveL2MessageInclusionShared',
      args: [claim.chainId, claim.batchNumber, claim.index, claim.message, claim.proof],
    });
    return String(result);
  } catch (error) {
    if (!(error instanceof EngineRevertError)) throw error;
    if (error.data === '0x') return 'revert without data';
    // viem also decodes Error(string) and Panic(uint256), which the ABI's types do not list.
    const { errorName, args } = decodeErrorResult({ abi: l2MessageVerificationAbi, data: error.data }) as { errorName: string; args?: readonly unknown[] };
    return errorName === 'Panic' || errorName === 'Error' ? `${errorName}(${String(args?.[0])})` : errorName;
  }
}
