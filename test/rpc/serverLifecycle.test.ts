import { once } from 'node:events';
import { expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createMethodTable } from '../../src/rpc/methodTable.ts';
import { createRpcServer } from '../../src/rpc/server.ts';
import { ZkInteropError } from '../../src/errors.ts';

const table = createMethodTable([]);

test('port 0 binds a free port and the urls name it', async () => {
  const server = createRpcServer({ methods: table });
  await server.start();
  try {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}`);
  } finally {
    await server.stop();
  }
});

test('stop frees the port so a new server can bind the same one', async () => {
  const first = createRpcServer({ methods: table });
  await first.start();
  const port = first.port;
  await first.stop();
  const second = createRpcServer({ methods: table, port });
  await second.start();
  try {
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
  } finally {
    await second.stop();
  }
});

test('stop closes kept-alive HTTP connections', async () => {
  const server = createRpcServer({ methods: table });
  await server.start();
  await fetch(`${server.url}/health`); // leaves a keep-alive connection open
  await server.stop();
  await expect(fetch(`${server.url}/health`)).rejects.toThrow();
});

test('the same server can start again after stop', async () => {
  const server = createRpcServer({ methods: table });
  await server.start();
  await server.stop();
  await server.start();
  try {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  } finally {
    await server.stop();
  }
});

test('a taken port is a PORT_IN_USE error', async () => {
  const first = createRpcServer({ methods: table });
  await first.start();
  try {
    const second = createRpcServer({ methods: table, port: first.port });
    await expect(second.start()).rejects.toMatchObject({ code: 'PORT_IN_USE' });
  } finally {
    await first.stop();
  }
});

test('the url of a server that never started is an error', () => {
  const server = createRpcServer({ methods: table });
  expect(() => server.url).toThrow(ZkInteropError);
});

test('stop before start does nothing', async () => {
  await expect(createRpcServer({ methods: table }).stop()).resolves.toBeUndefined();
});

test('connections beyond maxConnections are dropped', async () => {
  const server = createRpcServer({ methods: table, limits: { maxConnections: 1 } });
  await server.start();
  const ws = new WebSocket(server.wsUrl);
  await once(ws, 'open');
  try {
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  } finally {
    ws.terminate();
    await server.stop();
  }
});
