/**
 * The dev methods' changes survive a restart from a SQLite store: account state, impersonation (and the
 * transactions an impersonated account sent), the time offset and a pending next-block timestamp are
 * journaled between blocks and replayed in their place. Manual mode keeps background blocks (root
 * imports) from using up the pending timestamp before the restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { call } from '../support/httpRpc.ts';
import { sqliteBackend } from '../support/stores.ts';

const CONTRACT = '0x2222222222222222222222222222222222222222';
const COUNTED = '0x3333333333333333333333333333333333333333';
const IMPERSONATED = '0x4444444444444444444444444444444444444444';
const RETURNS_42 = '0x602a60005260206000f3';
const YEAR = 365 * 24 * 3600;
const backend = sqliteBackend();
const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], profile: 'instant' as const, manual: true });

let net: Network;
let sentHash: string;
let sentReceipt: unknown;
let head: unknown;
let nextTimestamp: number;

beforeAll(async () => {
  const location = await backend.location();
  net = await startNetwork({ ...layout(), store: await openStore(location) });
  const a = net.node(271).rpcUrl;
  await call(a, 'hardhat_setCode', [CONTRACT, RETURNS_42]);
  await call(a, 'hardhat_setStorageAt', [CONTRACT, '0x1', '0x2a']);
  await call(a, 'hardhat_setNonce', [COUNTED, '0x7']);
  await call(a, 'hardhat_setBalance', [IMPERSONATED, '0xde0b6b3a7640000']);
  await call(a, 'hardhat_impersonateAccount', [IMPERSONATED]);
  sentHash = await call<string>(a, 'eth_sendTransaction', [{ from: IMPERSONATED, to: COUNTED, value: '0x5' }]);
  sentReceipt = await call(a, 'eth_getTransactionReceipt', [sentHash]);
  await call(a, 'hardhat_setBalance', [COUNTED, '0x99']);
  const latest = await call<{ timestamp: string }>(a, 'eth_getBlockByNumber', ['latest', false]);
  nextTimestamp = Number(latest.timestamp) + 10 * 24 * 3600;
  await call(a, 'evm_setNextBlockTimestamp', [nextTimestamp]);
  await call(net.node(272).rpcUrl, 'evm_increaseTime', [YEAR]);
  head = await call(a, 'eth_getBlockByNumber', ['latest', false]);
  await net.stop();
  net = await startNetwork({ ...layout(), store: await openStore(location) });
});
afterAll(async () => {
  await net?.stop();
  await backend.cleanup();
});

describe('after a restart', () => {
  it('the chain replays to the same head block', async () => {
    expect(await call(net.node(271).rpcUrl, 'eth_getBlockByNumber', ['latest', false])).toEqual(head);
  });

  it('code and storage set by the dev methods are back', async () => {
    const a = net.node(271).rpcUrl;
    expect(await call(a, 'eth_getCode', [CONTRACT, 'latest'])).toBe(RETURNS_42);
    expect(BigInt(await call<string>(a, 'eth_getStorageAt', [CONTRACT, '0x1', 'latest']))).toBe(42n);
  });

  it('a balance and a nonce set by the dev methods are back, with the transaction between them', async () => {
    const a = net.node(271).rpcUrl;
    expect(await call(a, 'eth_getBalance', [COUNTED, 'latest'])).toBe('0x99');
    expect(await call(a, 'eth_getTransactionCount', [COUNTED, 'latest'])).toBe('0x7');
  });

  it('the impersonated account\'s transaction is back and the account may still send', async () => {
    const a = net.node(271).rpcUrl;
    expect(await call(a, 'eth_getTransactionReceipt', [sentHash])).toEqual(sentReceipt);
    const hash = await call<string>(a, 'eth_sendTransaction', [{ from: IMPERSONATED, to: COUNTED, value: '0x1' }]);
    expect(await call(a, 'eth_getTransactionReceipt', [hash])).toMatchObject({ status: '0x1' });
  });

  it('a next-block timestamp set before the restart stamps the next block', async () => {
    const a = net.node(271).rpcUrl;
    await call(a, 'evm_mine');
    // The first block after the restart's head, whichever test mined it (the impersonated send may have).
    const next = `0x${(Number(BigInt((head as { number: string }).number)) + 1).toString(16)}`;
    const block = await call<{ timestamp: string }>(a, 'eth_getBlockByNumber', [next, false]);
    expect(Number(block.timestamp)).toBe(nextTimestamp);
  });

  it('a time offset set before the restart still moves new blocks', async () => {
    const b = net.node(272).rpcUrl;
    await call(b, 'evm_mine');
    const block = await call<{ timestamp: string }>(b, 'eth_getBlockByNumber', ['latest', false]);
    expect(Number(block.timestamp)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + YEAR - 60);
  });
});
