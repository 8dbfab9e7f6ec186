/**
 * A chain in its own process (`zkinterop node --role chain`) against a Gateway in another (this test's
 * network), talking only JSON-RPC over HTTP: it is registered on Gateway with the internal method
 * `zkinterop_registerChain`, its messages settle on Gateway and verify on the network's chain, and
 * Gateway's roots reach it so the network's messages verify on it (issue 16).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { createHttpRpcClient } from '../../src/rpc/client.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';
import { spawnNode, type ChildCli, type NodeReady } from '../support/childNetwork.ts';

describe('a chain in its own process, against Gateway in another', () => {
  let net: Network;
  let dir: string;
  let node: ChildCli<NodeReady>;
  let chain273: NetworkNode;

  beforeAll(async () => {
    net = await startNetwork({ l1: false, gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant', internalToken: 'token-of-this-test' });
    const operatorKey = generatePrivateKey();
    await createHttpRpcClient(net.gateway.rpcUrl).request('zkinterop_registerChain', [{ chainId: 273, operator: privateKeyToAddress(operatorKey) }, { internalToken: 'token-of-this-test' }]);
    dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-node-'));
    writeFileSync(path.join(dir, 'layout.json'), JSON.stringify(await net.layout()));
    writeFileSync(path.join(dir, 'operator.key'), operatorKey, { mode: 0o600 });
    node = await spawnNode(['--role', 'chain', '--chain-id', '273', '--layout', path.join(dir, 'layout.json'), '--settlement-layer', net.gateway.rpcUrl, '--operator-key-file', path.join(dir, 'operator.key'), '--profile', 'instant']);
    // The interop helpers read only a node's chain id and client.
    chain273 = { chainId: 273, client: createHttpRpcClient(node.ready.rpcUrl) } as unknown as NetworkNode;
  });

  afterAll(async () => {
    node?.process.kill('SIGTERM');
    await node?.exited;
    await net?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves its own chain id', async () => {
    expect(await chain273.client.request('eth_chainId')).toBe('0x111');
  });

  it("settles its message on Gateway, and the network's chain verifies it", async () => {
    const sent = await sendMessage(chain273, 'from another process');
    const settled = await waitSettled(chain273, net.gateway, sent);
    await waitInteropRoot(net.node(271), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(271), claimOf(273, settled))).toBe(true);
  });

  it("imports Gateway's roots and verifies a message of the network's chain", async () => {
    const sent = await sendMessage(net.node(271), 'to another process');
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(chain273, 506, settled.gatewayBlock);
    expect(await proveOn(chain273, claimOf(271, settled))).toBe(true);
  });

  it('stops cleanly on SIGTERM', async () => {
    node.process.kill('SIGTERM');
    expect(await node.exited).toBe(0);
  });
});
