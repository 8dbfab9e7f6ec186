/**
 * `getL1MessageProof`: what `Bridgehub.proveL2MessageInclusion` on L1 needs to verify a message
 * (SPEC §10): the proof `zks_getL2ToL1LogProof(tx, i)` answers without a mode (recursive through
 * Gateway for a chain settling there, final for a chain settling on L1) and the message itself.
 */
import type { Client, Hex } from 'viem';
import { ProofNotReadyError } from './errors.ts';
import { chainIdOf, rpc } from './internal/rpc.ts';
import { requireL1 } from './internal/requireL1.ts';
import { sentMessageAt } from './internal/sentMessage.ts';
import type { MessageProofArgs } from './types.ts';
import type { L2ToL1LogProof } from '../wire/types.ts';

export type GetL1MessageProofParameters = {
  /** the transaction that sent the message */
  txHash: Hex;
  /** which message of the transaction (default 0) */
  index?: number;
};

export type GetL1MessageProofReturnType = MessageProofArgs & { txHash: Hex; messageHash: Hex };

/**
 * Builds the L1 verification arguments of a message once it is provable on L1 (its batch, or the
 * Gateway batch that holds it, executed on L1).
 * @param client a viem client of the source chain
 * @throws NoL1Error when the network has no L1 (started with `--no-l1`); MessageNotFoundError,
 *   TransactionRevertedError; ProofNotReadyError while the message is not provable on L1 yet
 * @example
 * const proof = await getL1MessageProof(sourceClient, { txHash });
 * const ok = await verifyMessageOnL1(l1Client, proof);
 */
export async function getL1MessageProof(client: Client, parameters: GetL1MessageProofParameters): Promise<GetL1MessageProofReturnType> {
  const { txHash } = parameters;
  const index = parameters.index ?? 0;
  const { message, messageHash } = await sentMessageAt(client, txHash, index);
  await requireL1(client, 'no message verifies on L1');
  const logProof = await rpc<L2ToL1LogProof | null>(client, 'zks_getL2ToL1LogProof', [txHash, index]);
  if (!logProof) {
    throw new ProofNotReadyError(`no proof to L1 for ${txHash} yet: its batch (and, for a chain on Gateway, Gateway's batch holding it) is not executed on L1; wait and retry`);
  }
  return { chainId: await chainIdOf(client), batchNumber: logProof.batchNumber, index: logProof.id, message, proof: logProof.proof, txHash, messageHash };
}
