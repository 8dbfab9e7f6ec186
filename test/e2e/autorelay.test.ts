/**
 * Auto-relay of v31 bundles on a started network (src/relay/bundleRelayer.ts, bundleIndex.ts): a bundle
 * sent on 271 is executed on 272 by the network's relayer with no one else acting, every step of its
 * lifecycle in order; a bundle whose call reverts is `failed` with the decoded reason, the failing call's
 * index and a callTracer trace, and its unbundler can still unbundle it by hand; a bundle naming another
 * executionAddress is left to that account; ten bundles sent at once all execute, once each; the dev
 * methods list, filter, page and refuse bad params; a network revert rebuilds the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, getAddress, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { INTEROP_HANDLER_ADDRESS, bundleReceiverBytecode, interopHandlerAbi } from '../../src/contracts/index.ts';
import { formatEvmV1 } from '../../src/protocol/bundle.ts';
import type { BundleLifecycle, BundleListPage } from '../../src/wire/types.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { attributes, handlerCall, proveBundle, sendBundle, sendTx, type Sent } from '../support/bundles.ts';
import { pollUntil } from '../support/poll.ts';

const GATEWAY = 506;
const STRANGER: Address = privateKeyToAddress(RICH_WALLET_KEYS[1]!);

let net: Network;
let receiver: Address;

const lifecycle = (hash: Hex) => net.node(271).client.request<BundleLifecycle | null>('zkinterop_getBundle', [hash]);
const untilStage = (hash: Hex, stages: string[]) =>
  pollUntil(async () => {
    const found = await lifecycle(hash);
    return found && stages.includes(found.stage) ? found : undefined;
  }, { what: `bundle ${hash} to reach ${stages.join(' or ')}` });
const send = (calls: { data: string; attributes?: Hex[] }[], bundleAttributes: Hex[] = []): Promise<Sent> =>
  sendBundle(net.node(271), 272, calls.map((c) => ({ to: receiver, data: toHex(c.data), attributes: c.attributes })), { from: RICH_ADDRESS, bundleAttributes });
const executedEvents = async (hash: Hex) => (await net.node(272).client.request<unknown[]>('eth_getLogs', [{ address: INTEROP_HANDLER_ADDRESS, topics: [null, hash], fromBlock: '0x0', toBlock: 'latest' }])).length;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false, profile: 'instant' });
  receiver = getAddress((await sendTx(net.node(272), { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
});

afterAll(async () => {
  await net?.stop();
});

describe('a bundle nobody executes by hand', () => {
  let sent: Sent;
  let executed: BundleLifecycle;

  beforeAll(async () => {
    sent = await send([{ data: 'relayed' }]);
    executed = await untilStage(sent.hash, ['executed']);
  });

  it('is executed on its destination by the network relayer', async () => {
    const relayer = (await net.node(272).client.request<{ autorelay: { enabled: boolean; address: Address } }>('zkinterop_networkConfig')).autorelay;
    expect(relayer.enabled).toBe(true);
    const step = executed.steps.find((s) => s.step === 'executed')!;
    const tx = await net.node(272).client.request<{ from: Address }>('eth_getTransactionByHash', [step.txHash]);
    expect(getAddress(tx.from)).toBe(getAddress(relayer.address));
    expect(executed.relayed).toBe(true);
  });

  it('shows every step in order, with times, chains and transactions', () => {
    expect(executed.steps.map((s) => s.step)).toEqual(['sent', 'settled', 'rootImported', 'verified', 'executed']);
    const [sentStep, settled, rootImported, verified, done] = executed.steps;
    expect(sentStep).toMatchObject({ chainId: 271, txHash: sent.receipt.transactionHash });
    expect(settled).toMatchObject({ chainId: GATEWAY, txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), batchNumber: expect.any(Number), gatewayBlockNumber: expect.any(Number) });
    expect(rootImported).toMatchObject({ chainId: 272, blockNumber: expect.any(Number), gatewayBlockNumber: settled!.gatewayBlockNumber });
    expect(verified!.txHash).toBe(done!.txHash);
    // Each node stamps its own step: the source may learn of Gateway's execute a moment after the destination imported its root.
    expect(sentStep!.at).toBeLessThanOrEqual(settled!.at);
    expect(sentStep!.at).toBeLessThanOrEqual(rootImported!.at);
    expect(rootImported!.at).toBeLessThanOrEqual(verified!.at);
    expect(verified!.at).toBeLessThanOrEqual(done!.at);
    expect(executed.steps.every((s) => s.at > 1_600_000_000_000)).toBe(true);
  });

  it('describes the bundle as sent: source, destination, carrying message, calls and attributes', () => {
    expect(executed).toMatchObject({
      bundleHash: sent.hash,
      sourceChainId: 271,
      destinationChainId: 272,
      txHash: sent.receipt.transactionHash,
      index: sent.logIndex,
      sender: RICH_ADDRESS,
      executionAddress: null,
      unbundlerAddress: formatEvmV1({ chainId: 271, address: RICH_ADDRESS }),
      calls: [{ to: receiver, data: toHex('relayed'), value: '0', indirect: false }],
    });
    expect(executed.failure).toBeUndefined();
  });
});

describe('a bundle whose call reverts', () => {
  let sent: Sent;
  let failed: BundleLifecycle;

  beforeAll(async () => {
    sent = await send([{ data: 'kept' }, { data: 'fail' }], [attributes.unbundlerAddress(formatEvmV1({ address: RICH_ADDRESS }))]);
    failed = await untilStage(sent.hash, ['failed']);
  });

  it('is failed with the call\'s decoded error, its index and a callTracer trace', () => {
    expect(failed.failure).toMatchObject({ reason: 'Refused', callIndex: 1, revertData: expect.stringMatching(/^0x/) });
    expect(failed.failure!.trace).toMatchObject({ to: INTEROP_HANDLER_ADDRESS.toLowerCase(), error: expect.any(String) });
    expect(failed.steps.map((s) => s.step)).toEqual(['sent', 'settled', 'rootImported', 'failed']);
  });

  it('can then be verified and unbundled by its unbundler, and shows unbundled with the failure kept', async () => {
    const proof = await proveBundle(net.node(271), net.node(272), GATEWAY, sent);
    await sendTx(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('verifyBundle', sent.encoded, proof) });
    const unbundle = encodeFunctionData({ abi: interopHandlerAbi, functionName: 'unbundleBundle', args: [271n, sent.encoded, [1, 2]] });
    const receipt = await sendTx(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: unbundle });
    const unbundled = await untilStage(sent.hash, ['unbundled']);
    expect(unbundled.steps.at(-1)).toMatchObject({ step: 'unbundled', txHash: receipt.transactionHash, chainId: 272 });
    expect(unbundled.failure?.reason).toBe('Refused');
  });
});

describe('a bundle with someone else as executionAddress', () => {
  let sent: Sent;

  beforeAll(async () => {
    sent = await send([{ data: 'mine' }], [attributes.executionAddress(formatEvmV1({ address: STRANGER }))]);
  });

  it('is not relayed and stays rootImported until that account executes it', async () => {
    const waiting = await untilStage(sent.hash, ['rootImported']);
    expect(waiting.relayed).toBe(false);
    // Another bundle sent after it is relayed meanwhile: the relayer had its chance at this one.
    const later = await send([{ data: 'after' }]);
    await untilStage(later.hash, ['executed']);
    expect((await lifecycle(sent.hash))!.stage).toBe('rootImported');
    const proof = await proveBundle(net.node(271), net.node(272), GATEWAY, sent);
    await sendTx(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    const executed = await untilStage(sent.hash, ['executed']);
    expect(executed.failure).toBeUndefined();
    expect(await executedEvents(sent.hash)).toBe(2); // BundleVerified and BundleExecuted, once
  });
});

describe('many bundles at once', () => {
  it('are all executed by the relayer, each once', async () => {
    const senders = RICH_WALLET_KEYS.slice(2, 12).map((k) => privateKeyToAddress(k));
    const sent = await Promise.all(senders.map((from, i) => sendBundle(net.node(271), 272, [{ to: receiver, data: toHex(`burst ${i}`) }], { from })));
    for (const s of sent) await untilStage(s.hash, ['executed']);
    for (const s of sent) expect(await executedEvents(s.hash)).toBe(2); // BundleVerified and BundleExecuted, once
  });
});

describe('zkinterop_listBundles', () => {
  it('lists newest first and filters by stage, source and destination', async () => {
    const page = await net.node(272).client.request<BundleListPage>('zkinterop_listBundles', []);
    expect(page.total).toBeGreaterThanOrEqual(4);
    const sentTimes = page.bundles.map((b) => b.steps[0]!.at);
    expect(sentTimes).toEqual([...sentTimes].sort((a, b) => b - a));
    const failedOnly = await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{ stage: 'unbundled' }]);
    expect(failedOnly.bundles.every((b) => b.stage === 'unbundled')).toBe(true);
    expect(failedOnly.total).toBe(1);
    expect((await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{ sourceChainId: 272 }])).total).toBe(0);
    expect((await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{ destinationChainId: 272 }])).total).toBe(page.total);
  });

  it('pages with limit and offset', async () => {
    const all = await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{}]);
    const second = await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{ limit: 1, offset: 1 }]);
    expect(second.total).toBe(all.total);
    expect(second.bundles.map((b) => b.bundleHash)).toEqual([all.bundles[1]!.bundleHash]);
  });

  it('answers null for a bundle it does not know', async () => {
    expect(await lifecycle(`0x${'ab'.repeat(32)}`)).toBeNull();
  });

  it.each([
    ['zkinterop_getBundle', ['0x1234']],
    ['zkinterop_listBundles', [{ stage: 'lost' }]],
    ['zkinterop_listBundles', [{ limit: 10_001 }]],
    ['zkinterop_listBundles', [{ colour: 'red' }]],
  ])('refuses bad params of %s with -32602', async (method, params) => {
    await expect(net.node(271).client.request(method, params)).rejects.toMatchObject({ rpcCode: -32602 });
  });
});

describe('a network revert', () => {
  it('forgets the bundles of the abandoned history, keeps the earlier ones, and the relayer goes on', async () => {
    const known = (await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{ limit: 10_000 }])).bundles.map((b) => b.bundleHash);
    const id = await net.node(271).client.request<string>('zkinterop_snapshot');
    const abandoned = await send([{ data: 'abandoned' }]);
    await untilStage(abandoned.hash, ['executed']);
    await net.node(272).client.request('zkinterop_revert', [id]);
    expect(await lifecycle(abandoned.hash)).toBeNull();
    const after = (await net.node(271).client.request<BundleListPage>('zkinterop_listBundles', [{ limit: 10_000 }])).bundles.map((b) => b.bundleHash);
    expect(after.sort()).toEqual([...known].sort());
    const next = await send([{ data: 'after the revert' }]);
    expect((await untilStage(next.hash, ['executed'])).relayed).toBe(true);
  });
});
