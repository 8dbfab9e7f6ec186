/**
 * What `zkinterop up --host <address>` exposes, for its output: where the ports can be reached from
 * (for 0.0.0.0, this machine's non-internal IPv4 addresses plus 127.0.0.1) and the warning printed on
 * stderr when that is more than this machine. Pure: the interfaces are passed in.
 */
import os from 'node:os';
import { isIP } from 'node:net';
import { isAnyAddress, isLoopbackHost } from '../rpc/accessPolicy.ts';

/** Where the network's ports are reachable from. */
export type Exposure = {
  /** the interface bound, as given (`127.0.0.1`, `0.0.0.0`, `::`, `192.168.1.20`, a name) */
  host: string;
  /** true when other machines can connect: the bound address is not a loopback one */
  exposed: boolean;
  /**
   * the addresses clients reach the ports on, this machine's loopback address last: for `0.0.0.0`
   * the non-internal IPv4 addresses then `127.0.0.1`; for `::` the non-internal IPv4 and global IPv6
   * addresses then `127.0.0.1`; otherwise the bound address itself
   */
  addresses: string[];
  /** the addresses in `addresses` that other machines can use (all but the loopback ones) */
  remoteAddresses: string[];
};

/** Network interfaces as `os.networkInterfaces()` gives them. */
export type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/**
 * Where a network bound to `host` is reachable from.
 * @param interfaces this machine's interfaces (default `os.networkInterfaces()`)
 * @example exposureOf('0.0.0.0') // { host: '0.0.0.0', exposed: true, addresses: ['192.168.1.20', '127.0.0.1'] }
 */
export function exposureOf(host: string, interfaces: Interfaces = os.networkInterfaces()): Exposure {
  if (isLoopbackHost(host)) return { host, exposed: false, addresses: [host], remoteAddresses: [] };
  if (!isAnyAddress(host)) return { host, exposed: true, addresses: [host], remoteAddresses: [host] };
  const ipv6 = host.includes(':');
  const external = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && (i.family === 'IPv4' || (ipv6 && i.family === 'IPv6' && i.scopeid === 0)))
    .map((i) => i.address);
  const remoteAddresses = [...new Set(external)];
  return { host, exposed: true, addresses: [...remoteAddresses, '127.0.0.1'], remoteAddresses };
}

/**
 * `url` at each of `addresses` (same scheme, port and path).
 * @example urlsAt('http://127.0.0.1:3050', ['192.168.1.20', '127.0.0.1']) // ['http://192.168.1.20:3050', 'http://127.0.0.1:3050']
 */
export function urlsAt(url: string, addresses: readonly string[]): string[] {
  const parsed = new URL(url);
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return addresses.map((address) => `${parsed.protocol}//${isIP(address) === 6 ? `[${address}]` : address}${port}${path}`);
}

/** A network's endpoints as `up` describes them (a subset of `NetworkConfig`). */
export type EndpointsConfig = {
  l1?: { chainId: number; role: 'gateway' | 'chain' | 'l1'; rpcUrl: string; wsUrl: string };
  gateway: { chainId: number; role: 'gateway' | 'chain' | 'l1'; rpcUrl: string; wsUrl: string };
  chains: { chainId: number; role: 'gateway' | 'chain' | 'l1'; rpcUrl: string; wsUrl: string }[];
  routerUrl: string | null;
};

/** Every endpoint's URLs at each address of an `Exposure` (in its order). */
export type ExposedEndpoints = {
  nodes: { chainId: number; role: 'gateway' | 'chain' | 'l1'; rpcUrls: string[]; wsUrls: string[] }[];
  routerUrls: string[];
};

/**
 * The URLs of every endpoint at each address the network is reachable on.
 * @example exposedEndpoints(network.config(), exposureOf('0.0.0.0')).nodes[0].rpcUrls // ['http://192.168.1.20:3150', 'http://127.0.0.1:3150']
 */
export function exposedEndpoints(config: EndpointsConfig, exposure: Exposure): ExposedEndpoints {
  return {
    nodes: [...(config.l1 ? [config.l1] : []), config.gateway, ...config.chains].map((n) => ({ chainId: n.chainId, role: n.role, rpcUrls: urlsAt(n.rpcUrl, exposure.addresses), wsUrls: urlsAt(n.wsUrl, exposure.addresses) })),
    routerUrls: config.routerUrl === null ? [] : urlsAt(config.routerUrl, exposure.addresses),
  };
}

/** What the warning names besides the addresses. */
export type ExposureWarningArgs = {
  exposure: Exposure;
  /** the network's endpoints (their URLs at other machines' reach are listed) */
  config: EndpointsConfig;
  /** number of funded dev accounts whose keys are public */
  devAccounts: number;
  /** fault injection served: to anyone (`--dev`), to holders of a token (`--dev-token`), or not */
  faults: 'open' | 'token' | 'off';
};

/**
 * The warning `up` prints on stderr when it binds more than loopback, or undefined when it does not.
 * @example exposureWarning({ exposure: exposureOf('0.0.0.0'), config: network.config(), devAccounts: 20, faults: 'off' })
 */
export function exposureWarning(args: ExposureWarningArgs): string | undefined {
  const { exposure, config } = args;
  if (!exposure.exposed) return undefined;
  const endpoints = [
    ...[...(config.l1 ? [config.l1] : []), config.gateway, ...config.chains].map((n) => ({ label: `${n.role === 'gateway' ? 'Gateway' : n.role === 'l1' ? 'L1' : 'chain'} ${n.chainId}`, url: n.rpcUrl, path: '' })),
    ...(config.routerUrl === null ? [] : [{ label: 'router', url: config.routerUrl, path: '/chains/<id>' }]),
  ];
  const urls = endpoints.flatMap(({ label, url, path }) => urlsAt(url, exposure.remoteAddresses).map((at) => `${`${label}:`.padEnd(13)} ${at}${path}`));
  const faults =
    args.faults === 'open'
      ? '\n  - fault injection (--dev): pausing Gateway, dropping or forging interop roots, killing settlement'
      : args.faults === 'token'
        ? '\n  - fault injection (--dev-token): to whoever holds the token'
        : '';
  return [
    `WARNING: --host ${exposure.host} makes this network reachable from other machines, not only this one.`,
    'Anyone who can reach these ports can use, without any credential:',
    `  - the ${args.devAccounts} funded dev accounts: their private keys are public (ZKsync's rich wallets and the "test … junk" mnemonic), and the node signs eth_sendTransaction for them`,
    `  - the zkinterop_* admin methods: zkinterop_snapshot / zkinterop_revert (rewind every chain), zkinterop_addChain, zkinterop_setStageDelays, zkinterop_dump, manual stage control${faults}`,
    'Reachable at:',
    ...(urls.length > 0 ? urls.map((url) => `  ${url}`) : ['  every address of this machine (no network interface besides loopback is up right now)']),
    'Browsers are still held to loopback origins and known Host names (--allow-origin, --allow-host; docs/security.md).',
    'Bind 127.0.0.1 (the default) unless other machines must connect, and only on a network you trust.',
  ].join('\n');
}
