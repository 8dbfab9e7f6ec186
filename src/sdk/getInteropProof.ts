/**
 * `getInteropProof`: everything `proveL2MessageInclusionShared` needs to verify a message on another
 * chain, gathered from the source chain: the log proof to the interop root of the Gateway block that
 * executed the message's batch (zks_getL2ToL1LogProof's `messageRoot` target, with that block), the
 * message's position in its batch (receipt `l2ToL1Logs` / `l1BatchTxIndex`) and the message itself
 * with its sender (the `L1MessageSent` event: the msg.sender of `sendToL1`, possibly a contract).
 */
import type { Client, Hex } from 'viem';
import { NodeInconsistencyError, ProofNotReadyError } from './errors.ts';
import { proofGateway } from './internal/proofGateway.ts';
import { sentMessageAt } from './internal/sentMessage.ts';
import { chainIdOf, rpc } from './internal/rpc.ts';
import type { MessageProofArgs } from './types.ts';
import type { MessageRootLogProof } from '../wire/types.ts';

export type GetInteropProofParameters = {
  /** the transaction that sent the message */
  txHash: Hex;
  /** which message of the transaction (n-th `sendToL1` call; default 0) */
  index?: number;
};

export type GetInteropProofReturnType = MessageProofArgs & {
  txHash: Hex;
  messageHash: Hex;
  /** Gateway's chain id, read from the proof */
  gatewayChainId: number;
  /** the Gateway block whose interop root the proof ends at: the target chain must have imported it */
  gatewayBlockNumber: number;
};

/**
 * Builds the verification arguments of a message once its batch is executed on Gateway.
 * @param client a viem client of the source chain
 * @returns `{ chainId, batchNumber, index, message: { txNumberInBatch, sender, data }, proof, gatewayBlockNumber, … }`
 * @throws MessageNotFoundError (no such transaction or message), TransactionRevertedError,
 *   ProofNotReadyError (batch not executed yet: wait with `waitForMessage(…, { until: 'executed' })`)
 * @example
 * const proof = await getInteropProof(sourceClient, { txHash });
 * const ok = await verifyMessage(targetClient, proof);
 */
export async function getInteropProof(client: Client, parameters: GetInteropProofParameters): Promise<GetInteropProofReturnType> {
  const { txHash } = parameters;
  const index = parameters.index ?? 0;
  const { message, messageHash } = await sentMessageAt(client, txHash, index);

  const logProof = await rpc<MessageRootLogProof | null>(client, 'zks_getL2ToL1LogProof', [txHash, index, 'messageRoot']);
  if (!logProof) throw new ProofNotReadyError(`no proof for ${txHash} yet: its batch is not executed on Gateway; wait for stage 'executed'`);
  // The block is named twice (the answer's field, the proof's packed word): they must agree.
  const gateway = proofGateway(logProof.proof);
  if (!gateway || gateway.gatewayBlockNumber !== logProof.gatewayBlockNumber) {
    throw new NodeInconsistencyError(`zks_getL2ToL1LogProof(${txHash}, ${index}, "messageRoot") returned a proof that does not end at its gatewayBlockNumber (${logProof.gatewayBlockNumber})`);
  }

  return {
    chainId: await chainIdOf(client),
    batchNumber: logProof.batchNumber,
    index: logProof.id,
    message,
    proof: logProof.proof,
    txHash,
    messageHash,
    gatewayChainId: gateway.gatewayChainId,
    gatewayBlockNumber: gateway.gatewayBlockNumber,
  };
}
