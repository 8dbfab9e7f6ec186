/**
 * What the explorer reads about one node that no standard method answers in one call
 * (docs/dev-rpc.md, "Explorer"): `zkinterop_chainSummary` (height, the batch at each stage,
 * settlement lag, the last imported interop root, health) and `zkinterop_listBatches` (a page of
 * batches, newest first, with their stage transactions). Read-only, answered from the node's books:
 * no engine round trip but one for the latest block's timestamp, so each answer stays cheap however
 * long the history (bench/explorer.ts).
 */
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { optionalParam } from '../../rpc/schemas.ts';
import type { ChainNode } from '../chainNode.ts';
import type { Batch } from '../types.ts';
import type { BatchListPage, BatchSummary, ChainSummary } from '../../wire/types.ts';

const whole = z.number({ error: 'expected a JSON number' }).int().nonnegative();

/** Most batches one `zkinterop_listBatches` page holds. */
export const MAX_BATCH_PAGE = 1_000;

/** Where the node's batches settle, for naming the chain their stage transactions are on. */
export type ExplorerContext = {
  /** the chain id the node's stage transactions go to (null: it settles nowhere) */
  settlementLayerChainId: number | null;
  /** Gateway's chain id: whose interop roots the node imports */
  gatewayChainId: number;
};

/**
 * The explorer's methods of one node.
 * @example createMethodTable([...ethNamespace(node, bounds), ...explorerNamespace(node, { settlementLayerChainId: 506, gatewayChainId: 506 })])
 */
export function explorerNamespace(node: ChainNode, context: ExplorerContext): RpcMethod[] {
  return [
    defineMethod({ name: 'zkinterop_chainSummary', params: z.tuple([]), handler: () => chainSummary(node, context) }),
    defineMethod({
      name: 'zkinterop_listBatches',
      params: z.tuple([optionalParam(z.strictObject({ limit: whole.min(1).max(MAX_BATCH_PAGE).optional(), offset: whole.optional() }, { error: `expected { limit? (1 … ${MAX_BATCH_PAGE}), offset? }` }))]),
      paramNames: ['filter'],
      handler: ([filter]) => listBatches(node, context, filter?.limit ?? 20, filter?.offset ?? 0),
    }),
  ];
}

async function chainSummary(node: ChainNode, context: ExplorerContext): Promise<ChainSummary> {
  const batches = node.batches;
  const open = batches[batches.length - 1]!;
  const executed = node.lastBatchWithStage('executed');
  const sealed = node.lastBatchWithStage('sealed');
  // The oldest batch not executed yet; batch 0 (genesis) never settles.
  const waiting = context.settlementLayerChainId === null ? undefined : batches.find((b) => b.number > executed && b.number > 0 && b.stage !== 'open');
  const latest = await node.engine.request<{ timestamp: string } | null>('eth_getBlockByNumber', ['latest', false]);
  const lastRootBlock = node.lastImportedRootBlock(context.gatewayChainId);
  const halted = node.settlementHalted;
  return {
    chainId: node.chainId,
    role: node.role,
    blockNumber: node.blockNumber,
    blockTimestamp: latest ? Number(BigInt(latest.timestamp)) * 1000 : 0,
    openBatch: open.number,
    lastSealedBatch: sealed,
    lastCommittedBatch: node.lastBatchWithStage('committed'),
    lastProvedBatch: node.lastBatchWithStage('proved'),
    lastExecutedBatch: executed,
    settlementLagBatches: context.settlementLayerChainId === null ? 0 : Math.max(0, sealed - executed),
    settlementLagMs: waiting?.sealedAt === undefined ? 0 : Math.max(0, Date.now() - waiting.sealedAt),
    lastImportedRoot: lastRootBlock === 0 ? null : (node.importedRoot(context.gatewayChainId, lastRootBlock) ?? null),
    queuedTransactions: node.queuedTransactions,
    health: halted ? 'halted' : 'ok',
    ...(halted ? { haltedReason: halted.message } : {}),
  };
}

function listBatches(node: ChainNode, context: ExplorerContext, limit: number, offset: number): BatchListPage {
  const batches = node.batches;
  const total = batches.length;
  const page: BatchSummary[] = [];
  // Newest first: index total-1-offset downwards, touching only the page's batches.
  for (let i = total - 1 - offset; i >= 0 && page.length < limit; i--) page.push(batchSummary(batches[i]!, context));
  return { total, batches: page };
}

/** The explorer's view of one batch. */
export function batchSummary(batch: Batch, context: ExplorerContext): BatchSummary {
  return {
    number: batch.number,
    stage: batch.stage,
    firstBlock: batch.firstBlock,
    lastBlock: batch.lastBlock,
    txCount: batch.txHashes.length,
    logCount: batch.logs.length,
    dependencyRoots: batch.dependencyRoots.length,
    timestamp: batch.timestamp,
    ...defined({
      sealedAt: batch.sealedAt,
      committedAt: batch.committedAt,
      provedAt: batch.provenAt,
      executedAt: batch.executedAt,
      commitTxHash: batch.commitTxHash,
      proveTxHash: batch.proveTxHash,
      executeTxHash: batch.executeTxHash,
      chainBatchRoot: batch.chainBatchRoot,
      error: batch.error,
    }),
    settlementLayerChainId: context.settlementLayerChainId,
  };
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) if (fields[key] !== undefined) out[key] = fields[key];
  return out;
}
