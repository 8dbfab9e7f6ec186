/**
 * zks_getL2ToL1LogProof's `"messageRoot"` target, the ZKsync OS server's (`LogProofTarget::MessageRoot`)
 * that zksync-js 0.0.19's interop reads: the proof to the interop root of the Gateway block that executed
 * the batch, answered with that block as `gatewayBlockNumber`, so a client waits for
 * `interopRoots(gatewayChainId, gatewayBlockNumber)` on the destination and verifies with
 * `proveL2MessageInclusionShared`. Null until provable, -32602 for an unknown target, and refused for a
 * chain settling on the L1 directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import type { MessageRootLogProof } from '../../src/wire/types.ts';
import { proofGateway } from '../../src/sdk/internal/proofGateway.ts';
import { getInteropProof } from '../../src/sdk/getInteropProof.ts';
import { gatewayBlockOf, historicalRootOf, proveOn, sendMessage, waitInteropRoot, type LogProof, type SentMessage } from '../support/interop.ts';
import { post } from '../support/httpRpc.ts';
import { pollUntil } from '../support/poll.ts';
import { createPublicClient, custom } from 'viem';

const GATEWAY = 506;
const WORD = /^0x[0-9a-f]{64}$/;

let net: Network;
let sent: SentMessage;
let answer: MessageRootLogProof;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false, profile: 'instant' });
  sent = await sendMessage(net.node(271), 'proved to the message root');
  answer = await pollUntil(() => net.node(271).client.request<MessageRootLogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0, 'messageRoot']), {
    what: `the messageRoot proof of ${sent.txHash}`,
  });
});

afterAll(async () => {
  await net?.stop();
});

describe('zks_getL2ToL1LogProof(tx, i, "messageRoot")', () => {
  it("answers the OS server's shape over HTTP: id, proof, root, batchNumber and gatewayBlockNumber as JSON numbers and words", async () => {
    const { result } = await post<Record<string, unknown>>(net.node(271).rpcUrl, 'zks_getL2ToL1LogProof', [sent.txHash, 0, 'messageRoot']);
    expect(Object.keys(result!).sort()).toEqual(['batchNumber', 'gatewayBlockNumber', 'id', 'proof', 'root']);
    expect(result).toMatchObject({ id: expect.any(Number), batchNumber: sent.batchNumber, gatewayBlockNumber: expect.any(Number), root: expect.stringMatching(WORD) });
    expect((result!.proof as string[]).every((w) => WORD.test(w))).toBe(true);
  });

  it('names as gatewayBlockNumber the Gateway block that executed the batch', async () => {
    const details = await net.node(271).client.request<{ executeTxHash: Hex }>('zks_getL1BatchDetails', [answer.batchNumber]);
    expect(answer.gatewayBlockNumber).toBe(await gatewayBlockOf(net.gateway, details.executeTxHash));
  });

  it('is the proof_based_gw proof word for word, ending at the Gateway block it names', async () => {
    const gw = await net.node(271).client.request<LogProof>('zks_getL2ToL1LogProof', [sent.txHash, 0, 'proof_based_gw']);
    const { gatewayBlockNumber, ...rest } = answer;
    expect(rest).toEqual(gw);
    expect(proofGateway(answer.proof)).toEqual({ gatewayChainId: GATEWAY, gatewayBlockNumber });
  });

  it('verifies on 272 with proveL2MessageInclusionShared once the root of gatewayBlockNumber is imported there', async () => {
    const imported = await waitInteropRoot(net.node(272), GATEWAY, answer.gatewayBlockNumber);
    expect(imported).toBe(await historicalRootOf(net.gateway, answer.gatewayBlockNumber));
    const claim = { chainId: 271, batchNumber: answer.batchNumber, index: answer.id, txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data, proof: answer.proof };
    expect(await proveOn(net.node(272), claim)).toBe(true);
  });

  it('answers null for a log index the transaction does not have', async () => {
    expect(await net.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 1, 'messageRoot'])).toBeNull();
  });

  it('answers -32602 for an unknown target, naming the accepted ones', async () => {
    const { error } = await post(net.node(271).rpcUrl, 'zks_getL2ToL1LogProof', [sent.txHash, 0, 'messageroot']);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toMatch(/unknown proof target "messageroot"/);
    for (const target of ['"messageRoot"', '"proof_based_gw"', '"gw_message_root"', '"l1BatchRoot"']) expect(error?.message).toContain(target);
  });

  it('takes "l1BatchRoot" as no target (the final proof without an L1)', async () => {
    const none = await net.node(271).client.request<LogProof>('zks_getL2ToL1LogProof', [sent.txHash, 0]);
    expect(await net.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0, 'l1BatchRoot'])).toEqual(none);
  });

  it("getInteropProof (the SDK) reads the target's gatewayBlockNumber", async () => {
    const node = net.node(271);
    const client = createPublicClient({ transport: custom({ request: ({ method, params }) => node.client.request(method, params ?? []) }) });
    const proof = await getInteropProof(client, { txHash: sent.txHash });
    expect(proof).toMatchObject({ gatewayChainId: GATEWAY, gatewayBlockNumber: answer.gatewayBlockNumber, proof: answer.proof, batchNumber: answer.batchNumber });
  });
});

describe('the "messageRoot" target, stepped by hand', () => {
  let manual: Network;
  beforeAll(async () => {
    manual = await startNetwork({
      gateway: { chainId: GATEWAY, port: 0 },
      chains: [{ chainId: 271, port: 0 }, { chainId: 273, port: 0, settlesOn: 'l1' }],
      l1: { port: 0 },
      profile: 'instant',
      manual: true,
    });
  });
  afterAll(() => manual?.stop());

  it('is null until the batch is executed on Gateway, then answers', async () => {
    const chain = manual.node(271);
    const message = await sendMessage(chain, 'not executed yet');
    const ask = () => chain.client.request<MessageRootLogProof | null>('zks_getL2ToL1LogProof', [message.txHash, 0, 'messageRoot']);
    expect(await ask()).toBeNull();
    await chain.node.sealBatch();
    for (const stage of ['commit', 'prove'] as const) {
      await chain.node.advanceSettlement(stage);
      expect(await ask()).toBeNull();
    }
    await chain.node.advanceSettlement('execute');
    expect((await ask())?.gatewayBlockNumber).toEqual(expect.any(Number));
  });

  it('is refused for a chain settling on the L1 directly, as proof_based_gw is (INTEROP_UNSUPPORTED)', async () => {
    const message = await sendMessage(manual.node(273), 'on a chain settling on the L1');
    await expect(manual.node(273).client.request('zks_getL2ToL1LogProof', [message.txHash, 0, 'messageRoot'])).rejects.toMatchObject({
      rpcCode: -32602,
      data: { code: 'INTEROP_UNSUPPORTED' },
      message: expect.stringMatching(/chain 273 settles on the L1 directly, so a messageRoot proof of its messages cannot be had/),
    });
  });
});
