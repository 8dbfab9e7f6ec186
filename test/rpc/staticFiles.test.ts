/**
 * Static files beside JSON-RPC on one port (the explorer on the router port): what a GET is answered,
 * that POSTs and the browser guard are unchanged, and that a page calls back on its own origin.
 */
import { describe, expect, test } from 'vitest';
import { post, send, serverPerTest } from './serverHarness.ts';
import type { StaticFiles } from '../../src/rpc/server.ts';

const start = serverPerTest();
const page = Buffer.from('<!doctype html><title>x</title>');
const staticFiles: StaticFiles = (path) => (path === '/' ? { contentType: 'text/html; charset=utf-8', body: page } : undefined);
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['ok'] });

describe('static files', () => {
  test('a GET of a served path gets the file with a Content-Security-Policy that allows only this origin', async () => {
    const { server } = await start({ staticFiles });
    const response = await send(`${server.url}/`, { method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.text).toBe(page.toString());
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  test('a POST to a path with a static file is still JSON-RPC', async () => {
    const { server } = await start({ staticFiles });
    expect(JSON.parse((await post(`${server.url}/`, body)).text).result).toBe('ok');
  });

  test('a GET of a path without a file keeps the JSON-RPC answer (405)', async () => {
    const { server } = await start({ staticFiles });
    expect((await send(`${server.url}/nothing`, { method: 'GET' })).status).toBe(405);
  });

  test('a GET addressed to a rebound name is refused before any file is read', async () => {
    let asked = 0;
    const { server } = await start({ staticFiles: (path) => (asked++, staticFiles(path)) });
    const response = await send(`${server.url}/`, { method: 'GET', headers: { host: 'evil.example' } });
    expect(response.status).toBe(403);
    expect(asked).toBe(0);
  });

  test('a POST from the page this server served, on a non-loopback name it serves, is answered', async () => {
    const { server } = await start({ staticFiles, allowedHosts: ['devbox.lan'] });
    const response = await send(server.url, { headers: { host: 'devbox.lan:3000', origin: 'http://devbox.lan:3000', 'content-type': 'application/json' }, body });
    expect(JSON.parse(response.text).result).toBe('ok');
  });

  test('without static files, the same origin on a non-loopback name is still refused', async () => {
    const { server } = await start({ allowedHosts: ['devbox.lan'] });
    const response = await send(server.url, { headers: { host: 'devbox.lan:3000', origin: 'http://devbox.lan:3000', 'content-type': 'application/json' }, body });
    expect(response.status).toBe(403);
  });

  test('a POST from another origin is refused even when the server serves pages', async () => {
    const { server } = await start({ staticFiles, allowedHosts: ['devbox.lan'] });
    const response = await send(server.url, { headers: { host: 'devbox.lan:3000', origin: 'http://evil.example', 'content-type': 'application/json' }, body });
    expect(response.status).toBe(403);
  });
});
