/**
 * The "pending" block tag on a node that seals every transaction at once: the pending block is an empty
 * block after the latest, shown as geth shows one (no hash yet), and pending state is the latest state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../../src/testing/index.ts';
import { RICH_ADDRESS, sendMessage } from '../../support/interop.ts';

let net: TestNetwork;
beforeAll(async () => {
  net = await createNetwork({ chains: 1 });
  await sendMessage(net.network.node(271), 'a block with a transaction');
});
afterAll(() => net.stop());

describe('the "pending" block tag', () => {
  it('eth_getBlockByNumber("pending") answers an empty block numbered after the latest, with no hash yet', async () => {
    const latest = await net.chain(271).request<{ number: Hex; hash: Hex }>('eth_getBlockByNumber', ['latest', false]);
    const pending = await net.chain(271).request<Record<string, unknown>>('eth_getBlockByNumber', ['pending', false]);
    expect(pending).toMatchObject({ number: `0x${(BigInt(latest.number) + 1n).toString(16)}`, parentHash: latest.hash, hash: null, nonce: null, miner: null, transactions: [], l1BatchNumber: null });
  });

  it('viem reads the pending block', async () => {
    const latest = await net.chain(271).client.getBlockNumber();
    const pending = await net.chain(271).client.getBlock({ blockTag: 'pending', includeTransactions: true });
    expect(pending.number).toBe(latest + 1n);
    expect(pending.transactions).toEqual([]);
  });

  it('eth_getBalance, eth_getTransactionCount and eth_call answer the latest state for "pending"', async () => {
    const chain = net.chain(271);
    for (const [method, params] of [
      ['eth_getBalance', [RICH_ADDRESS]],
      ['eth_getTransactionCount', [RICH_ADDRESS]],
      ['eth_call', [{ to: '0x000000000000000000000000000000000000800b', data: '0x' }]],
    ] as const) {
      expect(await chain.request(method, [...params, 'pending'])).toEqual(await chain.request(method, [...params, 'latest']));
    }
  });
});
