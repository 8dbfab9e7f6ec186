/**
 * The transaction pool over real JSON-RPC, with viem and ethers, against a started network (Gateway
 * 506, chain 271): future nonces wait and are mined once the gap fills, replacement needs a fee bump,
 * the gap is bounded, and the pending nonce, pending block, pending-transaction filters and
 * subscriptions and txpool_* see what waits. Each test uses a fresh funded account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  parseEther,
  parseGwei,
  webSocket,
  type Chain,
  type Hex,
  type PrivateKeyAccount,
} from 'viem';
import { generatePrivateKey, nonceManager, privateKeyToAccount } from 'viem/accounts';
import { JsonRpcProvider, Wallet } from 'ethers';
import { Provider as ZkProvider, Wallet as ZkWallet, utils as zkUtils } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { RICH_KEY } from '../support/interop.ts';
import { call, post } from '../support/httpRpc.ts';
import { pollUntil } from '../support/poll.ts';

const CHAIN_ID = 271;
const DEAD = '0x000000000000000000000000000000000000dEaD';

let net: Network;
let url: string;
let chain: Chain;
let client: ReturnType<typeof makeClient>;

function makeClient() {
  return createPublicClient({ chain, transport: http(url), pollingInterval: 20 });
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
  url = net.node(CHAIN_ID).rpcUrl;
  chain = defineChain({ id: CHAIN_ID, name: 'zkinterop 271', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [url] } } });
  client = makeClient();
});

afterAll(async () => {
  await net?.stop();
});

/** A new account with 1 ETH, so its nonces depend on nothing else. */
async function freshAccount(key: Hex = generatePrivateKey()): Promise<PrivateKeyAccount> {
  const account = privateKeyToAccount(key);
  const rich = createWalletClient({ account: privateKeyToAccount(RICH_KEY), chain, transport: http(url) });
  await rich.sendTransaction({ to: account.address, value: parseEther('1') });
  return account;
}

/** A signed transfer with the given nonce and fees (default 2 gwei max fee, 1 gwei tip). */
function signed(account: PrivateKeyAccount, nonce: number, fees: { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint; value?: bigint } = {}): Promise<Hex> {
  return account.signTransaction({
    chainId: CHAIN_ID,
    type: 'eip1559',
    nonce,
    to: DEAD,
    value: fees.value ?? 1n,
    gas: 21_000n,
    maxFeePerGas: fees.maxFeePerGas ?? parseGwei('2'),
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? parseGwei('1'),
  });
}

function send(raw: Hex): Promise<Hex> {
  return client.sendRawTransaction({ serializedTransaction: raw });
}

function receipt(hash: Hex) {
  return client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
}

/** Holds chain 271's block production while `during` runs (what a paused Gateway or `--block-time` does). */
async function withBlocksHeld<T>(during: () => Promise<T>): Promise<T> {
  await net.node(CHAIN_ID).node.holdBlockProduction();
  try {
    return await during();
  } finally {
    net.node(CHAIN_ID).node.releaseBlockProduction();
  }
}

describe('the transaction pool', () => {
  it('keeps a transaction with a future nonce, answers its hash at once, and mines it once the gap fills', async () => {
    const account = await freshAccount();
    const later = await send(await signed(account, 1));
    expect(await client.getTransaction({ hash: later })).toMatchObject({ hash: later, blockNumber: null, transactionIndex: null, from: account.address.toLowerCase(), nonce: 1 });
    expect(await client.getTransactionReceipt({ hash: later }).catch(() => null)).toBeNull();

    const first = await send(await signed(account, 0));
    const [a, b] = [await receipt(first), await receipt(later)];
    expect(b.status).toBe('success');
    expect(b.blockNumber).toBeGreaterThan(a.blockNumber);
  });

  it('mines 10 pre-signed transactions sent in shuffled nonce order in nonce order', async () => {
    const account = await freshAccount();
    const raws = await Promise.all(Array.from({ length: 10 }, (_, nonce) => signed(account, nonce)));
    const hashes: Hex[] = [];
    for (const nonce of [7, 2, 9, 0, 5, 1, 8, 3, 6, 4]) hashes[nonce] = await send(raws[nonce]!);
    const receipts = await Promise.all(hashes.map((h) => receipt(h)));
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    const order = receipts.map((r) => [Number(r.blockNumber), r.transactionIndex] as const);
    const sorted = [...order].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(order).toEqual(sorted);
    expect(await client.getTransactionCount({ address: account.address })).toBe(10);
  });

  it("lets viem's nonceManager send 10 transactions at once", async () => {
    const key = generatePrivateKey();
    await freshAccount(key);
    const account = privateKeyToAccount(key, { nonceManager });
    const wallet = createWalletClient({ account, chain, transport: http(url) });
    const hashes = await Promise.all(Array.from({ length: 10 }, (_, i) => wallet.sendTransaction({ to: DEAD, value: BigInt(i + 1) })));
    const receipts = await Promise.all(hashes.map((h) => receipt(h)));
    expect(receipts.map((r) => r.status)).toEqual(Array(10).fill('success'));
    expect(await client.getTransactionCount({ address: account.address })).toBe(10);
  });

  it('replaces a waiting transaction by one with both fees 10% higher, and mines the replacement', async () => {
    const account = await freshAccount();
    const replaced = await send(await signed(account, 1, { value: 1n }));
    const replacement = await send(await signed(account, 1, { value: 2n, maxFeePerGas: parseGwei('2.2'), maxPriorityFeePerGas: parseGwei('1.1') }));
    expect(await client.request({ method: 'eth_getTransactionByHash', params: [replaced] })).toBeNull();

    await send(await signed(account, 0));
    expect((await receipt(replacement)).status).toBe('success');
    expect(await client.request({ method: 'eth_getTransactionByHash', params: [replaced] })).toBeNull();
  });

  it('refuses a replacement without a 10% bump of both fees as "replacement transaction underpriced"', async () => {
    const account = await freshAccount();
    const waiting = await send(await signed(account, 1));
    const answer = await post(url, 'eth_sendRawTransaction', [await signed(account, 1, { value: 2n, maxFeePerGas: parseGwei('3') })]);
    expect(answer.error?.code).toBe(-32000);
    expect(answer.error?.message).toContain('replacement transaction underpriced');
    expect(answer.error?.data).toEqual({ code: 'REPLACEMENT_UNDERPRICED' });

    await send(await signed(account, 0));
    expect((await receipt(waiting)).status).toBe('success');
  });

  it('refuses a nonce more than 64 ahead of the account with an error that says what to send', async () => {
    const account = await freshAccount();
    const answer = await post(url, 'eth_sendRawTransaction', [await signed(account, 65)]);
    expect(answer.error?.code).toBe(-32000);
    expect(answer.error?.message).toContain('nonce too high');
    expect(answer.error?.message).toContain('nonces 0 to 64 first');
    expect(answer.error?.data).toEqual({ code: 'NONCE_GAP_TOO_LARGE' });
  });

  it('still refuses a used nonce as "nonce too low"', async () => {
    const account = await freshAccount();
    await send(await signed(account, 0));
    const answer = await post(url, 'eth_sendRawTransaction', [await signed(account, 0, { value: 5n })]);
    expect(answer.error?.message.toLowerCase()).toContain('nonce too low');
  });

  it('counts the transactions queued for the next block and the waiting ones in the "pending" nonce', async () => {
    const account = await freshAccount();
    const waiting = await send(await signed(account, 1));
    expect(await client.getTransactionCount({ address: account.address, blockTag: 'pending' })).toBe(0);
    const { sent } = await withBlocksHeld(async () => {
      const sent = send(await signed(account, 0));
      expect(await client.getTransactionCount({ address: account.address, blockTag: 'pending' })).toBe(2);
      expect(await client.getTransactionCount({ address: account.address, blockTag: 'latest' })).toBe(0);
      return { sent };
    });
    await receipt(await sent);
    expect((await receipt(waiting)).status).toBe('success');
  });

  it('answers a pending block with the transaction queued for the next block, as a hash and as an object', async () => {
    const account = await freshAccount();
    const raw = await signed(account, 0);
    const { sending, pending, full, latest } = await withBlocksHeld(async () => ({
      sending: send(raw),
      pending: await client.getBlock({ blockTag: 'pending' }),
      full: await client.getBlock({ blockTag: 'pending', includeTransactions: true }),
      latest: await client.getBlockNumber(),
    }));
    const hash = await sending;
    expect(hash).toBe(keccak256(raw));
    expect(pending.number).toBe(latest + 1n);
    expect(pending.hash).toBeNull();
    expect(pending.transactions).toContain(hash);
    expect(full.transactions.find((t) => t.hash === hash)).toMatchObject({ from: account.address.toLowerCase(), nonce: 0, blockNumber: null });
  });

  it('tells eth_newPendingTransactionFilter of each accepted transaction once, waiting ones included', async () => {
    const account = await freshAccount();
    const filter = await client.createPendingTransactionFilter();
    const waiting = await send(await signed(account, 1));
    const first = await send(await signed(account, 0));
    await receipt(waiting);
    const changes = await client.getFilterChanges({ filter });
    expect(changes.filter((h) => h === waiting || h === first).sort()).toEqual([waiting, first].sort());
    expect(await client.getFilterChanges({ filter })).toEqual([]);
    expect(await client.uninstallFilter({ filter })).toBe(true);
  });

  it('pushes newPendingTransactions over WebSocket for each accepted transaction, waiting ones included', async () => {
    const account = await freshAccount();
    const transport = webSocket(net.node(CHAIN_ID).wsUrl)({ chain });
    const seen: Hex[] = [];
    const { unsubscribe } = await transport.value!.subscribe({ params: ['newPendingTransactions'], onData: (data) => void seen.push((data as { result: Hex }).result), onError: () => undefined });
    try {
      const waiting = await send(await signed(account, 1));
      const first = await send(await signed(account, 0));
      await receipt(waiting);
      await pollUntil(() => seen.includes(first) && seen.includes(waiting), { what: 'both pending transaction notifications' });
      expect(seen.filter((h) => h === waiting)).toHaveLength(1);
    } finally {
      await unsubscribe();
      (await transport.value!.getRpcClient()).close();
    }
  });

  it('lists waiting and next-block transactions in txpool_status and txpool_content', async () => {
    const account = await freshAccount();
    const waiting = await send(await signed(account, 2));
    const { status, content, inspect, sending } = await withBlocksHeld(async () => {
      const sending = send(await signed(account, 0));
      const status = await call<{ pending: Hex; queued: Hex }>(url, 'txpool_status');
      const content = await call<Record<'pending' | 'queued', Record<string, Record<string, { hash: Hex; blockNumber: null }>>>>(url, 'txpool_content');
      const inspect = await call<Record<'pending' | 'queued', Record<string, Record<string, string>>>>(url, 'txpool_inspect');
      return { status, content, inspect, sending };
    });
    const first = await sending;
    expect(status).toEqual({ pending: '0x1', queued: '0x1' });
    expect(content.pending[account.address]?.['0']?.hash).toBe(first);
    expect(content.queued[account.address]?.['2']).toMatchObject({ hash: waiting, blockNumber: null });
    expect(inspect.queued[account.address]?.['2']).toBe(`${DEAD}: 1 wei + 21000 gas × 2000000000 wei`);
    await send(await signed(account, 1));
    await receipt(waiting);
    expect(await call<unknown>(url, 'txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
  });

  it('keeps a ZKsync EIP-712 (0x71) transaction with a future nonce under its ZKsync hash, and mines it once the gap fills', async () => {
    const key = generatePrivateKey();
    await freshAccount(key);
    const provider = new ZkProvider(url);
    const wallet = new ZkWallet(key, provider);
    const request = async (nonce: number) => wallet.signTransaction(await wallet.populateTransaction({ type: zkUtils.EIP712_TX_TYPE, to: DEAD, value: 1n, nonce }));
    const later = await provider.send('eth_sendRawTransaction', [await request(1)]);
    expect(await provider.send('eth_getTransactionByHash', [later])).toMatchObject({ hash: later, type: '0x71', blockNumber: null });
    await provider.send('eth_sendRawTransaction', [await request(0)]);
    expect((await receipt(later)).status).toBe('success');
    expect(await provider.send('eth_getTransactionByHash', [later])).toMatchObject({ hash: later, type: '0x71' });
  });

  it('goes back with the network to a snapshot: a transaction pooled after it is gone, one pooled before it waits again', async () => {
    const account = await freshAccount();
    const before = await send(await signed(account, 2));
    const id = await net.snapshot();
    const after = await send(await signed(account, 3));
    expect(await net.revert(id)).toBe(true);
    expect(await client.request({ method: 'eth_getTransactionByHash', params: [after] })).toBeNull();
    expect(await client.getTransaction({ hash: before })).toMatchObject({ blockNumber: null });
    await send(await signed(account, 0));
    await send(await signed(account, 1));
    expect((await receipt(before)).status).toBe('success');
  });

  it('lets an ethers wallet send with a future nonce and wait for it once the gap fills', async () => {
    const key = generatePrivateKey();
    const provider = new JsonRpcProvider(url, CHAIN_ID, { staticNetwork: true, polling: true });
    provider.pollingInterval = 20;
    const rich = new Wallet(RICH_KEY, provider);
    const wallet = new Wallet(key, rich.provider);
    await (await rich.sendTransaction({ to: wallet.address, value: parseEther('1') })).wait();
    const fees = { maxFeePerGas: parseGwei('2'), maxPriorityFeePerGas: parseGwei('1'), gasLimit: 21_000n };
    const later = await wallet.sendTransaction({ to: DEAD, value: 1n, nonce: 1, ...fees });
    expect(await rich.provider!.getTransactionCount(wallet.address, 'pending')).toBe(0);
    await wallet.sendTransaction({ to: DEAD, value: 1n, nonce: 0, ...fees });
    expect((await later.wait())?.status).toBe(1);
    // (asked through viem: ethers answers the same request from its cache for 250 ms)
    expect(await client.getTransactionCount({ address: wallet.address as Hex, blockTag: 'pending' })).toBe(2);
    rich.provider!.destroy();
  });
});
