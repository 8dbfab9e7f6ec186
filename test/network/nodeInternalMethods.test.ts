/**
 * The internal methods every node serves to the other processes of its network (nodeInternalNamespace.ts),
 * called over HTTP on a network in one process started with an internal token: each answers with the
 * token and is method-not-found without it; a snapshot and revert done node by node (quiesce, save,
 * release) restores what `Network.revert` restores; node delays change a batch's time; the nodes' dumps
 * merged load into a network with the same blocks; and faults injected through `faultTargetOverRpc` have
 * the outcomes they have in one process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { NetworkFaults, type FaultReport } from '../../src/network/faults.ts';
import { faultTargetOverRpc } from '../../src/network/faultTargetOverRpc.ts';
import { createHttpRpcClient, type RpcClient } from '../../src/rpc/client.ts';
import { mergeNodeDumps, networkMetaOf, splitNetworkDump, type NodeDump } from '../../src/store/nodeDump.ts';
import type { NetworkDump } from '../../src/store/journal.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled, type LogProof } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { startNodeAlone, type RunningNode } from '../../src/network/nodeAlone.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';

const TOKEN = 'internal-token-of-this-test';
const auth = { internalToken: TOKEN };
const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant' as const, internalToken: TOKEN };

/** An HTTP client of each node (L1 9, Gateway 506, chains 271 and 272). */
function httpClients(net: Network): Map<number, RpcClient> {
  return new Map(net.allNodes().map((n) => [n.chainId, createHttpRpcClient(n.rpcUrl)]));
}

/** Runs `fn` with every node quiesced over HTTP: chains first, then Gateway, then the L1; released in reverse. */
async function quiesced<T>(clients: Map<number, RpcClient>, fn: () => Promise<T>): Promise<T> {
  const order = [271, 272, 506, 9].map((id) => clients.get(id)!);
  for (const c of order) await c.request('zkinterop_quiesce', [auth]);
  try {
    return await fn();
  } finally {
    for (const c of [...order].reverse()) await c.request('zkinterop_release', [auth]);
  }
}

/** Every node's latest block hash. */
async function heads(clients: Map<number, RpcClient>): Promise<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const [id, c] of clients) out[id] = (await c.request<{ hash: string }>('eth_getBlockByNumber', ['latest', false])).hash;
  return out;
}

describe('the internal methods of every node, over HTTP', () => {
  let net: Network;
  let clients: Map<number, RpcClient>;
  beforeAll(async () => {
    net = await startNetwork(layout);
    clients = httpClients(net);
  });
  afterAll(() => net?.stop());

  const calls: [string, number, unknown[]][] = [
    ['zkinterop_registerInteropChain', 271, [999]],
    ['zkinterop_quiesce', 506, []],
    ['zkinterop_release', 506, []],
    ['zkinterop_setNodeDelays', 272, [{}]],
    ['zkinterop_dumpNode', 9, []],
    ['zkinterop_faultControl', 506, ['blockNumber']],
    ['zkinterop_nodeSnapshot', 272, []],
    ['zkinterop_nodeRevert', 271, ['0x99']],
  ];
  /** these need the node quiesced around them */
  const quiescing = ['zkinterop_nodeSnapshot', 'zkinterop_nodeRevert'];

  it.each(calls)('answers %s with the token (on chain %i)', async (method, chainId, params) => {
    const client = clients.get(chainId)!;
    if (quiescing.includes(method)) await client.request('zkinterop_quiesce', [auth]);
    try {
      await expect(client.request(method, [...params, auth])).resolves.toBeDefined();
    } finally {
      if (quiescing.includes(method)) await client.request('zkinterop_release', [auth]);
    }
  });

  it.each(calls)('answers %s as a method that does not exist without the token or with another (on chain %i)', async (method, chainId, params) => {
    const client = clients.get(chainId)!;
    await expect(client.request(method, params)).rejects.toMatchObject({ rpcCode: -32601 });
    await expect(client.request(method, [...params, { internalToken: 'guess' }])).rejects.toMatchObject({ rpcCode: -32601 });
  });

  it('takes a node snapshot only while the node is quiesced, saying so', async () => {
    await expect(clients.get(271)!.request('zkinterop_nodeSnapshot', [auth])).rejects.toThrow(/call zkinterop_quiesce first/);
  });

  it('registers a bundle destination once: a second call changes nothing', async () => {
    const chain = clients.get(272)!;
    expect(await chain.request('zkinterop_registerInteropChain', [998, auth])).toEqual({ registered: true });
    expect(await chain.request('zkinterop_registerInteropChain', [998, auth])).toEqual({ registered: false });
  });

  it('refuses a fault control the node does not have, naming the nodes that do', async () => {
    await expect(clients.get(9)!.request('zkinterop_faultControl', ['backlog', [], auth])).rejects.toThrow(/acts on settling chains; chain 9 \(l1\) is not one/);
  });

  it("dumps a node's own journal and meta keys only", async () => {
    const part = await clients.get(271)!.request<NodeDump>('zkinterop_dumpNode', [auth]);
    expect(part.chainId).toBe(271);
    expect(part.entries.length).toBeGreaterThan(0);
    expect(Object.keys(part.meta).length).toBeGreaterThan(0);
    for (const key of Object.keys(part.meta)) expect(key).toMatch(/:271$/);
  });

  it('merges the nodes\' dumps into the dump of the network (and splits it back)', async () => {
    const [parts, whole] = await quiesced(clients, async () => [await Promise.all([...clients.values()].map((c) => c.request<NodeDump>('zkinterop_dumpNode', [auth]))), await net.store.allMeta()] as const);
    const dump = await net.dump();
    expect(dump.meta).toEqual(whole);
    expect(mergeNodeDumps(parts, networkMetaOf(dump))).toEqual(dump);
    expect(mergeNodeDumps([9, 506, 271, 272].map((id) => splitNetworkDump(dump, id)), networkMetaOf(dump))).toEqual(dump);
  });
});

describe('a snapshot and revert done node by node', () => {
  let net: Network;
  let clients: Map<number, RpcClient>;
  let before: Record<number, string>;
  let after: Record<number, string>;
  let sentTx: Hex;
  let gatewayBlock: number;
  let journals: number[];
  beforeAll(async () => {
    net = await startNetwork(layout);
    clients = httpClients(net);
    const ids = await quiesced(clients, async () => {
      before = await heads(clients);
      journals = await Promise.all([9, 506, 271, 272].map((id) => net.store.length(id)));
      return Object.fromEntries(await Promise.all([...clients].map(async ([id, c]) => [id, await c.request<string>('zkinterop_nodeSnapshot', [auth])] as const)));
    });
    const sent = await sendMessage(net.node(271), 'sent after the snapshot');
    sentTx = sent.txHash;
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    gatewayBlock = settled.gatewayBlock;
    await waitInteropRoot(net.node(272), 506, gatewayBlock);
    await quiesced(clients, async () => {
      for (const [id, c] of clients) expect(await c.request('zkinterop_nodeRevert', [ids[id], auth])).toBe(true);
      after = await heads(clients);
    });
  });
  afterAll(() => net?.stop());

  it('returns every node to the block it had at the snapshot', () => {
    expect(after).toEqual(before);
  });

  it('forgets the message sent after the snapshot on its chain, and its root on the other', async () => {
    expect(await clients.get(271)!.request('eth_getTransactionReceipt', [sentTx])).toBeNull();
    expect(await clients.get(272)!.request('zkinterop_getImportedRoot', [506, gatewayBlock])).toBeNull();
  });

  it("forgets the batch in Gateway's inclusion index", async () => {
    expect(await clients.get(506)!.request('zkinterop_getBatchInclusion', [271, net.node(271).node.lastBatchWithStage('executed') + 1])).toBeNull();
    expect(net.gateway.node.blockNumber).toBeLessThan(gatewayBlock);
  });

  it('truncates every journal to its length at the snapshot', async () => {
    expect(await Promise.all([9, 506, 271, 272].map((id) => net.store.length(id)))).toEqual(journals);
  });

  it('uses up the snapshot: reverting to it again answers false', async () => {
    await quiesced(clients, async () => {
      expect(await clients.get(271)!.request('zkinterop_nodeRevert', ['0x1', auth])).toBe(false);
    });
  });

  it('keeps the network running: a message sent after the revert verifies on the other chain', async () => {
    const settled = await waitSettled(net.node(271), net.gateway, await sendMessage(net.node(271), 'after the revert'));
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
  });
});

describe('node delays and dumps', () => {
  it("zkinterop_setNodeDelays changes a chain's batch time: a long one keeps its new batch open", async () => {
    const net = await startNetwork(layout);
    try {
      const chain = createHttpRpcClient(net.node(272).rpcUrl);
      const delays = await chain.request<{ batchTimeMs: number; watcherPollMs: number }>('zkinterop_setNodeDelays', [{ batchTimeMs: 3_600_000, watcherPollMs: 5 }, auth]);
      expect(delays).toMatchObject({ batchTimeMs: 3_600_000, watcherPollMs: 5 });
      const sent = await sendMessage(net.node(272), 'in a batch kept open');
      expect(net.node(272).node.batches.find((b) => b.number === sent.batchNumber)?.stage).toBe('open');
      expect(net.node(271).node.delays().batchTimeMs).toBe(0);
    } finally {
      await net.stop();
    }
  });

  it("loads the merge of the nodes' dumps into a network with the same blocks, whose messages verify", async () => {
    const net = await startNetwork(layout);
    let dump: NetworkDump;
    let before: Record<number, string>;
    const settled = await waitSettled(net.node(271), net.gateway, await sendMessage(net.node(271), 'dumped in parts'));
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    try {
      const clients = httpClients(net);
      const networkMeta = networkMetaOf(await net.dump());
      [dump, before] = await quiesced(clients, async () => [mergeNodeDumps(await Promise.all([...clients.values()].map((c) => c.request<NodeDump>('zkinterop_dumpNode', [auth]))), networkMeta), await heads(clients)] as const);
    } finally {
      await net.stop();
    }
    const loaded = await startNetwork({ ...layout, load: dump });
    try {
      expect(await heads(httpClients(loaded))).toEqual(before);
      expect(await proveOn(loaded.node(272), claimOf(271, settled))).toBe(true);
    } finally {
      await loaded.stop();
    }
  });
});

describe('faults injected over RPC by a NetworkFaults of another "process"', () => {
  let net: Network;
  let faults: NetworkFaults;
  beforeAll(async () => {
    net = await startNetwork(layout);
    const remote = (chainId: number) => ({ chainId, client: createHttpRpcClient(net.node(chainId).rpcUrl) });
    faults = new NetworkFaults(faultTargetOverRpc({ token: TOKEN, mode: 'auto', gateway: remote(506), l1: remote(9), chains: () => [remote(271), remote(272)] }), 'open');
  });
  afterAll(() => net?.stop());

  it("records Gateway's rejected commit on the L1 and its recovery, as in one process", async () => {
    expect(await faults.rejectNextL1Batch()).toEqual({ armed: true, l1ChainId: 9 });
    const sent = await sendMessage(net.node(271), 'settled on the L1 after a rejected commit');
    await waitSettled(net.node(271), net.gateway, sent);
    await pollUntil(() => net.node(271).client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: `the proof to the L1 of ${sent.txHash}` });
    const report: FaultReport = await pollUntil(async () => {
      const r = await faults.report();
      return r.l1!.rejections[0]?.outcome === 'recovered' ? r : undefined;
    }, { what: 'the rejection to be recovered' });
    expect(report.l1!.rejectionArmed).toBe(false);
    expect(report.l1!.rejections).toHaveLength(1);
    expect(report.events.map((e) => e.kind)).toEqual(['l1RejectionArmed', 'l1StageReverted', 'l1StageRecovered']);
  });

  it("kills a chain's settlement, its batches pile up, and after a restart they settle", async () => {
    const killed = await faults.killSettlement(271);
    expect(killed.settlement).toBe('killed');
    const sent = await sendMessage(net.node(271), 'sent while settlement is killed');
    const backlog = await pollUntil(async () => {
      const chain = (await faults.report()).chains.find((c) => c.chainId === 271)!;
      return chain.settlement === 'killed' && chain.settlementBacklog.includes(sent.batchNumber) ? chain.settlementBacklog : undefined;
    }, { what: "271's batch to wait in its backlog" });
    expect(backlog).toContain(sent.batchNumber);
    expect(await faults.restartSettlement(271)).toMatchObject({ chainId: 271, settlement: 'running' });
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
  });

  it("drops a root on a chain through its relay, and the chain's own record of the drop reaches the report", async () => {
    await faults.delayInteropRoots(272, 3_600_000);
    const settled = await waitSettled(net.node(271), net.gateway, await sendMessage(net.node(271), 'its root is dropped on 272'));
    await pollUntil(async () => (await faults.report()).chains.find((c) => c.chainId === 272)!.waitingRoots.some((w) => w.blockNumber === settled.gatewayBlock), { what: "the root to wait on 272" });
    expect(await faults.dropInteropRoot(272, settled.gatewayBlock)).toMatchObject({ status: 'dropped', root: settled.interopRoot });
    await faults.delayInteropRoots(272, 0);
    const report = await faults.report();
    // Merged by time in ms: the chain's drop follows the drop armed, and may share a millisecond with the delay lifted after it.
    const kinds = report.events.filter((e) => e.chainId === 272).map((e) => e.kind);
    expect([...kinds].sort()).toEqual(['rootDropArmed', 'rootDropped', 'rootsDelayed', 'rootsDelayed']);
    expect(kinds.indexOf('rootDropped')).toBeGreaterThan(kinds.indexOf('rootDropArmed'));
    expect(report.chains.find((c) => c.chainId === 272)!.droppedRoots.map((d) => d.gatewayBlock)).toEqual([settled.gatewayBlock]);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(false);
  });

  it('pauses and resumes Gateway over RPC', async () => {
    const paused = await faults.pauseGateway();
    expect(paused.gatewayBlock).toBe(net.gateway.node.blockNumber);
    expect((await faults.report()).gateway.paused).toBe(true);
    const resumed = await faults.resumeGateway();
    expect(resumed.paused).toBe(false);
  });
});

describe('a chain running alone, given the internal token', () => {
  let net: Network;
  let alone: RunningNode;
  let client: RpcClient;
  beforeAll(async () => {
    net = await startNetwork({ l1: false, gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant', internalToken: TOKEN });
    const operatorKey = generatePrivateKey();
    await createHttpRpcClient(net.gateway.rpcUrl).request('zkinterop_registerChain', [{ chainId: 273, operator: privateKeyToAddress(operatorKey) }, auth]);
    alone = await startNodeAlone({ role: 'chain', chainId: 273, layout: await net.layout(), settlementLayerUrl: net.gateway.rpcUrl, operatorKey, store: openMemoryStore(), port: 0, profile: 'instant', internalToken: TOKEN });
    client = createHttpRpcClient(alone.rpcUrl);
  });
  afterAll(async () => {
    await alone?.stop();
    await net?.stop();
  });

  it('serves its internal methods with the token, and none without', async () => {
    const part = await client.request<NodeDump>('zkinterop_dumpNode', [auth]);
    expect(part.chainId).toBe(273);
    for (const key of Object.keys(part.meta)) expect(key).toMatch(/:273$/);
    await expect(client.request('zkinterop_dumpNode', [])).rejects.toMatchObject({ rpcCode: -32601 });
  });

  it('records a root it dropped itself, and a NetworkFaults over RPC reports it', async () => {
    const remote = (chainId: number, url: string) => ({ chainId, client: createHttpRpcClient(url) });
    const faults = new NetworkFaults(faultTargetOverRpc({ token: TOKEN, mode: 'auto', gateway: remote(506, net.gateway.rpcUrl), chains: () => [remote(271, net.node(271).rpcUrl), remote(273, alone.rpcUrl)] }), 'open');
    await faults.delayInteropRoots(273, 3_600_000);
    const settled = await waitSettled(net.node(271), net.gateway, await sendMessage(net.node(271), 'its root is dropped on the lone chain'));
    await pollUntil(async () => (await faults.report()).chains.find((c) => c.chainId === 273)!.waitingRoots.some((w) => w.blockNumber === settled.gatewayBlock), { what: 'the root to wait on 273' });
    expect(await faults.dropInteropRoot(273, settled.gatewayBlock)).toMatchObject({ status: 'dropped' });
    await faults.delayInteropRoots(273, 0);
    const report = await faults.report();
    expect(report.events.filter((e) => e.kind === 'rootDropped')).toMatchObject([{ chainId: 273, gatewayBlock: settled.gatewayBlock }]);
    expect(await client.request('zkinterop_getImportedRoot', [506, settled.gatewayBlock])).toBeNull();
  });
});
