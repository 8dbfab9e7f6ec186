/**
 * The SDK against a network in automatic mode (instant profile): a message goes from 271 to 272 by
 * itself; each action is checked on it, plus the errors a caller can meet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custom, createPublicClient, keccak256, stringToHex, type Client, type Hex } from 'viem';
import { deployContract, readContract, writeContract } from 'viem/actions';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { interopSendMessageAbi, interopSendMessageBytecode, interopVerificationAbi } from '../../src/contracts/index.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import {
  createChainClients,
  deployInteropVerifier,
  getInteropProof,
  getMessageStatus,
  getNetworkConfig,
  MessageNotFoundError,
  sendMessage,
  traceMessage,
  verifyMessage,
  verifyMessageOnchain,
  VerificationRevertedError,
  waitForMessage,
  WaitTimeoutError,
  type CreateChainClientsReturnType,
  type GetInteropProofReturnType,
  type WaitForMessageProgress,
} from '../../src/sdk/index.ts';

const KEY: Hex = '0x7726827caac94a7f9e1b160f7ea819f172f7b6f9d2a97f992c38edeab82d4110';

let net: TestNetwork;
let a: CreateChainClientsReturnType;
let b: CreateChainClientsReturnType;
/** one message sent in setup and waited for until verifiable on 272 */
let sent: Awaited<ReturnType<typeof sendMessage>>;
let proof: GetInteropProofReturnType;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, profile: 'instant' });
  a = await createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: KEY });
  b = await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: KEY });
  sent = await sendMessage(a.walletClient!, { message: 'hello from 271' });
  proof = (await waitForMessage(a.publicClient, { txHash: sent.txHash, until: 'verifiable', on: b.publicClient, timeoutMs: 30_000 })).proof!;
});
afterAll(() => net?.stop());

/** A client whose node answers -32601 to every zkinterop_* method, like a non-zkinterop node. */
function withoutDevNamespace(url: string): Client {
  const upstream = createPublicClient({ transport: custom({ request: ({ method, params }) => fetchRpc(url, method, params) }) });
  return createPublicClient({
    transport: custom({
      async request({ method, params }) {
        if (String(method).startsWith('zkinterop_')) throw Object.assign(new Error(`the method ${method} does not exist`), { code: -32601 });
        return upstream.request({ method, params } as never);
      },
    }),
  });
}

async function fetchRpc(url: string, method: string, params: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.result;
}

describe('createChainClients', () => {
  it('defines the chain from the node’s own eth_chainId', () => {
    expect(a.chainId).toBe(271);
    expect(a.publicClient.chain.id).toBe(271);
    expect(b.walletClient!.chain.id).toBe(272);
  });

  it('rejects a URL that is not http(s) as an invalid argument', async () => {
    await expect(createChainClients({ rpcUrl: 'localhost:3050' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('sendMessage', () => {
  it('returns the transaction and keccak256 of the message bytes, sent as UTF-8 for text', () => {
    expect(sent.message).toBe(stringToHex('hello from 271'));
    expect(sent.messageHash).toBe(keccak256(sent.message));
    expect(sent.sender.toLowerCase()).toBe(a.walletClient!.account.address.toLowerCase());
  });

  it('sends 0x-hex as those very bytes', async () => {
    const result = await sendMessage(a.walletClient!, { message: '0xdeadbeef' });
    expect(result.message).toBe('0xdeadbeef');
  });

  it('refuses a wallet client without an account', async () => {
    const { publicClient } = await createChainClients({ rpcUrl: net.chain(271).rpcUrl });
    await expect(sendMessage(publicClient, { message: 'x' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('getMessageStatus', () => {
  it('reports executed once the batch settled on Gateway', async () => {
    expect(await getMessageStatus(a.publicClient, { txHash: sent.txHash })).toBe('executed');
  });

  it('throws MessageNotFoundError for a transaction the chain does not know', async () => {
    await expect(getMessageStatus(a.publicClient, { txHash: `0x${'ab'.repeat(32)}` })).rejects.toBeInstanceOf(MessageNotFoundError);
  });

  it('falls back to zks_getTransactionDetails on a node without the zkinterop namespace', async () => {
    expect(await getMessageStatus(withoutDevNamespace(net.chain(271).rpcUrl), { txHash: sent.txHash })).toBe('executed');
  });
});

describe('waitForMessage', () => {
  it('reports each stage once and in order through onProgress', async () => {
    const next = await sendMessage(a.walletClient!, { message: 'progress' });
    const seen: WaitForMessageProgress['stage'][] = [];
    const result = await waitForMessage(a.publicClient, { txHash: next.txHash, until: 'verifiable', on: b.publicClient, onProgress: (p) => seen.push(p.stage) });
    expect(result.stage).toBe('verifiable');
    const order = ['included', 'sealed', 'committed', 'proved', 'executed', 'imported', 'verifiable'];
    expect(seen).toEqual([...seen].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe('verifiable');
  });

  it('returns at once for a stage already passed', async () => {
    const result = await waitForMessage(a.publicClient, { txHash: sent.txHash, until: 'sealed' });
    expect(result.stage).toBe('executed');
  });

  it('throws WaitTimeoutError naming the last stage seen when the deadline passes first', async () => {
    const error = await waitForMessage(a.publicClient, { txHash: `0x${'cd'.repeat(32)}`, until: 'executed', timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).code).toBe('WAIT_TIMEOUT');
    expect((error as WaitTimeoutError).lastStage).toBeNull();
  });

  it('needs the target client to wait for imported', async () => {
    await expect(waitForMessage(a.publicClient, { txHash: sent.txHash, until: 'imported' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('getInteropProof', () => {
  it('gives the source chain, batch, log id, message and the Gateway block of the proof', () => {
    expect(proof).toMatchObject({ chainId: 271, index: expect.any(Number), gatewayChainId: 506, txHash: sent.txHash, messageHash: sent.messageHash });
    expect(proof.message).toEqual({ txNumberInBatch: expect.any(Number), sender: sent.sender, data: sent.message });
    expect(proof.gatewayBlockNumber).toBeGreaterThan(0);
    expect(proof.proof.length).toBeGreaterThan(16);
  });

  it('names a contract as the sender when a contract calls sendToL1', async () => {
    const deployHash = await deployContract(a.walletClient!, { abi: interopSendMessageAbi, bytecode: interopSendMessageBytecode });
    const { contractAddress } = await a.publicClient.waitForTransactionReceipt({ hash: deployHash, pollingInterval: 10 });
    const txHash = await writeContract(a.walletClient!, { address: contractAddress!, abi: interopSendMessageAbi, functionName: 'sendMessage', args: ['0x0102'] });
    const { proof: viaContract } = await waitForMessage(a.publicClient, { txHash, until: 'verifiable', on: b.publicClient });
    expect(viaContract!.message.sender.toLowerCase()).toBe(contractAddress!.toLowerCase());
    expect(await verifyMessage(b.publicClient, viaContract!)).toBe(true);
  });

  it('throws MessageNotFoundError for a message index the transaction does not have', async () => {
    await expect(getInteropProof(a.publicClient, { txHash: sent.txHash, index: 1 })).rejects.toBeInstanceOf(MessageNotFoundError);
  });
});

describe('verifyMessage', () => {
  it('is true on the target chain for the proof of a sent message', async () => {
    expect(await verifyMessage(b.publicClient, proof)).toBe(true);
  });

  it('is false for a message that was not sent', async () => {
    expect(await verifyMessage(b.publicClient, { ...proof, message: { ...proof.message, data: stringToHex('forged') } })).toBe(false);
  });

  it('throws VerificationRevertedError for a malformed (empty) proof', async () => {
    await expect(verifyMessage(b.publicClient, { ...proof, proof: [] })).rejects.toBeInstanceOf(VerificationRevertedError);
  });
});

describe('verifyMessageOnchain', () => {
  it('proves the message in a transaction and the verifier records it', async () => {
    const { address } = await deployInteropVerifier(b.walletClient!);
    const result = await verifyMessageOnchain(b.walletClient!, { verifierAddress: address, ...proof });
    expect(result.verified).toBe(true);
    expect(await readContract(b.publicClient, { address, abi: interopVerificationAbi, functionName: 'verifiedMessages', args: [result.messageId] })).toBe(true);
  });
});

describe('traceMessage', () => {
  it('lists every step in order with where it happened, Gateway\'s batch on the L1 included, ending verified on the target', async () => {
    const trace = await traceMessage({ source: a.publicClient, gateway: net.chain(506).client, targets: [b.publicClient] }, { txHash: sent.txHash });
    expect(trace.steps.map((s) => [s.step, s.chainId])).toEqual([
      ['sent', 271],
      ['included', 271],
      ['sealed', 271],
      ['committed', 506],
      ['proved', 506],
      ['executed', 506],
      ['interopRoot', 506],
      ['committedOnL1', 9],
      ['provedOnL1', 9],
      ['executedOnL1', 9],
      ['imported', 272],
      ['verified', 272],
    ]);
    expect(trace.complete).toBe(true);
    expect(trace.steps.every((s) => typeof s.at === 'number')).toBe(true);
    expect(trace.steps.find((s) => s.step === 'committed')!.gatewayBlockNumber).toBeGreaterThan(0);
    expect(trace.steps.find((s) => s.step === 'interopRoot')!.gatewayBlockNumber).toBe(proof.gatewayBlockNumber);
  });
});

describe('getNetworkConfig', () => {
  it('lists Gateway and both chains with their endpoints', async () => {
    const config = await getNetworkConfig(a.publicClient);
    expect(config.gateway.chainId).toBe(506);
    expect(config.chains.map((c) => [c.chainId, c.rpcUrl])).toEqual([
      [271, net.chain(271).rpcUrl],
      [272, net.chain(272).rpcUrl],
    ]);
  });
});
