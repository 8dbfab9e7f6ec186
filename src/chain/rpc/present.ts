/**
 * How a chain shows its data to clients: EVM objects from the engine plus the ZKsync fields clients
 * parse (`l1BatchNumber`, `l1BatchTxIndex`, `l2ToL1Logs`, …) and, for EIP-712 (0x71) transactions,
 * the ZKsync hash and signature in place of the engine's. Field names and number formats follow the
 * real ZKsync server, which zksync-ethers and viem's zksync formatters read.
 *
 * Root imports are bootloader work, not transactions (SPEC §6): in the EVM each is a transaction at the
 * head of its block, and the node's books say how many each block has (`ChainNode.rootImportTxs`), so
 * hiding them is arithmetic: blocks list, count and index only the user transactions after them, user
 * transactions' `transactionIndex` (objects, receipts, logs) counts from the first user transaction, and
 * an import's own hash names nothing (null). Their `InteropRootAdded` events stay in eth_getLogs, filters
 * and subscriptions, as events outside any transaction: `transactionHash` zero, `transactionIndex` 0,
 * in no receipt. (The real server gives bootloader events the transaction during whose processing the
 * bootloader emitted them, for imports the block's first one, and the zero hash to events outside any,
 * those of a batch's closing fictive block; here a block may hold imports and no user transaction, so
 * imports are always outside one.) The block's own fields (hash, `transactionsRoot`, `gasUsed`,
 * `logsBloom`, `size`) stay the EVM's, imports included, and so does `cumulativeGasUsed` in receipts.
 */
import type { Hex } from 'viem';
import { numberToHex } from 'viem';
import type { ChainNode, WaitingTx } from '../chainNode.ts';
import type { DecodedTransaction } from '../../protocol/transaction.ts';
import type { Batch, BatchLog } from '../types.ts';

type Json = Record<string, unknown>;

/** What the real server gives as `transactionHash` of an event outside any transaction. */
export const NO_TRANSACTION_HASH: Hex = `0x${'0'.repeat(64)}`;

/** Root imports at the head of the block an engine object names by its `blockNumber` (0 for pending objects). */
function rootImportsIn(node: ChainNode, blockNumber: unknown): number {
  return typeof blockNumber === 'string' ? node.rootImportTxs(Number(BigInt(blockNumber))) : 0;
}

/**
 * An engine object's `transactionIndex` among its block's user transactions.
 * @returns undefined when the index is one of a root import's
 */
function userIndex(node: ChainNode, object: Json): number | undefined {
  const imports = rootImportsIn(node, object.blockNumber);
  if (typeof object.transactionIndex !== 'string') return 0;
  const index = Number(BigInt(object.transactionIndex)) - imports;
  return index < 0 ? undefined : index;
}

/** True when an engine transaction object (or receipt, or log) belongs to a root import: bootloader work that names no transaction. */
export function isRootImport(node: ChainNode, object: Json): boolean {
  return userIndex(node, object) === undefined;
}

/** A transaction object (eth_getTransactionByHash, full blocks). */
export function presentTransaction(node: ChainNode, tx: Json | null): Json | null {
  if (!tx) return null;
  const index = userIndex(node, tx);
  if (index === undefined) return null;
  const hash = node.clientHashOf(tx.hash as Hex);
  const out: Json = { ...tx, hash };
  if (typeof tx.transactionIndex === 'string') out.transactionIndex = numberToHex(index);
  const zk = node.zksyncTransaction(hash);
  if (zk) {
    out.type = '0x71';
    if (zk.signature) {
      out.r = zk.signature.r;
      out.s = zk.signature.s;
      out.v = numberToHex(zk.signature.v);
      out.yParity = numberToHex(zk.signature.yParity);
    }
    out.gasPrice = tx.gasPrice ?? numberToHex(zk.maxFeePerGas ?? 0n);
  }
  const at = node.txPosition(hash);
  out.l1BatchNumber = at ? numberToHex(at.batchNumber) : null;
  out.l1BatchTxIndex = at ? numberToHex(at.txNumberInBatch) : null;
  return out;
}

/**
 * A log with the ZKsync fields the real server adds and viem's zksync receipt formatter reads:
 * `l1BatchNumber`, `transactionLogIndex` (position among its transaction's logs) and `logType` (null).
 */
export function presentLog(node: ChainNode, log: Json, transactionLogIndex: number): Json {
  const index = userIndex(node, log);
  if (index === undefined) return presentImportLog(node, log);
  const transactionHash = node.clientHashOf(log.transactionHash as Hex);
  // Only the batch number: a receipt of a transaction with 256 messages presents 512 logs.
  const at = node.txPosition(transactionHash);
  const out: Json = { ...log, transactionHash, l1BatchNumber: at ? numberToHex(at.batchNumber) : null, transactionLogIndex: numberToHex(transactionLogIndex), logType: null };
  if (typeof log.transactionIndex === 'string') out.transactionIndex = numberToHex(index);
  return out;
}

/**
 * An event of a root import (`InteropRootAdded`), outside any transaction (module header): zero
 * transaction hash, index 0, and its position among the block's import events, which lead the block,
 * so it is its `logIndex`.
 */
function presentImportLog(node: ChainNode, log: Json): Json {
  const batch = node.batchOfBlock(Number(BigInt(log.blockNumber as Hex)));
  return { ...log, transactionHash: NO_TRANSACTION_HASH, transactionIndex: '0x0', l1BatchNumber: batch ? numberToHex(batch.number) : null, transactionLogIndex: log.logIndex, logType: null };
}

/**
 * Logs of any transactions (eth_getLogs, filters, subscriptions). A filter may skip some logs of a
 * transaction, so each one's `transactionLogIndex` comes from its transaction's receipt.
 */
export async function presentLogs(node: ChainNode, logs: readonly Json[]): Promise<Json[]> {
  const firstLogIndex = new Map<Hex, number>();
  for (const log of logs) {
    const tx = log.transactionHash as Hex;
    if (firstLogIndex.has(tx) || userIndex(node, log) === undefined) continue;
    const receipt = await node.engine.request<{ logs?: { logIndex: Hex }[] } | null>('eth_getTransactionReceipt', [tx]);
    const first = receipt?.logs?.[0]?.logIndex ?? (log.logIndex as Hex);
    firstLogIndex.set(tx, Number(BigInt(first)));
  }
  return logs.map((log) => presentLog(node, log, Number(BigInt(log.logIndex as Hex)) - (firstLogIndex.get(log.transactionHash as Hex) ?? 0)));
}

/** A receipt with the ZKsync fields. */
export function presentReceipt(node: ChainNode, receipt: Json | null): Json | null {
  if (!receipt) return null;
  const index = userIndex(node, receipt);
  if (index === undefined) return null;
  const transactionHash = node.clientHashOf(receipt.transactionHash as Hex);
  const loc = node.txLocation(transactionHash);
  const out: Json = {
    ...receipt,
    transactionHash,
    transactionIndex: numberToHex(index),
    logs: ((receipt.logs as Json[] | undefined) ?? []).map((l, i) => presentLog(node, l, i)),
    l1BatchNumber: loc ? numberToHex(loc.batch.number) : null,
    l1BatchTxIndex: loc ? numberToHex(loc.txNumberInBatch) : null,
    l2ToL1Logs: loc ? presentL2ToL1Logs(loc.batch, loc.logs) : [],
  };
  if (node.zksyncTransaction(transactionHash)) out.type = '0x71';
  return out;
}

/** One L2→L1 log as receipts carry it. */
export function presentL2ToL1Log(log: BatchLog, batchNumber: number, firstIdInBlock: number): Json {
  return {
    blockNumber: numberToHex(log.blockNumber),
    blockHash: log.blockHash,
    l1BatchNumber: numberToHex(batchNumber),
    transactionIndex: numberToHex(log.transactionIndex),
    transactionHash: log.txHash,
    transactionLogIndex: numberToHex(log.transactionLogIndex),
    txIndexInL1Batch: numberToHex(log.txNumberInBatch),
    shardId: '0x0',
    isService: log.isService ?? true,
    sender: log.sender,
    key: log.key,
    value: log.value,
    logIndex: numberToHex(log.id - firstIdInBlock),
  };
}

/** A block with client hashes, its user transactions only (not its root imports), and its batch. */
export function presentBlock(node: ChainNode, block: Json | null): Json | null {
  if (!block) return null;
  const number = Number(BigInt(block.number as Hex));
  const batch = node.batchOfBlock(number);
  const txs = ((block.transactions as (Hex | Json)[] | undefined) ?? []).slice(node.rootImportTxs(number));
  return {
    ...block,
    transactions: txs.map((t) => (typeof t === 'string' ? node.clientHashOf(t) : presentTransaction(node, t))),
    l1BatchNumber: batch && batch.stage !== 'open' ? numberToHex(batch.number) : null,
    l1BatchTimestamp: batch && batch.stage !== 'open' ? numberToHex(batch.timestamp) : null,
  };
}

/** The number of user transactions of a block as the engine gives it (eth_getBlockTransactionCountBy*): null for no block. */
export function presentTransactionCount(node: ChainNode, block: Json | null): Hex | null {
  if (!block) return null;
  const count = ((block.transactions as unknown[] | undefined) ?? []).length - node.rootImportTxs(Number(BigInt(block.number as Hex)));
  return numberToHex(Math.max(0, count));
}

/** The engine hash of a block's `index`-th user transaction (eth_getTransactionByBlock*AndIndex), from the block with hashes; undefined for none. */
export function userTransactionAt(node: ChainNode, block: Json | null, index: number): Hex | undefined {
  if (!block) return undefined;
  return ((block.transactions as Hex[] | undefined) ?? [])[node.rootImportTxs(Number(BigInt(block.number as Hex))) + index];
}

/**
 * The pending block (eth_getBlockByNumber "pending") as geth shows one: the block the node would mine
 * next, numbered after its parent, with `hash`, `nonce` and `miner` null (no such block exists yet, so
 * no hash can be looked up) and no batch. Its transactions: those the EVM already holds for it (`block`,
 * the EVM's own pending block), then `next` (queued in the sequencer, then pool transactions whose gap
 * is filled), as hashes or, with `full`, as transaction objects. The EVM itself leaves `number` null,
 * which clients cannot read as a block. Costs one more engine call, for the parent's number.
 */
export async function presentPendingBlock(node: ChainNode, block: Json | null, next: readonly WaitingTx[] = [], full = false): Promise<Json | null> {
  if (!block) return null;
  const parent = await node.engine.request<{ number: Hex } | null>('eth_getBlockByHash', [block.parentHash, false]);
  const number = parent ? BigInt(parent.number) + 1n : BigInt(node.blockNumber + 1);
  const txs = (block.transactions as (Hex | Json)[] | undefined) ?? [];
  return {
    ...block,
    number: numberToHex(number),
    hash: null,
    nonce: null,
    miner: null,
    transactions: [
      ...txs.map((t) => (typeof t === 'string' ? node.clientHashOf(t) : presentTransaction(node, t))),
      ...next.map((t) => (full ? presentWaitingTransaction(t.decoded()) : t.hash)),
    ],
    l1BatchNumber: null,
    l1BatchTimestamp: null,
  };
}

/**
 * A transaction the node accepted that is in no block yet (waiting in the pool, or queued for the next
 * block), as geth shows one: `blockHash`, `blockNumber` and `transactionIndex` null, and no batch.
 */
export function presentWaitingTransaction(tx: DecodedTransaction): Json {
  const out: Json = {
    blockHash: null,
    blockNumber: null,
    transactionIndex: null,
    hash: tx.hash,
    // lower case, as the engine answers a mined transaction
    from: tx.from.toLowerCase(),
    to: tx.to?.toLowerCase() ?? null,
    nonce: numberToHex(tx.nonce),
    value: numberToHex(tx.value),
    gas: numberToHex(tx.gas),
    input: tx.data,
    type: numberToHex(tx.typeByte),
  };
  if (tx.chainId !== null) out.chainId = numberToHex(tx.chainId);
  if (tx.gasPrice !== undefined) out.gasPrice = numberToHex(tx.gasPrice);
  else {
    out.maxFeePerGas = numberToHex(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = numberToHex(tx.maxPriorityFeePerGas);
    out.gasPrice = numberToHex(tx.maxFeePerGas);
  }
  if (tx.accessList) out.accessList = tx.accessList;
  out.v = numberToHex(tx.signature.v);
  out.r = tx.signature.r;
  out.s = tx.signature.s;
  if (tx.type !== 'legacy') out.yParity = numberToHex(tx.signature.yParity);
  out.l1BatchNumber = null;
  out.l1BatchTxIndex = null;
  return out;
}

/** A transaction's L2→L1 logs as its receipt shows them: one block, so one search for where the block's logs start. */
function presentL2ToL1Logs(batch: Batch, logs: readonly BatchLog[]): Json[] {
  if (logs.length === 0) return [];
  const first = firstLogIdOfBlock(batch, logs[0]!);
  return logs.map((l) => presentL2ToL1Log(l, batch.number, first));
}

/**
 * Id (batch position) of the first L2→L1 log in the same block as `log`: receipts number logs per
 * block. A batch's logs are in block order, so a binary search (a full batch holds 16,384 logs).
 */
function firstLogIdOfBlock(batch: Batch, log: BatchLog): number {
  const logs = batch.logs;
  let lo = 0;
  let hi = log.id;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (logs[mid]!.blockNumber < log.blockNumber) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, log.id);
}
