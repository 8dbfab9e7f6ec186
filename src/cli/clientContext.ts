/**
 * What a client command connects to: the source chain (from --rpc, or --chain through --config or
 * the defaults), the network's other endpoints, and viem clients for the chains it names.
 */
import type { Client } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { chainIdOf } from '../sdk/internal/rpc.ts';
import { ZkInteropError } from '../errors.ts';
import { clientOf, DEFAULT_SOURCE_CHAIN_ID, defaultRpcUrl, readEndpointsFile, resolveEndpoints, urlOf, type EndpointOptions, type Endpoints } from './endpoints.ts';

/** The source chain and the network around it. */
export type ClientContext = {
  sourceChainId: number;
  sourceUrl: string;
  source: Client;
  endpoints: Endpoints;
  /** a client for another chain of the network (or Gateway) */
  clientFor(chainId: number): Client;
};

/**
 * Resolves the source chain and the network's endpoints.
 * @throws InvalidArgumentError when --chain contradicts --rpc, or the chain is not in --config;
 *   ZkInteropError NODE_UNREACHABLE when the source does not answer
 */
export async function openClientContext(options: EndpointOptions): Promise<ClientContext> {
  let sourceUrl: string;
  let sourceChainId: number;
  if (options.rpc) {
    sourceUrl = options.rpc;
    sourceChainId = await reachableChainId(clientOf(sourceUrl), sourceUrl);
    if (options.chain !== undefined && options.chain !== sourceChainId) {
      throw new InvalidArgumentError(`--chain ${options.chain} does not match --rpc ${sourceUrl}, which is chain ${sourceChainId}`);
    }
  } else {
    sourceChainId = options.chain ?? DEFAULT_SOURCE_CHAIN_ID;
    sourceUrl = options.config ? urlOf(await readEndpointsFile(options.config), sourceChainId) : defaultRpcUrl(sourceChainId);
  }
  const endpoints = await resolveEndpoints(options, sourceUrl);
  endpoints.urls.set(sourceChainId, sourceUrl);
  const source = clientOf(sourceUrl);
  if (!options.rpc) await reachableChainId(source, sourceUrl);
  const clients = new Map<number, Client>([[sourceChainId, source]]);
  return {
    sourceChainId,
    sourceUrl,
    source,
    endpoints,
    clientFor(chainId) {
      let client = clients.get(chainId);
      if (!client) clients.set(chainId, (client = clientOf(urlOf(endpoints, chainId))));
      return client;
    },
  };
}

async function reachableChainId(client: Client, url: string): Promise<number> {
  try {
    return await chainIdOf(client);
  } catch (cause) {
    throw new ZkInteropError('NODE_UNREACHABLE', `cannot reach a node at ${url}; is the network running (zkinterop up)?`, { cause });
  }
}
