/**
 * `sendBundle`: sends a v31 interop bundle with `InteropCenter.sendBundle` (0x…1000d) and reads it back
 * from the receipt (its hash, its bytes, and which L1 message of the transaction carries it).
 */
import { encodeFunctionData, type Account, type Address, type Client, type Hex } from 'viem';
import { sendTransaction } from 'viem/actions';
import { interopCenterAbi, INTEROP_CENTER_ADDRESS } from '../contracts/index.ts';
import { formatEvmV1, interopAttributes, type InteropBundle } from '../protocol/bundle.ts';
import { InvalidArgumentError } from '../errors.ts';
import { sentBundle } from './internal/bundleReceipt.ts';
import { waitForSuccessfulReceipt } from './internal/receipt.ts';
import { chainIdOf } from './internal/rpc.ts';

/** One call of a bundle. */
export type BundleCall = {
  /** the recipient on the destination (an ERC-7786 `receiveMessage` contract), or for an indirect call the IL2CrossChainSender on the source */
  to: Address;
  /** the payload its `receiveMessage` gets (for an indirect call: what the sender on the source gets) */
  data: Hex;
  /** base token the call carries to its recipient (attribute `interopCallValue`; default 0) */
  value?: bigint;
  /** an indirect call (attribute `indirectCall`): `true`, or the value sent to the source-side sender with it */
  indirect?: boolean | { messageValue: bigint };
};

export type SendBundleParameters = {
  destinationChainId: number;
  calls: readonly BundleCall[];
  /** only this account (on the destination) may execute the bundle; default anyone */
  executionAddress?: Address;
  /** only this account (on the destination) may unbundle it; default none */
  unbundlerAddress?: Address;
  /** the sender; default the wallet client's account */
  account?: Account | Address;
  /** how long to wait for the receipt (ms, default 60 000) */
  timeoutMs?: number;
};

export type SendBundleReturnType = {
  txHash: Hex;
  /** InteropHandler's key for the bundle (`keccak256(abi.encode(sourceChainId, bundle))`) */
  bundleHash: Hex;
  bundle: InteropBundle;
  /** abi.encode(bundle), what executeBundle takes */
  encoded: Hex;
  /** which L1 message of the transaction carries the bundle (zks_getL2ToL1LogProof's index) */
  messageIndex: number;
  sourceChainId: number;
};

/**
 * Sends a bundle of calls to another chain and waits until it is in a block. The transaction's value
 * is the calls' values plus their indirect message values (v31 takes no protocol fee here).
 * @param client a viem wallet client for the source chain (with an account, or pass `account`)
 * @returns the bundle handle: `{ txHash, bundleHash, bundle, encoded, messageIndex, sourceChainId }`
 * @throws InvalidArgumentError (no account, no calls); TransactionRevertedError if InteropCenter reverted
 * @example
 * const sent = await sendBundle(walletClient, { destinationChainId: 272, calls: [{ to: receiver, data: '0x1234' }] });
 * const proof = await waitForBundle(sourceClient, destinationClient, { txHash: sent.txHash, until: 'provable' });
 */
export async function sendBundle(client: Client, parameters: SendBundleParameters): Promise<SendBundleReturnType> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError('sendBundle needs an account: create the wallet client with one or pass `account`');
  const { destinationChainId, calls } = parameters;
  if (calls.length === 0) throw new InvalidArgumentError('sendBundle needs at least one call');
  if (!Number.isInteger(destinationChainId) || destinationChainId <= 0) throw new InvalidArgumentError(`destinationChainId must be a positive whole number, got ${destinationChainId}`);

  let value = 0n;
  const starters = calls.map((call) => {
    const callValue = call.value ?? 0n;
    const messageValue = typeof call.indirect === 'object' ? call.indirect.messageValue : 0n;
    if (callValue < 0n || messageValue < 0n) throw new InvalidArgumentError('call values must not be negative');
    value += callValue + messageValue;
    const attributes: Hex[] = [];
    if (call.indirect) attributes.push(interopAttributes.indirectCall(messageValue));
    if (callValue > 0n) attributes.push(interopAttributes.interopCallValue(callValue));
    // `to` carries no chain reference: InteropCenter rejects one (InteroperableAddressChainReferenceNotEmpty).
    return { to: formatEvmV1({ address: call.to }), data: call.data, callAttributes: attributes };
  });
  const bundleLevel: Hex[] = [];
  if (parameters.executionAddress) bundleLevel.push(interopAttributes.executionAddress(formatEvmV1({ chainId: destinationChainId, address: parameters.executionAddress })));
  if (parameters.unbundlerAddress) bundleLevel.push(interopAttributes.unbundlerAddress(formatEvmV1({ chainId: destinationChainId, address: parameters.unbundlerAddress })));

  const txHash = await sendTransaction(client, {
    account,
    chain: client.chain ?? null,
    to: INTEROP_CENTER_ADDRESS,
    value,
    data: encodeFunctionData({ abi: interopCenterAbi, functionName: 'sendBundle', args: [formatEvmV1({ chainId: destinationChainId }), starters, bundleLevel] }),
  });
  const receipt = await waitForSuccessfulReceipt(client, txHash, 'sendBundle', parameters.timeoutMs);
  const sourceChainId = await chainIdOf(client);
  const sent = sentBundle(receipt, sourceChainId);
  return { txHash, bundleHash: sent.bundleHash, bundle: sent.bundle, encoded: sent.encoded, messageIndex: sent.messageIndex, sourceChainId };
}
