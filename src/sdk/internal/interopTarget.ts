/**
 * Whether a chain can be the target of Gateway interop: a chain settling on the L1 directly (SPEC §10,
 * `settlesOn: 'l1'`) imports no interop roots in this protocol version, so waiting for a message to be
 * `imported` or `verifiable` on it would only time out. Asked once, from the target's own
 * `zkinterop_networkConfig`; a node that does not serve it (not zkinterop) is taken as a possible target.
 */
import type { Client } from 'viem';
import { ZkInteropError } from '../../errors.ts';
import { chainIdOf, rpc } from './rpc.ts';

/**
 * @throws ZkInteropError INTEROP_UNSUPPORTED when the target settles on the L1 directly
 */
export async function assertInteropTarget(target: Client): Promise<void> {
  let config: { chains?: { chainId: number; settlesOn?: string }[] };
  try {
    config = await rpc(target, 'zkinterop_networkConfig');
  } catch {
    return; // not a zkinterop node, or it hides its config: nothing to tell
  }
  const chainId = await chainIdOf(target);
  if (config.chains?.some((c) => c.chainId === chainId && c.settlesOn === 'l1')) {
    throw new ZkInteropError(
      'INTEROP_UNSUPPORTED',
      `chain ${chainId} settles on the L1 directly: chains settling on the L1 import no interop roots in this protocol version, so no message becomes imported or verifiable there; ` +
        'verify the message on a chain that settles on Gateway (or on the L1), or settle the target on Gateway for interop',
    );
  }
}
