import { describe, expect, it } from 'vitest';
import { startNetwork } from '../../src/network/network.ts';
import type { NetworkDump } from '../../src/store/index.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], profile: 'instant' as const });

describe('network dump and load', () => {
  it('a network loaded from a dump has the same blocks and its messages still verify', async () => {
    const first = await startNetwork(layout());
    const sent = await sendMessage(first.node(271), 'dumped');
    const settled = await waitSettled(first.node(271), first.gateway, sent);
    await waitInteropRoot(first.node(272), 506, settled.gatewayBlock);
    const dump = await first.node(272).client.request<NetworkDump>('zkinterop_dump');
    const head = await first.node(271).client.request<{ hash: string }>('eth_getBlockByNumber', ['latest', false]);
    await first.stop();

    const loaded = await startNetwork({ ...layout(), load: dump });
    try {
      const sameBlock = await loaded.node(271).client.request<{ hash: string }>('eth_getBlockByNumber', ['latest', false]);
      expect(sameBlock.hash).toBe(head.hash);
      expect(await proveOn(loaded.node(272), claimOf(271, settled))).toBe(true);
    } finally {
      await loaded.stop();
    }
  });

  it('a revert also forgets the reverted blocks in the journal', async () => {
    const net = await startNetwork(layout());
    try {
      const id = await net.snapshot();
      const sent = await sendMessage(net.node(271), 'to be forgotten');
      await waitSettled(net.node(271), net.gateway, sent);
      await net.revert(id);
      const dump = await net.dump();
      expect(JSON.stringify(dump.journals['271'] ?? [])).not.toContain(sent.txHash.slice(2, 20));
      const again = await startNetwork({ ...layout(), load: dump });
      try {
        expect(again.node(271).node.blockNumber).toBe(net.node(271).node.blockNumber);
        expect(await again.node(271).client.request('eth_getTransactionReceipt', [sent.txHash])).toBeNull();
      } finally {
        await again.stop();
      }
    } finally {
      await net.stop();
    }
  });

  it('refuses to load a dump into a store that already holds a network', async () => {
    const net = await startNetwork(layout());
    const dump = await net.dump();
    await net.stop();
    const { openMemoryStore, loadDump } = await import('../../src/store/index.ts');
    const store = openMemoryStore();
    await loadDump(store, dump);
    await expect(startNetwork({ ...layout(), store, load: dump })).rejects.toThrow(/already holds a network/);
  });
});
