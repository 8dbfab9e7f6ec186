/**
 * zkinterop_listMessages pages: newest first, `total` counts every match, a stage filter keeps the
 * messages whose batch is at that stage, and offset/limit cut pages out of that one ordering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, toHex, type Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { l1MessengerAbi } from '../../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS } from '../../src/protocol/constants.ts';
import { advance, sealBatch, settleOpenBatch } from '../support/manual.ts';

type Page = { total: number; messages: { txHash: Hex; stage: string }[] };

describe('zkinterop_listMessages', () => {
  let net: TestNetwork;
  /** txHashes in send order, with the stage each one's batch ends at */
  const sent: { txHash: Hex; stage: string }[] = [];

  const list = (filter?: { stage?: string; limit?: number; offset?: number }) => net.chain(271).request<Page>('zkinterop_listMessages', filter ? [filter] : []);

  beforeAll(async () => {
    net = await createNetwork({ chains: 2, manual: true });
    const node = net.network.node(271);
    const from = devAccounts()[0]!.address;
    const send = async (n: number, stage: string) => {
      for (let i = 0; i < n; i++) {
        const data = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`list ${sent.length}`)] });
        sent.push({ txHash: await node.node.sendTransaction({ from, to: L1_MESSENGER_ADDRESS, data, gas: '0x186a0' }), stage });
      }
    };
    await send(4, 'executed');
    await settleOpenBatch(node);
    await send(3, 'committed');
    await sealBatch(node);
    await advance(node, 'commit');
    await send(2, 'sealed');
    await sealBatch(node);
    await send(2, 'included');
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('lists every message newest first with its stage', async () => {
    const page = await list({ limit: 100 });
    expect(page.total).toBe(sent.length);
    expect(page.messages.map((m) => ({ txHash: m.txHash, stage: m.stage }))).toEqual([...sent].reverse());
  });

  it('cuts pages with offset and limit out of the newest-first order, across batch boundaries', async () => {
    const newestFirst = [...sent].reverse().map((m) => m.txHash);
    for (const [offset, limit] of [[0, 1], [1, 3], [2, 5], [5, 4], [10, 5], [11, 3], [0, 0]] as const) {
      const page = await list({ offset, limit });
      expect(page.total).toBe(sent.length);
      expect(page.messages.map((m) => m.txHash)).toEqual(newestFirst.slice(offset, offset + limit));
    }
  });

  it('keeps only the messages at a stage and counts only those in total', async () => {
    for (const stage of ['executed', 'committed', 'sealed', 'included', 'proved']) {
      const expected = [...sent].reverse().filter((m) => m.stage === stage).map((m) => m.txHash);
      const page = await list({ stage, offset: 1, limit: 2 });
      expect(page.total).toBe(expected.length);
      expect(page.messages.map((m) => m.txHash)).toEqual(expected.slice(1, 3));
    }
  });
});
