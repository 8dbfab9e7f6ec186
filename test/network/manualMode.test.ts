/**
 * Manual mode through the harness: nothing seals, settles or imports until told. The network runs
 * without an L1 (`l1: false`): roots import once Gateway executes, with no L1 stage to drive
 * (test/l1/harnessL1.test.ts drives one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { sendMessage, claimOf, proveOn, waitSettled } from '../support/interop.ts';

describe('manual mode', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 2, manual: true, l1: false });
  });
  afterAll(() => net.stop());

  it('a sent message stays in its open batch until the batch is sealed by hand', async () => {
    const a = net.network.node(271);
    const sent = await sendMessage(a, 'manual 1');
    await new Promise((r) => setTimeout(r, 300)); // longer than the default batch time: nothing may move by itself
    expect(a.node.messageLifecycle(sent.txHash)!.stage).toBe('included');
  });

  it('each stage method advances the batch by exactly one stage', async () => {
    const a = net.network.node(271);
    const sent = await sendMessage(a, 'manual 2');
    const stageOf = () => a.node.messageLifecycle(sent.txHash)!.stage;
    await a.client.request('zkinterop_sealBatch');
    expect(stageOf()).toBe('sealed');
    const committed = await a.client.request<{ stage: string; gatewayTxHash: string }>('zkinterop_commitBatch');
    expect(committed.stage).toBe('committed');
    expect(stageOf()).toBe('committed');
    await a.client.request('zkinterop_proveBatch');
    expect(stageOf()).toBe('proved');
    const executed = await a.client.request<{ stage: string; gatewayBlockNumber: number }>('zkinterop_executeBatch');
    expect(executed.stage).toBe('executed');
    expect(stageOf()).toBe('executed');
    expect(await a.client.request('zkinterop_executeBatch')).toBeNull();
  });

  it('an executed root is imported on the other chain only when told', async () => {
    const a = net.network.node(271);
    const b = net.network.node(272);
    const sent = await sendMessage(a, 'manual 3');
    const life = await net.advanceUntil(sent.txHash, 'executed');
    await new Promise((r) => setTimeout(r, 100)); // several watcher polls
    expect(b.node.importedRoot(506, life.gatewayBlockNumber!)).toBeUndefined();
    const imported = await b.client.request<{ roots: { blockNumber: number }[] }>('zkinterop_importInteropRoots');
    expect(imported.roots.map((r) => r.blockNumber)).toContain(life.gatewayBlockNumber);
    const settled = await waitSettled(a, net.network.gateway, sent);
    expect(await proveOn(b, claimOf(271, settled))).toBe(true);
  });

  it('stage methods refuse to run in automatic mode with a clear error', async () => {
    const auto = await createNetwork({ chains: 1 });
    try {
      await expect(auto.network.node(271).client.request('zkinterop_commitBatch')).rejects.toThrow(/needs manual mode/);
    } finally {
      await auto.stop();
    }
  });
});
