/**
 * The interop round trip with viem and its ZKsync extension (`viem/zksync`) against a started network
 * (Gateway 506, chains 271 and 272): an EIP-712 transaction through `eip712WalletActions`, lifecycle and
 * proofs through `publicActionsL2`, the import of Gateway's root on 272, and verification there with
 * `readContract` on L2MessageVerification (0x…10009) and through a deployed InteropVerification.
 *
 * It runs without an L1 (`l1: false`), where the no-mode proof ends at the chain batch root; with an L1
 * it goes on to the L1 (test/l1/proofToL1.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeAbiParameters,
  encodeFunctionData,
  http,
  keccak256,
  parseEventLogs,
  toHex,
  type Address,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainConfig, eip712WalletActions, publicActionsL2 } from 'viem/zksync';
import { types as zkTypes } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import {
  L1_MESSENGER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  interopVerificationAbi,
  interopVerificationBytecode,
  l1MessengerAbi,
  l2InteropRootStorageAbi,
  l2MessageVerificationAbi,
  messageRootAbi,
} from '../../src/contracts/index.ts';
import { RICH_KEY } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

const GATEWAY_CHAIN_ID = 506;
const account = privateKeyToAccount(RICH_KEY);
const ZkTransaction = zkTypes.Transaction;
const text = toHex('hello from viem');

/** A ZKsync chain of the started network for viem: the zksync chain config (formatters, EIP-712 serializer). */
function zkChain(id: number, name: string, url: string) {
  return defineChain({
    ...chainConfig,
    id,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}

type ProofAnswer = { id: number; proof: Hex[]; root: Hex; batchNumber: number };

let net: Network;
let chainA: ReturnType<typeof zkChain>;
let chainB: ReturnType<typeof zkChain>;
let publicA: ReturnType<typeof makePublic>;
let publicB: ReturnType<typeof makePublic>;
let publicGateway: ReturnType<typeof createPublicClient>;
let txHash: Hex;

function makePublic(chain: ReturnType<typeof zkChain>) {
  return createPublicClient({ chain, transport: http(chain.rpcUrls.default.http[0]) }).extend(publicActionsL2());
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY_CHAIN_ID, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false });
  chainA = zkChain(271, 'zkinterop A', net.node(271).rpcUrl);
  chainB = zkChain(272, 'zkinterop B', net.node(272).rpcUrl);
  publicA = makePublic(chainA);
  publicB = makePublic(chainB);
  publicGateway = createPublicClient({ transport: http(net.gateway.rpcUrl) });
  const wallet = createWalletClient({ account, chain: chainA, transport: http(net.node(271).rpcUrl) }).extend(eip712WalletActions());
  // gasPerPubdata makes viem's zksync sendTransaction take the EIP-712 path (isEIP712Transaction).
  txHash = await wallet.sendTransaction({
    to: L1_MESSENGER_ADDRESS,
    data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [text] }),
    gasPerPubdata: 50_000n,
  });
});

afterAll(async () => {
  await net?.stop();
});

/** Waits until the message's batch is executed (zks_getTransactionDetails through viem). */
function waitExecuted(): Promise<Hex> {
  return pollUntil(async () => (await publicA.getTransactionDetails({ txHash })).ethExecuteTxHash ?? undefined, { what: `${txHash} to be executed on Gateway` }) as Promise<Hex>;
}

/** The Gateway proof (viem's getLogProof has no interop mode, so the raw request). */
async function gatewayProof(): Promise<ProofAnswer> {
  await waitExecuted();
  const proof = (await publicA.request({ method: 'zks_getL2ToL1LogProof', params: [txHash, 0, 'proof_based_gw'] } as never)) as ProofAnswer | null;
  expect(proof).not.toBeNull();
  return proof!;
}

/** The Gateway block of the message batch's execute transaction. */
async function gatewayBlock(): Promise<bigint> {
  const receipt = await publicA.getTransactionReceipt({ hash: txHash });
  const details = await publicA.getL1BatchDetails({ number: Number(receipt.l1BatchNumber) });
  expect(details.executeTxHash).toBe(await waitExecuted());
  return (await publicGateway.getTransactionReceipt({ hash: details.executeTxHash! })).blockNumber;
}

/** Waits until 272 holds Gateway's root for the message's Gateway block. */
function waitImported(block: bigint): Promise<Hex> {
  return pollUntil(async () => {
    const root = await publicB.readContract({ address: L2_INTEROP_ROOT_STORAGE_ADDRESS, abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [BigInt(GATEWAY_CHAIN_ID), block] });
    return BigInt(root) === 0n ? undefined : root;
  }, { what: `chain 272 to import the interop root of Gateway block ${block}` });
}

/** Everything proveL2MessageInclusionShared needs, once 272 holds the root. */
async function verificationArgs() {
  const proof = await gatewayProof();
  await waitImported(await gatewayBlock());
  const receipt = await publicA.getTransactionReceipt({ hash: txHash });
  return {
    chainId: 271n,
    batchNumber: BigInt(proof.batchNumber),
    index: BigInt(proof.id),
    message: { txNumberInBatch: Number(receipt.l1BatchTxIndex), sender: account.address as Address, data: text },
    proof: proof.proof,
  };
}

function prove(args: Awaited<ReturnType<typeof verificationArgs>>) {
  return publicB.readContract({
    address: L2_MESSAGE_VERIFICATION_ADDRESS,
    abi: l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [args.chainId, args.batchNumber, args.index, args.message, args.proof],
  });
}

describe('viem with viem/zksync against the network', () => {
  it('sends an EIP-712 transaction that the chain reports as type eip712 under the hash it answered', async () => {
    const tx = await publicA.getTransaction({ hash: txHash });
    expect(tx.hash).toBe(txHash);
    expect(tx.type).toBe('eip712');
    expect(tx.typeHex).toBe('0x71');
    expect(tx.from.toLowerCase()).toBe(account.address.toLowerCase());
  });

  it('gets from eth_sendRawTransaction, for a viem-signed EIP-712 transaction, the ZKsync hash zksync-ethers computes', async () => {
    const wallet = createWalletClient({ account, chain: chainA, transport: http(net.node(271).rpcUrl) }).extend(eip712WalletActions());
    const request = await wallet.prepareTransactionRequest({ to: '0x0000000000000000000000000000000000000001', value: 1n, gasPerPubdata: 50_000n, type: 'eip712' });
    const signed = await wallet.signTransaction(request);
    expect(signed.slice(0, 4)).toBe('0x71');
    const computed = ZkTransaction.from(signed).hash;
    expect(await publicA.sendRawTransaction({ serializedTransaction: signed })).toBe(computed);
  });

  it('reads the receipt with the zksync formatters: batch number, batch tx index and one L2→L1 log', async () => {
    const receipt = await publicA.getTransactionReceipt({ hash: txHash });
    expect(receipt.status).toBe('success');
    expect(typeof receipt.l1BatchNumber).toBe('bigint');
    expect(receipt.l1BatchNumber).toBeGreaterThan(0n);
    expect(typeof receipt.l1BatchTxIndex).toBe('bigint');
    expect(receipt.l2ToL1Logs).toHaveLength(1);
    expect(receipt.l2ToL1Logs[0]).toMatchObject({
      sender: L1_MESSENGER_ADDRESS,
      key: `0x${'00'.repeat(12)}${account.address.slice(2).toLowerCase()}`,
      value: keccak256(text),
      isService: true,
      transactionHash: txHash,
    });
  });

  it('reports the lifecycle through getTransactionDetails until verified, with the Gateway transactions', async () => {
    await waitExecuted();
    const details = await publicA.getTransactionDetails({ txHash });
    expect(details.status).toBe('verified');
    expect(details.ethCommitTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(details.ethProveTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(details.initiatorAddress.toLowerCase()).toBe(account.address.toLowerCase());
  });

  it("answers viem's getLogProof (no interop mode) with the proof to the chain batch root, which the batch details name", async () => {
    await waitExecuted();
    const proof = await publicA.getLogProof({ txHash });
    const receipt = await publicA.getTransactionReceipt({ hash: txHash });
    const details = await publicA.getL1BatchDetails({ number: Number(receipt.l1BatchNumber) });
    expect(proof).not.toBeNull();
    expect(proof!.id).toBe(0);
    // root: the chain batch root (in every mode); rootHash: the state root after the batch.
    expect(proof!.root).toBe((await gatewayProof()).root);
    const lastBlock = await publicA.getBlock({ blockNumber: BigInt((await publicA.request({ method: 'zks_getL1BatchBlockRange', params: [Number(receipt.l1BatchNumber)] } as never) as Hex[])[1]!) });
    expect(details.rootHash).toBe(lastBlock.stateRoot);
    // metadata word: version 1, 15 log-leaf words, no batch-leaf words, final node
    expect(proof!.proof[0]).toBe(`0x010f0001${'00'.repeat(28)}`);
    expect(proof!.proof).toHaveLength(16);
  });

  it('gives the proof_based_gw proof with the Gateway block of the batch execute packed in it', async () => {
    const proof = await gatewayProof();
    const block = await gatewayBlock();
    const receipt = await publicA.getTransactionReceipt({ hash: txHash });
    expect(proof.batchNumber).toBe(Number(receipt.l1BatchNumber));
    expect(proof.proof[0]!.slice(0, 6)).toBe('0x010f');
    const batchLeafWords = Number.parseInt(proof.proof[0]!.slice(6, 8), 16);
    expect(BigInt(proof.proof[17 + batchLeafWords]!) >> 128n).toBe(block);
    expect(BigInt(proof.proof[18 + batchLeafWords]!)).toBe(BigInt(GATEWAY_CHAIN_ID));
  });

  it("sees the Gateway interop root imported on chain 272 by its watcher, equal to Gateway's historicalRoot of that block", async () => {
    const block = await gatewayBlock();
    const historical = await publicGateway.readContract({ address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'historicalRoot', args: [block] });
    expect(await waitImported(block)).toBe(historical);
  });

  it('verifies the message on 272 with readContract on proveL2MessageInclusionShared', async () => {
    expect(await prove(await verificationArgs())).toBe(true);
  });

  it('does not verify a different message, another sender, or the final-mode proof on 272', async () => {
    const args = await verificationArgs();
    expect(await prove({ ...args, message: { ...args.message, data: toHex('hello from viem!') } })).toBe(false);
    expect(await prove({ ...args, message: { ...args.message, sender: '0x0000000000000000000000000000000000000001' } })).toBe(false);
    // 272 stores Gateway's roots only, never 271's own batch roots: a proof ending at the batch root finds nothing there
    const finalProof = await publicA.getLogProof({ txHash });
    expect(await prove({ ...args, proof: finalProof!.proof })).toBe(false);
  });

  it('verifies on-chain through an InteropVerification deployed with viem, which records the message', async () => {
    const args = await verificationArgs();
    const walletB = createWalletClient({ account, chain: chainB, transport: http(net.node(272).rpcUrl) });
    const deployHash = await walletB.deployContract({ abi: interopVerificationAbi, bytecode: interopVerificationBytecode });
    const { contractAddress } = await publicB.getTransactionReceipt({ hash: deployHash });
    expect(contractAddress).toBeTruthy();
    const messageId = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'bytes32' }], [args.chainId, args.message.sender, keccak256(text)]));
    const callArgs = [args.chainId, args.batchNumber, args.index, args.message, args.proof] as const;

    const { result } = await publicB.simulateContract({ account, address: contractAddress!, abi: interopVerificationAbi, functionName: 'verifyAndRecord', args: callArgs });
    expect(result).toBe(true);
    const hash = await walletB.writeContract({ address: contractAddress!, abi: interopVerificationAbi, functionName: 'verifyAndRecord', args: callArgs });
    const receipt = await publicB.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    const [event] = parseEventLogs({ abi: interopVerificationAbi, logs: receipt.logs, eventName: 'MessageVerified' });
    expect(event?.args).toEqual({ sourceChainId: 271n, messageId, sender: account.address, included: true });
    expect(await publicB.readContract({ address: contractAddress!, abi: interopVerificationAbi, functionName: 'verifiedMessages', args: [messageId] })).toBe(true);
  });
});
