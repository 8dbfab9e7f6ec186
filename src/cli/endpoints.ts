/**
 * Where the client commands find the network's endpoints: `--config <file>` (what `up --config-out`
 * writes), else the layout the `--rpc` endpoint (or the default source endpoint) reports through
 * `zkinterop_networkConfig`, else the ports `up` uses by default (271 → :3050, 506 → :3150,
 * 272 → :3250, 273 → :3350, …).
 */
import { readFile } from 'node:fs/promises';
import { createPublicClient, http, type Client } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { getNetworkConfig } from '../sdk/getNetworkConfig.ts';

/** Gateway's chain id in the default layout. */
export const DEFAULT_GATEWAY_CHAIN_ID = 506;
/** The first chain of the default layout: the source when neither --chain nor --rpc is given. */
export const DEFAULT_SOURCE_CHAIN_ID = 271;

/** The options every client command shares. */
export type EndpointOptions = { chain?: number; rpc?: string; config?: string };

/** The network as the commands see it: Gateway's id and every known endpoint. */
export type Endpoints = { gatewayChainId: number; urls: Map<number, string>; from: 'config' | 'network' | 'defaults' };

/**
 * The default URL of a chain id in `up`'s layout.
 * @example defaultRpcUrl(272) // 'http://127.0.0.1:3250'
 */
export function defaultRpcUrl(chainId: number): string {
  if (chainId === DEFAULT_GATEWAY_CHAIN_ID) return 'http://127.0.0.1:3150';
  if (chainId === DEFAULT_SOURCE_CHAIN_ID) return 'http://127.0.0.1:3050';
  if (chainId > DEFAULT_SOURCE_CHAIN_ID && chainId < DEFAULT_SOURCE_CHAIN_ID + 64) return `http://127.0.0.1:${3150 + 100 * (chainId - DEFAULT_SOURCE_CHAIN_ID)}`;
  throw new InvalidArgumentError(`chain ${chainId} has no default endpoint (defaults: 271, 272, … and Gateway 506); pass --rpc <url> or --config <file>`);
}

type ConfigFile = { gateway?: { chainId?: unknown; rpcUrl?: unknown }; chains?: { chainId?: unknown; rpcUrl?: unknown }[] };

/**
 * Reads a network description written by `up --config-out` (or `up --json`): `{ gateway: { chainId,
 * rpcUrl }, chains: [{ chainId, rpcUrl }] }`.
 * @throws InvalidArgumentError when the file is missing, not JSON, or lacks that shape
 */
export async function readEndpointsFile(file: string): Promise<Endpoints> {
  let parsed: ConfigFile;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as ConfigFile;
  } catch (cause) {
    throw new InvalidArgumentError(`cannot read --config ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const nodes = [parsed?.gateway, ...(Array.isArray(parsed?.chains) ? parsed.chains : [])];
  const urls = new Map<number, string>();
  for (const node of nodes) {
    if (!node || typeof node.chainId !== 'number' || typeof node.rpcUrl !== 'string') {
      throw new InvalidArgumentError(`--config ${file} is not a network description: expected { gateway: { chainId, rpcUrl }, chains: [{ chainId, rpcUrl }] } (what \`zkinterop up --config-out\` writes)`);
    }
    urls.set(node.chainId, node.rpcUrl);
  }
  return { gatewayChainId: parsed.gateway!.chainId as number, urls, from: 'config' };
}

/** A viem client for one URL (no chain: actions ask eth_chainId when they need it). */
export function clientOf(url: string): Client {
  return createPublicClient({ transport: http(url, { retryCount: 0 }) });
}

/**
 * The endpoints for a command: the config file, else the network the source endpoint belongs to,
 * else the defaults.
 * @param sourceUrl the source chain's URL when known (to ask it for the network's layout)
 */
export async function resolveEndpoints(options: EndpointOptions, sourceUrl: string | undefined): Promise<Endpoints> {
  if (options.config) return readEndpointsFile(options.config);
  if (sourceUrl) {
    try {
      const config = await getNetworkConfig(clientOf(sourceUrl));
      const urls = new Map<number, string>([[config.gateway.chainId, config.gateway.rpcUrl]]);
      for (const c of config.chains) urls.set(c.chainId, c.rpcUrl);
      return { gatewayChainId: config.gateway.chainId, urls, from: 'network' };
    } catch {
      // not a zkinterop node, or not reachable yet: the defaults below, and the real error comes from the command's own request
    }
  }
  const urls = new Map<number, string>();
  for (const id of [DEFAULT_SOURCE_CHAIN_ID, DEFAULT_GATEWAY_CHAIN_ID, DEFAULT_SOURCE_CHAIN_ID + 1]) urls.set(id, defaultRpcUrl(id));
  return { gatewayChainId: DEFAULT_GATEWAY_CHAIN_ID, urls, from: 'defaults' };
}

/**
 * The URL of a chain in the resolved endpoints (the defaults cover any id of `up`'s layout).
 * @throws InvalidArgumentError for a chain the config or network does not have
 */
export function urlOf(endpoints: Endpoints, chainId: number): string {
  const url = endpoints.urls.get(chainId);
  if (url) return url;
  if (endpoints.from === 'defaults') return defaultRpcUrl(chainId);
  const known = [...endpoints.urls.keys()].join(', ');
  throw new InvalidArgumentError(`chain ${chainId} is not part of the network${endpoints.from === 'config' ? ' in --config' : ''}; its chains are ${known}`);
}
