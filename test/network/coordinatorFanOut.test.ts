/**
 * What the coordinator (src/network/coordinator.ts) asks of each node for the network-wide methods, over
 * stand-in nodes that record the internal calls they get and answer as the contract says
 * (docs/design/processes.md §5; the nodes' own methods are tested with the nodes): snapshot, revert and
 * dump quiesce every node (chains, Gateway, the L1) and release them in reverse; each internal call carries
 * the token; delays go to the chains and, for `l1`, to Gateway; addChain registers on the layers, spawns
 * through its hook and links the new chain with every chain both ways.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Hex } from 'viem';
import { Coordinator, type CoordinatedNode } from '../../src/network/coordinator.ts';
import type { NetworkLayout } from '../../src/network/layout.ts';
import { createMethodTable, defineMethod } from '../../src/rpc/methodTable.ts';
import { createRpcServer, type RpcServer } from '../../src/rpc/server.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import { privateKeyAddress } from '../../src/protocol/privateKeyAddress.ts';
import type { NetworkConfig } from '../../src/wire/types.ts';
import { post } from '../support/httpRpc.ts';

const TOKEN = 'fan-out-token';
const AUTH = { internalToken: TOKEN };
const INTERNAL = ['zkinterop_quiesce', 'zkinterop_release', 'zkinterop_nodeSnapshot', 'zkinterop_nodeRevert', 'zkinterop_dumpNode', 'zkinterop_setNodeDelays', 'zkinterop_registerChain', 'zkinterop_registerInteropChain'];

type Call = { chainId: number; method: string; params: unknown[]; tag: string };
const calls: Call[] = [];
/** what a node's zkinterop_nodeRevert answers, by chain id (default true) */
const revertAnswers = new Map<number, boolean>();
const servers: RpcServer[] = [];

/** A stand-in node: records every internal call; a chain answers the bundle index's reads with an empty chain. */
async function standIn(chainId: number, role: CoordinatedNode['role'], tag = 'first'): Promise<CoordinatedNode> {
  let snapshots = 0;
  const answer = (method: string, params: unknown[]): unknown => {
    switch (method) {
      case 'zkinterop_nodeSnapshot':
        return `node-${chainId}-${++snapshots}`;
      case 'zkinterop_nodeRevert':
        return revertAnswers.get(chainId) ?? true;
      case 'zkinterop_dumpNode':
        return { chainId, entries: [{ node: chainId }], meta: { [`genesis:${chainId}`]: '1' } };
      case 'zkinterop_setNodeDelays':
        return params[0];
      default:
        return null;
    }
  };
  const methods = createMethodTable([
    ...INTERNAL.map((name) =>
      defineMethod({
        name,
        params: z.array(z.unknown()),
        handler: (params) => {
          calls.push({ chainId, method: name, params: [...params], tag });
          return answer(name, params);
        },
      }),
    ),
    // The fault controls a revert asks of each chain (its relay forgets roots waiting in a delay): nothing here.
    defineMethod({ name: 'zkinterop_faultControl', params: z.array(z.unknown()), handler: () => null }),
    defineMethod({ name: 'eth_blockNumber', params: z.tuple([]), handler: () => '0x0' }),
    defineMethod({ name: 'eth_getLogs', params: z.array(z.unknown()), handler: () => [] }),
  ]);
  const server = createRpcServer({ port: 0, methods });
  await server.start();
  servers.push(server);
  return { chainId, role, rpcUrl: server.url, wsUrl: server.wsUrl };
}

const layout: NetworkLayout = { l1ChainId: 9, gatewayChainId: 506, genesisChains: [271, 272], chainsOnL1: [], operators: {}, relayer: '0x000000000000000000000000000000000000dEaD', extraAccounts: [] };
let coordinator: Coordinator;
let spawned: { chainId: number; operatorKey: Hex; settlesOn: string }[] = [];

const network = (method: string, params: unknown[] = []) => post(`${coordinator.routerUrl}/network`, method, params);
const internalCalls = () => calls.map((c) => [c.chainId, c.method]);

beforeAll(async () => {
  const nodes = [await standIn(9, 'l1'), await standIn(506, 'gateway'), await standIn(271, 'chain'), await standIn(272, 'chain')];
  coordinator = await Coordinator.start({
    layout,
    nodes,
    internalToken: TOKEN,
    store: openMemoryStore(),
    profile: 'instant',
    autorelay: false,
    router: { port: 0, explorer: false },
    spawnChain: async (chain) => {
      spawned.push(chain);
      const node = await standIn(chain.chainId, 'chain');
      return { rpcUrl: node.rpcUrl, wsUrl: node.wsUrl };
    },
  });
});

afterAll(async () => {
  await coordinator?.stop();
  for (const s of servers) await s.stop();
});

beforeEach(() => {
  calls.length = 0;
  revertAnswers.clear();
  spawned = [];
});

describe('the coordinator over its nodes\' internal methods', () => {
  it('snapshots with every node quiesced, chains first, and releases them in reverse', async () => {
    expect((await network('zkinterop_snapshot')).result).toMatch(/^0x[0-9a-f]+$/);
    expect(internalCalls()).toEqual([
      [271, 'zkinterop_quiesce'], [272, 'zkinterop_quiesce'], [506, 'zkinterop_quiesce'], [9, 'zkinterop_quiesce'],
      [9, 'zkinterop_nodeSnapshot'], [506, 'zkinterop_nodeSnapshot'], [271, 'zkinterop_nodeSnapshot'], [272, 'zkinterop_nodeSnapshot'],
      [9, 'zkinterop_release'], [506, 'zkinterop_release'], [272, 'zkinterop_release'], [271, 'zkinterop_release'],
    ]);
  });

  it('passes the internal token as the last param of every internal call', async () => {
    await network('zkinterop_snapshot');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.params.at(-1)).toEqual(AUTH);
  });

  it('reverts each node to its own part of the snapshot, and uses the snapshot up', async () => {
    const id = (await network('zkinterop_snapshot')).result as string;
    const parts = new Map(calls.filter((c) => c.method === 'zkinterop_nodeSnapshot').map((c) => [c.chainId, c]));
    calls.length = 0;
    expect((await network('zkinterop_revert', [id])).result).toBe(true);
    const reverts = calls.filter((c) => c.method === 'zkinterop_nodeRevert');
    expect(reverts.map((c) => c.chainId)).toEqual([9, 506, 271, 272]);
    for (const c of reverts) expect(String(c.params[0])).toMatch(new RegExp(`^node-${c.chainId}-\\d+$`));
    expect(parts.size).toBe(4);
    expect((await network('evm_revert', [id])).result).toBe(false);
  });

  it('says which node lost its part of a snapshot, and releases every node', async () => {
    const id = (await network('zkinterop_snapshot')).result as string;
    calls.length = 0;
    revertAnswers.set(271, false);
    const answer = await network('zkinterop_revert', [id]);
    expect(answer.error).toMatchObject({ code: -32602, message: expect.stringMatching(/node 271 no longer holds its part of snapshot/), data: { code: 'SNAPSHOT_UNKNOWN' } });
    expect(calls.filter((c) => c.method === 'zkinterop_release').map((c) => c.chainId)).toEqual([9, 506, 272, 271]);
  });

  it('sends the chains\' delays to every chain and the L1 delays to Gateway, and reports them', async () => {
    const answer = await network('zkinterop_setStageDelays', [{ batchTimeMs: 25, l1: { commitMs: 7 } }]);
    expect(calls.map((c) => [c.chainId, c.method, c.params[0]])).toEqual([
      [271, 'zkinterop_setNodeDelays', { batchTimeMs: 25 }],
      [272, 'zkinterop_setNodeDelays', { batchTimeMs: 25 }],
      [506, 'zkinterop_setNodeDelays', { commitMs: 7 }],
    ]);
    expect(answer.result).toMatchObject({ batchTimeMs: 25, l1: { commitMs: 7 } });
    expect(((await network('zkinterop_networkConfig')).result as NetworkConfig).delays).toMatchObject({ batchTimeMs: 25, l1: { commitMs: 7 } });
  });

  it('dumps every node\'s journal and meta, quiesced, into one dump', async () => {
    const dump = (await network('zkinterop_dump')).result as { journals: Record<string, unknown[]>; meta: Record<string, string> };
    expect(Object.keys(dump.journals).sort()).toEqual(['271', '272', '506', '9']);
    expect(dump.journals['271']).toEqual([{ node: 271 }]);
    expect(dump.meta).toMatchObject({ 'genesis:9': '1', 'genesis:272': '1' });
    expect(calls.at(0)?.method).toBe('zkinterop_quiesce');
    expect(calls.at(-1)?.method).toBe('zkinterop_release');
  });

  it('adds a chain: registers it on Gateway and the L1, spawns its node, and links it with every chain both ways', async () => {
    const answer = await network('zkinterop_addChain', [{ chainId: 280 }]);
    expect(spawned).toEqual([{ chainId: 280, operatorKey: expect.stringMatching(/^0x[0-9a-f]{64}$/), settlesOn: 'gateway' }]);
    const operator = privateKeyAddress(spawned[0]!.operatorKey);
    expect(calls.map((c) => [c.chainId, c.method, c.params[0]])).toEqual([
      [506, 'zkinterop_registerChain', { chainId: 280, operator }],
      [9, 'zkinterop_registerChain', { chainId: 280, operator, settlementLayer: 506 }],
      [271, 'zkinterop_registerInteropChain', 280],
      [280, 'zkinterop_registerInteropChain', 271],
      [272, 'zkinterop_registerInteropChain', 280],
      [280, 'zkinterop_registerInteropChain', 272],
    ]);
    expect(answer.result).toMatchObject({ chainId: 280, role: 'chain', routedUrl: `${coordinator.routerUrl}/chains/280` });
    expect(((await network('zkinterop_networkConfig')).result as NetworkConfig).chains.map((c) => c.chainId)).toEqual([271, 272, 280]);
  });

  it('routes to a node at its new URLs once told it moved (its process restarted on another port)', async () => {
    const moved = await standIn(272, 'chain', 'moved');
    coordinator.nodeMoved(272, { rpcUrl: moved.rpcUrl, wsUrl: moved.wsUrl });
    expect(((await network('zkinterop_networkConfig')).result as NetworkConfig).chains.find((c) => c.chainId === 272)?.rpcUrl).toBe(moved.rpcUrl);
    await network('zkinterop_setStageDelays', [{ commitMs: 3 }]);
    expect(calls.filter((c) => c.chainId === 272).map((c) => c.tag)).toEqual(['moved']);
  });
});
