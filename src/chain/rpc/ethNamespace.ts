/**
 * The `eth_*`, `net_*` and `web3_*` methods of a chain: what a local Ethereum node serves. Most run on
 * the EVM engine as they are; the ones that name transactions go through the chain node so EIP-712
 * transactions appear under their ZKsync hash, and `finalized` / `safe` mean executed / committed on
 * Gateway. Transactions the node accepted but has not mined (queued for the next block, or waiting in
 * its pool for an earlier nonce) are answered by the node: "pending" nonces and block, transactions by
 * hash, pending-transaction filters. Every entry validates its params at the edge. Requests whose cost the caller picks are
 * bounded (docs/security.md, "Request limits"): eth_call / eth_estimateGas by the gas cap, a turn and a
 * timeout (boundedCall.ts), eth_getLogs / eth_getFilterLogs by a range clamped to the head and
 * limits on its width and its logs (logQuery.ts).
 */
import { z } from 'zod';
import type { Hex } from 'viem';
import { keccak256, numberToHex } from 'viem';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { address, blockId, blockNumberOrTag, boolean, hash32, hexData, fastHexDataTuple, optionalParam, quantity, quantityAsNumber } from '../../rpc/schemas.ts';
import type { ChainNode } from '../chainNode.ts';
import { boundedJson, callRequest, logFilter, stateOverrides, toEngineBlock, toEngineRequest } from './params.ts';
import { presentBlock, presentLogs, presentPendingBlock, presentReceipt, presentTransaction, presentTransactionCount, presentWaitingTransaction, userTransactionAt } from './present.ts';
import { PendingTxFilters } from './pendingTxFilters.ts';
import { ethSubscribe } from './ethSubscribe.ts';
import { forwardToEngine } from './forwardToEngine.ts';
import { ResourceNotFoundError } from '../../rpc/errors.ts';
import { createRequestBounds, type RequestBounds } from './requestLimits.ts';
import { boundedCall } from './boundedCall.ts';
import { answerSystemView } from './systemViews.ts';
import { engineFilterForChanges, LogFilters, queryLogs, withinFilterBounds } from './logQuery.ts';

type Json = Record<string, unknown>;

/** The client version string (web3_clientVersion): Hardhat's network helpers check its prefix (clientVersion.ts). */
export { CLIENT_VERSION } from './clientVersion.ts';
import { CLIENT_VERSION } from './clientVersion.ts';

/**
 * All eth/net/web3 methods of one chain.
 * @param node the chain they serve
 * @param bounds the request limits and the process's call gate (docs/security.md, "Request limits");
 *   a network passes the one every chain shares, default: the default limits with a gate of its own
 */
export function ethNamespace(node: ChainNode, bounds: RequestBounds = createRequestBounds()): RpcMethod[] {
  const engine = node.engine;
  const forward = <T = unknown>(method: string, params: unknown[]) => forwardToEngine<T>(engine, method, params);
  const logFilters = new LogFilters();
  const pendingTxFilters = new PendingTxFilters(node);
  /** The `index`-th user transaction of a block the engine gave with hashes, presented; null for none. */
  const userTransaction = async (block: Json | null, index: number) => {
    const evmHash = userTransactionAt(node, block, index);
    return evmHash ? presentTransaction(node, await forward<Json | null>('eth_getTransactionByHash', [evmHash])) : null;
  };

  return [
    defineMethod({ name: 'web3_clientVersion', params: z.tuple([]), handler: () => CLIENT_VERSION }),
    defineMethod({ name: 'web3_sha3', params: z.tuple([hexData]), paramNames: ['data'], handler: ([data]) => keccak256(data) }),
    defineMethod({ name: 'net_version', params: z.tuple([]), handler: () => String(node.chainId) }),
    defineMethod({ name: 'net_listening', params: z.tuple([]), handler: () => true }),
    defineMethod({ name: 'net_peerCount', params: z.tuple([]), handler: () => '0x0' }),
    defineMethod({ name: 'eth_chainId', params: z.tuple([]), handler: () => numberToHex(node.chainId) }),
    defineMethod({ name: 'eth_syncing', params: z.tuple([]), handler: () => false }),
    defineMethod({ name: 'eth_mining', params: z.tuple([]), handler: () => false }),
    defineMethod({ name: 'eth_hashrate', params: z.tuple([]), handler: () => '0x0' }),
    defineMethod({ name: 'eth_coinbase', params: z.tuple([]), handler: () => forward('eth_coinbase', []) }),
    // The dev accounts only: the engine also knows accounts it acts as for the node (docs/security.md).
    defineMethod({ name: 'eth_accounts', params: z.tuple([]), handler: () => node.accounts.accounts() }),
    defineMethod({ name: 'eth_blockNumber', params: z.tuple([]), handler: () => numberToHex(node.blockNumber) }),
    defineMethod({ name: 'eth_gasPrice', params: z.tuple([]), handler: () => forward('eth_gasPrice', []) }),
    defineMethod({ name: 'eth_maxPriorityFeePerGas', params: z.tuple([]), handler: () => forward('eth_maxPriorityFeePerGas', []) }),
    defineMethod({ name: 'eth_blobBaseFee', params: z.tuple([]), handler: () => '0x0' }),
    defineMethod({
      name: 'eth_feeHistory',
      params: z.tuple([quantity, blockNumberOrTag, optionalParam(z.array(z.number()))]),
      paramNames: ['blockCount', 'newestBlock', 'rewardPercentiles'],
      handler: ([count, newest, percentiles]) => forward('eth_feeHistory', [numberToHex(count), toEngineBlock(node, newest), percentiles ?? []]),
    }),
    defineMethod({
      name: 'eth_getTransactionCount',
      params: z.tuple([address, optionalParam(blockId)]),
      paramNames: ['address', 'block'],
      // "pending" counts the sender's transactions waiting in the pool without a gap, as geth does.
      handler: async ([who, block]) => {
        const count = await forward<Hex>('eth_getTransactionCount', [who, toEngineBlock(node, block)]);
        if (block?.kind !== 'tag' || block.tag !== 'pending') return count;
        return numberToHex(node.pendingNonce(who as Hex, Number(BigInt(count))));
      },
    }),
    ...(['eth_getBalance', 'eth_getCode'] as const).map((name) =>
      defineMethod({
        name,
        params: z.tuple([address, optionalParam(blockId)]),
        paramNames: ['address', 'block'],
        handler: ([who, block]) => forward(name, [who, toEngineBlock(node, block)]),
      }),
    ),
    defineMethod({
      name: 'eth_getStorageAt',
      params: z.tuple([address, quantity, optionalParam(blockId)]),
      paramNames: ['address', 'slot', 'block'],
      handler: ([who, slot, block]) => forward('eth_getStorageAt', [who, numberToHex(slot, { size: 32 }), toEngineBlock(node, block)]),
    }),
    defineMethod({
      name: 'eth_getProof',
      params: z.tuple([address, z.array(hexData), optionalParam(blockId)]),
      paramNames: ['address', 'storageKeys', 'block'],
      handler: ([who, keys, block]) => forward('eth_getProof', [who, keys, toEngineBlock(node, block)]),
    }),
    defineMethod({
      name: 'eth_call',
      params: z.tuple([callRequest, optionalParam(blockId), optionalParam(stateOverrides)]),
      paramNames: ['transaction', 'block', 'stateOverrides'],
      // Gas at most the cap, a remote caller's turn and timeout: boundedCall.ts. NonceHolder's nonce
      // views are answered by the node (systemViews.ts: the EVM cannot read nonces).
      handler: async ([request, block, overrides], ctx) =>
        (overrides ? undefined : await answerSystemView(engine, request as { to?: Hex | null; data?: Hex; input?: Hex }, toEngineBlock(node, block))) ??
        boundedCall(bounds, ctx, 'eth_call', request, (tx) =>
          forward('eth_call', overrides ? [tx, toEngineBlock(node, block), overrides] : [tx, toEngineBlock(node, block)]),
        ),
    }),
    defineMethod({
      name: 'eth_estimateGas',
      params: z.tuple([callRequest, optionalParam(blockId)]),
      paramNames: ['transaction', 'block'],
      handler: ([request, block], ctx) => boundedCall(bounds, ctx, 'eth_estimateGas', request, (tx) => forward('eth_estimateGas', [tx, toEngineBlock(node, block)])),
    }),
    defineMethod({
      name: 'eth_sendRawTransaction',
      params: z.tuple([hexData]),
      paramNames: ['signedTransaction'],
      fastParams: fastHexDataTuple,
      // Remote callers' transactions are capped in gas and share a block's gas budget (docs/security.md).
      handler: ([raw], ctx) => node.sendRawTransaction(raw as Hex, ctx.transport === 'in-process' ? undefined : bounds.limits.gasCap),
    }),
    defineMethod({
      name: 'eth_sendTransaction',
      params: z.tuple([callRequest]),
      paramNames: ['transaction'],
      handler: ([request], ctx) => node.sendTransaction(toEngineRequest(request), ctx.transport === 'in-process' ? undefined : bounds.limits.gasCap),
    }),
    defineMethod({
      name: 'eth_sign',
      params: z.tuple([address, hexData]),
      paramNames: ['address', 'data'],
      handler: ([who, data]) => forward('eth_sign', [node.accounts.assertSigner(who, 'eth_sign'), data]),
    }),
    defineMethod({
      name: 'personal_sign',
      params: z.tuple([hexData, address]),
      paramNames: ['message', 'address'],
      handler: ([message, who]) => forward('personal_sign', [message, node.accounts.assertSigner(who, 'personal_sign')]),
    }),
    defineMethod({
      name: 'eth_signTypedData_v4',
      // The typed data as an object or as its JSON text, as clients send either.
      params: z.tuple([address, z.union([z.string(), z.record(z.string(), boundedJson)], { error: 'expected typed data (an object or its JSON text)' })]),
      paramNames: ['address', 'typedData'],
      handler: ([who, typedData]) => forward('eth_signTypedData_v4', [node.accounts.assertSigner(who, 'eth_signTypedData_v4'), typedData]),
    }),
    defineMethod({
      name: 'eth_getTransactionByHash',
      params: z.tuple([hash32]),
      paramNames: ['hash'],
      handler: async ([hash]) => {
        const mined = presentTransaction(node, await forward<Json | null>('eth_getTransactionByHash', [node.evmHashOf(hash as Hex)]));
        if (mined) return mined;
        // Accepted but in no block yet, and not in the engine's hands: in the pool, or queued for the next block.
        const waiting = node.waitingTransaction(hash as Hex);
        return waiting ? presentWaitingTransaction(waiting.decoded()) : null;
      },
    }),
    defineMethod({
      name: 'eth_getTransactionReceipt',
      params: z.tuple([hash32]),
      paramNames: ['hash'],
      handler: async ([hash]) => presentReceipt(node, await forward<Json | null>('eth_getTransactionReceipt', [node.evmHashOf(hash as Hex)])),
    }),
    defineMethod({
      name: 'eth_getBlockByNumber',
      params: z.tuple([blockNumberOrTag, optionalParam(boolean)]),
      paramNames: ['block', 'fullTransactions'],
      // "pending": the block the node would mine next, shown as geth shows it (number after the latest;
      // hash, nonce, miner null): what the EVM already holds for it, then the transactions gathered for
      // it in the sequencer (`--block-time`, a paused Gateway), then those of the pool whose gap is
      // filled. Pending state (eth_getBalance, eth_call) is the EVM's: the latest state plus what it holds.
      handler: async ([block, full]) =>
        block.kind === 'tag' && block.tag === 'pending'
          ? presentPendingBlock(node, await forward<Json | null>('eth_getBlockByNumber', ['pending', full ?? false]), (await node.txPoolContent()).pending, full ?? false)
          : presentBlock(node, await forward<Json | null>('eth_getBlockByNumber', [toEngineBlock(node, block), full ?? false])),
    }),
    defineMethod({
      name: 'eth_getBlockByHash',
      params: z.tuple([hash32, optionalParam(boolean)]),
      paramNames: ['blockHash', 'fullTransactions'],
      handler: async ([hash, full]) => presentBlock(node, await forward<Json | null>('eth_getBlockByHash', [hash, full ?? false])),
    }),
    defineMethod({
      name: 'eth_getBlockTransactionCountByNumber',
      params: z.tuple([blockNumberOrTag]),
      paramNames: ['block'],
      // User transactions only: a block's root imports are bootloader work (present.ts).
      handler: async ([block]) =>
        block.kind === 'tag' && block.tag === 'pending'
          ? forward('eth_getBlockTransactionCountByNumber', ['pending'])
          : presentTransactionCount(node, await forward<Json | null>('eth_getBlockByNumber', [toEngineBlock(node, block), false])),
    }),
    defineMethod({
      name: 'eth_getBlockTransactionCountByHash',
      params: z.tuple([hash32]),
      paramNames: ['blockHash'],
      handler: async ([hash]) => presentTransactionCount(node, await forward<Json | null>('eth_getBlockByHash', [hash, false])),
    }),
    defineMethod({
      name: 'eth_getTransactionByBlockNumberAndIndex',
      params: z.tuple([blockNumberOrTag, quantityAsNumber]),
      paramNames: ['block', 'index'],
      // The index counts user transactions only (present.ts): the block's hashes say which one it is.
      handler: async ([block, index]) =>
        block.kind === 'tag' && block.tag === 'pending'
          ? presentTransaction(node, await forward<Json | null>('eth_getTransactionByBlockNumberAndIndex', ['pending', numberToHex(index)]))
          : userTransaction(await forward<Json | null>('eth_getBlockByNumber', [toEngineBlock(node, block), false]), index),
    }),
    defineMethod({
      name: 'eth_getTransactionByBlockHashAndIndex',
      params: z.tuple([hash32, quantityAsNumber]),
      paramNames: ['blockHash', 'index'],
      handler: async ([hash, index]) => userTransaction(await forward<Json | null>('eth_getBlockByHash', [hash, false]), index),
    }),
    defineMethod({
      name: 'eth_getUncleCountByBlockNumber',
      params: z.tuple([blockNumberOrTag]),
      paramNames: ['block'],
      handler: () => '0x0',
    }),
    defineMethod({
      name: 'eth_getLogs',
      params: z.tuple([logFilter]),
      paramNames: ['filter'],
      // Range clamped to the head and limited, results limited, engine asked in windows: logQuery.ts.
      handler: ([filter]) => queryLogs(node, filter, bounds.limits),
    }),
    defineMethod({
      name: 'eth_newFilter',
      params: z.tuple([logFilter]),
      paramNames: ['filter'],
      handler: async ([filter]) => {
        const id = await forward<Hex>('eth_newFilter', [engineFilterForChanges(node, filter)]);
        // Kept here too, so eth_getFilterLogs runs as a bounded eth_getLogs; forgotten ones go from the engine too.
        for (const old of logFilters.add(id, filter)) await forward('eth_uninstallFilter', [old]).catch(() => undefined);
        return id;
      },
    }),
    defineMethod({ name: 'eth_newBlockFilter', params: z.tuple([]), handler: () => forward('eth_newBlockFilter', []) }),
    // Kept by the node (pendingTxFilters.ts): the client hashes of what the node accepts, pooled ones included.
    defineMethod({ name: 'eth_newPendingTransactionFilter', params: z.tuple([]), handler: () => pendingTxFilters.install() }),
    defineMethod({
      name: 'eth_getFilterChanges',
      params: z.tuple([quantity]),
      paramNames: ['filterId'],
      handler: async ([id]) => {
        const pending = pendingTxFilters.changes(id);
        if (pending) return pending;
        const changes = await forward<unknown[] | null>('eth_getFilterChanges', [numberToHex(id)]);
        const filter = logFilters.get(id);
        if (changes === null) logFilters.remove(id);
        else logFilters.touch(id);
        return presentFilterResults(node, id, filter && changes ? withinFilterBounds(filter, changes as Json[]) : changes);
      },
    }),
    defineMethod({
      name: 'eth_getFilterLogs',
      params: z.tuple([quantity]),
      paramNames: ['filterId'],
      handler: async ([id]) => {
        const filter = logFilters.get(id);
        if (filter) return queryLogs(node, filter, bounds.limits);
        // Not a log filter installed here (a block filter, an unknown or expired id): the engine answers.
        return presentFilterResults(node, id, await forward<unknown[] | null>('eth_getFilterLogs', [numberToHex(id)]));
      },
    }),
    defineMethod({
      name: 'eth_uninstallFilter',
      params: z.tuple([quantity]),
      paramNames: ['filterId'],
      handler: ([id]) => {
        if (pendingTxFilters.remove(id)) return true;
        logFilters.remove(id);
        return forward('eth_uninstallFilter', [numberToHex(id)]);
      },
    }),
    ethSubscribe(node),
  ];
}

/**
 * Filter results are logs, block hashes or (pending) transaction hashes.
 * @throws ResourceNotFoundError when the EVM knows no such filter (it answers null)
 */
function presentFilterResults(node: ChainNode, id: bigint, results: unknown[] | null): Promise<unknown[]> | unknown[] {
  if (results === null) throw new ResourceNotFoundError(`filter ${numberToHex(id)} not found: it was never installed here or was uninstalled`);
  if (results.every((r) => typeof r === 'string')) return results.map((r) => node.clientHashOf(r as Hex));
  return presentLogs(node, results as Json[]);
}
