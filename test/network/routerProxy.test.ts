/**
 * The router port of a network whose nodes run elsewhere (src/network/routerProxy.ts), in front of the
 * node servers of an in-process network: HTTP JSON-RPC and a WebSocket newHeads subscription through
 * `/chains/<id>`, `/network` answered locally, the server's own Host/Origin checks, an unknown chain,
 * and a node that is down (an error naming it, over HTTP and WebSocket).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { createRouterProxy, type RoutedNode } from '../../src/network/routerProxy.ts';
import { networkNamespace } from '../../src/network/networkNamespace.ts';
import { createMethodTable } from '../../src/rpc/methodTable.ts';
import type { RpcServer } from '../../src/rpc/server.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { sendTx } from '../support/bundles.ts';
import { post } from '../support/httpRpc.ts';

let net: Network;
let router: RpcServer;
let downNode: RoutedNode;

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Opens a WebSocket and resolves once it is open, with every message it receives collected. */
async function openSocket(url: string): Promise<{ ws: WebSocket; messages: unknown[]; next(match: (m: any) => boolean): Promise<any>; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url);
  const messages: unknown[] = [];
  const waiters: { match: (m: any) => boolean; resolve: (m: unknown) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    messages.push(message);
    for (const w of waiters.splice(0)) (w.match(message) ? w.resolve(message) : waiters.push(w));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    next: (match) => {
      const found = messages.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: false, profile: 'instant' });
  const port = await closedPort();
  downNode = { chainId: 299, rpcUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
  const nodes = [...net.allNodes().map((n) => ({ chainId: n.chainId, rpcUrl: n.rpcUrl, wsUrl: n.wsUrl })), downNode];
  router = createRouterProxy({
    port: 0,
    nodes: () => nodes,
    networkMethods: createMethodTable(networkNamespace(net).filter((m) => m.name === 'zkinterop_networkConfig')),
    staticFiles: (path) => (path === '/' ? { contentType: 'text/html; charset=utf-8', body: Buffer.from('<!doctype html><title>explorer</title>') } : undefined),
    allowedOrigins: ['https://app.example'],
  });
  await router.start();
});

afterAll(async () => {
  await router?.stop();
  await net?.stop();
});

describe('the router in front of node processes', () => {
  it('forwards an HTTP JSON-RPC request to the node its path names', async () => {
    expect((await post(`${router.url}/chains/271`, 'eth_chainId', [])).result).toBe('0x10f');
    expect((await post(`${router.url}/chains/506`, 'eth_chainId', [])).result).toBe('0x1fa');
  });

  it('forwards a batch and the node\'s errors unchanged', async () => {
    const res = await fetch(`${router.url}/chains/271`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'no_such_method', params: [] },
      ]),
    });
    const answers = (await res.json()) as { id: number; result?: string; error?: { code: number } }[];
    expect(answers.find((a) => a.id === 1)?.result).toBe('0x10f');
    expect(answers.find((a) => a.id === 2)?.error?.code).toBe(-32601);
  });

  it('relays a WebSocket newHeads subscription from the node', async () => {
    const socket = await openSocket(`${router.wsUrl}/chains/271`);
    try {
      socket.ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
      const subscribed = await socket.next((m) => m.id === 1);
      expect(subscribed.result).toMatch(/^0x/);
      const receipt = await sendTx(net.node(271), { from: RICH_ADDRESS, to: RICH_ADDRESS, data: '0x' });
      const head = await socket.next((m) => m.method === 'eth_subscription' && m.params.result.number === (receipt as unknown as { blockNumber: string }).blockNumber);
      expect(head.params.subscription).toBe(subscribed.result);
    } finally {
      socket.ws.close();
    }
  });

  it('answers /network from its own method table', async () => {
    const config = (await post<{ gateway: { chainId: number } }>(`${router.url}/network`, 'zkinterop_networkConfig', [])).result;
    expect(config?.gateway.chainId).toBe(506);
  });

  it('serves its static files at /', async () => {
    const res = await fetch(`${router.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('explorer');
  });

  it('answers an unknown chain with the resource-not-found error of the one-process router', async () => {
    const res = await fetch(`${router.url}/chains/999`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: number; message: string } }).error).toMatchObject({ code: -32001, message: expect.stringContaining('/chains/999') });
  });

  it('refuses a page of another origin before forwarding, as every endpoint does', async () => {
    const res = await fetch(`${router.url}/chains/271`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('--allow-origin');
  });

  it('answers a request for a node that is down with an error naming the node', async () => {
    const answer = await post(`${router.url}/chains/299`, 'eth_chainId', []);
    expect(answer.error).toMatchObject({ code: -32002, message: expect.stringContaining(`node 299 is unreachable at ${downNode.rpcUrl}`), data: { code: 'NODE_UNREACHABLE', chainId: 299 } });
  });

  it('answers each request of a batch for a node that is down', async () => {
    const res = await fetch(`${router.url}/chains/299`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ jsonrpc: '2.0', id: 7, method: 'eth_chainId', params: [] }, { jsonrpc: '2.0', id: 8, method: 'eth_blockNumber', params: [] }]),
    });
    const answers = (await res.json()) as { id: number; error: { code: number } }[];
    expect(answers.map((a) => [a.id, a.error.code])).toEqual([[7, -32002], [8, -32002]]);
  });

  it('closes a WebSocket to a node that is down with a reason naming the node, answering what it sent', async () => {
    const socket = await openSocket(`${router.wsUrl}/chains/299`);
    socket.ws.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'eth_subscribe', params: ['newHeads'] }));
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 1011, reason: `node 299 is unreachable at ${downNode.wsUrl}` });
    // The request is answered when it reached the router before the node's refusal did.
    for (const m of socket.messages) expect(m).toMatchObject({ id: 3, error: { code: -32002, message: expect.stringContaining('node 299 is unreachable') } });
  });
});
