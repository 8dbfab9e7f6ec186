/**
 * Whether the network of a node has an L1 under Gateway, asked from the node's own
 * `zkinterop_networkConfig`: what every SDK action about the L1 checks first, so that a network
 * without one fails at once with NO_L1 rather than with a proof that never comes or a wait that times out.
 */
import type { Client } from 'viem';
import { NoL1Error } from '../errors.ts';
import { isMethodNotFound, rpc } from './rpc.ts';
import type { NetworkConfig } from '../../wire/types.ts';

/**
 * @param what what needs the L1, for the error (e.g. "no message verifies on L1")
 * @throws NoL1Error when a zkinterop node says its network has no L1; another node is trusted to have one
 */
export async function requireL1(client: Client, what: string): Promise<void> {
  let config: NetworkConfig;
  try {
    config = await rpc<NetworkConfig>(client, 'zkinterop_networkConfig');
  } catch (error) {
    if (isMethodNotFound(error)) return;
    throw error;
  }
  if (!config.l1) throw new NoL1Error(`this network has no L1 under Gateway, so ${what}: it was started with \`--no-l1\` (\`l1: false\`): start it with an L1, the default`);
}
