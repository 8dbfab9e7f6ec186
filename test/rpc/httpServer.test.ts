import http from 'node:http';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createMethodTable } from '../../src/rpc/methodTable.ts';
import { post, send, serverPerTest } from './serverHarness.ts';
import { expectWellFormedBody } from './wellFormed.ts';

const start = serverPerTest();

const request = (method: string, params: unknown[] = [], id: unknown = 1) => ({ jsonrpc: '2.0', id, method, params });

describe('HTTP POST', () => {
  test('a single request gets a 200 JSON response', async () => {
    const { server } = await start();
    const response = await post(server.url, request('add', [40, 2]));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({ jsonrpc: '2.0', id: 1, result: 42 });
  });

  test('a batch gets an array of responses', async () => {
    const { server } = await start();
    const response = await post(server.url, [request('add', [1, 2], 1), request('nope', [], 2)]);
    expect(JSON.parse(response.text).map((r: any) => r.result ?? r.error.code)).toEqual([3, -32601]);
  });

  test('a notification gets 204 and an empty body', async () => {
    const { server } = await start();
    const response = await post(server.url, { jsonrpc: '2.0', method: 'echo', params: [1] });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
  });

  test('a text/plain body is refused with 415 and an error naming the Content-Type to send', async () => {
    const { server } = await start();
    const response = await post(server.url, request('echo', ['ok']), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text)).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining('Content-Type: application/json') } });
  });

  test('a body without a Content-Type is refused with 415', async () => {
    const { server } = await start();
    const response = await send(server.url, { body: JSON.stringify(request('echo', ['ok'])) });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text).error.message).toContain('got none');
  });

  test('application/json with a charset parameter is accepted', async () => {
    const { server } = await start();
    const response = await post(server.url, request('echo', ['ok']), { 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(response.text).result).toBe('ok');
  });

  test.each(['application/json-rpc', 'application/jsonrequest', 'Application/JSON'])('%s is accepted as a JSON content type', async (type) => {
    const { server } = await start();
    const response = await post(server.url, request('echo', ['ok']), { 'content-type': type });
    expect(JSON.parse(response.text).result).toBe('ok');
  });

  test('malformed JSON is -32700 with id null and status 200', async () => {
    const { server } = await start();
    const response = await post(server.url, '{"jsonrpc":"2.0","id":1,');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ id: null, error: { code: -32700 } });
  });

  test('the handler context names the path and the http transport', async () => {
    const { server } = await start();
    const response = await post(`${server.url}/some/path?x=1`, request('context'));
    expect(JSON.parse(response.text).result).toEqual({ path: '/some/path', method: 'context', transport: 'http' });
  });

  test('a handler exception is a JSON-RPC error and the server keeps serving', async () => {
    const { server } = await start();
    expect(JSON.parse((await post(server.url, request('boom'))).text).error.code).toBe(-32603);
    expect(JSON.parse((await post(server.url, request('add', [1, 1]))).text).result).toBe(2);
  });

  test('a batch beyond the limit is one -32005 error', async () => {
    const { server } = await start({ limits: { maxBatchSize: 3 } });
    const response = await post(server.url, [1, 2, 3, 4].map((i) => request('echo', [i], i)));
    expect(JSON.parse(response.text)).toMatchObject({ id: null, error: { code: -32005 } });
  });
});

describe('body size limit', () => {
  test('a declared body over the limit is 413 with -32005', async () => {
    const { server } = await start({ limits: { maxBodyBytes: 1024 } });
    const response = await post(server.url, request('echo', ['x'.repeat(2000)]));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toMatchObject({ id: null, error: { code: -32005 } });
  });

  test('a streamed body is refused with 413 before the client has finished sending it', async () => {
    const { server } = await start({ limits: { maxBodyBytes: 1024 } });
    const response = await new Promise<http.IncomingMessage>((resolve) => {
      const req = http.request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, resolve);
      req.on('error', () => {}); // the server closes the connection after answering
      req.write('y'.repeat(2048)); // never ended: only an early answer can resolve this
    });
    let body = '';
    for await (const chunk of response) body += String(chunk);
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: -32005 } });
  });

  test('a body at the limit is served', async () => {
    const { server } = await start({ limits: { maxBodyBytes: 1024 } });
    const base = JSON.stringify(request('echo', ['']));
    const body = JSON.stringify(request('echo', ['x'.repeat(1024 - base.length)]));
    expect(body.length).toBe(1024);
    expect((await post(server.url, body)).status).toBe(200);
  });
});

describe('other HTTP routes', () => {
  test('GET /health is 200 JSON', async () => {
    const { server } = await start();
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('an OPTIONS preflight from a localhost page is 204 with CORS headers for that origin', async () => {
    const { server } = await start();
    const response = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization, X-Requested-With');
  });

  test('a POST without an Origin gets no CORS header', async () => {
    const { server } = await start();
    expect((await post(server.url, request('echo', [1]))).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('GET on the RPC path is 405', async () => {
    const { server } = await start();
    expect((await fetch(server.url)).status).toBe(405);
  });

  test('a path the router does not serve is 404 with -32001', async () => {
    const { server } = await start({ router: (table) => (path) => (path === '/chains/271' ? table : undefined) });
    const response = await post(`${server.url}/chains/999`, request('echo', [1]));
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text).error.code).toBe(-32001);
  });

  test('the router picks the table by path', async () => {
    const other = createMethodTable([]);
    const { server } = await start({ router: (table) => (path) => (path === '/chains/271' ? table : other) });
    expect(JSON.parse((await post(`${server.url}/chains/271`, request('echo', [1]))).text).result).toBe(1);
    expect(JSON.parse((await post(`${server.url}/chains/272`, request('echo', [1]))).text).error.code).toBe(-32601);
  });
});

test('property: arbitrary bodies over HTTP never crash the server and get well-formed answers', async () => {
  const { server } = await start({ limits: { maxBatchSize: 5 } });
  const body = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.array(fc.record({ jsonrpc: fc.constant('2.0'), id: fc.integer(), method: fc.constantFrom('add', 'boom', 'echo'), params: fc.array(fc.jsonValue(), { maxLength: 3 }) }), { maxLength: 6 }).map((v) => JSON.stringify(v)),
  );
  await fc.assert(
    fc.asyncProperty(body, async (text) => {
      const response = await post(server.url, text);
      expect([200, 204]).toContain(response.status);
      if (response.status === 200) expectWellFormedBody(JSON.parse(response.text));
    }),
    { numRuns: 150 },
  );
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
});
