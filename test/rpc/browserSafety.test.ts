/**
 * The server's guard against web pages (docs/security.md, "Browser safety and network exposure"):
 * Origin and CORS, Host (DNS rebinding) on HTTP and WebSocket upgrades.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { describe, expect, test } from 'vitest';
import { post, send, serverPerTest, TestSocket } from './serverHarness.ts';

const start = serverPerTest();

const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['ok'] });
const json = { 'content-type': 'application/json' };

/** The status a WebSocket upgrade gets: 101 when it opens, else the refusal's. */
function upgradeStatus(url: string, options: ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode!);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

describe('Origin', () => {
  test('a POST from a web page origin is refused with 403, no CORS header and an error naming --allow-origin', async () => {
    const { server, probes } = await start();
    const response = await post(server.url, body, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(JSON.parse(response.text)).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining('--allow-origin https://evil.example') } });
    expect(probes.contexts).toEqual([]);
  });

  test('a POST from http://localhost:5173 is served with its origin echoed and Vary: Origin', async () => {
    const { server } = await start();
    const response = await post(server.url, body, { origin: 'http://localhost:5173' });
    expect(JSON.parse(response.text).result).toBe('ok');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  test.each(['http://127.0.0.1:8080', 'https://localhost', 'http://[::1]:3000', 'http://app.localhost:5173', 'http://127.0.0.2'])('a page on the loopback origin %s is served', async (origin) => {
    const { server } = await start();
    expect((await post(server.url, body, { origin })).headers.get('access-control-allow-origin')).toBe(origin);
  });

  test('a wallet extension origin is served', async () => {
    const { server } = await start();
    const origin = 'chrome-extension://nkbihfbeogaeaoehlefnkodbefgpgknn';
    expect(JSON.parse((await post(server.url, body, { origin })).text).result).toBe('ok');
  });

  test('a preflight from a web page origin gets 403 and no allow headers', async () => {
    const { server } = await start();
    const response = await send(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(403);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  test('a preflight never echoes the request headers it is asked for', async () => {
    const { server } = await start();
    const response = await send(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-anything, content-type' },
    });
    expect(response.headers['access-control-allow-headers']).toBe('Content-Type, Authorization, X-Requested-With');
  });

  test('a preflight asking for Private Network Access from an allowed origin is granted', async () => {
    const { server } = await start({ allowedOrigins: ['https://app.example'] });
    const response = await send(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-private-network']).toBe('true');
  });

  test('allowedOrigins * serves any page, echoing its origin', async () => {
    const { server } = await start({ allowedOrigins: '*' });
    const response = await post(server.url, body, { origin: 'https://evil.example' });
    expect(JSON.parse(response.text).result).toBe('ok');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  test('an exact allowed origin is served and other pages still are not', async () => {
    const { server } = await start({ allowedOrigins: ['https://app.example'] });
    expect((await post(server.url, body, { origin: 'https://app.example' })).status).toBe(200);
    expect((await post(server.url, body, { origin: 'https://other.example' })).status).toBe(403);
  });

  test('GET /health answers a web page origin, without CORS headers', async () => {
    const { server } = await start();
    const response = await send(`${server.url}/health`, { method: 'GET', headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a WebSocket upgrade from a web page origin is refused with 403', async () => {
    const { server } = await start();
    expect(await upgradeStatus(server.wsUrl, { origin: 'https://evil.example' })).toBe(403);
  });

  test('a WebSocket upgrade from a localhost origin is served', async () => {
    const { server } = await start();
    expect(await upgradeStatus(server.wsUrl, { origin: 'http://localhost:5173' })).toBe(101);
  });
});

describe('Host (DNS rebinding)', () => {
  test('a POST whose Host is a rebound name is refused with 403 and an error naming --allow-host', async () => {
    const { server, probes } = await start();
    const response = await send(server.url, { headers: { ...json, host: 'evil.example:3050' }, body });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining('--allow-host evil.example') } });
    expect(probes.contexts).toEqual([]);
  });

  test('GET /health is refused for a rebound Host', async () => {
    const { server } = await start();
    expect((await send(`${server.url}/health`, { method: 'GET', headers: { host: 'evil.example' } })).status).toBe(403);
  });

  test.each(['localhost', 'LOCALHOST.', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('a request with Host %s (and any port) is served', async (name) => {
    const { server } = await start();
    const response = await send(server.url, { headers: { ...json, host: `${name}:${String(server.port)}` }, body });
    expect(JSON.parse(response.text).result).toBe('ok');
  });

  test('an allowed host is served', async () => {
    const { server } = await start({ allowedHosts: ['devbox.lan'] });
    expect((await send(server.url, { headers: { ...json, host: 'devbox.lan:3050' }, body })).status).toBe(200);
  });

  test('a *.example.com entry serves its subdomains and not the domain next door', async () => {
    const { server } = await start({ allowedHosts: ['*.example.com'] });
    expect((await send(server.url, { headers: { ...json, host: 'node.example.com' }, body })).status).toBe(200);
    expect((await send(server.url, { headers: { ...json, host: 'evilexample.com' }, body })).status).toBe(403);
  });

  test('allowedHosts * serves any Host', async () => {
    const { server } = await start({ allowedHosts: '*' });
    expect((await send(server.url, { headers: { ...json, host: 'evil.example' }, body })).status).toBe(200);
  });

  test('the host of an allowed origin is an allowed host', async () => {
    const { server } = await start({ allowedOrigins: ['https://app.example'] });
    expect((await send(server.url, { headers: { ...json, host: 'app.example' }, body })).status).toBe(200);
  });

  test('a WebSocket upgrade with a rebound Host is refused with 403', async () => {
    const { server } = await start();
    expect(await upgradeStatus(server.wsUrl, { headers: { host: 'evil.example:3050' } })).toBe(403);
  });

  test('a WebSocket with neither Origin nor a foreign Host is served as before', async () => {
    const { server } = await start();
    const socket = await TestSocket.open(server.wsUrl);
    expect((await socket.request({ jsonrpc: '2.0', id: 1, method: 'echo', params: [1] })).result).toBe(1);
    await socket.close();
  });
});
