/**
 * `getBundleProof`: what `InteropHandler.executeBundle` / `verifyBundle` need for a bundle, gathered from
 * its source chain: the bundle bytes (from the receipt) and the `MessageInclusionProof` of the L1 message
 * that carries it, proved to the interop root of a Gateway block (`zks_getL2ToL1LogProof(tx, i,
 * "messageRoot")`, whose `gatewayBlockNumber` the destination must have imported).
 */
import type { Address, Client, Hex } from 'viem';
import { INTEROP_CENTER_ADDRESS } from '../contracts/index.ts';
import { bundleHash, decodeBundleMessage, type InteropBundle } from '../protocol/bundle.ts';
import { BundleNotFoundError, NodeInconsistencyError } from './errors.ts';
import { getInteropProof } from './getInteropProof.ts';
import { sentBundle } from './internal/bundleReceipt.ts';
import { getReceipt } from './internal/receipt.ts';
import { chainIdOf } from './internal/rpc.ts';

export type GetBundleProofParameters = {
  /** the transaction that sent the bundle */
  txHash: Hex;
};

/** InteropHandler's `MessageInclusionProof` argument, as viem encodes it. */
export type MessageInclusionProof = {
  chainId: bigint;
  l1BatchNumber: bigint;
  l2MessageIndex: bigint;
  message: { txNumberInBatch: number; sender: Address; data: Hex };
  proof: Hex[];
};

export type GetBundleProofReturnType = MessageInclusionProof & {
  txHash: Hex;
  bundleHash: Hex;
  bundle: InteropBundle;
  /** abi.encode(bundle): executeBundle's first argument */
  encoded: Hex;
  /** Gateway's chain id */
  gatewayChainId: number;
  /** the Gateway block whose interop root the proof ends at: the destination must have imported it */
  gatewayBlockNumber: number;
};

/**
 * Builds the executeBundle arguments of a bundle once its batch is executed on Gateway.
 * @param client a viem client of the source chain
 * @returns the MessageInclusionProof fields (`chainId`, `l1BatchNumber`, `l2MessageIndex`, `message`, `proof`)
 *   with `gatewayBlockNumber`, `gatewayChainId`, `bundleHash`, `bundle` and `encoded`
 * @throws BundleNotFoundError (no such transaction, or it sent no bundle), TransactionRevertedError,
 *   ProofNotReadyError (its batch is not executed on Gateway yet: `waitForBundle(…, { until: 'provable' })`)
 * @example
 * const proof = await getBundleProof(sourceClient, { txHash });
 * await executeBundle(destinationWallet, { proof });
 */
export async function getBundleProof(client: Client, parameters: GetBundleProofParameters): Promise<GetBundleProofReturnType> {
  const { txHash } = parameters;
  const receipt = await getReceipt(client, txHash);
  if (!receipt) throw new BundleNotFoundError(`no receipt for ${txHash} on this chain: not sent here, or not in a block yet`);
  const chainId = await chainIdOf(client);
  const sent = sentBundle(receipt, chainId);
  return getBundleProofOfMessage(client, { txHash, index: sent.messageIndex });
}

/**
 * The same, when the carrying message is known (the transaction and which of its messages): the bundle comes
 * from the message itself, as the bundle index and the relayer know it without the receipt.
 * @throws NodeInconsistencyError (that message was not sent by InteropCenter), ProofNotReadyError
 */
export async function getBundleProofOfMessage(client: Client, parameters: { txHash: Hex; index: number }): Promise<GetBundleProofReturnType> {
  const { txHash, index } = parameters;
  const proof = await getInteropProof(client, { txHash, index });
  if (proof.message.sender.toLowerCase() !== INTEROP_CENTER_ADDRESS.toLowerCase()) {
    throw new NodeInconsistencyError(`message ${index} of ${txHash} was sent by ${proof.message.sender}, not InteropCenter`);
  }
  const { bundle, encoded } = decodeBundleMessage(proof.message.data);
  return {
    chainId: BigInt(proof.chainId),
    l1BatchNumber: BigInt(proof.batchNumber),
    l2MessageIndex: BigInt(proof.index),
    message: proof.message,
    proof: proof.proof,
    txHash,
    bundleHash: bundleHash(proof.chainId, encoded),
    bundle,
    encoded,
    gatewayChainId: proof.gatewayChainId,
    gatewayBlockNumber: proof.gatewayBlockNumber,
  };
}
