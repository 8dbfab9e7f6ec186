/**
 * The network's bundle service: its bundle index and, with auto-relay, the relayer, wired together (each
 * turn of the index pokes the relayer). One network in one process (`Network`) and the coordinator of a
 * network of processes (`Coordinator`) build it the same way; only where the chains' clients, the relayer's
 * key and its rule of where to relay come from differ. It starts nothing: the caller keeps the index where the
 * network methods read it, then starts it (a block sealed meanwhile queues a turn behind its first read).
 */
import type { Hex } from 'viem';
import { BundleIndex, type IndexedChain } from './bundleIndex.ts';
import { BundleRelayer } from './bundleRelayer.ts';

export type BundleServiceOptions = {
  gatewayChainId: number;
  /** the settling chains, read at each turn (chains are added while the network runs) */
  chains: () => IndexedChain[];
  /** how long the index waits between turns when no block told it of one (ms, read each time) */
  pollMs: () => number;
  /** with auto-relay: the relayer's own key and where it may execute; absent = no relayer */
  relayer?: { privateKey: Hex; relaysOn: (chainId: number) => boolean };
  /** background failures, with their source (`bundle index`, `bundle relayer`) */
  onError: (source: string, error: unknown) => void;
};

/**
 * Builds the index and, when asked, the relayer it pokes.
 * @example const { index, relayer } = createBundleService({ gatewayChainId: 506, chains, pollMs: () => 10, onError }); await index.start();
 */
export function createBundleService(options: BundleServiceOptions): { index: BundleIndex; relayer: BundleRelayer | undefined } {
  let relayer: BundleRelayer | undefined;
  const index = new BundleIndex({
    gatewayChainId: options.gatewayChainId,
    chains: options.chains,
    pollMs: options.pollMs,
    onError: (e) => options.onError('bundle index', e),
    onTurn: () => relayer?.poke(),
  });
  if (options.relayer) {
    relayer = new BundleRelayer({ index, privateKey: options.relayer.privateKey, chains: options.chains, relaysOn: options.relayer.relaysOn, onError: (e) => options.onError('bundle relayer', e) });
  }
  return { index, relayer };
}
