/**
 * `verifyMessageOnchain`: proves a message of another chain in a transaction, through a deployed
 * InteropVerification contract's `verifyAndRecord` (which records proven messages and emits
 * `MessageVerified`), the way an application acts on a message.
 */
import { decodeEventLog, type Account, type Address, type Client, type Hex } from 'viem';
import { writeContract } from 'viem/actions';
import { interopVerificationAbi } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { proofCallArgs } from './internal/proofArgs.ts';
import { waitForSuccessfulReceipt } from './internal/receipt.ts';
import type { MessageProofArgs } from './types.ts';

export type VerifyMessageOnchainParameters = MessageProofArgs & {
  /** an InteropVerification contract on the target chain (see `deployInteropVerifier`) */
  verifierAddress: Address;
  /** the sender of the transaction; default: the wallet client's account */
  account?: Account | Address;
  /** how long to wait for the receipt (ms, default 60 000) */
  timeoutMs?: number;
};

export type VerifyMessageOnchainReturnType = {
  /** what the contract's `MessageVerified` event says */
  verified: boolean;
  txHash: Hex;
  blockNumber: number;
  /** keccak256(abi.encode(sourceChainId, sender, keccak256(data))): the contract's record key */
  messageId: Hex;
};

/**
 * Verifies a message in a transaction on the target chain.
 * @param client a viem wallet client of the target chain
 * @throws InvalidArgumentError without an account or verifier address; TransactionRevertedError if
 *   the transaction reverted (e.g. a malformed proof); InvalidArgumentError when the address emitted
 *   no MessageVerified (not an InteropVerification contract)
 * @example
 * const { address } = await deployInteropVerifier(targetWallet);
 * const { verified } = await verifyMessageOnchain(targetWallet, { verifierAddress: address, ...proof });
 */
export async function verifyMessageOnchain(client: Client, parameters: VerifyMessageOnchainParameters): Promise<VerifyMessageOnchainReturnType> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError('verifyMessageOnchain needs an account: create the wallet client with one or pass `account`');
  if (!parameters.verifierAddress) throw new InvalidArgumentError('verifyMessageOnchain needs `verifierAddress`: deploy one with deployInteropVerifier');
  const txHash = await writeContract(client, {
    account,
    chain: client.chain ?? null,
    address: parameters.verifierAddress,
    abi: interopVerificationAbi,
    functionName: 'verifyAndRecord',
    args: proofCallArgs(parameters),
  });
  const receipt = await waitForSuccessfulReceipt(client, txHash, 'verifyMessageOnchain', parameters.timeoutMs);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== parameters.verifierAddress.toLowerCase()) continue;
    const event = decodeEventLog({ abi: interopVerificationAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: false });
    if (event.eventName === 'MessageVerified' && event.args.messageId && event.args.included !== undefined) {
      return { verified: event.args.included, txHash, blockNumber: Number(BigInt(receipt.blockNumber)), messageId: event.args.messageId };
    }
  }
  throw new InvalidArgumentError(`verifyAndRecord transaction ${txHash} emitted no MessageVerified event: is ${parameters.verifierAddress} an InteropVerification contract?`);
}
