/**
 * "Unlock on chain B" refusals (contracts/examples/BadgeIssuer.sol, examples/unlock-on-chain-b.ts): the
 * issuer on 272 grants a badge only through InteropHandler and only for accounts acting on 271, so an
 * account calling it directly, a bundle from another chain (273) and a bundle forged with another
 * message's proof all leave it without a badge; the badge goes to the account that sent the bundle on
 * 271, whoever executes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, getAddress, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { INTEROP_HANDLER_ADDRESS, badgeIssuerAbi, badgeIssuerBytecode, interopHandlerAbi } from '../../src/contracts/index.ts';
import { encodeAbiParameters } from 'viem';
import { RICH_ADDRESS } from '../support/interop.ts';
import { executeBundle, handlerCall, proveBundle, sendBundle, sendTx, revertOf as revertOfCall } from '../support/bundles.ts';

const GATEWAY = 506;
const STRANGER: Address = privateKeyToAddress(RICH_WALLET_KEYS[1]!);
const ERRORS = [...interopHandlerAbi, ...badgeIssuerAbi];

let net: Network;
let issuer: Address;

async function hasBadge(account: Address): Promise<boolean> {
  const data = await net.node(272).client.request<Hex>('eth_call', [{ to: issuer, data: encodeFunctionData({ abi: badgeIssuerAbi, functionName: 'badges', args: [account] }) }, 'latest']);
  return decodeFunctionResult({ abi: badgeIssuerAbi, functionName: 'badges', data });
}

/** The custom error an eth_call reverts with, decoded with the interop ABIs. */
function revertOf(node: NetworkNode, call: { from: Address; to: Address; data: Hex }): Promise<{ errorName: string; args: readonly unknown[] }> {
  return revertOfCall(node, call, ERRORS);
}

beforeAll(async () => {
  net = await startNetwork({
    gateway: { chainId: GATEWAY, port: 0 },
    chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }, { chainId: 273, port: 0 }],
    l1: false,
    profile: 'instant',
    // executed by hand below (a stranger, forged proofs): the relayer would be first
    autorelay: false,
  });
  const deployData = `${badgeIssuerBytecode}${encodeAbiParameters([{ type: 'uint256' }], [271n]).slice(2)}` as Hex;
  issuer = getAddress((await sendTx(net.node(272), { from: RICH_ADDRESS, data: deployData })).contractAddress!);
});

afterAll(async () => {
  await net?.stop();
});

describe('BadgeIssuer on 272, trusting 271', () => {
  it('refuses an account calling it directly: NotInteropHandler naming the caller', async () => {
    const data = encodeFunctionData({ abi: badgeIssuerAbi, functionName: 'receiveMessage', args: [`0x${'00'.repeat(32)}`, '0x', '0x'] });
    expect(await revertOf(net.node(272), { from: RICH_ADDRESS, to: issuer, data })).toEqual({ errorName: 'NotInteropHandler', args: [RICH_ADDRESS] });
    expect(await hasBadge(RICH_ADDRESS)).toBe(false);
  });

  it('refuses a bundle from 273: the execution reverts with WrongSourceChain(273) and grants nothing', async () => {
    const sent = await sendBundle(net.node(273), 272, [{ to: issuer, data: '0x' }], { from: RICH_ADDRESS });
    const proof = await proveBundle(net.node(273), net.node(272), GATEWAY, sent);
    const error = await revertOf(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    expect(error).toEqual({ errorName: 'WrongSourceChain', args: [273n] });
    expect(await hasBadge(RICH_ADDRESS)).toBe(false);
  });

  it('refuses a bundle from 271 carried with the proof of another message: MessageNotIncluded', async () => {
    const first = await sendBundle(net.node(271), 272, [{ to: issuer, data: '0x01' }], { from: STRANGER });
    const second = await sendBundle(net.node(271), 272, [{ to: issuer, data: '0x02' }], { from: STRANGER });
    const proofOfSecond = await proveBundle(net.node(271), net.node(272), GATEWAY, second);
    const forged = { ...proofOfSecond, message: { ...proofOfSecond.message, data: first.message } };
    const error = await revertOf(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', first.encoded, forged) });
    expect(error.errorName).toBe('MessageNotIncluded');
    expect(await hasBadge(STRANGER)).toBe(false);
  });

  it('grants the badge to the account that sent the bundle on 271, though a stranger executed it', async () => {
    const sent = await sendBundle(net.node(271), 272, [{ to: issuer, data: '0x' }], { from: RICH_ADDRESS });
    const proof = await proveBundle(net.node(271), net.node(272), GATEWAY, sent);
    await executeBundle(net.node(272), STRANGER, sent, proof);
    expect(await hasBadge(RICH_ADDRESS)).toBe(true);
    expect(await hasBadge(STRANGER)).toBe(false);
  });
});
