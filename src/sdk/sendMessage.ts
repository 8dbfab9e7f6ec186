/**
 * `sendMessage`: sends an interop message with `L1Messenger.sendToL1` (0x…8008) and waits for its receipt.
 */
import { encodeFunctionData, type Account, type Address, type Client, type Hex } from 'viem';
import { sendTransaction } from 'viem/actions';
import { l1MessengerAbi, L1_MESSENGER_ADDRESS } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { NodeInconsistencyError } from './errors.ts';
import { messageBytes } from './internal/messageBytes.ts';
import { sentMessages, waitForSuccessfulReceipt } from './internal/receipt.ts';

export type SendMessageParameters = {
  /** the message: 0x-hex is sent as those bytes, any other string as its UTF-8 bytes */
  message: Hex | string;
  /** the sender; default: the wallet client's account */
  account?: Account | Address;
  /** how long to wait for the receipt (ms, default 60 000) */
  timeoutMs?: number;
};

export type SendMessageReturnType = {
  txHash: Hex;
  /** keccak256 of the message bytes (what `sendToL1` returns) */
  messageHash: Hex;
  /** the message bytes as sent */
  message: Hex;
  sender: Address;
  blockNumber: number;
};

/**
 * Sends an interop message from a wallet client's account and waits until it is in a block.
 * @param client a viem wallet client for the source chain (with an account, or pass `account`)
 * @returns the transaction hash and the message hash
 * @throws InvalidArgumentError without an account; TransactionRevertedError if the transaction reverted
 * @example
 * const { txHash, messageHash } = await sendMessage(walletClient, { message: 'hello from 271' });
 */
export async function sendMessage(client: Client, parameters: SendMessageParameters): Promise<SendMessageReturnType> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError('sendMessage needs an account: create the wallet client with one or pass `account`');
  const message = messageBytes(parameters.message);
  const txHash = await sendTransaction(client, {
    account,
    chain: client.chain ?? null,
    to: L1_MESSENGER_ADDRESS,
    data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [message] }),
  });
  const receipt = await waitForSuccessfulReceipt(client, txHash, 'sendMessage', parameters.timeoutMs);
  const [sent] = sentMessages(receipt);
  if (!sent) throw new NodeInconsistencyError(`transaction ${txHash} called sendToL1 but its receipt has no L1MessageSent event`);
  return { txHash, messageHash: sent.hash, message: sent.message, sender: sent.sender, blockNumber: Number(BigInt(receipt.blockNumber)) };
}
