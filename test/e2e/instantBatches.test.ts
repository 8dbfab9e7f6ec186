/**
 * The instant profile (batch time 0) closes a batch with each block that brought user transactions, so a
 * transaction's index in its batch (`l1BatchTxIndex`, Era's number in an L2→L1 log) equals its index in its
 * block (`transactionIndex`, ZKsync OS's number, which zksync-js 0.0.19 puts in its proofs), however the
 * transactions arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, toHex, type Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { l1MessengerAbi } from '../../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS } from '../../src/protocol/constants.ts';
import { pollUntil } from '../support/poll.ts';
import { call } from '../support/httpRpc.ts';

type Receipt = { blockNumber: Hex; transactionIndex: Hex; l1BatchNumber: Hex; l1BatchTxIndex: Hex };

let net: TestNetwork;
beforeAll(async () => {
  net = await createNetwork({ chains: 1, profile: 'instant', l1: false });
});
afterAll(() => net?.stop());

describe('the instant profile', () => {
  it('gives every transaction the same index in its batch as in its block, and a batch per block with transactions', async () => {
    const url = net.chain(271).rpcUrl;
    const rpc = <T>(method: string, params: unknown[]) => call<T>(url, method, params);
    const senders = devAccounts().slice(0, 6).map((a) => a.address);
    // Several senders at once, three rounds: blocks with one and with several transactions.
    const hashes: Hex[] = [];
    for (let round = 0; round < 3; round++) {
      const data = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`round ${round}`)] });
      hashes.push(...(await Promise.all(senders.map((from) => rpc<Hex>('eth_sendTransaction', [{ from, to: L1_MESSENGER_ADDRESS, data }])))));
    }
    const receipts = await Promise.all(hashes.map((h) => pollUntil(() => rpc<Receipt | null>('eth_getTransactionReceipt', [h]), { what: `the receipt of ${h}` })));
    for (const r of receipts) {
      expect(r.l1BatchNumber).not.toBeNull();
      expect(BigInt(r.l1BatchTxIndex)).toBe(BigInt(r.transactionIndex));
    }
    const blocksOfBatch = new Map<string, Set<string>>();
    for (const r of receipts) blocksOfBatch.set(r.l1BatchNumber, (blocksOfBatch.get(r.l1BatchNumber) ?? new Set()).add(r.blockNumber));
    expect([...blocksOfBatch.values()].every((blocks) => blocks.size === 1)).toBe(true);
  });
});
