/**
 * The L1's timing (issue 13): each profile times the L1 and Gateway's settlement on it (`L1_PROFILES`),
 * `realistic` with longer, Ethereum-like delays; zkinterop_networkConfig shows them only in a network
 * with an L1, and zkinterop_setStageDelays changes Gateway's delays on the L1 apart from the chains'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { L1_PROFILES, PROFILES } from '../../src/network/profiles.ts';
import type { NetworkConfig } from '../../src/wire/types.ts';

const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }] };

describe('the realistic profile with an L1', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({ ...layout, l1: { port: 0 }, profile: 'realistic' });
  });
  afterAll(() => net?.stop());

  it("shows the L1's delays in zkinterop_networkConfig, beside the chains'", async () => {
    const config = await net.node(271).client.request<NetworkConfig>('zkinterop_networkConfig');
    expect(config.delays).toEqual({ ...PROFILES.realistic, l1: L1_PROFILES.realistic });
    expect(config.l1).toMatchObject({ chainId: 9, role: 'l1' });
  });

  it("times Gateway's batches and stages on the L1 longer than a chain's on Gateway", () => {
    const { blockTimeMs: _block, ...gatewayOnL1 } = L1_PROFILES.realistic;
    expect(net.gateway.node.delays()).toEqual(gatewayOnL1);
    expect(L1_PROFILES.realistic.batchTimeMs).toBeGreaterThan(PROFILES.realistic.batchTimeMs);
    expect(L1_PROFILES.realistic.proveMs).toBeGreaterThan(PROFILES.realistic.proveMs);
    expect(L1_PROFILES.realistic.blockTimeMs).toBeGreaterThan(0);
  });

  it("changes Gateway's delays on the L1 through zkinterop_setStageDelays without touching the chains'", async () => {
    const delays = await net.node(271).client.request<NetworkConfig['delays']>('zkinterop_setStageDelays', [{ l1: { commitMs: 10, proveMs: 20 } }]);
    expect(delays.l1).toEqual({ ...L1_PROFILES.realistic, commitMs: 10, proveMs: 20 });
    expect(net.gateway.node.delays()).toMatchObject({ commitMs: 10, proveMs: 20, executeMs: L1_PROFILES.realistic.executeMs });
    expect(net.node(271).node.delays()).toMatchObject({ commitMs: PROFILES.realistic.commitMs, proveMs: PROFILES.realistic.proveMs });
  });
});

describe('the default profile with an L1', () => {
  it("gives Gateway on the L1 the chains' batch time, no stage delays, and the L1 no block time", async () => {
    const net = await startNetwork({ ...layout, l1: { port: 0 } });
    try {
      const config = await net.node(271).client.request<NetworkConfig>('zkinterop_networkConfig');
      expect(config.delays.l1).toEqual({ blockTimeMs: 0, batchTimeMs: PROFILES.default.batchTimeMs, commitMs: 0, proveMs: 0, executeMs: 0 });
    } finally {
      await net.stop();
    }
  });
});

describe('a network without an L1', () => {
  it('shows no L1 delays in zkinterop_networkConfig', async () => {
    const net = await startNetwork({ ...layout, l1: false, profile: 'realistic' });
    try {
      const config = await net.node(271).client.request<NetworkConfig>('zkinterop_networkConfig');
      expect(config.delays).toEqual(PROFILES.realistic);
      expect(config.delays.l1).toBeUndefined();
    } finally {
      await net.stop();
    }
  });
});
