/**
 * Pre-EIP-155 transactions (legacy, v = 27/28, no chain id) are signed for no chain, so one accepted
 * here could be replayed on every chain. The node refuses them over RPC with geth's message unless the
 * network runs with `allowUnprotectedTxs` (`up --allow-unprotected-txs`); one accepted that way still
 * replays from the journal after a restart without the flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network, type NetworkOptions } from '../../src/network/network.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { openStore } from '../../src/store/index.ts';
import { RpcClientError } from '../../src/rpc/client.ts';

const account = privateKeyToAccount(devAccounts()[0]!.privateKey);
const RECIPIENT = '0x2222222222222222222222222222222222222222';
const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant' as const } satisfies NetworkOptions;

/** A signed legacy transfer from the first dev account: with `chainId`, EIP-155; without, unprotected. */
async function legacyTransfer(net: Network, chainId?: number): Promise<Hex> {
  const nonce = Number(BigInt(await net.node(271).client.request<Hex>('eth_getTransactionCount', [account.address, 'latest'])));
  return account.signTransaction({ type: 'legacy', nonce, to: RECIPIENT, value: 1n, gas: 21_000n, gasPrice: 1n, ...(chainId === undefined ? {} : { chainId }) });
}

describe('a network started without allowUnprotectedTxs', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork(layout);
  });
  afterAll(() => net.stop());

  it("error: refuses a legacy transaction without a chain id with geth's message and the flag that allows it", async () => {
    const error = await net.node(271).client.request('eth_sendRawTransaction', [await legacyTransfer(net)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcClientError);
    expect((error as RpcClientError).rpcCode).toBe(-32000);
    expect((error as RpcClientError).message).toContain('only replay-protected (EIP-155) transactions allowed over RPC');
    expect((error as RpcClientError).message).toContain('--allow-unprotected-txs');
  });

  it('accepts a legacy transaction signed with the chain id (EIP-155)', async () => {
    const hash = await net.node(271).client.request<Hex>('eth_sendRawTransaction', [await legacyTransfer(net, 271)]);
    const receipt = await net.node(271).client.request<{ status: Hex }>('eth_getTransactionReceipt', [hash]);
    expect(receipt.status).toBe('0x1');
  });
});

describe('a network started with allowUnprotectedTxs', () => {
  let net: Network;
  let location: string;
  let hash: Hex;
  let receipt: unknown;
  beforeAll(async () => {
    location = mkdtempSync(path.join(tmpdir(), 'zkinterop-unprotected-'));
    net = await startNetwork({ ...layout, allowUnprotectedTxs: true, store: await openStore(location) });
  });
  afterAll(() => net.stop());

  it('accepts a legacy transaction without a chain id', async () => {
    hash = await net.node(271).client.request<Hex>('eth_sendRawTransaction', [await legacyTransfer(net)]);
    receipt = await net.node(271).client.request<{ status: Hex }>('eth_getTransactionReceipt', [hash]);
    expect(receipt).toMatchObject({ status: '0x1' });
  });

  it('brings that transaction back from the journal after a restart without the flag', async () => {
    await net.stop();
    net = await startNetwork({ ...layout, store: await openStore(location) });
    expect(await net.node(271).client.request('eth_getTransactionReceipt', [hash])).toEqual(receipt);
  });
});
