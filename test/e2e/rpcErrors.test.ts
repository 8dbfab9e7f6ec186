/**
 * Bad input over HTTP against a running chain endpoint (271): every kind of bad request gets its
 * JSON-RPC error (parse, unknown method, params, size, batch entries, refused transactions), none is
 * treated as an internal error, and the node keeps serving afterwards.
 */
import { afterAll, beforeAll, afterEach, describe, expect, it, vi } from 'vitest';
import { hexToBigInt, numberToHex, parseTransaction, serializeTransaction, type Hex, type TransactionSerializableEIP1559 } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';

const CHAIN_ID = 271;
/** Its own account, so nonces here depend on nothing else. */
const account = privateKeyToAccount(RICH_WALLET_KEYS[3]!);
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

type RpcError = { code: number; message: string; data?: unknown };
type RpcResponse = { jsonrpc: '2.0'; id: number | string | null; result?: unknown; error?: RpcError };

let net: Network;
let url: string;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
  url = net.node(CHAIN_ID).rpcUrl;
});

afterAll(async () => {
  await net?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** POSTs a raw body; returns the HTTP status and the parsed answer. */
async function post(body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function call(method: string, params: unknown[]): Promise<RpcResponse> {
  const { status, json } = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
  expect(status).toBe(200);
  return json as RpcResponse;
}

/** A signed EIP-1559 transfer from the test account with the given nonce. */
async function transfer(nonce: number): Promise<{ raw: Hex; tx: TransactionSerializableEIP1559 }> {
  const gasPrice = hexToBigInt((await call('eth_gasPrice', [])).result as Hex);
  const tx: TransactionSerializableEIP1559 = { chainId: CHAIN_ID, type: 'eip1559', nonce, to: '0x000000000000000000000000000000000000dEaD', value: 1n, gas: 21_000n, maxFeePerGas: gasPrice * 2n, maxPriorityFeePerGas: 0n };
  return { raw: await account.signTransaction(tx), tx };
}

async function nonceOf(): Promise<number> {
  return Number(hexToBigInt((await call('eth_getTransactionCount', [account.address, 'latest'])).result as Hex));
}

describe('a chain endpoint given bad input over HTTP', () => {
  it('answers malformed JSON with -32700 and a null id', async () => {
    const { status, json } = await post('{"jsonrpc":"2.0","id":1,"method":');
    expect(status).toBe(200);
    expect(json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('answers an unknown method with -32601 naming the method', async () => {
    const { error } = await call('eth_doesNotExist', []);
    expect(error?.code).toBe(-32601);
    expect(error?.message).toContain('eth_doesNotExist');
  });

  it('answers a malformed param with -32602 naming the param', async () => {
    const { error } = await call('eth_getBalance', ['0x1234', 'latest']);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toContain('param 0 (address)');
  });

  it('answers a missing param with -32602 naming the param', async () => {
    const { error } = await call('eth_getTransactionReceipt', []);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toContain('param 0 (hash)');
  });

  it('refuses an oversized body with HTTP 413 and -32005', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [], padding: 'a'.repeat(6 * 1024 * 1024) });
    const { status, json } = await post(body);
    expect(status).toBe(413);
    expect(json).toMatchObject({ id: null, error: { code: -32005 } });
    expect((json as RpcResponse).error?.message).toContain('exceeds the limit');
  });

  it('answers each entry of a batch mixing good and bad requests on its own, and notifications not at all', async () => {
    const { status, json } = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'eth_nope', params: [] },
        { jsonrpc: '1.0', id: 3, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 4, method: 'eth_getBalance', params: ['not an address'] },
        { jsonrpc: '2.0', method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 'six', method: 'net_version', params: [] },
      ]),
    );
    expect(status).toBe(200);
    const answers = json as RpcResponse[];
    expect(answers).toHaveLength(5);
    expect(answers[0]).toEqual({ jsonrpc: '2.0', id: 1, result: numberToHex(CHAIN_ID) });
    expect(answers[1]).toMatchObject({ id: 2, error: { code: -32601 } });
    expect(answers[2]).toMatchObject({ id: 3, error: { code: -32600 } });
    expect(answers[2]!.error?.message).toContain('jsonrpc');
    expect(answers[3]).toMatchObject({ id: 4, error: { code: -32602 } });
    expect(answers[4]).toEqual({ jsonrpc: '2.0', id: 'six', result: String(CHAIN_ID) });
  });

  it('answers an empty batch with -32600', async () => {
    const { json } = await post('[]');
    expect(json).toMatchObject({ id: null, error: { code: -32600 } });
  });
});

describe('a chain endpoint given transactions it must refuse', () => {
  it('refuses a non-canonical (high-s) signature with -32000 as geth does, not as an internal error', async () => {
    const internal = vi.spyOn(console, 'error');
    const { raw, tx } = await transfer(await nonceOf());
    const { r, s, yParity } = parseTransaction(raw);
    const highS = serializeTransaction(tx, { r: r!, s: numberToHex(SECP256K1_N - hexToBigInt(s!), { size: 32 }), yParity: 1 - yParity! });
    const { error } = await call('eth_sendRawTransaction', [highS]);
    expect(error?.code).toBe(-32000);
    expect(error?.message).toContain('signature is not canonical');
    expect(error?.data).toEqual({ code: 'INVALID_TRANSACTION' });
    expect(internal).not.toHaveBeenCalled();
  });

  it('refuses a signature that recovers no key (r = 0) with -32000', async () => {
    const { tx } = await transfer(await nonceOf());
    const broken = serializeTransaction(tx, { r: numberToHex(0n, { size: 32 }), s: numberToHex(1n, { size: 32 }), yParity: 0 });
    const { error } = await call('eth_sendRawTransaction', [broken]);
    expect(error?.code).toBe(-32000);
    expect(error?.message).toContain('not a valid secp256k1 signature');
  });

  it('refuses a signature whose r is no curve point (the EVM recovers the sender) with -32000 "Invalid Signature"', async () => {
    const { tx } = await transfer(await nonceOf());
    // r = 5 is not the x-coordinate of a secp256k1 point: nothing can be recovered from it.
    const broken = serializeTransaction(tx, { r: numberToHex(5n, { size: 32 }), s: numberToHex(1n, { size: 32 }), yParity: 0 });
    const { error } = await call('eth_sendRawTransaction', [broken]);
    expect(error?.code).toBe(-32000);
    expect(error?.message).toContain('Invalid Signature');
  });

  it('refuses a transaction signed for another chain with -32000 naming both chain ids', async () => {
    const { tx } = await transfer(await nonceOf());
    const raw = await account.signTransaction({ ...tx, chainId: 272 });
    const { error } = await call('eth_sendRawTransaction', [raw]);
    expect(error?.code).toBe(-32000);
    expect(error?.message).toContain('272');
    expect(error?.message).toContain(String(CHAIN_ID));
  });

  it('refuses a nonce that was already used with -32000 "nonce too low"', async () => {
    const nonce = await nonceOf();
    const first = await transfer(nonce);
    expect((await call('eth_sendRawTransaction', [first.raw])).result).toMatch(/^0x[0-9a-f]{64}$/);
    const again = await account.signTransaction({ ...first.tx, value: 2n });
    const { error } = await call('eth_sendRawTransaction', [again]);
    expect(error?.code).toBe(-32000);
    expect(error?.message.toLowerCase()).toContain('nonce too low');
    expect(error?.data).toEqual({ code: 'TRANSACTION_REJECTED' });
  });

  it('refuses bytes that are no transaction at all with -32000', async () => {
    const { error } = await call('eth_sendRawTransaction', ['0x02c0ffee']);
    expect(error?.code).toBe(-32000);
    expect(error?.data).toEqual({ code: 'INVALID_TRANSACTION' });
  });
});

describe('the chain endpoint after all of that', () => {
  it('still serves eth_blockNumber and includes a valid transaction', async () => {
    const before = hexToBigInt((await call('eth_blockNumber', [])).result as Hex);
    const { raw } = await transfer(await nonceOf());
    const { result: hash } = await call('eth_sendRawTransaction', [raw]);
    const { result: receipt } = await call('eth_getTransactionReceipt', [hash]);
    expect(receipt).toMatchObject({ transactionHash: hash, status: '0x1' });
    expect(hexToBigInt((await call('eth_blockNumber', [])).result as Hex)).toBeGreaterThan(before);
  });
});
