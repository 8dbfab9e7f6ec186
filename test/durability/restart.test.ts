import { afterAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';
import { postgresBackend, sqliteBackend, type StoreBackend } from '../support/stores.ts';

const pg = await postgresBackend();
const backends: [string, StoreBackend][] = [['sqlite', sqliteBackend()]];
if (!('skip' in pg)) backends.push(['postgres', pg]);
afterAll(async () => {
  for (const [, b] of backends) await b.cleanup();
});

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], profile: 'instant' as const });

describe.each(backends)('restart from a %s store', (_name, backend) => {
  it('brings back blocks, receipts, batches and proofs, and keeps settling', async () => {
    const location = await backend.location();
    let net: Network = await startNetwork({ ...layout(), store: await openStore(location) });
    const sent = await sendMessage(net.node(271), 'survives a restart');
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    const receipt = await net.node(271).client.request<{ blockHash: string }>('eth_getTransactionReceipt', [sent.txHash]);
    const heads = { a: net.node(271).node.blockNumber, gateway: net.gateway.node.blockNumber };
    const lastBatch = await net.node(271).client.request('zks_L1BatchNumber');
    await net.stop();

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    try {
      expect(net.node(271).node.blockNumber).toBeGreaterThanOrEqual(heads.a);
      expect(net.gateway.node.blockNumber).toBeGreaterThanOrEqual(heads.gateway);
      expect(await net.node(271).client.request('eth_getTransactionReceipt', [sent.txHash])).toEqual(receipt);
      expect(await net.node(271).client.request('zks_L1BatchNumber')).toBe(lastBatch);
      expect(await net.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0, 'proof_based_gw'])).toEqual(settled.proof);
      expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);

      const next = await sendMessage(net.node(272), 'sent after the restart');
      const nextSettled = await waitSettled(net.node(272), net.gateway, next);
      await waitInteropRoot(net.node(271), 506, nextSettled.gatewayBlock);
      expect(await proveOn(net.node(271), claimOf(272, nextSettled))).toBe(true);
    } finally {
      await net.stop();
    }
  });

  it('restores a chain added at runtime', async () => {
    const location = await backend.location();
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    await net.addChain({ chainId: 273, port: 0 });
    const sent = await sendMessage(net.node(273), 'from a runtime chain');
    const settled = await waitSettled(net.node(273), net.gateway, sent);
    await net.stop();

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    try {
      expect(net.chains.map((c) => c.chainId)).toEqual([271, 272, 273]);
      await waitInteropRoot(net.node(271), 506, settled.gatewayBlock);
      expect(await proveOn(net.node(271), claimOf(273, settled))).toBe(true);
    } finally {
      await net.stop();
    }
  });
});
