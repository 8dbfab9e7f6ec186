/**
 * What the network-wide RPC methods need of whoever runs the network (docs/design/processes.md §1 #16):
 * its configuration, its bundle index, its admin queue, delays, adding a chain, snapshots and dumps.
 * Two implement it: `Network` (every node in this process) and `Coordinator` (nodes in their own
 * processes, reached over JSON-RPC), so `networkNamespace` and `hardhatNetworkNamespace` serve the same
 * methods with the same answers over either.
 */
import type { BundleIndex } from '../relay/bundleIndex.ts';
import type { NetworkDump } from '../store/journal.ts';
import type { NetworkConfig, NodeDescription } from '../wire/types.ts';
import type { RunOneAtATime } from './operationQueue.ts';
import type { L1Delays, NetworkDelays } from './profiles.ts';

/** A chain to add while the network runs (`zkinterop_addChain`). */
export type AddChainSpec = { chainId?: number; port?: number; settlesOn?: 'gateway' | 'l1' };

/** A change of delays (`zkinterop_setStageDelays`): the L1's block time is fixed at start. */
export type DelaysChange = Partial<Omit<NetworkDelays, 'l1'>> & { l1?: Partial<Omit<L1Delays, 'blockTimeMs'>> };

/**
 * The network as its RPC methods see it.
 * @typeParam Added what `addChain` resolves to, which `describe` turns into the wire description
 */
export interface NetworkAdmin<Added = unknown> {
  /** the network's configuration (zkinterop_networkConfig) */
  config(): NetworkConfig;
  /** the network's v31 bundles (undefined before it runs) */
  readonly bundleIndex: Pick<BundleIndex, 'get' | 'list'> | undefined;
  /** runs one admin operation at a time with the others */
  readonly oneAtATime: RunOneAtATime;
  /** changes delays on every node; the delays now in force */
  setDelays(delays: DelaysChange): NetworkDelays | Promise<NetworkDelays>;
  /** adds a chain while the network runs (queues itself) */
  addChain(spec: AddChainSpec): Promise<Added>;
  /** how a chain `addChain` added is described to clients */
  describe(added: Added): NodeDescription;
  /** saves the whole network; the id for `revert` (queues itself) */
  snapshot(): Promise<string>;
  /** returns the whole network to a snapshot; `unknown: 'false'` answers false for an unknown id (queues itself) */
  revert(id: string, options?: { unknown?: 'throw' | 'false' }): Promise<boolean>;
  /** the whole network as data (queues itself) */
  dump(): Promise<NetworkDump>;
}
