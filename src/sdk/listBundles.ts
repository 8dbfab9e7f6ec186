/**
 * `listBundles`: the bundles the network has seen, newest first (`zkinterop_listBundles`), optionally
 * only one stage, source or destination chain.
 */
import type { Client } from 'viem';
import { rpcRequiring } from './internal/rpc.ts';
import type { BundleListFilter, BundleListPage } from '../wire/types.ts';

/** Which bundles: one stage, source or destination, and a page (`limit` ≤ 10,000, default 100). */
export type ListBundlesParameters = BundleListFilter;

/** The page of lifecycles and how many bundles match in all. */
export type ListBundlesReturnType = BundleListPage;

/**
 * Lists the network's bundles with their lifecycles, newest first.
 * @param client a viem client of any chain of the network (a zkinterop node)
 * @throws UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const { total, bundles } = await listBundles(publicClient, { stage: 'failed', destinationChainId: 272 });
 */
export async function listBundles(client: Client, parameters: ListBundlesParameters = {}): Promise<ListBundlesReturnType> {
  const query = Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined));
  return rpcRequiring<ListBundlesReturnType>(client, 'zkinterop_listBundles', [query], 'listBundles');
}
