/**
 * `getBundleLifecycle`: a bundle's stage and timed steps across the network (`zkinterop_getBundle`):
 * sent on its source, settled on Gateway, its root imported, verified, executed, failed (with the
 * relayer's revert reason and call trace) or unbundled on its destination. Any zkinterop endpoint of the
 * network answers it.
 */
import type { Client, Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { rpcRequiring } from './internal/rpc.ts';
import type { BundleLifecycle } from '../wire/types.ts';

export type GetBundleLifecycleParameters = {
  /** the bundle hash (InteropCenter's `InteropBundleSent`, `sendBundle`'s `bundleHash`) */
  bundleHash: Hex;
};

/** The lifecycle, or null when the network knows no bundle by that hash. */
export type GetBundleLifecycleReturnType = BundleLifecycle | null;

/**
 * Asks the network where a bundle is.
 * @param client a viem client of any chain of the network (a zkinterop node)
 * @throws InvalidArgumentError for a malformed hash; UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const lifecycle = await getBundleLifecycle(publicClient, { bundleHash });
 * if (lifecycle?.stage === 'failed') console.log(lifecycle.failure?.reason);
 */
export async function getBundleLifecycle(client: Client, parameters: GetBundleLifecycleParameters): Promise<GetBundleLifecycleReturnType> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(parameters.bundleHash)) throw new InvalidArgumentError(`bundleHash must be 32 bytes of 0x-hex, got ${parameters.bundleHash}`);
  return rpcRequiring<BundleLifecycle | null>(client, 'zkinterop_getBundle', [parameters.bundleHash], 'getBundleLifecycle');
}
