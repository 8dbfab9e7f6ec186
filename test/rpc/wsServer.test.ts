import { once } from 'node:events';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, TestSocket, type Harness } from './serverHarness.ts';

let harness: Harness | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  await harness?.server.stop();
  harness = undefined;
});

async function connect(options: Parameters<typeof startServer>[0] = {}, path = '') {
  harness = await startServer(options);
  const socket = await TestSocket.open(`${harness.server.wsUrl}${path}`);
  sockets.push(socket);
  return { ...harness, socket };
}

const request = (method: string, params: unknown[] = [], id: unknown = 1) => ({ jsonrpc: '2.0', id, method, params });

describe('WebSocket requests', () => {
  test('a request gets its response on the socket', async () => {
    const { socket } = await connect();
    expect(await socket.request(request('add', [2, 2], 'x'))).toEqual({ jsonrpc: '2.0', id: 'x', result: 4 });
  });

  test('a batch gets an array of responses', async () => {
    const { socket } = await connect();
    const responses = await socket.request([request('add', [1, 1], 1), request('boom', [], 2)]);
    expect(responses.map((r: any) => r.result ?? r.error.code)).toEqual([2, -32603]);
  });

  test('malformed JSON is -32700 and the socket stays open', async () => {
    const { socket } = await connect();
    expect(await socket.request('{oops')).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await socket.request(request('echo', [1]))).toMatchObject({ result: 1 });
  });

  test('the handler context names the path and the ws transport', async () => {
    const { socket } = await connect({}, '/chains/271');
    expect((await socket.request(request('context'))).result).toEqual({ path: '/chains/271', method: 'context', transport: 'ws' });
  });

  test('an upgrade on a path the router does not serve is refused', async () => {
    harness = await startServer({ router: (table) => (path) => (path === '/chains/271' ? table : undefined) });
    const ws = new WebSocket(`${harness.server.wsUrl}/chains/999`);
    const [error] = (await once(ws, 'error')) as [Error];
    expect(error.message).toContain('404');
  });

  test('a message over the size limit closes the socket with 1009', async () => {
    const { socket } = await connect({ limits: { maxBodyBytes: 1024 } });
    const closed = once(socket.ws, 'close');
    socket.ws.send(JSON.stringify(request('echo', ['x'.repeat(2000)])));
    const [code] = (await closed) as [number];
    expect(code).toBe(1009);
  });
});

describe('subscriptions', () => {
  test('eth_subscribe returns an id and then pushes each emitted result', async () => {
    const { socket } = await connect();
    const { result: id } = await socket.request(request('eth_subscribe', ['ticks']));
    expect(id).toMatch(/^0x[0-9a-f]{32}$/);
    const notifications = [await socket.next(), await socket.next(), await socket.next()];
    expect(notifications).toEqual([1, 2, 3].map((tick) => ({
      jsonrpc: '2.0',
      method: 'eth_subscription',
      params: { subscription: id, result: { tick } },
    })));
  });

  test('results emitted later are pushed as they come', async () => {
    const { socket, probes } = await connect();
    const { result: id } = await socket.request(request('eth_subscribe', ['manual']));
    for (const emit of probes.manual) emit('0xhead');
    expect(await socket.next()).toEqual({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: id, result: '0xhead' } });
  });

  test('eth_unsubscribe stops the source and returns true', async () => {
    const { socket, probes } = await connect();
    const { result: id } = await socket.request(request('eth_subscribe', ['manual']));
    expect((await socket.request(request('eth_unsubscribe', [id]))).result).toBe(true);
    expect(probes.stopped).toBe(1);
    expect(probes.manual.size).toBe(0);
  });

  test('eth_unsubscribe of an unknown id returns false', async () => {
    const { socket } = await connect();
    expect((await socket.request(request('eth_unsubscribe', ['0x1234']))).result).toBe(false);
  });

  test('a socket cannot unsubscribe another socket\'s subscription', async () => {
    const { socket, server } = await connect();
    const { result: id } = await socket.request(request('eth_subscribe', ['manual']));
    const other = await TestSocket.open(server.wsUrl);
    sockets.push(other);
    expect((await other.request(request('eth_unsubscribe', [id]))).result).toBe(false);
  });

  test('closing the socket stops its subscriptions', async () => {
    const { socket, probes } = await connect();
    await socket.request(request('eth_subscribe', ['manual']));
    await socket.request(request('eth_subscribe', ['manual'], 2));
    await socket.close();
    await vi.waitFor(() => expect(probes.stopped).toBe(2));
    expect(probes.manual.size).toBe(0);
  });

  test('subscriptions beyond the per-connection limit are -32005', async () => {
    const { socket } = await connect({ limits: { maxSubscriptionsPerConnection: 1 } });
    await socket.request(request('eth_subscribe', ['manual']));
    expect((await socket.request(request('eth_subscribe', ['manual'], 2))).error.code).toBe(-32005);
  });

  test('server stop stops every subscription', async () => {
    const { socket, server, probes } = await connect();
    await socket.request(request('eth_subscribe', ['manual']));
    const closed = once(socket.ws, 'close');
    await server.stop();
    await closed;
    expect(probes.stopped).toBe(1);
  });
});
