/**
 * zkinterop_killSettlement / zkinterop_restartSettlement on chain 271: while killed, 271 keeps
 * including transactions and sealing batches but sends nothing to Gateway (while chain 272 settles
 * through Gateway as usual); after restart the backlog settles in batch order and every message verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import { RpcClientError } from '../../src/rpc/client.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { allBatchesExecuted, executeBlocks, listFaults, sealedBatchNumbers, settlementCount } from '../support/faults.ts';

let net: TestNetwork;
let a: NetworkNode;
let b: NetworkNode;
let gateway: NetworkNode;
const pileUp: SentMessage[] = [];
let killed: { settlement: string; stepInFlight: boolean };
let committedWhileKilled: number;
let stagesWhileKilled: string[];
let reportWhileKilled: { settlement: string; settlementBacklog: number[] };
let restarted: { settlement: string; backlog: number[] };

beforeAll(async () => {
  net = await createNetwork({ chains: 2, dev: true });
  a = net.network.node(271);
  b = net.network.node(272);
  gateway = net.network.gateway;
  killed = await a.client.request('zkinterop_killSettlement', [271]);
  for (let i = 0; i < 4; i++) pileUp.push(await sendMessage(a, `piled up ${i}`));
  await pollUntil(() => pileUp.every((m) => a.node.messageLifecycle(m.txHash)!.stage === 'sealed'), { what: "271's batches to seal" });
  // Several Gateway blocks go by (272 settles, 271 imports its root): time enough for 271 to have sent something.
  const other = await waitSettled(b, gateway, await sendMessage(b, 'settles while 271 is killed'));
  await waitInteropRoot(a, gateway.chainId, other.gatewayBlock);
  committedWhileKilled = await settlementCount(gateway, 271, 'totalBatchesCommitted');
  stagesWhileKilled = pileUp.map((m) => a.node.messageLifecycle(m.txHash)!.stage);
  reportWhileKilled = (await listFaults(a)).chains.find((c) => c.chainId === 271)!;
  restarted = await a.client.request('zkinterop_restartSettlement', [271]);
});

afterAll(async () => {
  await net?.stop();
});

describe('a killed settlement loop', () => {
  it('leaves sealed batches on the chain with nothing committed on Gateway', () => {
    expect(killed).toMatchObject({ settlement: 'killed', stepInFlight: false });
    expect(stagesWhileKilled).toEqual(pileUp.map(() => 'sealed'));
    expect(committedWhileKilled).toBe(0);
  });

  it('is reported as killed with its backlog of sealed batches', () => {
    expect(reportWhileKilled.settlement).toBe('killed');
    expect(reportWhileKilled.settlementBacklog).toEqual([...new Set(pileUp.map((m) => m.batchNumber))]);
  });

  it('settles the whole backlog in batch order after restart', async () => {
    expect(restarted).toEqual({ chainId: 271, settlement: 'running', backlog: reportWhileKilled.settlementBacklog });
    await pollUntil(() => allBatchesExecuted(a, gateway), { what: "271's backlog to execute" });
    const numbers = sealedBatchNumbers(a);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const blocks = await executeBlocks(a, gateway);
    expect(blocks).toEqual([...blocks].sort((x, y) => x - y));
  });

  it('makes every piled-up message verifiable on the other chain after restart', async () => {
    for (const message of pileUp) {
      const settled = await waitSettled(a, gateway, message);
      await waitInteropRoot(b, gateway.chainId, settled.gatewayBlock);
      expect(await proveOn(b, claimOf(271, settled))).toBe(true);
    }
  });

  it('cannot be killed on Gateway, which has no settlement loop', async () => {
    const error = await a.client.request('zkinterop_killSettlement', [506]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcClientError);
    expect((error as RpcClientError).rpcCode).toBe(-32602);
    expect((error as RpcClientError).message).toMatch(/chain 506 is Gateway/);
  });
});
