/**
 * E2E helpers over a running network's in-process RpcClients (what any JSON-RPC client sees):
 * send a message, wait until its batch is executed on Gateway, find the Gateway block that holds
 * its interop root, wait until another chain imported that root, and ask L2MessageVerification.
 */
import type { Address, Hex } from 'viem';
import { decodeFunctionResult, encodeFunctionData, toHex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import type { NetworkNode } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import {
  L1_MESSENGER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  l1MessengerAbi,
  messageRootAbi,
  l2InteropRootStorageAbi,
  l2MessageVerificationAbi,
} from '../../src/contracts/index.ts';
import { pollUntil } from './poll.ts';

/** The first ZKsync rich wallet (funded on every chain). */
export const RICH_KEY = RICH_WALLET_KEYS[0]!;
/** Its address, 0x36615Cf349d7F6344891B1e7CA7C72883F5dc049. */
export const RICH_ADDRESS: Address = privateKeyToAddress(RICH_KEY);

/** `zks_getL2ToL1LogProof` answer. */
export type LogProof = { id: number; proof: Hex[]; root: Hex; batchNumber: number };

/** A sent message and where it landed. */
export type SentMessage = { txHash: Hex; sender: Address; data: Hex; txNumberInBatch: number; batchNumber: number };

/** A message whose batch is executed on Gateway, with its Gateway proof. */
export type SettledMessage = SentMessage & { proof: LogProof; gatewayBlock: number; executeTxHash: Hex; interopRoot: Hex };

/**
 * Sends `text` through L1Messenger from a funded dev account (eth_sendTransaction).
 * @returns the transaction, its sender and its place in its batch (from the receipt)
 */
export async function sendMessage(chain: NetworkNode, text: string, from: Address = RICH_ADDRESS): Promise<SentMessage> {
  const data = toHex(text);
  const txHash = await chain.client.request<Hex>('eth_sendTransaction', [
    { from, to: L1_MESSENGER_ADDRESS, data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [data] }) },
  ]);
  const receipt = await chain.client.request<{ status: Hex; l1BatchNumber: Hex; l1BatchTxIndex: Hex }>('eth_getTransactionReceipt', [txHash]);
  if (BigInt(receipt.status) !== 1n) throw new Error(`sendToL1 ${txHash} failed on chain ${chain.chainId}`);
  return { txHash, sender: from, data, txNumberInBatch: Number(receipt.l1BatchTxIndex), batchNumber: Number(receipt.l1BatchNumber) };
}

/**
 * Waits until the message's batch is executed on Gateway (its Gateway proof exists), then finds the
 * Gateway block of the execute transaction.
 */
export async function waitSettled(chain: NetworkNode, gateway: NetworkNode, sent: SentMessage): Promise<SettledMessage> {
  const proof = await pollUntil(() => chain.client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0, 'proof_based_gw']), {
    what: `the Gateway proof of ${sent.txHash} on chain ${chain.chainId}`,
  });
  const details = await chain.client.request<{ executeTxHash: Hex | null }>('zks_getL1BatchDetails', [proof.batchNumber]);
  if (!details.executeTxHash) throw new Error(`batch ${proof.batchNumber} of chain ${chain.chainId} has a proof but no executeTxHash`);
  const gatewayBlock = await gatewayBlockOf(gateway, details.executeTxHash);
  return { ...sent, proof, gatewayBlock, executeTxHash: details.executeTxHash, interopRoot: await historicalRootOf(gateway, gatewayBlock) };
}

/** The Gateway block a Gateway transaction landed in. */
export async function gatewayBlockOf(gateway: NetworkNode, txHash: Hex): Promise<number> {
  const receipt = await gateway.client.request<{ blockNumber: Hex; status: Hex } | null>('eth_getTransactionReceipt', [txHash]);
  if (!receipt) throw new Error(`Gateway has no receipt for ${txHash}`);
  return Number(BigInt(receipt.blockNumber));
}

/** Gateway's interop root of one of its blocks: MessageRoot's `historicalRoot(block)` (what the proof's Gateway part ends at). */
export async function historicalRootOf(gateway: NetworkNode, gatewayBlock: number): Promise<Hex> {
  const data = await gateway.client.request<Hex>('eth_call', [
    { to: MESSAGE_ROOT_ADDRESS, data: encodeFunctionData({ abi: messageRootAbi, functionName: 'historicalRoot', args: [BigInt(gatewayBlock)] }) },
    'latest',
  ]);
  return decodeFunctionResult({ abi: messageRootAbi, functionName: 'historicalRoot', data });
}

/** `interopRoots(chainId, blockNumber)` on a chain (0x00…00 when absent). */
export async function interopRootOn(target: NetworkNode, chainId: number, blockNumber: number): Promise<Hex> {
  const data = await target.client.request<Hex>('eth_call', [
    { to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [BigInt(chainId), BigInt(blockNumber)] }) },
    'latest',
  ]);
  return decodeFunctionResult({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', data });
}

/** Waits until `target`'s watcher imported Gateway's root of `gatewayBlock`; returns it. */
export function waitInteropRoot(target: NetworkNode, gatewayChainId: number, gatewayBlock: number): Promise<Hex> {
  return pollUntil(async () => {
    const root = await interopRootOn(target, gatewayChainId, gatewayBlock);
    return BigInt(root) === 0n ? undefined : root;
  }, { what: `chain ${target.chainId} to import the interop root of Gateway block ${gatewayBlock}` });
}

/** What `proveL2MessageInclusionShared` is asked, with optional tampering by the caller. */
export type InclusionClaim = { chainId: number; batchNumber: number; index: number; txNumberInBatch: number; sender: Address; data: Hex; proof: Hex[] };

/** The arguments of `proveL2MessageInclusionShared` for a settled message of chain `chainId`. */
export function claimOf(chainId: number, settled: SettledMessage): InclusionClaim {
  return { chainId, batchNumber: settled.proof.batchNumber, index: settled.proof.id, txNumberInBatch: settled.txNumberInBatch, sender: settled.sender, data: settled.data, proof: settled.proof.proof };
}

/** Calldata of `proveL2MessageInclusionShared(claim)`. */
export function proveCalldata(claim: InclusionClaim): Hex {
  return encodeFunctionData({
    abi: l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [BigInt(claim.chainId), BigInt(claim.batchNumber), BigInt(claim.index), { txNumberInBatch: claim.txNumberInBatch, sender: claim.sender, data: claim.data }, claim.proof],
  });
}

/** Asks L2MessageVerification (0x…10009) on `target` with eth_call. */
export async function proveOn(target: NetworkNode, claim: InclusionClaim): Promise<boolean> {
  const data = await target.client.request<Hex>('eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data: proveCalldata(claim) }, 'latest']);
  return decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data });
}
