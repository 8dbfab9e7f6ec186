/**
 * Chains that settle on the L1 directly (issue 13 point 3, SPEC §10), as chains did before Gateway:
 * one named in the start layout, one added at runtime with zkinterop_addChain. Their batches settle on
 * their ZK chain contracts on the L1, their messages verify there with the final proof
 * zks_getL2ToL1LogProof answers without a mode, Gateway-mode proofs get a clear error, and a restart from
 * the store brings them back settling on the L1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, custom, decodeFunctionResult, encodeFunctionData, type Address, type Hex } from 'viem';
import { waitForMessage } from '../../src/sdk/index.ts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { openStore } from '../../src/store/index.ts';
import { sendMessage, type LogProof, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { sqliteBackend } from '../support/stores.ts';

const layout = () => ({
  gateway: { chainId: 506, port: 0 },
  chains: [{ chainId: 271, port: 0 }, { chainId: 273, port: 0, settlesOn: 'l1' as const }],
  l1: { port: 0 },
  profile: 'instant' as const,
});

const backend = sqliteBackend();
afterAll(() => backend.cleanup());

/** A Bridgehub view on the L1, decoded. */
async function bridgehubCall(net: Network, functionName: 'getZKChain' | 'proveL2MessageInclusion', args: readonly unknown[]): Promise<unknown> {
  const data = await net.l1!.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data: encodeFunctionData({ abi: bridgehubAbi, functionName, args } as never) }, 'latest']);
  return decodeFunctionResult({ abi: bridgehubAbi, functionName, data } as never);
}

/** `getTotalBatchesExecuted()` of chain `chainId`'s ZK chain contract on the L1 (found through Bridgehub). */
async function executedOnL1(net: Network, chainId: number): Promise<bigint> {
  const contract = (await bridgehubCall(net, 'getZKChain', [BigInt(chainId)])) as Address;
  const data = await net.l1!.client.request<Hex>('eth_call', [{ to: contract, data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'getTotalBatchesExecuted' }) }, 'latest']);
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName: 'getTotalBatchesExecuted', data }) as bigint;
}

/** Whether Gateway holds a settlement contract for chain `chainId`. */
async function onGateway(net: Network, chainId: number): Promise<boolean> {
  return (await net.gateway.client.request<Hex>('eth_getCode', [chainSettlementAddress(chainId), 'latest'])) !== '0x';
}

/** The proof without a mode of the sent message, once its batch is executed on the L1. */
function proofOf(chain: NetworkNode, sent: SentMessage): Promise<LogProof> {
  return pollUntil(() => chain.client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: `the proof of ${sent.txHash} on chain ${chain.chainId}` });
}

/** Bridgehub.proveL2MessageInclusion on the L1 for `sent` on `chainId` with `proof`. */
function proveOnL1(net: Network, chainId: number, sent: SentMessage, proof: LogProof): Promise<unknown> {
  return bridgehubCall(net, 'proveL2MessageInclusion', [
    BigInt(chainId),
    BigInt(proof.batchNumber),
    BigInt(proof.id),
    { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data },
    proof.proof,
  ]);
}

describe('a chain settling on the L1 directly', () => {
  let net: Network;
  let sent: SentMessage;
  let proof: LogProof;

  beforeAll(async () => {
    net = await startNetwork(layout());
    sent = await sendMessage(net.node(273), 'settled on the L1 directly');
    proof = await proofOf(net.node(273), sent);
  });
  afterAll(() => net?.stop());

  it('settles its batches on its ZK chain contract on the L1', async () => {
    expect(await executedOnL1(net, 273)).toBeGreaterThanOrEqual(BigInt(sent.batchNumber));
  });

  it('is not registered on Gateway', async () => {
    expect(await onGateway(net, 273)).toBe(false);
    expect(await onGateway(net, 271)).toBe(true);
  });

  it("its message verifies on the L1 with the proof answered without a mode (a final proof to its own batch root)", async () => {
    expect(proof.proof.length).toBeGreaterThan(0);
    expect(await proveOnL1(net, 273, sent, proof)).toBe(true);
  });

  it('a changed message does not verify on the L1 with that proof', async () => {
    expect(await proveOnL1(net, 273, { ...sent, data: '0x00' }, proof)).toBe(false);
  });

  it('answers zks_L1ChainId and batch details naming the L1', async () => {
    expect(await net.node(273).client.request('zks_L1ChainId', [])).toBe('0x9');
    const details = await net.node(273).client.request<{ executeChainId: number | null }>('zks_getL1BatchDetails', [proof.batchNumber]);
    expect(details.executeChainId).toBe(9);
  });

  it('refuses a proof_based_gw proof of its messages, saying why', async () => {
    await expect(net.node(273).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0, 'proof_based_gw'])).rejects.toMatchObject({
      rpcCode: -32602,
      data: { code: 'INTEROP_UNSUPPORTED' },
      message: expect.stringMatching(/settles on the L1 directly.*settle the chain on Gateway for interop/s),
    });
  });

  it('runs no watcher for Gateway roots', () => {
    expect(net.relayOf(273)).toBeUndefined();
    expect(net.relayOf(271)).toBeDefined();
  });

  it('waitForMessage refuses it as the target of `imported`, saying why', async () => {
    const other = await sendMessage(net.node(271), 'to a chain on the L1');
    const clientOf = (node: NetworkNode) => createPublicClient({ transport: custom({ request: ({ method, params }) => node.client.request(method, params ?? []) }) });
    await expect(waitForMessage(clientOf(net.node(271)), { txHash: other.txHash, until: 'imported', on: clientOf(net.node(273)), timeoutMs: 30_000 })).rejects.toMatchObject({
      code: 'INTEROP_UNSUPPORTED',
      message: expect.stringMatching(/chain 273 settles on the L1 directly/),
    });
  });

  it('says in the network config that it settles on the L1', async () => {
    const config = await net.node(271).client.request<{ chains: { chainId: number; settlesOn?: string }[] }>('zkinterop_networkConfig', []);
    expect(config.chains.map((c) => [c.chainId, c.settlesOn])).toEqual([[271, undefined], [273, 'l1']]);
  });

  it('a chain added at runtime with settlesOn "l1" settles on the L1 and its message verifies there', async () => {
    const added = await net.node(271).client.request<{ chainId: number }>('zkinterop_addChain', [{ chainId: 274, settlesOn: 'l1' }]);
    expect(added.chainId).toBe(274);
    expect(await onGateway(net, 274)).toBe(false);
    const message = await sendMessage(net.node(274), 'added on the L1');
    const its = await proofOf(net.node(274), message);
    expect(await executedOnL1(net, 274)).toBeGreaterThanOrEqual(BigInt(message.batchNumber));
    expect(await proveOnL1(net, 274, message, its)).toBe(true);
  });
});

describe('a chain whose adding failed after it was registered on the L1', () => {
  it('can be added again only as settling on the L1', async () => {
    const net = await startNetwork(layout());
    try {
      const takenPort = Number(new URL(net.node(271).rpcUrl).port);
      await expect(net.addChain({ chainId: 275, port: takenPort, settlesOn: 'l1' })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
      await expect(net.addChain({ chainId: 275, port: 0 })).rejects.toThrow(/already registered to settle on the L1.*settlesOn "l1"/);
      const added = await net.addChain({ chainId: 275, port: 0, settlesOn: 'l1' });
      expect(net.settlesOnL1(added.chainId)).toBe(true);
    } finally {
      await net.stop();
    }
  });
});

describe('settlesOn "l1" without an L1', () => {
  it('is refused at start, saying the network runs no L1', async () => {
    await expect(startNetwork({ ...layout(), l1: false })).rejects.toThrow(/runs no L1 \(started with --no-l1/);
  });

  it('is refused by zkinterop_addChain with -32602', async () => {
    const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant', l1: false });
    try {
      await expect(net.node(271).client.request('zkinterop_addChain', [{ settlesOn: 'l1' }])).rejects.toMatchObject({ rpcCode: -32602, message: expect.stringMatching(/runs no L1/) });
    } finally {
      await net.stop();
    }
  });
});

describe('a chain settling on the L1 across a restart', () => {
  it('comes back from a SQLite store settling on the L1, the runtime-added one too', async () => {
    const location = await backend.location();
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    await net.addChain({ chainId: 274, port: 0, settlesOn: 'l1' });
    const before = await sendMessage(net.node(273), 'before the restart');
    await proofOf(net.node(273), before);
    await net.stop();

    // Started with the plain layout: the store says which chains settle on the L1.
    net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 273, port: 0 }], profile: 'instant', store: await openStore(location) });
    try {
      expect(net.chains.map((c) => c.chainId).sort()).toEqual([271, 273, 274]);
      for (const chainId of [273, 274]) {
        expect(net.settlesOnL1(chainId)).toBe(true);
        expect(await onGateway(net, chainId)).toBe(false);
        const after = await sendMessage(net.node(chainId), 'after the restart');
        const proof = await proofOf(net.node(chainId), after);
        expect(await executedOnL1(net, chainId)).toBeGreaterThanOrEqual(BigInt(after.batchNumber));
        expect(await proveOnL1(net, chainId, after, proof)).toBe(true);
      }
      expect(await proveOnL1(net, 273, before, await proofOf(net.node(273), before))).toBe(true);
    } finally {
      await net.stop();
    }
  });
});
