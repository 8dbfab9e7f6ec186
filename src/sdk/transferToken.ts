/**
 * `transferToken`: moves an ERC-20 to another chain on the v31 path — approve the native token vault
 * (0x…10004) when the allowance is short (a token native to the source is escrowed there; a bridged one
 * is burnt and needs none), then a bundle of one `indirectCall(0)` call to L2AssetRouter (0x…10003),
 * which builds the `finalizeDeposit` the destination runs. The bundle still has to be proved and
 * executed on the destination (waitForBundle, executeBundle).
 */
import { encodeFunctionData, erc20Abi, zeroHash, type Account, type Address, type Client, type Hex } from 'viem';
import { readContract, sendTransaction } from 'viem/actions';
import { l2NativeTokenVaultAbi, L2_ASSET_ROUTER_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { waitForSuccessfulReceipt } from './internal/receipt.ts';
import { chainIdOf } from './internal/rpc.ts';
import { ntvAssetId, tokenTransferData } from './internal/tokenData.ts';
import { sendBundle, type SendBundleReturnType } from './sendBundle.ts';

export type TransferTokenParameters = {
  /** the ERC-20 on the source chain (native there, or a bridged copy) */
  token: Address;
  /** in the token's smallest unit */
  amount: bigint;
  /** the receiver on the destination */
  to: Address;
  destinationChainId: number;
  /** the sender; default the wallet client's account */
  account?: Account | Address;
  /** how long to wait for each receipt (ms, default 60 000) */
  timeoutMs?: number;
};

export type TransferTokenReturnType = SendBundleReturnType & {
  /** the token's asset id (the destination's vault maps it to the bridged token) */
  assetId: Hex;
  /** the approval sent first, if the allowance was short */
  approvalTxHash?: Hex;
};

/**
 * Sends `amount` of `token` to `to` on another chain as a bundle.
 * @param client a viem wallet client of the source chain
 * @returns the bundle handle (as sendBundle) with the asset id and the approval's hash, if one was sent
 * @throws InvalidArgumentError (no account, amount ≤ 0); TransactionRevertedError (the approval or the
 *   bundle reverted, e.g. a balance too low)
 * @example
 * const sent = await transferToken(walletClient, { token, amount: 100n, to: receiver, destinationChainId: 272 });
 * const { proof } = await waitForBundle(sourceClient, destinationClient, { txHash: sent.txHash, until: 'provable' });
 * await executeBundle(destinationWallet, { proof: proof! });
 */
export async function transferToken(client: Client, parameters: TransferTokenParameters): Promise<TransferTokenReturnType> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError('transferToken needs an account: create the wallet client with one or pass `account`');
  const { token, amount, to, destinationChainId } = parameters;
  if (amount <= 0n) throw new InvalidArgumentError(`amount must be greater than 0, got ${amount}`);
  const owner = typeof account === 'string' ? account : account.address;
  const sourceChainId = await chainIdOf(client);

  // A token the vault knows keeps its asset id (a bridged copy's is its origin's); a new one is native here.
  const known = await readContract(client, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'assetId', args: [token] });
  const assetId = known !== zeroHash ? known : ntvAssetId(sourceChainId, token);
  const native = known === zeroHash || (await readContract(client, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'originChainId', args: [assetId] })) === BigInt(sourceChainId);

  let approvalTxHash: Hex | undefined;
  if (native) {
    const allowance = await readContract(client, { address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, L2_NATIVE_TOKEN_VAULT_ADDRESS] });
    if (allowance < amount) {
      approvalTxHash = await sendTransaction(client, {
        account,
        chain: client.chain ?? null,
        to: token,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [L2_NATIVE_TOKEN_VAULT_ADDRESS, amount] }),
      });
      await waitForSuccessfulReceipt(client, approvalTxHash, 'transferToken (approve)', parameters.timeoutMs);
    }
  }

  const sent = await sendBundle(client, {
    destinationChainId,
    account,
    ...(parameters.timeoutMs === undefined ? {} : { timeoutMs: parameters.timeoutMs }),
    calls: [{ to: L2_ASSET_ROUTER_ADDRESS, data: tokenTransferData(assetId, amount, to, token), indirect: true }],
  });
  return { ...sent, assetId, ...(approvalTxHash ? { approvalTxHash } : {}) };
}
