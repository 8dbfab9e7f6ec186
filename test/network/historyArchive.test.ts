/**
 * Settled history served from the archive (src/store/historyArchive.ts): once a batch is older than
 * the newest executed batches the books keep in memory, its hashes and logs are read back from the
 * archive, and every answer about it is the same, byte for byte, as before it moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, toHex, type Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { l1MessengerAbi } from '../../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS } from '../../src/protocol/constants.ts';
import { EXECUTED_BATCHES_IN_MEMORY } from '../../src/chain/batcher.ts';
import { settleOpenBatch } from '../support/manual.ts';

describe('history archive', () => {
  let net: TestNetwork;
  let first: Hex;
  const calls = (hash: Hex): [string, unknown[]][] => [
    ['eth_getTransactionReceipt', [hash]],
    ['eth_getTransactionByHash', [hash]],
    ['zks_getTransactionDetails', [hash]],
    ['zks_getL2ToL1LogProof', [hash, 0, 'proof_based_gw']],
    ['zkinterop_getMessageLifecycle', [hash, 0]],
    ['zks_getL1BatchDetails', [1]],
  ];
  const answers = (hash: Hex) => Promise.all(calls(hash).map(([method, params]) => net.chain(271).request(method, params).then((r) => JSON.stringify(r))));
  let before: string[];
  let messageHash: Hex;

  beforeAll(async () => {
    net = await createNetwork({ chains: 2, manual: true, l1: false });
    const node = net.network.node(271);
    const from = devAccounts()[0]!.address;
    const send = async (text: string) => {
      const data = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(text)] });
      return node.node.sendTransaction({ from, to: L1_MESSENGER_ADDRESS, data, gas: '0x186a0' });
    };
    first = await send('the oldest message');
    await settleOpenBatch(node);
    before = await answers(first);
    messageHash = node.node.txLocation(first)!.logs[0]!.value;
    // Enough later executed batches to move batch 1 out of memory, and one more block to trigger it.
    for (let i = 0; i <= EXECUTED_BATCHES_IN_MEMORY; i++) {
      await send(`later ${i}`);
      await settleOpenBatch(node);
    }
    await send('the newest message');
  });

  afterAll(() => net?.stop());

  it('moves an old executed batch out of memory', () => {
    const batch = net.network.node(271).node.batches[1]!;
    expect(Array.isArray(batch.logs) && batch.logs.length).toBe(1);
    expect(() => batch.logs.push(batch.logs[0]!)).toThrow(/read-only/);
  });

  it('answers receipts, transactions, details, proofs and lifecycles of an archived batch byte for byte as before', async () => {
    expect(await answers(first)).toEqual(before);
  });

  it('finds a message of an archived batch by its message hash', async () => {
    const lifecycle = await net.chain(271).request<{ txHash: Hex }>('zkinterop_getMessageLifecycle', [messageHash]);
    expect(lifecycle.txHash).toBe(first);
  });
});
