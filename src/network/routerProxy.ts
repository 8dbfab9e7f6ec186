/**
 * The router port of a network whose nodes run in other processes (docs/design/processes.md §1 #18):
 * `/chains/<id>` is a reverse proxy to that node's own endpoint — an HTTP JSON-RPC body is posted to its
 * `rpcUrl` and the answer sent back as it came; a WebSocket is accepted here and relayed message by
 * message to a socket opened on its `wsUrl` (the explorer follows `eth_subscribe newHeads` through
 * it) — `/network` is answered here from `networkMethods` (the coordinator's network methods), and the
 * explorer's files are served at `/`. Host/Origin checks, CORS and limits are the RPC server's own
 * (createRpcServer's `proxy` hook), applied before anything is forwarded.
 *
 * Errors: an unknown chain id is a 404 with -32001, as the one-process router answers; a node that does
 * not answer (connection refused, reset, its process gone) gets a JSON-RPC error -32002 naming the node
 * and its URL, for each request of the body (never a hang, never a bare socket error); a WebSocket whose
 * node cannot be reached answers the requests it sent so far so, then closes with 1011 and a reason
 * naming the node.
 */
import { WebSocket } from 'ws';
import { RpcError, RpcErrorCode, type InternalErrorLogger } from '../rpc/errors.ts';
import { errorResponse } from '../rpc/dispatch.ts';
import type { MethodTable } from '../rpc/methodTable.ts';
import { createRpcServer, type ProxyRoute, type RpcServer, type RpcServerLimits, type StaticFiles } from '../rpc/server.ts';
import type { AllowList } from '../rpc/accessPolicy.ts';

/** A node the router forwards to. */
export type RoutedNode = { chainId: number; rpcUrl: string; wsUrl: string };

/** Options of `createRouterProxy`. */
export type RouterProxyOptions = {
  host?: string;
  port?: number;
  /** the nodes, read at every request (a chain added at runtime is routed at once) */
  nodes: () => readonly RoutedNode[];
  /** what `/network` answers (the network methods) */
  networkMethods: MethodTable;
  staticFiles?: StaticFiles;
  allowedOrigins?: AllowList;
  allowedHosts?: AllowList;
  limits?: Partial<RpcServerLimits>;
  log?: InternalErrorLogger;
};

/** The router server (not yet listening); see module header. */
export function createRouterProxy(options: RouterProxyOptions): RpcServer {
  const log = options.log ?? ((error: unknown) => console.error('[zkinterop router] internal error:', error));
  const nodeAt = (path: string) => {
    const match = /^\/chains\/(\d+)\/?$/.exec(path);
    return match ? options.nodes().find((n) => n.chainId === Number(match[1])) : undefined;
  };
  return createRpcServer({
    host: options.host,
    port: options.port,
    limits: options.limits,
    log,
    allowedOrigins: options.allowedOrigins,
    allowedHosts: options.allowedHosts,
    staticFiles: options.staticFiles,
    proxy: (path) => {
      const node = nodeAt(path);
      return node ? proxyRoute(node, log) : undefined;
    },
    // Only `/network` is answered here; `/chains/<id>` of an unknown chain falls through to the server's 404.
    methods: (path) => (path === '/network' || path === '/network/' ? options.networkMethods : undefined),
  });
}

/** The route forwarding one node's path. */
function proxyRoute(node: RoutedNode, log: InternalErrorLogger): ProxyRoute {
  return {
    async forward(body) {
      let res: Response;
      try {
        res = await fetch(node.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      } catch (cause) {
        return { status: 200, body: unreachableAnswers(body, unreachable(node, node.rpcUrl, cause), log) };
      }
      return { status: res.status, body: await res.text() };
    },
    accept(client) {
      relaySocket(client, node, log);
    },
  };
}

/** The error a request to an unreachable node gets. */
function unreachable(node: RoutedNode, url: string, cause: unknown): RpcError {
  // fetch wraps the socket's error ("fetch failed"; its cause says ECONNREFUSED …).
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const why = inner instanceof Error ? ` (${inner.message})` : '';
  return new RpcError(RpcErrorCode.ResourceUnavailable, `node ${node.chainId} is unreachable at ${url}${why}: its process may have stopped or be restarting; try again once it is back`, {
    code: 'NODE_UNREACHABLE',
    data: { code: 'NODE_UNREACHABLE', chainId: node.chainId, url },
    cause,
  });
}

/** One error answer per request of `body` (a single request or a batch; notifications get none). */
function unreachableAnswers(body: string, error: RpcError, log: InternalErrorLogger): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return errorResponse(null, error, log);
  }
  const idOf = (request: unknown) => (request !== null && typeof request === 'object' && 'id' in request ? (request as { id: string | number | null }).id : undefined);
  if (!Array.isArray(parsed)) {
    const id = idOf(parsed);
    return errorResponse(id === undefined ? null : id, error, log);
  }
  const answers = parsed.map(idOf).filter((id) => id !== undefined).map((id) => errorResponse(id, error, log));
  return answers.length === 0 ? '' : `[${answers.join(',')}]`;
}

/**
 * Relays `client` to a socket opened on the node: messages both ways, in order (the client's wait
 * until the node's socket is open); either side closing closes the other.
 */
function relaySocket(client: WebSocket, node: RoutedNode, log: InternalErrorLogger): void {
  const upstream = new WebSocket(node.wsUrl);
  const pending: string[] = [];
  let opened = false;
  client.on('message', (data, isBinary) => {
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    if (opened) upstream.send(text);
    else pending.push(text);
  });
  client.on('close', () => upstream.terminate());
  client.on('error', () => upstream.terminate());
  upstream.on('open', () => {
    opened = true;
    for (const text of pending.splice(0)) upstream.send(text);
  });
  upstream.on('message', (data, isBinary) => {
    if (client.readyState === WebSocket.OPEN) client.send(isBinary ? data : data.toString());
  });
  upstream.on('error', (cause) => {
    if (opened) return;
    // The node cannot be reached: the requests sent so far get an answer that says so.
    const error = unreachable(node, node.wsUrl, cause);
    for (const text of pending.splice(0)) {
      const answer = unreachableAnswers(text, error, log);
      if (answer !== '' && client.readyState === WebSocket.OPEN) client.send(answer);
    }
    // The close reason names it too (a client may not have sent anything yet); at most 123 bytes.
    if (client.readyState === WebSocket.OPEN) client.close(1011, `node ${node.chainId} is unreachable at ${node.wsUrl}`.slice(0, 123));
  });
  upstream.on('close', () => {
    if (opened && client.readyState === WebSocket.OPEN) client.close(1011, `node ${node.chainId} closed its socket`);
  });
}
