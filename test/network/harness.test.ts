import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/testing/index.ts';
import { claimOf, proveOn, sendMessage, waitSettled } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

describe('test harness', () => {
  it('starts and stops 20 times without leaking handles', async () => {
    const handlesBefore = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    for (let i = 0; i < 20; i++) {
      const net = await createNetwork({ chains: 1 });
      expect(await net.chain(271).request('eth_chainId')).toBe('0x10f');
      await net.stop();
    }
    // Closed server handles are released by libuv on a later tick: wait for that, with a deadline.
    const handlesAfter = await pollUntil(
      () => {
        const n = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
        return n <= handlesBefore ? n : undefined;
      },
      { what: 'every server handle of the 20 networks to be released', timeoutMs: 5_000 },
    );
    expect(handlesAfter).toBeLessThanOrEqual(handlesBefore);
  });

  it('advanceUntil imported makes a message verifiable on the other chain', async () => {
    const net = await createNetwork({ chains: 2 });
    try {
      const a = net.network.node(271);
      const sent = await sendMessage(a, 'harness');
      await net.advanceUntil(sent.txHash, 'imported', { on: 272 });
      const settled = await waitSettled(a, net.network.gateway, sent);
      expect(await proveOn(net.network.node(272), claimOf(271, settled))).toBe(true);
    } finally {
      await net.stop();
    }
  });

  it('revert returns every chain, Gateway and the message index to the snapshot', async () => {
    const net = await createNetwork({ chains: 2 });
    try {
      const a = net.network.node(271);
      const before = await sendMessage(a, 'before snapshot');
      await net.advanceUntil(before.txHash, 'imported');
      const id = await net.snapshot();
      const blocks = { a: a.node.blockNumber, gateway: net.network.gateway.node.blockNumber };
      const after = await sendMessage(a, 'after snapshot');
      await net.advanceUntil(after.txHash, 'imported');
      await net.revert(id);
      expect(a.node.blockNumber).toBe(blocks.a);
      expect(net.network.gateway.node.blockNumber).toBe(blocks.gateway);
      expect(a.node.messageLifecycle(after.txHash)).toBeUndefined();
      expect(await a.client.request('eth_getTransactionReceipt', [after.txHash])).toBeNull();
      // The network keeps working after the revert: a new message settles and verifies.
      const again = await sendMessage(a, 'after revert');
      await net.advanceUntil(again.txHash, 'imported', { on: 272 });
      const settled = await waitSettled(a, net.network.gateway, again);
      expect(await proveOn(net.network.node(272), claimOf(271, settled))).toBe(true);
    } finally {
      await net.stop();
    }
  });
});
