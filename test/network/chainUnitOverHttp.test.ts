/**
 * A chain unit (src/network/chainUnit.ts) that reaches Gateway only over HTTP, beside a network whose
 * Gateway and chain 271 run in-process: what a chain in its own process does (issue 16). The test plays
 * the coordinator's one part that has no RPC method yet: registering the chain on Gateway (plan step 5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { createChainUnit, type ChainUnit } from '../../src/network/chainUnit.ts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { devAccounts, DEV_BALANCE } from '../../src/network/accounts.ts';
import { PROFILES } from '../../src/network/profiles.ts';
import { createRequestBounds } from '../../src/chain/rpc/requestLimits.ts';
import { createHttpRpcClient, createTableRpcClient, type RpcClient } from '../../src/rpc/client.ts';
import { createMethodTable } from '../../src/rpc/methodTable.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

/** The interop helpers read only a node's chain id and client. */
const peer = (chainId: number, client: RpcClient) => ({ chainId, client }) as unknown as NetworkNode;

describe('a chain unit reaching Gateway over HTTP only', () => {
  let net: Network;
  let unit: ChainUnit;
  let chain273: NetworkNode;
  const errors: string[] = [];

  beforeAll(async () => {
    net = await startNetwork({ l1: false, gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant' });
    const operatorKey = generatePrivateKey();
    await net.gateway.node.registerChain(273, privateKeyToAddress(operatorKey), DEV_BALANCE);
    const gateway = createHttpRpcClient(net.gateway.rpcUrl);
    unit = await createChainUnit({
      chainId: 273,
      layout: await net.layout(),
      settlementLayer: gateway,
      gateway,
      operatorKey,
      fundsRelayer: true,
      accounts: devAccounts(),
      store: openMemoryStore(),
      delays: { ...PROFILES.instant },
      requestBounds: createRequestBounds(),
      onError: (source, e) => errors.push(`${source}: ${e instanceof Error ? e.message : String(e)}`),
    });
    chain273 = peer(273, createTableRpcClient(createMethodTable(unit.methods)));
    await unit.node.resume();
    unit.rootPath!.watcher.start();
  });

  afterAll(async () => {
    await unit?.rootPath?.watcher.stop();
    await unit?.node.stop();
    await net?.stop();
  });

  it("settles its message on Gateway, and the network's chain verifies it", async () => {
    const sent = await sendMessage(chain273, 'from a chain that knows Gateway only by its URL');
    const settled = await waitSettled(chain273, net.gateway, sent);
    await waitInteropRoot(net.node(271), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(271), claimOf(273, settled))).toBe(true);
  });

  it("imports Gateway's roots through its watcher and verifies a message of the network's chain", async () => {
    const sent = await sendMessage(net.node(271), 'to a chain that knows Gateway only by its URL');
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(chain273, 506, settled.gatewayBlock);
    expect(await proveOn(chain273, claimOf(271, settled))).toBe(true);
  });

  it('reported no background failure', () => {
    expect(errors).toEqual([]);
  });
});
