/**
 * The transaction pool across restarts from a SQLite store: a transaction waiting for an earlier nonce
 * is journaled, comes back after a restart (still waiting), and is mined once the gap fills; once mined
 * it does not come back into the pool after another restart.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, defineChain, http, parseEther, parseGwei, type Hex, type PrivateKeyAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { RICH_KEY } from '../support/interop.ts';
import { call } from '../support/httpRpc.ts';
import { sqliteBackend } from '../support/stores.ts';

const CHAIN_ID = 271;
const backend = sqliteBackend();
afterAll(() => backend.cleanup());

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }], profile: 'instant' as const });

function clientOf(net: Network) {
  const url = net.node(CHAIN_ID).rpcUrl;
  const chain = defineChain({ id: CHAIN_ID, name: 'zkinterop 271', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [url] } } });
  return { url, chain, client: createPublicClient({ chain, transport: http(url), pollingInterval: 20 }) };
}

function signed(account: PrivateKeyAccount, nonce: number): Promise<Hex> {
  return account.signTransaction({ chainId: CHAIN_ID, type: 'eip1559', nonce, to: '0x000000000000000000000000000000000000dEaD', value: 1n, gas: 21_000n, maxFeePerGas: parseGwei('2'), maxPriorityFeePerGas: parseGwei('1') });
}

describe('the transaction pool across a restart from a SQLite store', () => {
  it('keeps a waiting transaction, mines it once the gap fills, and does not bring it back once mined', async () => {
    const location = await backend.location();
    const account = privateKeyToAccount(generatePrivateKey());
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    let waiting: Hex;
    try {
      const { url, chain, client } = clientOf(net);
      await createWalletClient({ account: privateKeyToAccount(RICH_KEY), chain, transport: http(url) }).sendTransaction({ to: account.address, value: parseEther('1') });
      waiting = await client.sendRawTransaction({ serializedTransaction: await signed(account, 1) });
      expect(await call(url, 'txpool_status')).toEqual({ pending: '0x0', queued: '0x1' });
    } finally {
      await net.stop();
    }

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    try {
      const { url, client } = clientOf(net);
      expect(await call(url, 'txpool_status')).toEqual({ pending: '0x0', queued: '0x1' });
      expect(await client.getTransaction({ hash: waiting })).toMatchObject({ hash: waiting, blockNumber: null, nonce: 1 });
      await client.sendRawTransaction({ serializedTransaction: await signed(account, 0) });
      expect((await client.waitForTransactionReceipt({ hash: waiting, pollingInterval: 20 })).status).toBe('success');
    } finally {
      await net.stop();
    }

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    try {
      const { url, client } = clientOf(net);
      expect(await call(url, 'txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
      expect((await client.getTransactionReceipt({ hash: waiting })).status).toBe('success');
      expect(await client.getTransactionCount({ address: account.address, blockTag: 'pending' })).toBe(2);
    } finally {
      await net.stop();
    }
  });
});
