/**
 * Snapshots of one chain (`evm_snapshot` / `evm_revert`, Network.snapshot): the engine's snapshot id
 * and a deep copy of the node's books (batches, both hashes of 0x71 transactions, receive and seal
 * times, imported roots, each block's count of root imports, the sequencer's roots, the block clock and
 * impersonated accounts; the node adds its pool of waiting transactions), taken and restored when nothing is in flight. A
 * restore puts the settlement loop's halt back as the restored batches say (a failed batch halts it), and
 * lowers the sequencer's floor for the next block's time to the restored latest block's.
 */
import type { Hex } from 'viem';
import { ZkInteropError } from '../errors.ts';
import type { ImportedRoot } from '../wire/types.ts';
import type { Batcher, BatcherState } from './batcher.ts';
import type { Engine } from './engine.ts';
import type { Sequencer } from './sequencer.ts';
import { SettlementHaltedError, type SettlementLoop } from './settlementLoop.ts';
import { TimeColumn } from './timeColumn.ts';
import type { InteropRootRef } from './types.ts';
import type { TxPoolState } from './txPool.ts';
import type { ZkTx, ZksyncTxs } from './zksyncTxs.ts';
import type { DevControls, DevState } from './devControls.ts';

/** The node's own books, beside its parts' (replaced whole on restore). */
export type NodeBooks = {
  /** when each transaction was received (ms), by its ordinal in the chain (Batcher.txOrdinal) */
  receivedAt: TimeColumn;
  /** when each block was sealed (ms), for lifecycles */
  blockSealedAt: TimeColumn;
  /** when each interop root was imported: `${chainId}:${blockNumber}` → where and when */
  importedRoots: Map<string, ImportedRoot>;
  /** block number → how many EVM transactions at its head are root imports (blocks without any absent) */
  rootImportTxs: Map<number, number>;
  latestBlock: number;
};

/** A chain's saved state: its engine snapshot id and a copy of its books. */
export type ChainNodeState = {
  engineSnapshot: Hex;
  books: {
    batcher: BatcherState;
    zkTxs: Map<Hex, ZkTx>;
    evmToClient: Map<Hex, Hex>;
    /** receive times by transaction ordinal */
    receivedAt: Float64Array;
    /** seal times by block number */
    blockSealedAt: Float64Array;
    importedRoots: Map<string, ImportedRoot>;
    rootImportTxs: Map<number, number>;
    latestBlock: number;
    imported: string[];
    waitingRoots: InteropRootRef[];
    /** the block clock and the impersonated accounts (devControls.ts) */
    dev: DevState;
  };
  /** the transactions waiting for an earlier nonce (set by the node: ChainNode.saveState) */
  txPool?: TxPoolState;
};

/** The parts of a chain a snapshot covers. */
export type SnapshotParts = {
  chainId: number;
  engine: Engine;
  sequencer: Sequencer;
  settlement: SettlementLoop | undefined;
  batcher: Batcher;
  zksyncTxs: ZksyncTxs;
  books: NodeBooks;
  dev: DevControls;
};

/**
 * Saves the chain at a point where nothing is in flight (it waits for the sequencer and settlement).
 * Callers pause producers (watchers) first; see Network.snapshot.
 */
export async function saveChainState(parts: SnapshotParts): Promise<ChainNodeState> {
  await parts.sequencer.idle();
  await parts.settlement?.idle();
  const { books } = parts;
  return {
    engineSnapshot: await parts.engine.snapshot(),
    books: structuredClone({
      batcher: parts.batcher.saveState(),
      ...parts.zksyncTxs.saveState(),
      receivedAt: books.receivedAt.toArray(),
      blockSealedAt: books.blockSealedAt.toArray(),
      importedRoots: books.importedRoots,
      rootImportTxs: books.rootImportTxs,
      latestBlock: books.latestBlock,
      imported: parts.sequencer.importedKeys(),
      waitingRoots: [...parts.sequencer.waitingRoots()],
      dev: parts.dev.saveState(),
    }),
  };
}

/**
 * Returns the chain to a saved state. The engine snapshot is used up (EVM snapshot semantics): take a
 * new one to revert there again.
 * @throws ZkInteropError SNAPSHOT_UNKNOWN if the engine no longer has that snapshot
 */
export async function restoreChainState(parts: SnapshotParts, state: ChainNodeState): Promise<void> {
  await parts.sequencer.idle();
  await parts.settlement?.idle();
  if (!(await parts.engine.revert(state.engineSnapshot))) {
    throw new ZkInteropError('SNAPSHOT_UNKNOWN', `chain ${parts.chainId} has no snapshot ${state.engineSnapshot} (each snapshot can be reverted to once): take a new snapshot to return there again`);
  }
  // The sequencer stamps no block below its last one: that is now the restored latest block, not a
  // later one the revert took away (a year-ahead `time.increaseTo` would otherwise outlive its revert).
  const latest = await parts.engine.request<{ timestamp: Hex }>('eth_getBlockByNumber', ['latest', false]);
  parts.sequencer.rewindTo(Number(BigInt(latest.timestamp)));
  const saved = structuredClone(state.books);
  parts.batcher.restoreState(saved.batcher);
  parts.zksyncTxs.restoreState(saved);
  const { books } = parts;
  books.receivedAt = new TimeColumn(saved.receivedAt);
  books.blockSealedAt = new TimeColumn(saved.blockSealedAt);
  books.importedRoots.clear();
  for (const [k, v] of saved.importedRoots) books.importedRoots.set(k, v);
  books.rootImportTxs.clear();
  for (const [k, v] of saved.rootImportTxs) books.rootImportTxs.set(k, v);
  books.latestBlock = saved.latestBlock;
  parts.sequencer.restoreRoots(saved.imported, saved.waitingRoots);
  parts.dev.restoreState(saved.dev);
  if (parts.settlement) {
    const failed = parts.batcher.batches.find((b) => b.stage === 'failed');
    parts.settlement.halted = failed ? new SettlementHaltedError(failed.number, 'settlement', failed.error) : undefined;
    parts.settlement.kick();
  }
}
