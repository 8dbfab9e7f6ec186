/**
 * The block clock and mining over JSON-RPC (evm_mine, hardhat_mine / anvil_mine, evm_increaseTime,
 * evm_setNextBlockTimestamp): blocks are the sequencer's, stamped as Hardhat stamps them, and a chain
 * moved a year ahead still carries interop messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberToHex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { MAX_MINE_PER_CALL } from '../../src/chain/rpc/hardhatNamespace.ts';
import { call, post } from '../support/httpRpc.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

type Block = { number: string; timestamp: string };
let net: Network;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], profile: 'instant' });
});
afterAll(async () => {
  await net?.stop();
});

async function latest(url: string): Promise<{ number: number; timestamp: number }> {
  const block = await call<Block>(url, 'eth_getBlockByNumber', ['latest', false]);
  return { number: Number(block.number), timestamp: Number(block.timestamp) };
}

async function timestampOf(url: string, n: number): Promise<number> {
  return Number((await call<Block>(url, 'eth_getBlockByNumber', [numberToHex(n), false])).timestamp);
}

describe('mining', () => {
  it('hardhat_mine mines the blocks asked for, each interval seconds after the one before', async () => {
    const url = net.node(271).rpcUrl;
    const start = await latest(url);
    expect(await call(url, 'hardhat_mine', ['0x5', '0x3c'])).toBe(true);
    const end = await latest(url);
    expect(end.number).toBe(start.number + 5);
    for (let n = start.number + 2; n <= end.number; n++) expect((await timestampOf(url, n)) - (await timestampOf(url, n - 1))).toBe(60);
  });

  it('anvil_mine is the same method under anvil\'s name', async () => {
    const url = net.node(271).rpcUrl;
    const start = await latest(url);
    expect(await call(url, 'anvil_mine', ['0x2'])).toBe(null);
    expect((await latest(url)).number).toBe(start.number + 2);
  });

  it('evm_mine with a timestamp mines one block at that time', async () => {
    const url = net.node(271).rpcUrl;
    const target = (await latest(url)).timestamp + 1_000;
    expect(await call(url, 'evm_mine', [target])).toBe('0x0');
    expect((await latest(url)).timestamp).toBe(target);
  });

  it('a hardhat_mine of more blocks than one call may mine is refused with a hint to call again', async () => {
    const answer = await post(net.node(271).rpcUrl, 'hardhat_mine', [numberToHex(MAX_MINE_PER_CALL + 1)]);
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toMatch(/call again/);
  });
});

describe('the block clock', () => {
  it('evm_increaseTime answers the total offset and moves the next block forward by it', async () => {
    const url = net.node(272).rpcUrl;
    const first = Number(await call<string>(url, 'evm_increaseTime', [100]));
    const total = await call<string>(url, 'evm_increaseTime', ['0x64']);
    expect(Number(total)).toBe(first + 100);
    await call(url, 'evm_mine');
    expect((await latest(url)).timestamp).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + Number(total) - 1);
  });

  it('evm_setNextBlockTimestamp stamps the next block, and time runs on from there', async () => {
    const url = net.node(272).rpcUrl;
    const target = (await latest(url)).timestamp + 50_000;
    expect(await call(url, 'evm_setNextBlockTimestamp', [numberToHex(target)])).toBe(null);
    await call(url, 'evm_mine');
    expect((await latest(url)).timestamp).toBe(target);
    await call(url, 'evm_mine');
    const after = (await latest(url)).timestamp;
    expect(after).toBeGreaterThanOrEqual(target);
    expect(after).toBeLessThan(target + 60);
  });

  it('evm_setNextBlockTimestamp before the latest block is refused', async () => {
    const url = net.node(272).rpcUrl;
    const answer = await post(url, 'evm_setNextBlockTimestamp', [(await latest(url)).timestamp - 10]);
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toMatch(/lower than the latest block/);
  });
});

describe('a network a year ahead', () => {
  it('still sends, settles and verifies an interop message', async () => {
    const year = 365 * 24 * 3600;
    for (const node of net.allNodes()) await call(node.rpcUrl, 'evm_increaseTime', [year]);
    const sent = await sendMessage(net.node(271), 'a year later');
    const block = await call<Block>(net.node(271).rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
    expect(Number(block.timestamp)).toBeGreaterThan(Date.now() / 1000 + year - 3600);
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
  });
});
