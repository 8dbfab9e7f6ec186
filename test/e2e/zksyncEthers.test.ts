/**
 * The interop-messages guide, end to end, with zksync-ethers 6 against a started network
 * (Gateway 506, chains 271 and 272): send a message from a zksync-ethers Wallet (EIP-712) and from a
 * contract, wait for EXECUTED, fetch the `proof_based_gw` proof, watch chain 272 import Gateway's
 * interop root on its own, and verify there off-chain, on-chain, and with tampered inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbiCoder, Contract as EthersContract, ContractFactory, JsonRpcProvider, Wallet as EthersWallet, getBytes, hexlify, keccak256, toUtf8Bytes, type Interface } from 'ethers';
import { Contract, InteropClient, Provider, Wallet, types, utils } from 'zksync-ethers';
import { decodeErrorResult, type Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { MESSAGE_ROOT_ADDRESS, interopSendMessageAbi, interopSendMessageBytecode, interopVerificationAbi, interopVerificationBytecode, l2MessageVerificationAbi, messageRootAbi } from '../../src/contracts/index.ts';
import { RICH_KEY } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

const GATEWAY_CHAIN_ID = 506;
const SOURCE_CHAIN_ID = 271;
const TARGET_CHAIN_ID = 272;
const ZERO_HASH = `0x${'00'.repeat(32)}`;

type L2Message = { txNumberInBatch: number; sender: string; data: string };
type VerificationArgs = { srcChainId: number; l1BatchNumber: number; l2MessageIndex: number; msgData: L2Message; gatewayProof: string[] };

let net: Network;
let source: Provider;
let target: Provider;
let gateway: Provider;
let wallet: Wallet;
let interop: InteropClient;
/** Plain ethers on the target chain: deploys InteropVerification with a normal create transaction. */
let targetDeployer: EthersWallet;
let verifier: Contract;
let verification: EthersContract;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY_CHAIN_ID, port: 0 }, chains: [{ chainId: SOURCE_CHAIN_ID, port: 0 }, { chainId: TARGET_CHAIN_ID, port: 0 }] });
  source = new Provider(net.node(SOURCE_CHAIN_ID).rpcUrl);
  target = new Provider(net.node(TARGET_CHAIN_ID).rpcUrl);
  gateway = new Provider(net.gateway.rpcUrl);
  wallet = new Wallet(RICH_KEY, source);
  interop = new InteropClient({ gateway: { env: 'local', gwProvider: gateway, gwChainId: BigInt(GATEWAY_CHAIN_ID) } });
  // cacheTimeout -1: ethers caches eth_getTransactionCount for 250 ms, so back-to-back transactions
  // would reuse a nonce (zksync-ethers' Provider turns the cache off on localhost for the same reason).
  targetDeployer = new EthersWallet(RICH_KEY, new JsonRpcProvider(net.node(TARGET_CHAIN_ID).rpcUrl, TARGET_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 }));
  verifier = new Contract(utils.L2_MESSAGE_VERIFICATION_ADDRESS, utils.L2_MESSAGE_VERIFICATION_ABI, target);
});

afterAll(async () => {
  for (const p of [source, target, gateway, targetDeployer?.provider]) p?.destroy();
  await net?.stop();
});

/** Waits for the guide's EXECUTED phase (zks_getTransactionDetails through InteropClient). */
function waitExecuted(txHash: Hex): Promise<true> {
  return pollUntil(async () => (await interop.getMessageStatus(source, txHash)) === 'EXECUTED' || undefined, { what: `message ${txHash} to reach EXECUTED` });
}

/** The Gateway block of a batch's execute transaction (zks_getL1BatchDetails, then Gateway's receipt). */
async function gatewayBlockOfBatch(batchNumber: number): Promise<number> {
  const details = await source.getL1BatchDetails(batchNumber);
  expect(details.executeTxHash).toMatch(/^0x[0-9a-f]{64}$/);
  const receipt = await gateway.getTransactionReceipt(details.executeTxHash!);
  expect(receipt?.status).toBe(1);
  return receipt!.blockNumber;
}

/** Waits until chain 272 holds `interopRoots(506, gwBlock)`; nothing is sent to 272 meanwhile. */
function waitImported(gwBlock: number): Promise<string> {
  const storage = new Contract(utils.L2_INTEROP_ROOT_STORAGE_ADDRESS, utils.L2_INTEROP_ROOT_STORAGE_ABI, target);
  return pollUntil(async () => {
    const root = (await storage.getFunction('interopRoots')(GATEWAY_CHAIN_ID, gwBlock)) as string;
    return root === ZERO_HASH ? undefined : root;
  }, { what: `chain ${TARGET_CHAIN_ID} to import the interop root of Gateway block ${gwBlock}` });
}

function proveOffChain(args: VerificationArgs): Promise<boolean> {
  return verifier.getFunction('proveL2MessageInclusionShared').staticCall(args.srcChainId, args.l1BatchNumber, args.l2MessageIndex, args.msgData, args.gatewayProof) as Promise<boolean>;
}

/** The InteropVerification example on the target chain, deployed once. */
async function verificationContract(): Promise<EthersContract> {
  if (!verification) {
    const deployed = await new ContractFactory(interopVerificationAbi as unknown as Interface, interopVerificationBytecode, targetDeployer).deploy();
    await deployed.waitForDeployment();
    verification = deployed as unknown as EthersContract;
  }
  return verification;
}

/** keccak256(abi.encode(sourceChainId, sender, keccak256(data))), the example contract's message id. */
function messageIdOf(args: VerificationArgs): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(['uint256', 'address', 'bytes32'], [args.srcChainId, args.msgData.sender, keccak256(args.msgData.data)]));
}

/** Sends verifyAndRecord and returns what it emitted. */
async function verifyAndRecord(args: VerificationArgs): Promise<{ status: number; included: boolean; messageId: string }> {
  const contract = await verificationContract();
  const tx = await contract.getFunction('verifyAndRecord')(args.srcChainId, args.l1BatchNumber, args.l2MessageIndex, args.msgData, args.gatewayProof);
  const receipt = await tx.wait();
  const event = receipt.logs.map((l: { topics: string[]; data: string }) => contract.interface.parseLog(l)).find((e: { name: string } | null) => e?.name === 'MessageVerified');
  return { status: receipt.status, included: event.args.included, messageId: event.args.messageId };
}

function withChangedWord(proof: string[], index: number): string[] {
  const changed = [...proof];
  const bytes = getBytes(changed[index]!);
  bytes[31] = bytes[31]! ^ 0x01;
  changed[index] = hexlify(bytes);
  return changed;
}

describe('a message sent with sendToL1 from a zksync-ethers Wallet', () => {
  const text = 'hello from zksync-ethers';
  let txHash: Hex;
  let settled: Promise<{ args: VerificationArgs; gwBlock: number; root: string }> | undefined;

  beforeAll(async () => {
    // InteropClient.sendMessage calls L1Messenger.sendToL1 through the Wallet; zksync-ethers' provider
    // throws "the returned hash did not match" unless eth_sendRawTransaction answers with its own hash.
    txHash = (await interop.sendMessage(wallet, text)).txHash as Hex;
  });

  /** EXECUTED, proof, Gateway block, and the verification arguments (computed once, shared by the tests). */
  function settle() {
    settled ??= (async () => {
      await waitExecuted(txHash);
      const receipt = (await source.getTransactionReceipt(txHash))!;
      const proof = (await source.getLogProof(txHash, 0, 'proof_based_gw'))!;
      const gwBlock = await gatewayBlockOfBatch(receipt.l1BatchNumber!);
      const args: VerificationArgs = {
        srcChainId: SOURCE_CHAIN_ID,
        l1BatchNumber: receipt.l1BatchNumber!,
        l2MessageIndex: proof.id,
        msgData: { txNumberInBatch: receipt.l1BatchTxIndex!, sender: wallet.address, data: hexlify(toUtf8Bytes(text)) },
        gatewayProof: proof.proof,
      };
      // The root the Gateway part of the proof ends at: Gateway's historicalRoot of that block (the
      // answer's `root` is the chain batch root, as the real server's).
      const messageRoot = new EthersContract(MESSAGE_ROOT_ADDRESS, messageRootAbi as unknown as Interface, gateway);
      const root = (await messageRoot.getFunction('historicalRoot')(gwBlock)) as string;
      return { args, gwBlock, root };
    })();
    return settled;
  }

  /** The verification arguments once chain 272 holds the message's interop root. */
  async function importedArgs(): Promise<VerificationArgs> {
    const { args, gwBlock } = await settle();
    await waitImported(gwBlock);
    return args;
  }

  it('is reported by the chain as an EIP-712 transaction (type 0x71 / 113), the Wallet default', async () => {
    const tx = await source.getTransaction(txHash);
    expect(tx.type).toBe(utils.EIP712_TX_TYPE);
    expect(tx.type).toBe(113);
    const raw = await source.send('eth_getTransactionByHash', [txHash]);
    expect(raw.type).toBe('0x71');
    expect(raw.hash).toBe(txHash);
    expect((await source.getTransactionReceipt(txHash))?.status).toBe(1);
  });

  it('gets from eth_sendRawTransaction exactly the hash zksync-ethers computes for a signed EIP-712 transaction', async () => {
    const messenger = new Contract(utils.L1_MESSENGER_ADDRESS, utils.L1_MESSENGER, wallet);
    const request = await wallet.populateTransaction(await messenger.getFunction('sendToL1').populateTransaction(toUtf8Bytes('a second message')));
    expect(request.type).toBe(utils.EIP712_TX_TYPE);
    const signed = await wallet.signTransaction(request);
    const computed = types.Transaction.from(signed).hash;
    expect(await source.send('eth_sendRawTransaction', [signed])).toBe(computed);
    expect((await source.getTransaction(computed!)).type).toBe(113);
  });

  it('reaches EXECUTED, with zks_getTransactionDetails naming the Gateway commit, prove and execute transactions', async () => {
    await waitExecuted(txHash);
    const details = await source.getTransactionDetails(txHash);
    expect(details.status).toBe('verified');
    expect(details.ethCommitTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(details.ethProveTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(details.ethExecuteTxHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('has a proof_based_gw log proof whose Gateway block is the block of the batch execute transaction', async () => {
    await waitExecuted(txHash);
    const receipt = (await source.getTransactionReceipt(txHash))!;
    const proof = (await source.getLogProof(txHash, 0, 'proof_based_gw'))!;
    expect(proof).toMatchObject({ id: 0, batchNumber: receipt.l1BatchNumber });
    // word 0 is the metadata word: version 1, 15 log-leaf words (14 siblings and the aggregated root)
    expect(proof.proof[0]!.slice(0, 6)).toBe('0x010f');
    const gwBlock = await gatewayBlockOfBatch(receipt.l1BatchNumber!);
    const details = await source.getTransactionDetails(txHash);
    expect((await gateway.getTransactionReceipt(details.ethExecuteTxHash!))?.blockNumber).toBe(gwBlock);
    // after the batch-leaf mask and path: the packed word (Gateway block << 128 | shared-tree index), then Gateway's chain id
    const batchLeafWords = Number.parseInt(proof.proof[0]!.slice(6, 8), 16);
    expect(BigInt(proof.proof[17 + batchLeafWords]!) >> 128n).toBe(BigInt(gwBlock));
    expect(BigInt(proof.proof[18 + batchLeafWords]!)).toBe(BigInt(GATEWAY_CHAIN_ID));
  });

  it('gets its Gateway interop root imported on the other chain without any transaction sent there', async () => {
    const { gwBlock, root } = await settle();
    expect(await target.getTransactionCount(wallet.address)).toBe(0);
    expect(await waitImported(gwBlock)).toBe(root);
    expect(await target.getTransactionCount(wallet.address)).toBe(0);
  });

  it('verifies with InteropClient.verifyMessage on the other chain', async () => {
    const { gwBlock } = await settle();
    await waitImported(gwBlock);
    const result = await interop.verifyMessage({ txHash, srcProvider: source, targetChain: target, includeProofInputs: true });
    expect(result.verified).toBe(true);
    expect(result.source).toMatchObject({ chainId: SOURCE_CHAIN_ID, sender: wallet.address, messageHash: keccak256(toUtf8Bytes(text)) });
    expect(result.proof?.gwBlockNumber).toBe(BigInt(gwBlock));
  });

  it('verifies off-chain with eth_call to proveL2MessageInclusionShared on 0x…10009', async () => {
    expect(await proveOffChain(await importedArgs())).toBe(true);
  });

  it('verifies on-chain through a deployed InteropVerification, which records the message', async () => {
    const args = await importedArgs();
    const contract = await verificationContract();
    const messageId = messageIdOf(args);
    expect(await contract.getFunction('verifiedMessages')(messageId)).toBe(false);
    expect(await verifyAndRecord(args)).toEqual({ status: 1, included: true, messageId });
    expect(await contract.getFunction('verifiedMessages')(messageId)).toBe(true);
  });

  it('does not verify once one byte of the message is changed, off-chain nor on-chain, and nothing is recorded', async () => {
    const args = await importedArgs();
    const data = getBytes(args.msgData.data);
    data[0] = data[0]! ^ 0x01;
    const tampered = { ...args, msgData: { ...args.msgData, data: hexlify(data) } };
    expect(await proveOffChain(tampered)).toBe(false);
    const messageId = messageIdOf(tampered);
    expect(await verifyAndRecord(tampered)).toEqual({ status: 1, included: false, messageId });
    expect(await (await verificationContract()).getFunction('verifiedMessages')(messageId)).toBe(false);
  });

  it('does not verify (false, no revert) once one sibling word of the proof is changed', async () => {
    const args = await importedArgs();
    // first and last local-tree sibling, the aggregated root, a sibling in Gateway's shared tree
    const batchLeafWords = Number.parseInt(args.gatewayProof[0]!.slice(6, 8), 16);
    for (const word of [1, 14, 15, 20 + batchLeafWords]) {
      expect(await proveOffChain({ ...args, gatewayProof: withChangedWord(args.gatewayProof, word) }), `proof word ${word} changed`).toBe(false);
    }
    const outcome = await verifyAndRecord({ ...args, gatewayProof: withChangedWord(args.gatewayProof, 1) });
    expect(outcome).toMatchObject({ status: 1, included: false });
  });

  it('reverts with MerkleIndexOutOfBounds once the batch-leaf mask word points past its path', async () => {
    const args = await importedArgs();
    const batchLeafWords = Number.parseInt(args.gatewayProof[0]!.slice(6, 8), 16);
    const proof = [...args.gatewayProof];
    proof[16] = `0x${(1n << BigInt(batchLeafWords)).toString(16).padStart(64, '0')}`;
    const thrown = await proveOffChain({ ...args, gatewayProof: proof }).then(
      () => undefined,
      (e: { error?: { code: number; data: Hex } }) => e,
    );
    expect(thrown?.error?.code).toBe(3);
    expect(decodeErrorResult({ abi: l2MessageVerificationAbi, data: thrown!.error!.data })).toMatchObject({ errorName: 'MerkleIndexOutOfBounds' });
  });

  it('reverts with UnsupportedProofMetadataVersion once the proof metadata word says another version', async () => {
    const args = await importedArgs();
    const proof = [...args.gatewayProof];
    proof[0] = `0x02${proof[0]!.slice(4)}`;
    // zksync-ethers' Provider keeps the node's JSON-RPC error under `error`: code 3 with the revert data.
    const thrown = await proveOffChain({ ...args, gatewayProof: proof }).then(
      () => undefined,
      (e: { error?: { code: number; data: Hex } }) => e,
    );
    expect(thrown?.error?.code).toBe(3);
    const error = thrown!.error!;
    expect(decodeErrorResult({ abi: l2MessageVerificationAbi, data: error.data })).toMatchObject({ errorName: 'UnsupportedProofMetadataVersion', args: [2n] });
  });
});

describe('a message sent by a contract (InteropSendMessage)', () => {
  const text = 'hello from a contract';
  let contractAddress: string;
  let txHash: Hex;

  beforeAll(async () => {
    // zksync-ethers' ContractFactory deploys through ContractDeployer with an EIP-712 transaction and
    // zkEVM bytecode (it refuses this bytecode: "The bytecode length in bytes must be divisible by 32!").
    // Chains here run a plain EVM, so the example is deployed with ethers' ContractFactory: a normal
    // create transaction from an ethers Wallet on a JsonRpcProvider.
    const deployer = new EthersWallet(RICH_KEY, new JsonRpcProvider(net.node(SOURCE_CHAIN_ID).rpcUrl, SOURCE_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 }));
    try {
      const deployed = await new ContractFactory(interopSendMessageAbi as unknown as Interface, interopSendMessageBytecode, deployer).deploy();
      await deployed.waitForDeployment();
      contractAddress = await deployed.getAddress();
    } finally {
      deployer.provider?.destroy();
    }
    // The message itself goes through the zksync-ethers Wallet (EIP-712) calling the contract.
    const sender = new Contract(contractAddress, interopSendMessageAbi, wallet);
    const tx = (await sender.getFunction('sendMessage')(toUtf8Bytes(text))) as types.TransactionResponse;
    await tx.wait();
    txHash = tx.hash as Hex;
  });

  it('is sent in an EIP-712 transaction to the contract, whose L2→L1 log names the contract as sender', async () => {
    const receipt = await source.getTransactionReceipt(txHash);
    expect((await source.getTransaction(txHash)).type).toBe(113);
    expect(receipt?.status).toBe(1);
    expect(receipt?.l2ToL1Logs).toHaveLength(1);
    expect(receipt?.l2ToL1Logs[0]).toMatchObject({
      sender: utils.L1_MESSENGER_ADDRESS.toLowerCase(),
      key: `0x${'00'.repeat(12)}${contractAddress.slice(2).toLowerCase()}`,
      value: keccak256(toUtf8Bytes(text)),
    });
  });

  it('verifies with InteropClient.verifyMessage on the other chain, with the contract as sender', async () => {
    await waitExecuted(txHash);
    const receipt = await source.getTransactionReceipt(txHash);
    await waitImported(await gatewayBlockOfBatch(receipt!.l1BatchNumber!));
    const result = await interop.verifyMessage({ txHash, srcProvider: source, targetChain: target });
    expect(result.verified).toBe(true);
    expect(result.source.sender).toBe(contractAddress);
  });

  it('verifies on-chain through InteropVerification with the arguments InteropClient derives', async () => {
    await waitExecuted(txHash);
    const receipt = await source.getTransactionReceipt(txHash);
    await waitImported(await gatewayBlockOfBatch(receipt!.l1BatchNumber!));
    const derived = (await interop.getVerificationArgs({ txHash, srcProvider: source, targetChain: target })) as unknown as VerificationArgs;
    expect(derived.msgData.sender).toBe(contractAddress);
    const outcome = await verifyAndRecord(derived);
    expect(outcome).toEqual({ status: 1, included: true, messageId: messageIdOf(derived) });
  });
});

describe("the ZKsync server's block tags", () => {
  it("Wallet.getBalance() with its default tag (committed) answers the latest balance", async () => {
    const latest = await source.getBalance(wallet.address, 'latest');
    expect(await wallet.getBalance()).toBe(latest);
  });

  it('eth_getBlockByNumber("committed") is the latest block and "l1_committed" the safe one', async () => {
    // Blocks may seal meanwhile (root imports), so each tag is read between two reads of its twin.
    const numberAt = async (tag: string) => Number(((await source.send('eth_getBlockByNumber', [tag, false])) as { number: string }).number);
    for (const [tag, twin] of [['committed', 'latest'], ['l1_committed', 'safe']] as const) {
      const before = await numberAt(twin);
      const tagged = await numberAt(tag);
      const after = await numberAt(twin);
      expect(tagged, tag).toBeGreaterThanOrEqual(before);
      expect(tagged, tag).toBeLessThanOrEqual(after);
    }
  });
});
