/**
 * A chain added at runtime (zkinterop_addChain) is an interop destination everywhere: every running
 * chain's L2 Bridgehub answers `baseTokenAssetId` for it and it for them, so v31 bundles go 271 → 280 and
 * 280 → 271 and execute there; the registrations are journaled on each chain and come back, once, from a
 * SQLite store on restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, getAddress, toHex, type Address, type Hex } from 'viem';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, bundleReceiverAbi, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { executeBundle, proveBundle, sendBundle, sendTx } from '../support/bundles.ts';
import { sqliteBackend } from '../support/stores.ts';

const GATEWAY = 506;
const layout = () => ({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false as const, profile: 'instant' as const, autorelay: false });

const backend = sqliteBackend();
let location: string;
let net: Network;

async function baseTokenAssetId(node: NetworkNode, chainId: number): Promise<bigint> {
  const data = await node.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data: encodeFunctionData({ abi: bridgehubAbi, functionName: 'baseTokenAssetId', args: [BigInt(chainId)] }) }, 'latest']);
  return BigInt(decodeFunctionResult({ abi: bridgehubAbi, functionName: 'baseTokenAssetId', data }));
}

async function receivedPayload(node: NetworkNode, receiver: Address): Promise<Hex> {
  const data = await node.client.request<Hex>('eth_call', [{ to: receiver, data: encodeFunctionData({ abi: bundleReceiverAbi, functionName: 'lastPayload' }) }, 'latest']);
  return decodeFunctionResult({ abi: bundleReceiverAbi, functionName: 'lastPayload', data });
}

async function deployReceiver(node: NetworkNode): Promise<Address> {
  return getAddress((await sendTx(node, { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
}

/** Sends a one-call bundle from `source` to a receiver on `destination`, proves it and executes it there. */
async function bundleBetween(source: NetworkNode, destination: NetworkNode, receiver: Address, payload: string): Promise<void> {
  const sent = await sendBundle(source, destination.chainId, [{ to: receiver, data: toHex(payload) }], { from: RICH_ADDRESS });
  const proof = await proveBundle(source, destination, GATEWAY, sent);
  await executeBundle(destination, RICH_ADDRESS, sent, proof);
}

beforeAll(async () => {
  location = await backend.location();
  net = await startNetwork({ ...layout(), store: await openStore(location) });
  await net.addChain({ chainId: 280, port: 0 });
});

afterAll(async () => {
  await net?.stop();
  await backend.cleanup();
});

describe('a chain added at runtime as an interop destination', () => {
  it('is known to the running chains, and knows them, by its base token asset id', async () => {
    for (const chainId of [271, 272]) {
      expect(await baseTokenAssetId(net.node(chainId), 280)).not.toBe(0n);
      expect(await baseTokenAssetId(net.node(280), chainId)).not.toBe(0n);
    }
  });

  it('receives a bundle from 271 that executes on it', async () => {
    const receiver = await deployReceiver(net.node(280));
    await bundleBetween(net.node(271), net.node(280), receiver, 'to the added chain');
    expect(await receivedPayload(net.node(280), receiver)).toBe(toHex('to the added chain'));
  });

  it('sends a bundle to 271 that executes there', async () => {
    const receiver = await deployReceiver(net.node(271));
    await bundleBetween(net.node(280), net.node(271), receiver, 'from the added chain');
    expect(await receivedPayload(net.node(271), receiver)).toBe(toHex('from the added chain'));
  });

  it('is still a destination after a restart from the SQLite store, registered once in each journal', async () => {
    await net.stop();
    net = await startNetwork({ ...layout(), store: await openStore(location) });
    expect(net.chains.map((c) => c.chainId)).toEqual([271, 272, 280]);
    expect(await baseTokenAssetId(net.node(271), 280)).not.toBe(0n);
    expect(await baseTokenAssetId(net.node(280), 272)).not.toBe(0n);
    await net.stop();
    const store = await openStore(location);
    try {
      const registrations = async (chainId: number) => (await store.load(chainId)).filter((e) => e.type === 'interopChain').map((e) => (e as { chainId: number }).chainId);
      expect(await registrations(271)).toEqual([280]);
      expect(await registrations(272)).toEqual([280]);
      // 280's genesis knows Gateway's genesis chains already: nothing to register there.
      expect(await registrations(280)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
