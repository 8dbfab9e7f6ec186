/**
 * `deployInteropVerifier`: deploys the example `InteropVerification` contract (contracts/examples),
 * through which `verifyMessageOnchain` proves messages in a transaction.
 */
import type { Account, Address, Client, Hex } from 'viem';
import { deployContract } from 'viem/actions';
import { interopVerificationAbi, interopVerificationBytecode } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { NodeInconsistencyError } from './errors.ts';
import { waitForSuccessfulReceipt } from './internal/receipt.ts';

export type DeployInteropVerifierParameters = {
  /** the deployer; default: the wallet client's account */
  account?: Account | Address;
  /** how long to wait for the receipt (ms, default 60 000) */
  timeoutMs?: number;
};

export type DeployInteropVerifierReturnType = { address: Address; txHash: Hex };

/**
 * Deploys an InteropVerification contract on the wallet client's chain and waits for it.
 * @param client a viem wallet client of the (target) chain
 * @returns the contract's address and the deployment transaction
 * @throws InvalidArgumentError without an account; TransactionRevertedError if the deployment reverted
 * @example
 * const { address } = await deployInteropVerifier(targetWallet);
 * await verifyMessageOnchain(targetWallet, { verifierAddress: address, ...proof });
 */
export async function deployInteropVerifier(client: Client, parameters: DeployInteropVerifierParameters = {}): Promise<DeployInteropVerifierReturnType> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError('deployInteropVerifier needs an account: create the wallet client with one or pass `account`');
  const txHash = await deployContract(client, { account, chain: client.chain ?? null, abi: interopVerificationAbi, bytecode: interopVerificationBytecode });
  const receipt = await waitForSuccessfulReceipt(client, txHash, 'deployInteropVerifier', parameters.timeoutMs);
  if (!receipt.contractAddress) throw new NodeInconsistencyError(`deployment ${txHash} succeeded but its receipt has no contractAddress`);
  return { address: receipt.contractAddress, txHash };
}
