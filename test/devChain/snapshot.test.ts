/**
 * `evm_snapshot` / `evm_revert` over JSON-RPC: on any endpoint they save and restore the whole network
 * (so a Hardhat fixture in an interop test stays consistent, time travel included), with Hardhat's answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { call } from '../support/httpRpc.ts';
import { sendMessage, waitSettled } from '../support/interop.ts';

const ACCOUNT = '0x1111111111111111111111111111111111111111';
let net: Network;

async function latestTimestamp(url: string): Promise<number> {
  return Number((await call<{ timestamp: string }>(url, 'eth_getBlockByNumber', ['latest', false])).timestamp);
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant' });
});
afterAll(async () => {
  await net?.stop();
});

describe('evm_snapshot and evm_revert', () => {
  it('a revert asked on one chain puts back that chain, Gateway and the other chain', async () => {
    const url = net.node(271).rpcUrl;
    await call(url, 'hardhat_setBalance', [ACCOUNT, '0x10']);
    const before = { gateway: await call(net.gateway.rpcUrl, 'eth_blockNumber'), other: await call(net.node(272).rpcUrl, 'eth_blockNumber') };
    const id = await call<string>(url, 'evm_snapshot');
    expect(id).toMatch(/^0x[0-9a-f]+$/);

    await call(url, 'hardhat_setBalance', [ACCOUNT, '0x20']);
    // A message of the other chain, settled on Gateway: both move on.
    await waitSettled(net.node(272), net.gateway, await sendMessage(net.node(272), 'after the snapshot'));
    expect(await call(net.gateway.rpcUrl, 'eth_blockNumber')).not.toBe(before.gateway);

    expect(await call(url, 'evm_revert', [id])).toBe(true);
    expect(await call(url, 'eth_getBalance', [ACCOUNT, 'latest'])).toBe('0x10');
    expect(await call(net.gateway.rpcUrl, 'eth_blockNumber')).toBe(before.gateway);
    expect(await call(net.node(272).rpcUrl, 'eth_blockNumber')).toBe(before.other);
  });

  it('a revert undoes a time travel: the next block is stamped from the restored block, not after the blocks the revert took away', async () => {
    const url = net.node(271).rpcUrl;
    const id = await call<string>(url, 'evm_snapshot');
    const yearAhead = (await latestTimestamp(url)) + 365 * 24 * 60 * 60;
    // Hardhat's time.increaseTo: the next block's time, then a block.
    await call(url, 'evm_setNextBlockTimestamp', [yearAhead]);
    await call(url, 'evm_mine', []);
    expect(await latestTimestamp(url)).toBe(yearAhead);

    expect(await call(url, 'evm_revert', [id])).toBe(true);
    await call(url, 'evm_mine', []);
    expect(await latestTimestamp(url)).toBeLessThan(yearAhead);
  });

  it('evm_revert answers false for an id it never gave', async () => {
    expect(await call(net.node(271).rpcUrl, 'evm_revert', ['0x7fff'])).toBe(false);
  });

  it('a revert uses up its snapshot and the later ones, so reverting to them again answers false', async () => {
    const url = net.node(272).rpcUrl;
    const first = await call<string>(url, 'evm_snapshot');
    const second = await call<string>(net.gateway.rpcUrl, 'evm_snapshot');
    expect(await call(url, 'evm_revert', [first])).toBe(true);
    expect(await call(url, 'evm_revert', [first])).toBe(false);
    expect(await call(url, 'evm_revert', [second])).toBe(false);
  });
});
