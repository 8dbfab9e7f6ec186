/**
 * viem as a dApp uses it, plain (no viem/zksync), against chain 271 of a started network: multicall
 * through Multicall3 at its canonical address, the nonce manager under concurrency, transactions
 * that arrive out of nonce order, replacement by fee, the pending block, and pending-transaction
 * subscriptions over WebSocket. (test/e2e/viem.test.ts covers the interop path with viem/zksync.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  parseAbi,
  parseGwei,
  webSocket,
  type Hex,
  type PrivateKeyAccount,
} from 'viem';
import { nonceManager, privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { DEV_BALANCE, RICH_WALLET_KEYS, TEST_MNEMONIC_KEYS } from '../../src/network/accounts.ts';

const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
/** The Multicall3 views this test reads (the full ABI is Multicall3's; viem's multicall uses aggregate3). */
const multicall3Views = parseAbi([
  'function getChainId() view returns (uint256)',
  'function getEthBalance(address addr) view returns (uint256)',
  'function getBlockNumber() view returns (uint256)',
]);
const SINK = '0x000000000000000000000000000000000000dEaD';

let net: Network;
let chain: ReturnType<typeof zkinteropChain>;
let client: ReturnType<typeof publicClient>;

/** Chain 271 as a viem user defines it: RPC URLs and Multicall3's address. */
function zkinteropChain(http: string, ws: string) {
  return defineChain({
    id: 271,
    name: 'zkinterop A',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [http], webSocket: [ws] } },
    contracts: { multicall3: { address: MULTICALL3 } },
  });
}

function publicClient() {
  return createPublicClient({ chain, transport: http() });
}

function wallet(account: PrivateKeyAccount) {
  return createWalletClient({ account, chain, transport: http() });
}

/** Signs a plain value transfer with an explicit nonce and fee. */
function signTransfer(account: PrivateKeyAccount, nonce: number, maxFeePerGas = parseGwei('2'), value = 1n, maxPriorityFeePerGas = parseGwei('1')): Promise<Hex> {
  return account.signTransaction({ chainId: 271, type: 'eip1559', to: SINK, value, nonce, gas: 21_000n, maxFeePerGas, maxPriorityFeePerGas });
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }] });
  chain = zkinteropChain(net.node(271).rpcUrl, net.node(271).wsUrl);
  client = publicClient();
});

afterAll(async () => {
  await net?.stop();
});

describe('viem (plain) against chain 271', () => {
  it('reads three values in one call with multicall through Multicall3 at 0xcA11…CA11', async () => {
    const untouched = privateKeyToAccount(TEST_MNEMONIC_KEYS[9]!).address;
    const [chainId, balance, blockNumber] = await client.multicall({
      allowFailure: false,
      contracts: [
        { address: MULTICALL3, abi: multicall3Views, functionName: 'getChainId' },
        { address: MULTICALL3, abi: multicall3Views, functionName: 'getEthBalance', args: [untouched] },
        { address: MULTICALL3, abi: multicall3Views, functionName: 'getBlockNumber' },
      ],
    });
    expect(chainId).toBe(271n);
    expect(balance).toBe(DEV_BALANCE);
    expect(blockNumber).toBeGreaterThan(0n);
  });

  it('mines 10 concurrent sends of one account with nonceManager, nonces 0..9', async () => {
    const account = privateKeyToAccount(RICH_WALLET_KEYS[2]!, { nonceManager });
    const client10 = wallet(account);
    const hashes = await Promise.all(Array.from({ length: 10 }, (_, i) => client10.sendTransaction({ to: SINK, value: BigInt(i + 1) })));
    const receipts = await Promise.all(hashes.map((hash) => client.waitForTransactionReceipt({ hash })));
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    const nonces = await Promise.all(hashes.map(async (hash) => (await client.getTransaction({ hash })).nonce));
    expect([...nonces].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('mines 10 pre-signed transactions sent in shuffled nonce order', async () => {
    const account = privateKeyToAccount(RICH_WALLET_KEYS[3]!);
    const signed = await Promise.all(Array.from({ length: 10 }, (_, nonce) => signTransfer(account, nonce)));
    const shuffled = [7, 2, 9, 0, 5, 1, 8, 3, 6, 4].map((i) => signed[i]!);
    const hashes: Hex[] = [];
    for (const tx of shuffled) hashes.push(await client.sendRawTransaction({ serializedTransaction: tx }));
    const receipts = await Promise.all(hashes.map((hash) => client.waitForTransactionReceipt({ hash })));
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    expect(await client.getTransactionCount({ address: account.address })).toBe(10);
  });

  it('replaces a waiting transaction with one of higher fee: only the replacement is mined', async () => {
    const account = privateKeyToAccount(RICH_WALLET_KEYS[4]!);
    // nonce 1 waits for nonce 0, so it can be replaced: both fees raised by at least 10 % (geth's rule)
    const first = await client.sendRawTransaction({ serializedTransaction: await signTransfer(account, 1, parseGwei('2'), 1n) });
    const replacement = await client.sendRawTransaction({ serializedTransaction: await signTransfer(account, 1, parseGwei('3'), 2n, parseGwei('2')) });
    await client.sendRawTransaction({ serializedTransaction: await signTransfer(account, 0) });
    const receipt = await client.waitForTransactionReceipt({ hash: replacement });
    expect(receipt.status).toBe('success');
    expect(await client.getTransactionReceipt({ hash: first }).catch(() => null)).toBeNull();
  });

  it('answers the pending block: the number after the latest', async () => {
    // the chain may seal a block between two reads (roots, settlement), so the pending one is bracketed
    const before = await client.getBlockNumber({ cacheTime: 0 });
    const pending = await client.getBlock({ blockTag: 'pending' });
    const after = await client.getBlockNumber({ cacheTime: 0 });
    expect(pending.number! >= before + 1n && pending.number! <= after + 1n).toBe(true);
  });

  it('tells a WebSocket watchPendingTransactions subscriber the hash of a sent transaction', async () => {
    const wsClient = createPublicClient({ chain, transport: webSocket() });
    const seen = new Set<Hex>();
    let onHash = () => {};
    const unwatch = wsClient.watchPendingTransactions({
      onTransactions: (hashes) => {
        for (const hash of hashes) seen.add(hash);
        onHash();
      },
    });
    try {
      // the subscription is set up asynchronously: send until one is seen (each send is a new hash)
      const account = privateKeyToAccount(RICH_WALLET_KEYS[5]!, { nonceManager });
      const sent: Hex[] = [];
      while (!sent.some((hash) => seen.has(hash))) {
        sent.push(await wallet(account).sendTransaction({ to: SINK, value: 1n }));
        await Promise.race([new Promise<void>((resolve) => (onHash = resolve)), new Promise((resolve) => setTimeout(resolve, 200))]);
      }
      expect(sent.some((hash) => seen.has(hash))).toBe(true);
    } finally {
      unwatch();
      await (await wsClient.transport.getRpcClient()).close();
    }
  });
});
