/**
 * A node's network-wide methods with `--coordinator` (issue 16, forwardedNamespace.ts): each call goes to
 * `<coordinator>/network` with its params as given, and the coordinator's result or error comes back
 * unchanged. The coordinator here is a real JSON-RPC server answering on `/network` what this test tells it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FORWARDED_METHODS, forwardedNamespace } from '../../src/network/forwardedNamespace.ts';
import { networkNamespace } from '../../src/network/networkNamespace.ts';
import { hardhatNetworkNamespace } from '../../src/network/hardhatNetworkNamespace.ts';
import { faultNamespace } from '../../src/network/faultNamespace.ts';
import type { Network } from '../../src/network/network.ts';
import type { NetworkFaults } from '../../src/network/faults.ts';
import { createTableRpcClient, type RpcClient } from '../../src/rpc/client.ts';
import { RpcError } from '../../src/rpc/errors.ts';
import { createMethodTable, defineMethod } from '../../src/rpc/methodTable.ts';
import { createRpcServer, type RpcServer } from '../../src/rpc/server.ts';

let coordinator: RpcServer;
let node: RpcClient;
const received: unknown[][] = [];

beforeAll(async () => {
  const methods = createMethodTable([
    defineMethod({ name: 'zkinterop_revert', params: z.array(z.unknown()), handler: (params) => (received.push(params), true) }),
    defineMethod({
      name: 'zkinterop_addChain',
      params: z.array(z.unknown()),
      handler: () => {
        throw new RpcError(-32005, 'this network already runs its most settling chains', { data: { code: 'LIMIT_EXCEEDED', most: 64 } });
      },
    }),
  ]);
  coordinator = createRpcServer({ port: 0, methods: (path) => (path === '/network' ? methods : undefined) });
  await coordinator.start();
  node = createTableRpcClient(createMethodTable(forwardedNamespace(coordinator.url)));
});

afterAll(() => coordinator?.stop());

describe('a node forwarding the network-wide methods to its coordinator', () => {
  it("passes the params through as given and answers the coordinator's result", async () => {
    expect(await node.request('zkinterop_revert', ['0x1', { devToken: 't' }])).toBe(true);
    expect(received.at(-1)).toEqual(['0x1', { devToken: 't' }]);
  });

  it("answers the coordinator's error with its code, message and data unchanged", async () => {
    await expect(node.request('zkinterop_addChain', [{}])).rejects.toMatchObject({ rpcCode: -32005, message: expect.stringContaining('this network already runs its most settling chains'), data: { code: 'LIMIT_EXCEEDED', most: 64 } });
  });

  it("answers the coordinator's method-not-found for a method it does not serve", async () => {
    await expect(node.request('zkinterop_dump')).rejects.toMatchObject({ rpcCode: -32601 });
  });

  it('says the coordinator cannot be reached when it is not running', async () => {
    const alone = createTableRpcClient(createMethodTable(forwardedNamespace('http://127.0.0.1:1')));
    await expect(alone.request('zkinterop_networkConfig')).rejects.toThrow(/coordinator at http:\/\/127\.0\.0\.1:1, which cannot be reached/);
  });

  it('serves none of them without a coordinator', () => {
    expect(forwardedNamespace(undefined)).toEqual([]);
  });

  it('forwards exactly the methods a network in one process serves from its network, Hardhat-network and fault namespaces, plus the coordinator\'s zkinterop_restartNode', () => {
    // Only the names are read: the handlers, which would reach the network, never run.
    const inOneProcess = [...networkNamespace({} as Network), ...hardhatNetworkNamespace({} as Network), ...faultNamespace({} as NetworkFaults, { dev: false })].map((m) => m.name);
    expect([...FORWARDED_METHODS].sort()).toEqual([...inOneProcess, 'zkinterop_restartNode'].sort());
  });
});
