import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/testing/index.ts';
import { L1_PROFILES, PROFILES } from '../../src/network/profiles.ts';
import { sendMessage } from '../support/interop.ts';

function gap(steps: { step: string; at: number }[], from: string, to: string): number {
  return steps.find((s) => s.step === to)!.at - steps.find((s) => s.step === from)!.at;
}

describe('timing profiles and stage delays', () => {
  it('stage delays set through the dev namespace hold each stage back at least that long', async () => {
    const net = await createNetwork({ chains: 1 });
    try {
      const a = net.network.node(271);
      const delays = await a.client.request('zkinterop_setStageDelays', [{ commitMs: 150, proveMs: 120, executeMs: 100 }]);
      expect(delays).toMatchObject({ commitMs: 150, proveMs: 120, executeMs: 100 });
      const sent = await sendMessage(a, 'slow stages');
      const life = await net.advanceUntil(sent.txHash, 'executed');
      expect(gap(life.steps, 'sealed', 'committed')).toBeGreaterThanOrEqual(150);
      expect(gap(life.steps, 'committed', 'proved')).toBeGreaterThanOrEqual(120);
      expect(gap(life.steps, 'proved', 'executed')).toBeGreaterThanOrEqual(100);
    } finally {
      await net.stop();
    }
  });

  it('the realistic profile keeps a batch open for its batch time', async () => {
    const net = await createNetwork({ chains: 1, profile: 'realistic' });
    try {
      const a = net.network.node(271);
      expect((await a.client.request<{ delays: unknown }>('zkinterop_networkConfig')).delays).toEqual({ ...PROFILES.realistic, l1: L1_PROFILES.realistic });
      await a.client.request('zkinterop_setStageDelays', [{ commitMs: 0, proveMs: 0, executeMs: 0 }]);
      const sent = await sendMessage(a, 'realistic');
      const life = await net.advanceUntil(sent.txHash, 'sealed', { timeoutMs: 30_000 });
      expect(gap(life.steps, 'included', 'sealed')).toBeGreaterThanOrEqual(PROFILES.realistic.batchTimeMs - 5);
    } finally {
      await net.stop();
    }
  });
});
