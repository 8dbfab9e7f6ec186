/**
 * Gateway paused under load: 150 messages are sent on chains 271 and 272 while Gateway seals no block.
 * Chains keep answering (every send gets its hash and receipt) and keep sealing batches; their
 * settlement transactions wait in Gateway's queue. After resume, every batch settles in order and every
 * message verifies on the other chain: nothing is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { RpcClientError } from '../../src/rpc/client.ts';
import { allBatchesExecuted, executeBlocks, listFaults, sealedBatchNumbers, settlementCount } from '../support/faults.ts';

const WAVES = 5;
const SENDERS = 15; // per chain and wave: 2 × 5 × 15 = 150 messages
const senders = devAccounts().slice(0, SENDERS).map((a) => privateKeyToAddress(a.privateKey));

let net: TestNetwork;
let a: NetworkNode;
let b: NetworkNode;
let gateway: NetworkNode;
const sent: { from: NetworkNode; to: NetworkNode; message: SentMessage }[] = [];
let gatewayBlockAtPause: number;
let gatewayBlockBeforeResume: number;
let committedAtPause: Map<number, number>;
let committedBeforeResume: Map<number, number>;
let sealedDuringPause: Map<number, number[]>;
let pendingWhilePaused: number;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, dev: true });
  a = net.network.node(271);
  b = net.network.node(272);
  gateway = net.network.gateway;
  const paused = await a.client.request<{ paused: boolean; gatewayBlock: number }>('zkinterop_pauseGateway');
  gatewayBlockAtPause = paused.gatewayBlock;
  committedAtPause = new Map([[271, await settlementCount(gateway, 271, 'totalBatchesCommitted')], [272, await settlementCount(gateway, 272, 'totalBatchesCommitted')]]);
  const sealedBefore = new Map([[271, sealedBatchNumbers(a)], [272, sealedBatchNumbers(b)]]);
  for (let wave = 0; wave < WAVES; wave++) {
    const results = await Promise.all(
      senders.flatMap((from, i) => [
        sendMessage(a, `271 wave ${wave} sender ${i}`, from).then((message) => ({ from: a, to: b, message })),
        sendMessage(b, `272 wave ${wave} sender ${i}`, from).then((message) => ({ from: b, to: a, message })),
      ]),
    );
    sent.push(...results);
  }
  sealedDuringPause = new Map([a, b].map((c) => [c.chainId, sealedBatchNumbers(c).filter((n) => !sealedBefore.get(c.chainId)!.includes(n))]));
  // Both chains' settlement loops have their next Gateway transaction queued behind the pause.
  pendingWhilePaused = await pollUntil(async () => {
    const report = await listFaults(gateway);
    return report.gateway.pendingTransactions >= 2 ? report.gateway.pendingTransactions : undefined;
  }, { what: "both chains' settlement transactions to wait in paused Gateway's queue" });
  gatewayBlockBeforeResume = Number(BigInt(await gateway.client.request<Hex>('eth_blockNumber')));
  committedBeforeResume = new Map([[271, await settlementCount(gateway, 271, 'totalBatchesCommitted')], [272, await settlementCount(gateway, 272, 'totalBatchesCommitted')]]);
  await b.client.request('zkinterop_resumeGateway');
});

afterAll(async () => {
  await net?.stop();
});

describe('a Gateway paused during a load of 150 messages', () => {
  it('gives every message sent while paused its hash and a successful receipt', () => {
    expect(sent).toHaveLength(2 * WAVES * SENDERS);
    for (const { message } of sent) {
      expect(message.txHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(message.batchNumber).toBeGreaterThan(0);
    }
  });

  it('seals no Gateway block and commits nothing while paused, with the chains\' settlement transactions waiting in its queue', () => {
    expect(gatewayBlockBeforeResume).toBe(gatewayBlockAtPause);
    expect(committedBeforeResume).toEqual(committedAtPause);
    expect(pendingWhilePaused).toBe(2);
  });

  it('lets both chains seal batches while Gateway is paused', () => {
    expect(sealedDuringPause.get(271)!.length).toBeGreaterThan(0);
    expect(sealedDuringPause.get(272)!.length).toBeGreaterThan(0);
  });

  it('executes every batch of both chains after resume, with no gap in batch numbers and in batch order', async () => {
    for (const chain of [a, b]) {
      await pollUntil(() => allBatchesExecuted(chain, gateway), { what: `every batch of chain ${chain.chainId} to execute`, timeoutMs: 60_000 });
      const numbers = sealedBatchNumbers(chain);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const blocks = await executeBlocks(chain, gateway);
      expect(blocks).toEqual([...blocks].sort((x, y) => x - y));
      expect(blocks[0]).toBeGreaterThan(gatewayBlockAtPause);
    }
  });

  it('makes every message verifiable on the other chain after resume', async () => {
    let verified = 0;
    for (const { from, to, message } of sent) {
      const settled = await waitSettled(from, gateway, message);
      await waitInteropRoot(to, gateway.chainId, settled.gatewayBlock);
      if (await proveOn(to, claimOf(from.chainId, settled))) verified++;
    }
    expect(verified).toBe(sent.length);
  });

  it('reports the pause and the resume in zkinterop_listFaults', async () => {
    const report = await listFaults(a);
    expect(report.access).toBe('open');
    expect(report.gateway.paused).toBe(false);
    expect(report.events.map((e) => e.kind)).toEqual(['gatewayPaused', 'gatewayResumed']);
  });
});

describe('a network whose Gateway is paused with settlement waiting on it', () => {
  it('refuses a snapshot, saying to resume Gateway first', async () => {
    const other = await createNetwork({ chains: 1, dev: true });
    try {
      await other.gateway.request('zkinterop_pauseGateway');
      const error = await other.gateway.request('zkinterop_snapshot').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcClientError);
      expect((error as RpcClientError).rpcCode).toBe(-32602);
      expect((error as RpcClientError).message).toMatch(/Gateway is paused: call zkinterop_resumeGateway first/);
    } finally {
      await other.stop();
    }
  });

  it('stops cleanly', async () => {
    const other = await createNetwork({ chains: 1, dev: true });
    await other.gateway.request('zkinterop_pauseGateway');
    await sendMessage(other.network.node(271), 'its commit waits on the paused Gateway');
    await pollUntil(async () => (await listFaults(other.network.gateway)).gateway.pendingTransactions === 1, { what: "271's commit to wait in Gateway's queue" });
    await expect(other.stop()).resolves.toBeUndefined();
  });
});
