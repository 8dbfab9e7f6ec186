/**
 * JSON-RPC server over HTTP and WebSocket on one port (Node `http` + `ws`), independent of any
 * chain: it serves whatever method table it is given.
 *
 * Browser safety, checked on every request and WebSocket upgrade before anything else is read (the
 * rules live in `accessPolicy.ts`; why: docs/security.md, "Browser safety and network exposure"):
 * a `Host` header that names neither a loopback name, the bound address (this machine's interface
 * addresses when bound to 0.0.0.0 / `::`) nor an allowed host (`allowedHosts`, the hosts of
 * `allowedOrigins`) → 403 with a -32600 error (DNS rebinding); an `Origin` header that is neither
 * a loopback origin (`http(s)://localhost|127.0.0.1|[::1]|*.localhost`, any port), a browser
 * extension nor in `allowedOrigins` → 403 with a -32600 error naming `--allow-origin`, and no CORS
 * header. Requests without `Origin` (curl, Node clients) pass that check. An upgrade refused either
 * way is answered 403 and closed.
 *
 * HTTP: `POST <path>` with a JSON-RPC body (single or batch) and `Content-Type: application/json`
 * (any parameters; also `application/json-rpc`, `application/jsonrequest`; otherwise 415 with a
 * -32600 error) → 200 with the response, or 204 when the body held only notifications. Bodies over
 * `maxBodyBytes` → 413 with a -32005 error, refused from `Content-Length` or cut off while
 * streaming (never buffered whole). `GET /health` → 200 `{"status":"ok"}` (whatever the Origin).
 * `OPTIONS` → 204 CORS preflight for an allowed origin (methods POST, GET, OPTIONS; request headers
 * Content-Type, Authorization, X-Requested-With; Private Network Access when asked). Responses to an
 * allowed origin carry `Access-Control-Allow-Origin: <that origin>` and `Vary: Origin`; responses
 * to requests without an Origin carry no CORS header. Other verbs → 405; a path the router does not
 * serve → 404 with -32001.
 *
 * WebSocket: upgrade on any served path; each text (or binary UTF-8) message is one JSON-RPC
 * message answered on the same socket. Handlers get `ctx.connection` for subscriptions
 * (see `connection.ts`); an `eth_subscribe` handler looks like
 *
 *   defineMethod({
 *     name: 'eth_subscribe',
 *     params: z.tuple([z.enum(['newHeads', 'logs']), optionalParam(logFilter)]),
 *     handler: ([kind, filter], ctx) =>
 *       requireConnection(ctx).subscribe((emit) =>
 *         kind === 'newHeads' ? chain.onBlock((b) => emit(formatHeader(b))) : chain.onLogs(filter, emit)),
 *   })
 *
 * with `ethUnsubscribe` (methods/eth_unsubscribe.ts) beside it. The source's returned function
 * runs on unsubscribe, socket close and `stop()`. Messages over `maxBodyBytes` close the
 * socket with code 1009 (the `ws` limit).
 *
 * Routing: `methods` is one table for every path, or `(path) => table | undefined` to serve
 * e.g. `/chains/271` and `/chains/272` from one port. Handler context: `{ path, method,
 * transport: 'http' | 'ws', connection? }`.
 *
 * Proxied paths (`proxy`, the coordinator's router to nodes in other processes,
 * src/network/routerProxy.ts): a path the proxy router answers is not dispatched here. Its HTTP bodies,
 * after the same checks (Host, Origin, verb, Content-Type, `maxBodyBytes`), go to the route's `forward`,
 * whose status and body are sent back with this server's CORS headers; its WebSocket upgrades are
 * accepted here (same checks, messages bounded by `maxBodyBytes`) and handed to the route's `accept`,
 * which relays them. `stop()` closes those sockets too.
 *
 * Static files (`staticFiles`, the explorer on the router port): `GET`/`HEAD` of a path it answers
 * is served after the same `Host` and `Origin` checks, with `Content-Security-Policy` (scripts,
 * styles, images and connections to this origin only; no frames), `X-Content-Type-Options: nosniff`
 * and `Cache-Control: no-cache`. A page served here calls JSON-RPC on its own origin, which the
 * `Origin` check admits since the origin is this server's own (`Origin` = scheme and `Host` of the
 * request, and that `Host` passed its check). POSTs and upgrades are never static.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ZkInteropError } from '../errors.ts';
import { dispatchJsonRpc, errorResponse, type DispatchOptions } from './dispatch.ts';
import { WsConnection, type CallScope } from './connection.ts';
import {
  InvalidRequestError,
  LimitExceededError,
  ResourceNotFoundError,
  type InternalErrorLogger,
} from './errors.ts';
import type { MethodTable } from './methodTable.ts';
import { createAccessPolicy, isJsonContentType, type AllowList } from './accessPolicy.ts';

/** Resolves a URL path (e.g. `/chains/271`) to the table serving it; undefined = 404. */
export type MethodRouter = (path: string) => MethodTable | undefined;

/** A path whose JSON-RPC another server answers (module header, "Proxied paths"). */
export type ProxyRoute = {
  /** answers one HTTP JSON-RPC body that passed this server's checks and limits */
  forward(body: string): Promise<{ status: number; body: string }>;
  /** relays a WebSocket this server accepted on the path */
  accept(ws: WebSocket): void;
};

/** Resolves a URL path to the route proxying it, or undefined (then `methods` serves it). */
export type ProxyRouter = (path: string) => ProxyRoute | undefined;

/** Server limits; every field has a default. */
export type RpcServerLimits = {
  /** Largest HTTP body or WebSocket message, in bytes. Default 5 MiB (geth's). */
  maxBodyBytes: number;
  /** Most entries in one batch. Default 1000. */
  maxBatchSize: number;
  /** Most live subscriptions per WebSocket. Default 1000. */
  maxSubscriptionsPerConnection: number;
  /** Most open TCP connections (HTTP and WebSocket); extra ones are dropped. Default unlimited. */
  maxConnections: number | undefined;
};

/** Defaults of `RpcServerLimits`. */
export const DEFAULT_RPC_SERVER_LIMITS: Readonly<RpcServerLimits> = Object.freeze({
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatchSize: 1000,
  maxSubscriptionsPerConnection: 1000,
  maxConnections: undefined,
});

/** Options of `createRpcServer`. */
export type RpcServerOptions = {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port to bind; 0 (the default) picks a free one — read it from `port` after `start()`. */
  port?: number;
  /** One table for every path, or a router by path. */
  methods: MethodTable | MethodRouter;
  limits?: Partial<RpcServerLimits>;
  /** Receives internal errors with their stacks (never sent to clients). Default console.error. */
  log?: InternalErrorLogger;
  /**
   * Browser origins served besides the loopback ones (`http(s)://localhost`, `127.0.0.1`, `[::1]`,
   * `*.localhost`, any port) and browser extensions: exact origins (`https://app.example`) or `'*'`
   * for any page. Like anvil's `--allow-origin`. Default none.
   */
  allowedOrigins?: AllowList;
  /**
   * `Host` names served besides the loopback ones, the bound address and the hosts of
   * `allowedOrigins`: names (`devbox.lan`, `*.example.com`) or `'*'` to turn the check off. Like
   * geth's `--http.vhosts`. Default none.
   */
  allowedHosts?: AllowList;
  /** Files served to `GET`/`HEAD` by path (module header, "Static files"); undefined = none. */
  staticFiles?: StaticFiles;
  /** Paths answered by another server (module header, "Proxied paths"); undefined = none. */
  proxy?: ProxyRouter;
};

/** A file served to `GET` (see `RpcServerOptions.staticFiles`). */
export type StaticFile = { contentType: string; body: Buffer };

/** Resolves a URL path to the static file served there, or undefined (then the JSON-RPC rules apply). */
export type StaticFiles = (path: string) => StaticFile | undefined;

/**
 * What a static page may load and call: this origin only (its WebSocket included), no plugins, no
 * frames of it on other sites (clickjacking), no inline script.
 */
const STATIC_SECURITY_HEADERS: readonly string[] = Object.freeze([
  'Content-Security-Policy',
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options',
  'nosniff',
  'Cache-Control',
  'no-cache',
  'Referrer-Policy',
  'no-referrer',
]);

/** A running (or stopped) JSON-RPC server. */
export type RpcServer = {
  /** `http://host:port`; readable once started. */
  readonly url: string;
  /** `ws://host:port`; readable once started. */
  readonly wsUrl: string;
  /** The bound port (the last one after `stop()`); readable once started. */
  readonly port: number;
  /**
   * Binds and starts serving; may be called again after `stop()`.
   * @throws ZkInteropError `PORT_IN_USE` when the port is taken, `RPC_SERVER_RUNNING` if already started
   */
  start(): Promise<void>;
  /**
   * Closes every socket (HTTP and WebSocket, ending all subscriptions) and frees the port.
   * @throws ZkInteropError `RPC_SERVER_STOP_FAILED` (cause: AggregateError) if anything failed to close
   */
  stop(): Promise<void>;
};

type Running = {
  server: http.Server;
  wss: WebSocketServer;
  sockets: Set<{ ws: WebSocket; connection: WsConnection }>;
  /** WebSockets handed to a proxy route */
  proxied: Set<WebSocket>;
};

/**
 * Creates a JSON-RPC server (not yet listening).
 * @example
 * const server = createRpcServer({ port: 0, methods: createMethodTable([ethChainId]) })
 * await server.start()
 * await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' })
 * await server.stop()
 */
export function createRpcServer(options: RpcServerOptions): RpcServer {
  const host = options.host ?? '127.0.0.1';
  const limits: RpcServerLimits = { ...DEFAULT_RPC_SERVER_LIMITS, ...options.limits };
  const log = options.log ?? ((error: unknown) => console.error('[zkinterop rpc] internal error:', error));
  const methods = options.methods;
  const route: MethodRouter = typeof methods === 'function' ? methods : () => methods;
  const access = createAccessPolicy({ bindHost: host, allowedOrigins: options.allowedOrigins, allowedHosts: options.allowedHosts });
  let running: Running | undefined;
  let boundPort: number | undefined;

  function requirePort(): number {
    if (boundPort === undefined) {
      throw new ZkInteropError('RPC_SERVER_NOT_STARTED', 'the RPC server has no port yet: await start() first');
    }
    return boundPort;
  }

  function resolveProxy(path: string): ProxyRoute | undefined {
    try {
      return options.proxy?.(path);
    } catch (error) {
      log(error);
      return undefined;
    }
  }

  function resolveTable(path: string): MethodTable | undefined {
    try {
      return route(path);
    } catch (error) {
      log(error);
      return undefined;
    }
  }

  /** The CORS headers of an answer to `req`: none without an Origin, undefined when its origin is refused. */
  function corsOf(req: http.IncomingMessage): readonly string[] | undefined {
    const origin = req.headers.origin;
    if (origin === undefined) return NO_HEADERS;
    // A page this server served calls back on its own origin (only when it serves pages at all).
    if (options.staticFiles !== undefined && isOwnOrigin(origin, req.headers.host)) return NO_HEADERS;
    return access.corsHeaders(origin);
  }

  /** Why `req` may not be served at all (its Host or Origin), or undefined. */
  function refusalOf(req: http.IncomingMessage, cors: readonly string[] | undefined): string | undefined {
    const host = req.headers.host;
    if (!access.hostAllowed(host)) return access.hostRefusal(host!);
    if (cors === undefined) return access.originRefusal(req.headers.origin!);
    return undefined;
  }

  async function onHttpRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host;
    if (!access.hostAllowed(host)) return refuse(res, 403, access.hostRefusal(host!));
    const cors = corsOf(req);
    const path = pathOf(req.url);
    if (req.method === 'GET' && path === '/health') return sendJson(res, cors ?? NO_HEADERS, 200, '{"status":"ok"}');
    if (cors === undefined) return refuse(res, 403, access.originRefusal(req.headers.origin!));
    if ((req.method === 'GET' || req.method === 'HEAD') && options.staticFiles !== undefined) {
      const file = options.staticFiles(path);
      if (file !== undefined) {
        res.writeHead(200, [...cors, ...STATIC_SECURITY_HEADERS, 'Content-Type', file.contentType, 'Content-Length', String(file.body.length)]);
        return void res.end(req.method === 'HEAD' ? undefined : file.body);
      }
    }
    if (req.method === 'OPTIONS') {
      const origin = req.headers.origin;
      const headers = origin === undefined ? NO_HEADERS : access.preflightHeaders(origin, req.headers['access-control-request-private-network'] === 'true');
      return void res.writeHead(204, headers as string[]).end();
    }
    if (req.method !== 'POST') {
      const error = errorResponse(null, new InvalidRequestError('JSON-RPC requests use POST'), log);
      return sendJson(res, cors, 405, error, ['Allow', 'POST, GET, OPTIONS']);
    }
    const contentType = req.headers['content-type'];
    if (!isJsonContentType(contentType)) {
      const got = contentType === undefined ? 'none' : `"${contentType}"`;
      const error = new InvalidRequestError(`JSON-RPC over HTTP needs the header Content-Type: application/json (got ${got}), e.g. curl -H 'Content-Type: application/json' --data '{…}'`);
      return sendJson(res, cors, 415, errorResponse(null, error, log));
    }
    const proxied = resolveProxy(path);
    if (proxied !== undefined) {
      const body = await readBody(req, limits.maxBodyBytes);
      if (body === undefined) return refuseTooLarge(req, res, cors, limits.maxBodyBytes, log);
      const answer = await proxied.forward(body);
      if (answer.body === '') return void res.writeHead(answer.status, cors as string[]).end();
      return sendJson(res, cors, answer.status, answer.body);
    }
    const table = resolveTable(path);
    if (table === undefined) {
      return sendJson(res, cors, 404, errorResponse(null, new ResourceNotFoundError(`no JSON-RPC endpoint at ${path}`), log));
    }
    const body = await readBody(req, limits.maxBodyBytes);
    if (body === undefined) return refuseTooLarge(req, res, cors, limits.maxBodyBytes, log);
    const response = await dispatchJsonRpc(body, {
      methods: table,
      maxBatchSize: limits.maxBatchSize,
      log,
      context: httpContext(path),
    });
    if (response === undefined) return void res.writeHead(204, cors as string[]).end();
    sendJson(res, cors, 200, response);
  }

  /** 403 (or another status) with a -32600 error and no CORS header: a browser's page cannot read it. */
  function refuse(res: http.ServerResponse, status: number, message: string): void {
    sendJson(res, NO_HEADERS, status, errorResponse(null, new InvalidRequestError(message), log));
  }

  function onUpgrade(state: Running, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refusal = refusalOf(req, corsOf(req));
    if (refusal !== undefined) {
      const body = errorResponse(null, new InvalidRequestError(refusal), log);
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\n\r\n${body}`);
      return;
    }
    const path = pathOf(req.url);
    const proxied = resolveProxy(path);
    if (proxied !== undefined) {
      state.wss.handleUpgrade(req, socket, head, (ws) => {
        state.proxied.add(ws);
        ws.on('close', () => state.proxied.delete(ws));
        proxied.accept(ws);
      });
      return;
    }
    const table = resolveTable(path);
    if (table === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    state.wss.handleUpgrade(req, socket, head, (ws) => onWsConnection(state, ws, path, table));
  }

  function onWsConnection(state: Running, ws: WebSocket, path: string, table: MethodTable): void {
    const connection = new WsConnection({
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
      maxSubscriptions: limits.maxSubscriptionsPerConnection,
      log,
    });
    const entry = { ws, connection };
    state.sockets.add(entry);
    ws.on('error', () => {
      // Protocol errors from the client (bad frames, oversize messages): ws closes the socket.
    });
    ws.on('close', () => {
      connection.close();
      state.sockets.delete(entry);
    });
    ws.on('message', (data) => {
      void onWsMessage(connection, ws, path, table, data).catch(log);
    });
  }

  async function onWsMessage(
    connection: WsConnection,
    ws: WebSocket,
    path: string,
    table: MethodTable,
    data: RawData,
  ): Promise<void> {
    const succeeded: CallScope[] = [];
    const response = await dispatchJsonRpc(rawDataToText(data), {
      methods: table,
      maxBatchSize: limits.maxBatchSize,
      log,
      context: ({ method }) => {
        const scope = connection.openCall();
        return {
          context: { path, method, transport: 'ws', connection: scope.handle },
          settle: (ok) => (ok ? succeeded.push(scope) : scope.discard()),
        };
      },
    });
    if (response !== undefined && ws.readyState === ws.OPEN) ws.send(response);
    // Only now does the client know the subscription ids: release held notifications.
    for (const scope of succeeded) scope.activate();
  }

  async function start(): Promise<void> {
    if (running !== undefined) throw new ZkInteropError('RPC_SERVER_RUNNING', 'the RPC server is already started: stop() it before starting it again, or create another server');
    const server = http.createServer((req, res) => {
      onHttpRequest(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        sendJson(res, corsOf(req) ?? NO_HEADERS, 500, errorResponse(null, error, log));
      });
    });
    if (limits.maxConnections !== undefined) server.maxConnections = limits.maxConnections;
    // Keep idle connections longer than clients' pools do (undici: 4 s), so a client never reuses a
    // socket the server is closing at that moment (ECONNRESET under load). stop() closes them all.
    server.keepAliveTimeout = 65_000;
    const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes });
    const state: Running = { server, wss, sockets: new Set(), proxied: new Set() };
    server.on('upgrade', (req, socket, head) => onUpgrade(state, req, socket, head));
    await listen(server, options.port ?? 0, host);
    server.on('error', log);
    running = state;
    boundPort = (server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const state = running;
    if (state === undefined) return;
    running = undefined;
    const failures: unknown[] = [];
    for (const { ws, connection } of state.sockets) {
      try {
        connection.close();
        ws.terminate();
      } catch (error) {
        failures.push(error);
      }
    }
    state.sockets.clear();
    for (const ws of state.proxied) ws.terminate();
    state.proxied.clear();
    await new Promise<void>((resolve) => {
      state.wss.close((error) => {
        if (error) failures.push(error);
        resolve();
      });
    });
    await new Promise<void>((resolve) => {
      state.server.close((error) => {
        if (error) failures.push(error);
        resolve();
      });
      state.server.closeAllConnections();
    });
    if (failures.length > 0) {
      throw new ZkInteropError('RPC_SERVER_STOP_FAILED', `the RPC server did not stop cleanly (${String(failures.length)} failures, listed in the cause); its port may stay taken until this process exits`, {
        cause: new AggregateError(failures),
      });
    }
  }

  return {
    get url() {
      return `http://${urlHost(host)}:${String(requirePort())}`;
    },
    get wsUrl() {
      return `ws://${urlHost(host)}:${String(requirePort())}`;
    },
    get port() {
      return requirePort();
    },
    start,
    stop,
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new ZkInteropError('PORT_IN_USE', `port ${String(port)} on ${host} is already in use: stop what uses it or choose another port (0 = any free port)`, {
            cause: error,
          }),
        );
      } else {
        reject(new ZkInteropError('RPC_SERVER_LISTEN_FAILED', `cannot listen on ${host}:${String(port)} (${error.message}): check that ${host} is an address of this machine and that this process may use that port`, { cause: error }));
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Reads the body as UTF-8, or returns undefined as soon as it exceeds `maxBytes`. */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(undefined);
  // Listeners stay until the request is done: removing them costs more per request than they do.
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | undefined = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (chunks === undefined) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks = undefined;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (chunks === undefined) return;
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      chunks = undefined;
    });
    req.on('error', (error: Error) => {
      chunks = undefined;
      reject(error);
    });
  });
}

/** 413 with a -32005 error; the rest of the body is not read: the connection is closed after. */
function refuseTooLarge(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  cors: readonly string[],
  maxBytes: number,
  log: InternalErrorLogger,
): void {
  req.pause();
  const error = new LimitExceededError(`request body exceeds the limit of ${String(maxBytes)} bytes`);
  res.on('finish', () => req.socket.destroySoon());
  sendJson(res, cors, 413, errorResponse(null, error, log), ['Connection', 'close']);
}

/** No headers: the CORS headers of a request without an Origin. */
const NO_HEADERS: readonly string[] = Object.freeze([]);

/**
 * Writes a JSON response with `cors` (see `corsOf`) and `extraHeaders`; headers go as one flat list
 * (Node's cheapest path: no header map).
 */
function sendJson(res: http.ServerResponse, cors: readonly string[], status: number, body: string, extraHeaders: readonly string[] = NO_HEADERS): void {
  const headers = cors.length === 0 && extraHeaders.length === 0 ? [] : [...cors, ...extraHeaders];
  headers.push('Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(body)));
  res.writeHead(status, headers);
  res.end(body);
}

/** The handler context of HTTP calls on `path` (made here: an arrow returned is not renamed per request by tsx). */
function httpContext(path: string): DispatchOptions['context'] {
  return ({ method }) => ({ context: { path, method, transport: 'http' } });
}

/**
 * Paths made of these characters are their own URL pathname: no dot segments, escapes, query or
 * leading `//` (which a URL reads as a host).
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9_\-/]*$/;

function pathOf(url: string | undefined): string {
  if (url !== undefined && PLAIN_PATH.test(url)) return url;
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

/**
 * True when `origin` is `http://<host>` exactly: the page making the request was served by this
 * server under the name the request is addressed to (which passed the `Host` check already).
 */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  return host !== undefined && origin.length === host.length + 7 && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
