/**
 * The network-wide part of the Hardhat / anvil dev methods (docs/dev-rpc.md, "Hardhat and anvil
 * methods"): `evm_snapshot` / `evm_revert`, served on every endpoint. On a zkinterop network they save
 * and restore the WHOLE network (`NetworkAdmin.snapshot` / `revert`: the Network or the coordinator, as `zkinterop_snapshot` does: every
 * chain, Gateway, its index, the watchers, the journals), not just the chain asked: a Hardhat fixture
 * (`loadFixture`) in an interop test would otherwise put one chain back while Gateway and the other
 * chains kept the messages, roots and settlements of the test before. Ids and answers are Hardhat's:
 * ids are quantities ("0x1"), `evm_revert` answers `false` for an unknown or used id, and a revert uses
 * up its snapshot and every later one.
 */
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import type { NetworkAdmin } from './networkAdmin.ts';

const snapshotId = z
  .string({ error: 'expected a snapshot id returned by evm_snapshot, such as "0x1"' })
  .regex(/^0[xX][0-9a-fA-F]{1,16}$/, { error: 'expected a snapshot id returned by evm_snapshot, such as "0x1"' })
  // "0x01" names snapshot "0x1", as Hardhat reads the id as a quantity.
  .transform((id) => `0x${BigInt(id).toString(16)}`);

/**
 * `evm_snapshot` and `evm_revert`, bound to one network.
 * @example createMethodTable([...chainMethods, ...hardhatNetworkNamespace(network)])
 */
export function hardhatNetworkNamespace<Added>(network: NetworkAdmin<Added>): RpcMethod[] {
  return [
    defineMethod({ name: 'evm_snapshot', params: z.tuple([]), handler: () => network.snapshot() }),
    defineMethod({
      name: 'evm_revert',
      params: z.tuple([snapshotId]),
      paramNames: ['snapshotId'],
      handler: ([id]) => network.revert(id, { unknown: 'false' }),
    }),
  ];
}
