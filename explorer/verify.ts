/**
 * "Verify on chain X": the question a contract on X asks, asked by the page with `eth_call` on X's
 * endpoint: `L2MessageVerification.proveL2MessageInclusionShared` at 0x…10009 (what the SDK's
 * verifyMessage does), with the source chain's proof to Gateway's interop root
 * (`zks_getL2ToL1LogProof(tx, i, "messageRoot")`) and the message as its lifecycle names it.
 */
import { decodeFunctionResult, encodeFunctionData, parseAbi, type Address, type Hex } from 'viem';
import { L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import type { MessageLifecycle, MessageRootLogProof } from '../src/wire/types.ts';
import { rpc, RpcError } from './rpc.ts';

const abi = parseAbi([
  'struct L2Message { uint16 txNumberInBatch; address sender; bytes data; }',
  'function proveL2MessageInclusionShared(uint256 chainId, uint256 blockOrBatchNumber, uint256 index, L2Message message, bytes32[] proof) view returns (bool)',
]);

/** What a verification answered: the contract's boolean, or its revert. */
export type Verdict = { verified: boolean; gatewayBlockNumber: number; reverted?: string };

/**
 * Asks chain `targetUrl` whether `message` is proven there now.
 * @throws Error when the message has no proof yet (its batch is not executed on Gateway)
 */
export async function verifyOn(sourceUrl: string, targetUrl: string, message: MessageLifecycle): Promise<Verdict> {
  const proof = await rpc<MessageRootLogProof | null>(sourceUrl, 'zks_getL2ToL1LogProof', [message.txHash, message.index, 'messageRoot']);
  if (proof === null) throw new Error('no proof yet: the batch holding the message is not executed on Gateway; wait for stage "executed"');
  const data = encodeFunctionData({
    abi,
    functionName: 'proveL2MessageInclusionShared',
    args: [BigInt(message.chainId), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: message.txNumberInBatch, sender: message.sender as Address, data: message.message as Hex }, proof.proof as Hex[]],
  });
  try {
    const result = await rpc<Hex>(targetUrl, 'eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }, 'latest']);
    return { verified: decodeFunctionResult({ abi, functionName: 'proveL2MessageInclusionShared', data: result }), gatewayBlockNumber: proof.gatewayBlockNumber };
  } catch (error) {
    if (error instanceof RpcError && error.code === 3) return { verified: false, gatewayBlockNumber: proof.gatewayBlockNumber, reverted: error.message };
    throw error;
  }
}
