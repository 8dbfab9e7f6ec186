/**
 * The coordinator of node processes (src/network/coordinator.ts) over the nodes of an in-process network
 * reached only by their URLs (the network runs with an internal token and without its own relayer): its
 * `/network` answers the network's config with routed URLs through its own router and the process ids
 * it is given, a v31 bundle sent on 271 is executed on 272 by the COORDINATOR's relayer over HTTP (the
 * index told of blocks by newHeads subscriptions), its bundle methods answer, and what it refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAddress, toHex, type Address, type Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { Coordinator, type CoordinatedNode } from '../../src/network/coordinator.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import { createHttpRpcClient } from '../../src/rpc/client.ts';
import { bundleReceiverBytecode } from '../../src/contracts/index.ts';
import type { BundleLifecycle, BundleListPage, NetworkConfig } from '../../src/wire/types.ts';
import type { NetworkLayout } from '../../src/network/layout.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { sendBundle, sendTx } from '../support/bundles.ts';
import { pollUntil } from '../support/poll.ts';
import { post } from '../support/httpRpc.ts';

const TOKEN = 'coordinator-test-token';
const PIDS = [{ chainId: 506, role: 'gateway' as const, pid: 1001 }, { chainId: 271, role: 'chain' as const, pid: 1002 }, { chainId: 272, role: 'chain' as const, pid: 1003 }];

let net: Network;
let layout: NetworkLayout;
let nodes: CoordinatedNode[];
let coordinator: Coordinator;
let relayerKey: string;

const network = (method: string, params: unknown[] = []) => post(`${coordinator.routerUrl}/network`, method, params);
const routed = (chainId: number) => ({ chainId, client: createHttpRpcClient(`${coordinator.routerUrl}/chains/${chainId}`) });

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false, profile: 'instant', autorelay: false, internalToken: TOKEN });
  layout = await net.layout();
  nodes = net.allNodes().map((n) => ({ chainId: n.chainId, role: n.role, rpcUrl: n.rpcUrl, wsUrl: n.wsUrl }));
  relayerKey = (await net.store.getMeta('relayerKey'))!;
  const store = openMemoryStore();
  await store.setMeta('relayerKey', relayerKey);
  coordinator = await Coordinator.start({ layout, nodes, internalToken: TOKEN, store, profile: 'instant', processes: () => PIDS, router: { port: 0, explorer: false } });
});

afterAll(async () => {
  await coordinator?.stop();
  await net?.stop();
});

describe('the coordinator of node processes', () => {
  it('answers the network config on /network with its router\'s URLs and the node processes', async () => {
    const config = (await network('zkinterop_networkConfig')).result as NetworkConfig;
    expect(config.gateway).toMatchObject({ chainId: 506, role: 'gateway', rpcUrl: net.node(506).rpcUrl, routedUrl: `${coordinator.routerUrl}/chains/506` });
    expect(config.chains.map((c) => [c.chainId, c.routedUrl])).toEqual([[271, `${coordinator.routerUrl}/chains/271`], [272, `${coordinator.routerUrl}/chains/272`]]);
    expect(config).toMatchObject({ mode: 'auto', profile: 'instant', routerUrl: coordinator.routerUrl, processes: PIDS });
    expect(config.autorelay).toEqual({ enabled: true, address: layout.relayer });
  });

  it('describes the nodes as the one-process network does, but for the router and processes', async () => {
    const { routerUrl: _r, processes: _p, autorelay: _a, ...own } = coordinator.config();
    const { routerUrl: _r2, autorelay: _a2, ...theirs } = net.config();
    const unrouted = (c: typeof own) => ({ ...c, gateway: { ...c.gateway, routedUrl: null }, chains: c.chains.map((n) => ({ ...n, routedUrl: null })) });
    expect(unrouted(own)).toEqual(unrouted(theirs));
  });

  describe('a bundle sent on 271 to 272', () => {
    let hash: Hex;
    let executed: BundleLifecycle;

    beforeAll(async () => {
      const receiver = getAddress((await sendTx(routed(272), { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
      hash = (await sendBundle(routed(271), 272, [{ to: receiver, data: toHex('through the coordinator') }], { from: RICH_ADDRESS })).hash;
      executed = await pollUntil(async () => {
        const found = (await network('zkinterop_getBundle', [hash])).result as BundleLifecycle | null;
        return found?.stage === 'executed' ? found : undefined;
      }, { what: `bundle ${hash} executed by the coordinator's relayer` });
    });

    it('is executed on 272 by the coordinator\'s relayer, the layout\'s relayer account', async () => {
      const step = executed.steps.find((s) => s.step === 'executed')!;
      const tx = await routed(272).client.request<{ from: Address }>('eth_getTransactionByHash', [step.txHash]);
      expect(getAddress(tx.from)).toBe(getAddress(layout.relayer));
      expect(executed.relayed).toBe(true);
      // The network itself runs no relayer here.
      expect(net.config().autorelay.enabled).toBe(false);
    });

    it('shows every step of the lifecycle in order', () => {
      expect(executed.steps.map((s) => s.step)).toEqual(['sent', 'settled', 'rootImported', 'verified', 'executed']);
    });

    it('is listed by zkinterop_listBundles on /network', async () => {
      const page = (await network('zkinterop_listBundles', [{ destinationChainId: 272 }])).result as BundleListPage;
      expect(page.bundles.map((b) => b.bundleHash)).toContain(hash);
    });
  });

  it('refuses to add a chain when it starts no nodes, saying what to do', async () => {
    const answer = await network('zkinterop_addChain', [{ chainId: 290 }]);
    expect(answer.error).toMatchObject({ code: -32602, message: expect.stringContaining('zkinterop node --role chain') });
  });

  it('refuses to start with a relayer key that is not the layout\'s relayer', async () => {
    const store = openMemoryStore();
    await store.setMeta('relayerKey', `0x${'11'.repeat(32)}`);
    await expect(Coordinator.start({ layout, nodes, internalToken: TOKEN, store, profile: 'instant', router: null })).rejects.toThrow(/layout's relayer is/);
  });

  it('refuses nodes that are not the layout\'s Gateway', async () => {
    const store = openMemoryStore();
    await store.setMeta('relayerKey', relayerKey);
    const wrong = nodes.map((n) => (n.role === 'gateway' ? { ...n, chainId: 999 } : n));
    await expect(Coordinator.start({ layout, nodes: wrong, internalToken: TOKEN, store, router: null })).rejects.toThrow(/the layout's Gateway is chain 506/);
  });
});
