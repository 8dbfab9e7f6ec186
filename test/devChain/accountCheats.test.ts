/**
 * The account cheats over JSON-RPC (hardhat_setBalance / setCode / setNonce / setStorageAt,
 * impersonation, under both prefixes): they work on ordinary accounts, and refuse system addresses and
 * operators unless the network runs with --dev (docs/security.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKeyAddress } from '../../src/protocol/privateKeyAddress.ts';
import { operatorKeyOf, relayerKeyOf, startNetwork, type Network } from '../../src/network/network.ts';
import { call, post } from '../support/httpRpc.ts';

const ACCOUNT = '0x2222222222222222222222222222222222222222';
const OTHER = '0x3333333333333333333333333333333333333333';
const BOOTLOADER = '0x0000000000000000000000000000000000008001';
/** PUSH1 0x2a PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns 42 */
const RETURNS_42 = '0x602a60005260206000f3';

/** Each account cheat with params that name `who`. */
const CHEATS: [string, (who: string) => unknown[]][] = [
  ['setBalance', (who) => [who, '0x1']],
  ['setCode', (who) => [who, RETURNS_42]],
  ['setNonce', (who) => [who, '0x100']],
  ['setStorageAt', (who) => [who, '0x0', `0x${'00'.repeat(31)}01`]],
  ['impersonateAccount', (who) => [who]],
];

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant' as const });
let net: Network;
let url: string;

beforeAll(async () => {
  net = await startNetwork(layout());
  url = net.node(271).rpcUrl;
});
afterAll(async () => {
  await net?.stop();
});

describe('on ordinary accounts', () => {
  it('hardhat_setBalance sets the balance', async () => {
    expect(await call(url, 'hardhat_setBalance', [ACCOUNT, '0xde0b6b3a7640000'])).toBe(true);
    expect(await call(url, 'eth_getBalance', [ACCOUNT, 'latest'])).toBe('0xde0b6b3a7640000');
  });

  it('hardhat_setCode puts code that calls then run', async () => {
    await call(url, 'hardhat_setCode', [ACCOUNT, RETURNS_42]);
    expect(await call(url, 'eth_getCode', [ACCOUNT, 'latest'])).toBe(RETURNS_42);
    expect(BigInt(await call<string>(url, 'eth_call', [{ to: ACCOUNT, data: '0x' }, 'latest']))).toBe(42n);
  });

  it('hardhat_setNonce sets the nonce', async () => {
    await call(url, 'hardhat_setNonce', [OTHER, '0x2a']);
    expect(await call(url, 'eth_getTransactionCount', [OTHER, 'latest'])).toBe('0x2a');
  });

  it('hardhat_setStorageAt writes a slot, padding a short value', async () => {
    await call(url, 'hardhat_setStorageAt', [ACCOUNT, '0x5', '0x07']);
    expect(await call(url, 'eth_getStorageAt', [ACCOUNT, '0x5', 'latest'])).toBe(`0x${'00'.repeat(31)}07`);
  });

  it('the anvil_ names do the same and answer null', async () => {
    expect(await call(url, 'anvil_setBalance', [OTHER, '0x3'])).toBe(null);
    expect(await call(url, 'eth_getBalance', [OTHER, 'latest'])).toBe('0x3');
  });

  it('an impersonated account sends with eth_sendTransaction until impersonation stops', async () => {
    const sender = '0x4444444444444444444444444444444444444444';
    await call(url, 'hardhat_setBalance', [sender, '0xde0b6b3a7640000']);
    expect((await post(url, 'eth_sendTransaction', [{ from: sender, to: ACCOUNT, value: '0x1' }])).error?.message).toMatch(/unknown account/);
    expect(await call(url, 'hardhat_impersonateAccount', [sender])).toBe(true);
    const hash = await call<string>(url, 'eth_sendTransaction', [{ from: sender, to: OTHER, value: '0x1' }]);
    const receipt = await call<{ status: string; from: string }>(url, 'eth_getTransactionReceipt', [hash]);
    expect(receipt).toMatchObject({ status: '0x1', from: sender });
    expect(await call(url, 'hardhat_stopImpersonatingAccount', [sender])).toBe(true);
    expect((await post(url, 'eth_sendTransaction', [{ from: sender, to: OTHER, value: '0x1' }])).error?.message).toMatch(/unknown account/);
  });

  it('hardhat_stopImpersonatingAccount answers false for an account not impersonated', async () => {
    expect(await call(url, 'hardhat_stopImpersonatingAccount', ['0x5555555555555555555555555555555555555555'])).toBe(false);
  });
});

describe('on protected accounts without --dev', () => {
  it.each(CHEATS)('hardhat_%s refuses a system address with PROTECTED_ACCOUNT', async (name, params) => {
    const answer = await post(url, `hardhat_${name}`, params(BOOTLOADER));
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
  });

  it.each(CHEATS)('anvil_%s refuses an operator on Gateway with PROTECTED_ACCOUNT', async (name, params) => {
    const operator = privateKeyAddress(await operatorKeyOf(net.store, 271));
    const answer = await post(net.gateway.rpcUrl, `anvil_${name}`, params(operator));
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
  });

  it.each(CHEATS)('hardhat_%s refuses the network\'s bundle relayer with PROTECTED_ACCOUNT', async (name, params) => {
    const relayer = privateKeyAddress(await relayerKeyOf(net.store));
    const answer = await post(url, `hardhat_${name}`, params(relayer));
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
    expect(answer.error?.message).toContain("the network's bundle relayer");
  });

  it('a refused cheat changed nothing', async () => {
    const before = await call(url, 'eth_getBalance', [BOOTLOADER, 'latest']);
    await post(url, 'hardhat_setBalance', [BOOTLOADER, '0x123456']);
    expect(await call(url, 'eth_getBalance', [BOOTLOADER, 'latest'])).toBe(before);
  });
});

describe('on protected accounts with --dev', () => {
  it('the cheats reach a system address and an operator, as asked on purpose', async () => {
    const dev = await startNetwork({ ...layout(), dev: true });
    try {
      const chainUrl = dev.node(271).rpcUrl;
      expect(await call(chainUrl, 'hardhat_setBalance', [BOOTLOADER, '0x123'])).toBe(true);
      expect(await call(chainUrl, 'eth_getBalance', [BOOTLOADER, 'latest'])).toBe('0x123');
      const operator = privateKeyAddress(await operatorKeyOf(dev.store, 271));
      expect(await call(dev.gateway.rpcUrl, 'hardhat_impersonateAccount', [operator])).toBe(true);
      const hash = await call<string>(dev.gateway.rpcUrl, 'eth_sendTransaction', [{ from: operator, to: OTHER, value: '0x1' }]);
      expect(await call(dev.gateway.rpcUrl, 'eth_getTransactionReceipt', [hash])).toMatchObject({ status: '0x1' });
    } finally {
      await dev.stop();
    }
  });
});
