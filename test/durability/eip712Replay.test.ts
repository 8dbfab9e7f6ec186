/**
 * A 0x71 transaction that paid its signed fees replays to the same block after a restart: the journal
 * keeps its raw bytes, and replay runs it with the same fees, so block hash, receipt (gas price) and
 * the sender's balance come back byte for byte, and zks_getRawBlockTransactions still has its bytes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Provider, Wallet, utils } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';
import { sqliteBackend } from '../support/stores.ts';

const backend = sqliteBackend();
afterAll(() => backend.cleanup());

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant' as const });

describe('restart after a 0x71 transaction that paid fees', () => {
  it('replays it to the same block hash, receipt, balance and raw bytes', async () => {
    const location = await backend.location();
    let net: Network = await startNetwork({ ...layout(), store: await openStore(location) });
    let provider = new Provider(net.node(271).rpcUrl);
    const tx = await new Wallet(RICH_KEY, provider).sendTransaction({
      to: '0x00000000000000000000000000000000000000ee', value: 5n, type: utils.EIP712_TX_TYPE,
      maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n, gasLimit: 100_000n,
    });
    const mined = await tx.wait();
    expect(mined.gasPrice).toBe(2_000_000_000n);
    const before = {
      receipt: await net.node(271).client.request('eth_getTransactionReceipt', [tx.hash]),
      block: await net.node(271).client.request('eth_getBlockByNumber', [`0x${mined.blockNumber.toString(16)}`, false]),
      balance: await provider.getBalance(RICH_ADDRESS),
      raw: await provider.getRawBlockTransactions(mined.blockNumber),
    };
    provider.destroy();
    await net.stop();

    net = await startNetwork({ ...layout(), store: await openStore(location) });
    provider = new Provider(net.node(271).rpcUrl);
    try {
      expect(await net.node(271).client.request('eth_getTransactionReceipt', [tx.hash])).toEqual(before.receipt);
      expect(await net.node(271).client.request('eth_getBlockByNumber', [`0x${mined.blockNumber.toString(16)}`, false])).toEqual(before.block);
      expect(await provider.getBalance(RICH_ADDRESS)).toBe(before.balance);
      expect(await provider.getRawBlockTransactions(mined.blockNumber)).toEqual(before.raw);
    } finally {
      provider.destroy();
      await net.stop();
    }
  });
});
