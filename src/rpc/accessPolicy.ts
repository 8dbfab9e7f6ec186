/**
 * Who may talk to a JSON-RPC server, decided from request headers before any body is read (the
 * server's guard against web pages; see docs/security.md, "Browser safety and network exposure"):
 *
 * - `Host` (DNS rebinding): a page on `evil.example` whose name is rebound to 127.0.0.1 reaches the
 *   port with `Host: evil.example`. Served: loopback names (`localhost`, `*.localhost`, 127.0.0.0/8,
 *   `::1`), the bound address, this machine's interface addresses when bound to 0.0.0.0 / `::`, the
 *   hosts of allowed origins and `allowedHosts` (`*` = any, `*.example.com` = its subdomains). No
 *   `Host` at all (HTTP/1.0) is served: browsers always send one.
 * - `Origin` (cross-site requests, WebSocket hijacking): browsers name the page that makes a request.
 *   Served by default: loopback origins (`http(s)://localhost`, `127.0.0.1`, `[::1]`, `*.localhost`,
 *   any port) and browser extensions (wallets such as MetaMask call the node from their own origin);
 *   plus `allowedOrigins` (exact origins, or `*`). No `Origin` (curl, Node clients) is served.
 * - CORS: an allowed origin is echoed with `Vary: Origin`; preflights get a fixed list of request
 *   headers (never the requested ones echoed back); a refused origin gets no CORS header at all.
 *
 * Lists are normalised once, at creation; verdicts on header values are remembered (a bounded map),
 * so a request costs one map lookup per header.
 */
import os from 'node:os';
import { isIP } from 'node:net';
import { InvalidArgumentError } from '../errors.ts';

/** An allow list: exact entries, or `'*'` for anything. */
export type AllowList = readonly string[] | '*';

/** Options of `createAccessPolicy`. */
export type AccessPolicyOptions = {
  /** The interface the server binds (`127.0.0.1`, `0.0.0.0`, `::`, a name…). */
  bindHost: string;
  /** Origins served besides the loopback ones: `https://app.example`, `http://10.0.0.5:5173`, or `'*'`. */
  allowedOrigins?: AllowList;
  /** Host names served besides the loopback ones and the bound address: `devbox.lan`, `*.example.com`, or `'*'`. */
  allowedHosts?: AllowList;
  /** This machine's interface addresses, for a server bound to every interface. Default: `os.networkInterfaces()`. */
  interfaceAddresses?: () => string[];
};

/** The decisions of a server; see module header. */
export type AccessPolicy = {
  /** True when a request with this `Host` header may be served. */
  hostAllowed(host: string | undefined): boolean;
  /** What a refused `Host` is told (names the flag that opens it). */
  hostRefusal(host: string): string;
  /** The CORS headers (flat name/value list) of a response to this `Origin`, or undefined when the origin is refused. */
  corsHeaders(origin: string): readonly string[] | undefined;
  /** The headers of an answer to an allowed origin's preflight (`OPTIONS`). */
  preflightHeaders(origin: string, privateNetwork: boolean): string[];
  /** What a refused `Origin` is told (names the flag that opens it). */
  originRefusal(origin: string): string;
};

/** Request headers a JSON-RPC client in a browser may send (answered to every allowed preflight). */
export const CORS_ALLOWED_REQUEST_HEADERS = 'Content-Type, Authorization, X-Requested-With';

/** The `Content-Type`s JSON-RPC over HTTP is accepted with (as geth). */
const JSON_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/json', 'application/json-rpc', 'application/jsonrequest']);

/** Most header values whose verdict is remembered; the map starts over when full. */
const VERDICT_CACHE_SIZE = 256;

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** `scheme://host[:port]` of an http(s) origin, host possibly a bracketed IPv6 address. */
const HTTP_ORIGIN = /^(https?):\/\/(\[[0-9a-fA-F:.]+\]|[^:/?#@[\]\s]+)(?::(\d{1,5}))?$/;
const EXTENSION_ORIGIN = /^(?:chrome-extension|moz-extension|safari-web-extension|ms-browser-extension):\/\/[^/?#\s]+$/;

/**
 * Creates the policy of one server.
 * @throws InvalidArgumentError for an allowed origin or host that is not one
 * @example
 * const policy = createAccessPolicy({ bindHost: '127.0.0.1', allowedOrigins: ['https://app.example'] })
 * policy.corsHeaders('https://app.example') // ['Access-Control-Allow-Origin', 'https://app.example', 'Vary', 'Origin']
 * policy.hostAllowed('evil.example:3050') // false
 */
export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const anyOrigin = isAny(options.allowedOrigins);
  const origins = new Set(entriesOf(options.allowedOrigins).map(normalizeOrigin));
  const anyHost = isAny(options.allowedHosts);
  const hosts = new Set<string>();
  const hostSuffixes: string[] = [];
  for (const entry of entriesOf(options.allowedHosts)) {
    const name = normalizeHostEntry(checkAllowedHost(entry));
    if (name.startsWith('*.')) hostSuffixes.push(name.slice(1));
    else hosts.add(name);
  }
  for (const origin of origins) {
    const match = HTTP_ORIGIN.exec(origin);
    if (match) hosts.add(hostName(match[2]!));
  }
  const bound = normalizeHostEntry(options.bindHost);
  hosts.add(bound);
  if (isAnyAddress(bound)) for (const address of (options.interfaceAddresses ?? interfaceAddresses)()) hosts.add(normalizeHostEntry(address));

  const hostVerdicts = new Map<string, boolean>();
  const originVerdicts = new Map<string, readonly string[] | null>();

  function nameAllowed(name: string): boolean {
    return isLoopbackHost(name) || hosts.has(name) || hostSuffixes.some((suffix) => name.endsWith(suffix));
  }

  function originAllowed(origin: string): boolean {
    if (anyOrigin || origins.has(origin) || EXTENSION_ORIGIN.test(origin)) return true;
    const match = HTTP_ORIGIN.exec(origin);
    return match !== null && isLoopbackHost(hostName(match[2]!));
  }

  return {
    hostAllowed(host) {
      if (host === undefined || anyHost) return true;
      let verdict = hostVerdicts.get(host);
      if (verdict === undefined) {
        verdict = nameAllowed(hostName(host));
        remember(hostVerdicts, host, verdict);
      }
      return verdict;
    },
    hostRefusal(host) {
      const name = hostName(host);
      return `the Host "${name}" is not served here: this node answers only requests addressed to localhost, a loopback address, the address it is bound to or an allowed host, so that a web page cannot reach it through a domain name rebound to this machine (DNS rebinding); to serve this name, start it with --allow-host ${name || '<host>'} (createRpcServer option allowedHosts)`;
    },
    corsHeaders(origin) {
      let verdict = originVerdicts.get(origin);
      if (verdict === undefined) {
        verdict = originAllowed(origin) ? Object.freeze(['Access-Control-Allow-Origin', origin, 'Vary', 'Origin']) : null;
        remember(originVerdicts, origin, verdict);
      }
      return verdict ?? undefined;
    },
    preflightHeaders(origin, privateNetwork) {
      const headers = [
        'Access-Control-Allow-Origin',
        origin,
        'Vary',
        'Origin',
        'Access-Control-Allow-Methods',
        'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers',
        CORS_ALLOWED_REQUEST_HEADERS,
        'Access-Control-Max-Age',
        '86400',
      ];
      // Chrome asks before a public page calls a private address (Private Network Access).
      if (privateNetwork) headers.push('Access-Control-Allow-Private-Network', 'true');
      return headers;
    },
    originRefusal(origin) {
      return `the origin ${origin} may not call this node: pages in a browser are served only from localhost origins (and wallet extensions) by default, so that a web site you visit cannot spend the dev accounts or reset the network; to allow this one, start the node with --allow-origin ${origin} (createRpcServer option allowedOrigins)`;
    },
  };
}

/**
 * True for a `Content-Type` that JSON-RPC over HTTP is accepted with: `application/json` (any
 * parameters, e.g. `; charset=utf-8`), `application/json-rpc` or `application/jsonrequest`.
 * @example isJsonContentType('application/json; charset=utf-8') // true
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === 'application/json') return true;
  if (value === undefined) return false;
  const semicolon = value.indexOf(';');
  return JSON_CONTENT_TYPES.has((semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase());
}

/**
 * True for a name only this machine reaches: `localhost`, `*.localhost`, 127.0.0.0/8, `::1`
 * (brackets and a trailing dot allowed).
 * @example isLoopbackHost('127.0.0.1') // true
 */
export function isLoopbackHost(host: string): boolean {
  const name = normalizeHostEntry(host);
  return name === 'localhost' || name.endsWith('.localhost') || IPV4_LOOPBACK.test(name) || name === '::1' || name === '0:0:0:0:0:0:0:1' || name.startsWith('::ffff:127.');
}

/**
 * True for the wildcard addresses that bind every interface (`0.0.0.0`, `::`).
 * @example isAnyAddress('0.0.0.0') // true
 */
export function isAnyAddress(host: string): boolean {
  const name = normalizeHostEntry(host);
  return name === '0.0.0.0' || name === '::' || name === '0:0:0:0:0:0:0:0';
}

/**
 * Reads an allow-list flag: `*`, or entries separated by commas.
 * @example parseAllowList('https://a.example, http://localhost:3000') // ['https://a.example', 'http://localhost:3000']
 */
export function parseAllowList(value: string): AllowList {
  const entries = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return entries.includes('*') ? '*' : entries;
}

/**
 * The canonical form of an origin a browser sends: lower-case scheme and host, no default port, no
 * path (`https://App.Example:443/` → `https://app.example`); `null` stays `null`.
 * @throws InvalidArgumentError when `value` is not an origin
 */
export function normalizeOrigin(value: string): string {
  const trimmed = value.trim();
  if (trimmed === 'null') return trimmed;
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  const bare = url !== undefined && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  if (url !== undefined && bare && (url.protocol === 'http:' || url.protocol === 'https:')) return url.origin;
  if (url !== undefined && bare && EXTENSION_ORIGIN.test(trimmed.replace(/\/$/, ''))) return trimmed.replace(/\/$/, '').toLowerCase();
  throw new InvalidArgumentError(`"${value}" is not an origin: --allow-origin takes origins like https://app.example or http://192.168.1.20:5173 (scheme, host and port; no path), separated by commas, or *`);
}

/**
 * Checks an allowed host as `--allow-host` takes it: a name or address, `*.` before a domain for its
 * subdomains; no scheme, path or user.
 * @returns the entry, trimmed
 * @throws InvalidArgumentError when `value` is not one
 */
export function checkAllowedHost(value: string): string {
  const trimmed = value.trim();
  if (!/^(\*\.)?[^\s/?#@*]+$/.test(trimmed)) {
    throw new InvalidArgumentError(`"${value}" is not a host name: --allow-host takes names or addresses (devbox.lan, 192.168.1.20, *.example.com; no scheme or path), separated by commas, or *`);
  }
  return trimmed;
}

/** The addresses of this machine's network interfaces (loopback included). */
export function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** The name of a `Host` header value: port and IPv6 brackets dropped, lower case, no trailing dot. */
function hostName(host: string): string {
  let name: string;
  if (host.charCodeAt(0) === 91 /* [ */) {
    const end = host.indexOf(']');
    name = end < 0 ? host.slice(1) : host.slice(1, end);
  } else {
    const colon = host.indexOf(':');
    name = colon < 0 ? host : host.slice(0, colon);
  }
  name = name.toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** An allowed host, bound address or interface address in the form `hostName` gives (bare IPv6 kept whole). */
function normalizeHostEntry(entry: string): string {
  const trimmed = entry.trim();
  if (isIP(trimmed) === 6) return trimmed.toLowerCase().replace(/%.*$/, '');
  if (trimmed.startsWith('*.')) return `*${hostName(trimmed.slice(1))}`;
  return hostName(trimmed);
}

function isAny(list: AllowList | undefined): boolean {
  return list === '*' || (list !== undefined && list.includes('*'));
}

/** The entries of a list that is not `'*'` (none for `'*'` or no list). */
function entriesOf(list: AllowList | undefined): readonly string[] {
  return list === undefined || isAny(list) ? [] : (list as readonly string[]);
}

function remember<V>(cache: Map<string, V>, key: string, verdict: V): void {
  if (cache.size >= VERDICT_CACHE_SIZE) cache.clear();
  cache.set(key, verdict);
}
