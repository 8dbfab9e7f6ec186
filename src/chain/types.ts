/**
 * Types shared by the rooms of one chain node: blocks as the sequencer sealed them, batches and their
 * settlement stages, interop roots. Plain data only (JSON-able where stored). What crosses the RPC
 * boundary (e.g. a batch's Gateway inclusion) is defined in the wire contract, src/wire/types.ts.
 */
import type { Address, Hex } from 'viem';
import type { GatewayInclusion } from '../wire/types.ts';

/** An interop root as Gateway published it and chains import it: `interopRoots[chainId][blockNumber] = root`. */
export type InteropRootRef = { chainId: number; blockNumber: number; root: Hex };

/**
 * One L2→L1 log a transaction sent through L1Messenger, as found in its logs (`L2ToL1LogSent`): a
 * message (sendToL1: `sender` = who sent it, `hash` = H(message), followed by `L1MessageSent` with the
 * bytes), or a raw log of a system contract (sendL2ToL1Log: `raw` holds the log's own fields, `hash`
 * its value, `message` empty).
 */
export type SentMessage = { sender: Address; hash: Hex; message: Hex; evmLogIndex: number; raw?: { sender: Address; isService: boolean; key: Hex } };

/** A user transaction as it landed in a block. */
export type IncludedTx = {
  /** the hash clients know (ZKsync hash for type 0x71, else the EVM hash) */
  hash: Hex;
  /** the hash inside the EVM engine */
  evmHash: Hex;
  /** position among the block's user transactions (root imports, bootloader work, not counted) */
  transactionIndex: number;
  messages: SentMessage[];
};

/** A block as the sequencer sealed it. */
export type SealedBlock = {
  number: number;
  hash: Hex;
  timestamp: number;
  txs: IncludedTx[];
  /** interop roots imported at the start of this block (`InteropRootAdded` events) */
  importedRoots: InteropRootRef[];
  /**
   * How many EVM transactions at the head of the block are root imports: bootloader work that the
   * real node runs outside any transaction, so clients never see them (rpc/present.ts).
   */
  rootImportTxs: number;
};

/** Lifecycle of a batch; each stage is reached in this order. `failed` stops the chain's pipeline. */
export type BatchStage = 'open' | 'sealed' | 'committed' | 'proved' | 'executed' | 'failed';

/** One L2→L1 log of a batch with where it came from (what receipts and proofs need). */
export type BatchLog = {
  /** position in the batch (the leaf index, `id` of zks_getL2ToL1LogProof) */
  id: number;
  txHash: Hex;
  txNumberInBatch: number;
  /** n-th L2→L1 log of its transaction */
  transactionLogIndex: number;
  blockNumber: number;
  blockHash: Hex;
  /** position among its block's user transactions (root imports not counted) */
  transactionIndex: number;
  sender: Address;
  /** absent = true (every message's log); a raw log (sendL2ToL1Log) carries its caller's choice */
  isService?: boolean;
  key: Hex;
  value: Hex;
  /** the message bytes (value = H(message)); empty for a raw log */
  message: Hex;
};

/** A batch and its settlement record. */
export type Batch = {
  number: number;
  stage: BatchStage;
  firstBlock: number;
  lastBlock: number;
  timestamp: number;
  txHashes: Hex[];
  logs: BatchLog[];
  dependencyRoots: InteropRootRef[];
  localLogsRoot?: Hex;
  aggregatedRoot?: Hex;
  chainBatchRoot?: Hex;
  dependencyRollingHash?: Hex;
  batchHash?: Hex;
  /** the stored hash of the batch before (what commit names) */
  previousBatchHash?: Hex;
  commitTxHash?: Hex;
  proveTxHash?: Hex;
  executeTxHash?: Hex;
  /** when the batch was sealed (ms) */
  sealedAt?: number;
  committedAt?: number;
  provenAt?: number;
  executedAt?: number;
  /** Gateway's inclusion of the batch (`zkinterop_getBatchInclusion`), once executed */
  gatewayInclusion?: GatewayInclusion;
  error?: string;
};
