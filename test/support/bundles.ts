/**
 * The steps of a v31 bundle between two chains of a started network, as a client takes them over
 * JSON-RPC (in-process `node.client` or HTTP): send it with InteropCenter.sendBundle on the source
 * and read it back from the receipt (the L1MessageSent index as zksync-js counts it), wait for its
 * `zks_getL2ToL1LogProof(tx, i, "messageRoot")` and for the destination to import the Gateway root
 * of `gatewayBlockNumber`, then have any account call InteropHandler.executeBundle on the destination.
 * Shared by test/e2e/bundles.test.ts and test/e2e/tokenTransfer.test.ts.
 */
import { decodeErrorResult, decodeEventLog, decodeFunctionResult, encodeFunctionData, getAddress, toEventSelector, toHex, type Abi, type Address, type Hex } from 'viem';
import type { RpcClient } from '../../src/rpc/client.ts';
import {
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L1_MESSENGER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  interopCenterAbi,
  interopHandlerAbi,
  l1MessengerAbi,
  l2InteropRootStorageAbi,
} from '../../src/contracts/index.ts';
import { bundleHash, decodeBundleMessage, formatEvmV1, interopAttributes, type InteropBundle } from '../../src/protocol/bundle.ts';
import { pollUntil } from './poll.ts';

const L1_MESSAGE_SENT = toEventSelector('L1MessageSent(address,bytes32,bytes)');

/** A chain as the helpers reach it: its id and a JSON-RPC client (a NetworkNode fits). */
export type Chain = { chainId: number; client: RpcClient };

export type Receipt = { status: Hex; transactionHash: Hex; l1BatchTxIndex: Hex; contractAddress: Address | null; logs: { address: Address; topics: [Hex, ...Hex[]]; data: Hex }[] };
type MessageRootProof = { id: number; batchNumber: number; proof: Hex[]; root: Hex; gatewayBlockNumber: number };
/** InteropHandler's MessageInclusionProof argument. */
export type Proof = {
  chainId: bigint;
  l1BatchNumber: bigint;
  l2MessageIndex: bigint;
  message: { txNumberInBatch: number; sender: Address; data: Hex };
  proof: Hex[];
};
/** A bundle sent on its source: its bytes, hash, receipt and the L1 message that carries it. */
export type Sent = { sourceChainId: number; bundle: InteropBundle; encoded: Hex; hash: Hex; receipt: Receipt; logIndex: number; message: Hex };
/** One starter of sendBundle: `to` on the destination (encoded with an empty chain reference), data, attributes. */
export type CallStarter = { to: Address; data: Hex; attributes?: Hex[] };

/** Sends a transaction from an unlocked dev account and expects it to succeed. @returns its receipt */
export async function sendTx(chain: Chain, tx: { from: Address; to?: Address; data: Hex; value?: bigint }): Promise<Receipt> {
  const { value, ...rest } = tx;
  const hash = await chain.client.request<Hex>('eth_sendTransaction', [{ ...rest, ...(value ? { value: toHex(value) } : {}) }]);
  const receipt = await pollUntil(() => chain.client.request<Receipt | null>('eth_getTransactionReceipt', [hash]), { what: `the receipt of ${hash} on ${chain.chainId}` });
  if (BigInt(receipt.status) !== 1n) throw new Error(`transaction ${hash} on ${chain.chainId} reverted`);
  return receipt;
}

/** sendBundle calldata: the destination chain as ERC-7930 with no address, each `to` with no chain reference. */
export function sendBundleCall(destinationChainId: number, calls: CallStarter[], bundleAttributes: Hex[] = []): Hex {
  return encodeFunctionData({
    abi: interopCenterAbi,
    functionName: 'sendBundle',
    args: [formatEvmV1({ chainId: destinationChainId }), calls.map((c) => ({ to: formatEvmV1({ address: c.to }), data: c.data, callAttributes: c.attributes ?? [] })), bundleAttributes],
  });
}

/**
 * Sends a bundle of `calls` from `from` on `source` to `destinationChainId` and reads it back from the
 * receipt: as zksync-js does, counts L1MessageSent logs of L1Messenger up to the first InteropBundleSent.
 */
export async function sendBundle(
  source: Chain,
  destinationChainId: number,
  calls: CallStarter[],
  options: { from: Address; bundleAttributes?: Hex[]; value?: bigint },
): Promise<Sent> {
  const data = sendBundleCall(destinationChainId, calls, options.bundleAttributes);
  const receipt = await sendTx(source, { from: options.from, to: INTEROP_CENTER_ADDRESS, data, value: options.value ?? 0n });
  let logIndex = -1;
  let message: Hex | undefined;
  for (const log of receipt.logs) {
    if (getAddress(log.address) === getAddress(L1_MESSENGER_ADDRESS) && log.topics[0] === L1_MESSAGE_SENT) {
      logIndex += 1;
      message = decodeEventLog({ abi: l1MessengerAbi, eventName: 'L1MessageSent', data: log.data, topics: log.topics }).args.message;
    }
    if (getAddress(log.address) === getAddress(INTEROP_CENTER_ADDRESS)) {
      const event = decodeEventLog({ abi: interopCenterAbi, data: log.data, topics: log.topics });
      if (event.eventName !== 'InteropBundleSent') continue;
      if (message === undefined) throw new Error('InteropBundleSent without an L1MessageSent before it');
      const { bundle, encoded } = decodeBundleMessage(message);
      if (event.args.interopBundleHash !== bundleHash(source.chainId, encoded)) throw new Error('InteropBundleSent names another hash than the bundle it carries');
      return { sourceChainId: source.chainId, bundle, encoded, hash: event.args.interopBundleHash, receipt, logIndex, message };
    }
  }
  throw new Error('no InteropBundleSent in the receipt');
}

/** Waits for the bundle's messageRoot proof on its source and for `destination` to import that Gateway root. */
export async function proveBundle(source: Chain, destination: Chain, gatewayChainId: number, sent: Sent): Promise<Proof> {
  const answer = await pollUntil(() => source.client.request<MessageRootProof | null>('zks_getL2ToL1LogProof', [sent.receipt.transactionHash, sent.logIndex, 'messageRoot']), {
    what: `the messageRoot proof of ${sent.receipt.transactionHash}`,
  });
  const rootCall = encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [BigInt(gatewayChainId), BigInt(answer.gatewayBlockNumber)] });
  await pollUntil(
    async () => {
      const data = await destination.client.request<Hex>('eth_call', [{ to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: rootCall }, 'latest']);
      return BigInt(decodeFunctionResult({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', data })) !== 0n;
    },
    { what: `chain ${destination.chainId} to import the interop root of Gateway block ${answer.gatewayBlockNumber}` },
  );
  return {
    chainId: BigInt(sent.sourceChainId),
    l1BatchNumber: BigInt(answer.batchNumber),
    l2MessageIndex: BigInt(answer.id),
    message: { txNumberInBatch: Number(BigInt(sent.receipt.l1BatchTxIndex)), sender: INTEROP_CENTER_ADDRESS, data: sent.message },
    proof: answer.proof,
  };
}

/** InteropHandler calldata of `executeBundle` or `verifyBundle` for `encoded` with `proof`. */
export const handlerCall = (functionName: 'executeBundle' | 'verifyBundle', encoded: Hex, proof: Proof): Hex =>
  encodeFunctionData({ abi: interopHandlerAbi, functionName, args: [encoded, proof] });

/** Has `from` execute the bundle on `destination` with `proof`. @returns the receipt (success expected) */
export function executeBundle(destination: Chain, from: Address, sent: Sent, proof: Proof): Promise<Receipt> {
  return sendTx(destination, { from, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
}

/** IERC7786Attributes encodings, as the SDK builds them (the protocol codec's). */
export const attributes = interopAttributes;

/** The custom error an eth_call on `chain` reverts with, decoded with `abi` (the interop ABIs and the receivers'). */
export async function revertOf(chain: Chain, call: { from: Address; to: Address; data: Hex }, abi: Abi): Promise<{ errorName: string; args: readonly unknown[] }> {
  try {
    await chain.client.request('eth_call', [call, 'latest']);
  } catch (error) {
    const raw = (error as { data?: unknown }).data;
    const data = (typeof raw === 'string' ? raw : (raw as { data?: Hex } | undefined)?.data) as Hex;
    const decoded = decodeErrorResult({ abi, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  }
  throw new Error('expected a revert');
}
