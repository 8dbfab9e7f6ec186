/** Starts the RPC server on the test table and gives small HTTP / WebSocket clients for it. */
import { once } from 'node:events';
import http from 'node:http';
import { WebSocket } from 'ws';
import { afterEach } from 'vitest';
import { createRpcServer, type RpcServer, type RpcServerLimits, type RpcServerOptions } from '../../src/rpc/server.ts';
import type { MethodRouter } from '../../src/rpc/server.ts';
import type { MethodTable } from '../../src/rpc/methodTable.ts';
import { createTestTable, type TestProbes } from '../fixtures/rpcTestTable.ts';

/** A started server, its probes and the internal errors it logged. */
export type Harness = { server: RpcServer; probes: TestProbes; logged: unknown[]; table: MethodTable };

/** Starts a server on a free port with the test table (or a router), and the host and browser allow lists given. */
export async function startServer(
  options: { limits?: Partial<RpcServerLimits>; router?: (table: MethodTable) => MethodRouter } & Pick<RpcServerOptions, 'host' | 'allowedOrigins' | 'allowedHosts' | 'staticFiles'> = {},
): Promise<Harness> {
  const { table, probes } = createTestTable();
  const logged: unknown[] = [];
  const server = createRpcServer({
    host: options.host,
    allowedOrigins: options.allowedOrigins,
    allowedHosts: options.allowedHosts,
    staticFiles: options.staticFiles,
    port: 0,
    methods: options.router ? options.router(table) : table,
    limits: options.limits,
    log: (error) => logged.push(error),
  });
  await server.start();
  return { server, probes, logged, table };
}

/**
 * A `start(options)` for one test file: each test's server is stopped after the test.
 * @example const start = serverPerTest(); test('…', async () => { const { server } = await start(); … });
 */
export function serverPerTest(): (options?: Parameters<typeof startServer>[0]) => Promise<Harness> {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.server.stop();
    harness = undefined;
  });
  return async (options = {}) => (harness = await startServer(options));
}

/** POSTs a body (JSON-encoded unless already a string) and returns status and text. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * One HTTP request through node:http, which (unlike fetch) lets a test set any header, `Host` included.
 * @returns status, headers (lower-case names) and body text
 */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A WebSocket client that queues incoming messages so a test can await them in order. */
export class TestSocket {
  private readonly queue: unknown[] = [];
  private readonly waiters: ((message: unknown) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message: unknown = JSON.parse(String(data));
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
    });
  }

  /** Connects and waits for the socket to open. */
  static async open(url: string): Promise<TestSocket> {
    const ws = new WebSocket(url);
    await once(ws, 'open');
    return new TestSocket(ws);
  }

  /** The next message from the server. */
  next(): Promise<any> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends a body and returns the next message (the tests send one request at a time). */
  async request(body: unknown): Promise<any> {
    this.ws.send(typeof body === 'string' ? body : JSON.stringify(body));
    return this.next();
  }

  /** Closes and waits for the close handshake. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = once(this.ws, 'close');
    this.ws.close();
    await closed;
  }
}
