/**
 * Transactions from RPC callers are bounded like calls (docs/security.md, "Request limits"): EDR keeps a
 * trace of every step of every transaction of a block in memory until the block is mined, so one
 * signed endless loop with the block gas limit (10^9) would take the process down. A remote caller's
 * transaction may declare at most the RPC gas cap, and a block takes remote transactions only up to
 * that much declared gas in total (the first one always fits); the rest wait for the next block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { post } from '../support/httpRpc.ts';
import { TEST_MNEMONIC_KEYS } from '../../src/network/accounts.ts';
import { pollUntil } from '../support/poll.ts';

const GAS_CAP = 1_000_000n;
const RECIPIENT = '0x1234567890123456789012345678901234567890';

let net: Network;
let url: string;

beforeAll(async () => {
  net = await startNetwork({
    gateway: { chainId: 506, port: 0 },
    chains: [{ chainId: 271, port: 0 }],
    requestLimits: { gasCap: GAS_CAP },
  });
  url = net.node(271).rpcUrl;
});

afterAll(async () => {
  await net?.stop();
});

/** Signs transfers from one mnemonic account with consecutive nonces, each declaring `gas`. */
async function signedTransfers(keyIndex: number, gas: bigint, count: number): Promise<Hex[]> {
  const account = privateKeyToAccount(TEST_MNEMONIC_KEYS[keyIndex]!);
  const nonce = Number(BigInt((await post<Hex>(url, 'eth_getTransactionCount', [account.address, 'latest'])).result!));
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      account.signTransaction({ type: 'eip1559', chainId: 271, nonce: nonce + i, to: RECIPIENT, value: 1n, gas, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }),
    ),
  );
}

/**
 * Sends signed transactions while the chain holds its blocks, so all of them wait for the same next
 * block unless the budget splits them; returns the block each landed in.
 */
async function blocksOf(raws: Hex[]): Promise<number[]> {
  const node = net.node(271).node;
  await node.holdBlockProduction();
  const sent = raws.map((raw) => post<Hex>(url, 'eth_sendRawTransaction', [raw]));
  await pollUntil(() => node.queuedTransactions >= raws.length, { what: `${raws.length} transactions to wait for a block` });
  node.releaseBlockProduction();
  const hashes = await Promise.all(sent.map(async (answer) => (await answer).result!));
  const receipts = await Promise.all(hashes.map((hash) => post<{ blockNumber: Hex }>(url, 'eth_getTransactionReceipt', [hash])));
  return receipts.map((r) => Number(BigInt(r.result!.blockNumber)));
}

describe('a remote caller’s transaction gas', () => {
  it('error: a signed transaction declaring more than the cap is refused with the cap and the flag', async () => {
    const [raw] = await signedTransfers(0, GAS_CAP + 1n, 1);
    const answer = await post(url, 'eth_sendRawTransaction', [raw]);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'TRANSACTION_REJECTED' } });
    expect(answer.error!.message).toContain(`transaction gas limit too high (cap: ${GAS_CAP}, tx: ${GAS_CAP + 1n})`);
    expect(answer.error!.message).toContain('--rpc-gas-cap');
  });

  it('error: eth_sendTransaction declaring more than the cap is refused', async () => {
    const from = privateKeyToAccount(TEST_MNEMONIC_KEYS[1]!).address;
    const answer = await post(url, 'eth_sendTransaction', [{ from, to: RECIPIENT, value: '0x1', gas: `0x${(GAS_CAP + 1n).toString(16)}` }]);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'TRANSACTION_REJECTED' } });
  });

  it('behavior: eth_sendTransaction without gas runs with the cap', async () => {
    const from = privateKeyToAccount(TEST_MNEMONIC_KEYS[1]!).address;
    const hash = (await post<Hex>(url, 'eth_sendTransaction', [{ from, to: RECIPIENT, value: '0x1' }])).result!;
    const tx = (await post<{ gas: Hex }>(url, 'eth_getTransactionByHash', [hash])).result!;
    expect(BigInt(tx.gas)).toBe(GAS_CAP);
  });

  it('behavior: transactions that together fit the block budget share a block', async () => {
    const blocks = await blocksOf(await signedTransfers(2, GAS_CAP / 4n, 3));
    expect(new Set(blocks).size).toBe(1);
  });

  it('behavior: transactions that together exceed the block budget are split over blocks', async () => {
    const blocks = await blocksOf(await signedTransfers(3, (GAS_CAP * 6n) / 10n, 3));
    expect(new Set(blocks).size).toBe(3);
  });
});
