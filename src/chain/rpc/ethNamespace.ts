/**
 * The `eth_*`, `net_*` and `web3_*` methods of a chain: what a local Ethereum node serves. Most run on
 * the EVM engine as they are; the ones that name transactions go through the chain node so EIP-712
 * transactions appear under their ZKsync hash, and `finalized` / `safe` mean executed / committed on
 * Gateway. Every entry validates its params at the edge.
 */
import { z } from 'zod';
import type { Hex } from 'viem';
import { keccak256, numberToHex } from 'viem';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { address, blockId, blockNumberOrTag, boolean, hash32, hexData, fastHexDataTuple, optionalParam, quantity, quantityAsNumber } from '../../rpc/schemas.ts';
import type { ChainNode } from '../chainNode.ts';
import { boundedJson, callRequest, logFilter, stateOverrides, toEngineBlock, toEngineFilter, toEngineRequest } from './params.ts';
import { presentBlock, presentLogs, presentReceipt, presentTransaction } from './present.ts';
import { ethSubscribe } from './ethSubscribe.ts';
import { forwardToEngine } from './forwardToEngine.ts';
import { ResourceNotFoundError } from '../../rpc/errors.ts';

type Json = Record<string, unknown>;

/** The client version string (web3_clientVersion). */
export const CLIENT_VERSION = 'zkinterop/0.1.0';

/**
 * All eth/net/web3 methods of one chain.
 * @param node the chain they serve
 */
export function ethNamespace(node: ChainNode): RpcMethod[] {
  const engine = node.engine;
  const forward = <T = unknown>(method: string, params: unknown[]) => forwardToEngine<T>(engine, method, params);

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
    defineMethod({ name: 'eth_accounts', params: z.tuple([]), handler: () => forward('eth_accounts', []) }),
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
    ...(['eth_getBalance', 'eth_getCode', 'eth_getTransactionCount'] as const).map((name) =>
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
      handler: ([request, block, overrides]) =>
        forward('eth_call', overrides ? [toEngineRequest(request), toEngineBlock(node, block), overrides] : [toEngineRequest(request), toEngineBlock(node, block)]),
    }),
    defineMethod({
      name: 'eth_estimateGas',
      params: z.tuple([callRequest, optionalParam(blockId)]),
      paramNames: ['transaction', 'block'],
      handler: ([request, block]) => forward('eth_estimateGas', [toEngineRequest(request), toEngineBlock(node, block)]),
    }),
    defineMethod({
      name: 'eth_sendRawTransaction',
      params: z.tuple([hexData]),
      paramNames: ['signedTransaction'],
      fastParams: fastHexDataTuple,
      handler: ([raw]) => node.sendRawTransaction(raw as Hex),
    }),
    defineMethod({
      name: 'eth_sendTransaction',
      params: z.tuple([callRequest]),
      paramNames: ['transaction'],
      handler: ([request]) => node.sendTransaction(toEngineRequest(request)),
    }),
    defineMethod({
      name: 'eth_sign',
      params: z.tuple([address, hexData]),
      paramNames: ['address', 'data'],
      handler: (params) => forward('eth_sign', [...params]),
    }),
    defineMethod({
      name: 'personal_sign',
      params: z.tuple([hexData, address]),
      paramNames: ['message', 'address'],
      handler: (params) => forward('personal_sign', [...params]),
    }),
    defineMethod({
      name: 'eth_signTypedData_v4',
      // The typed data as an object or as its JSON text, as clients send either.
      params: z.tuple([address, z.union([z.string(), z.record(z.string(), boundedJson)], { error: 'expected typed data (an object or its JSON text)' })]),
      paramNames: ['address', 'typedData'],
      handler: (params) => forward('eth_signTypedData_v4', [...params]),
    }),
    defineMethod({
      name: 'eth_getTransactionByHash',
      params: z.tuple([hash32]),
      paramNames: ['hash'],
      handler: async ([hash]) => presentTransaction(node, await forward<Json | null>('eth_getTransactionByHash', [node.evmHashOf(hash as Hex)])),
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
      handler: async ([block, full]) => presentBlock(node, await forward<Json | null>('eth_getBlockByNumber', [toEngineBlock(node, block), full ?? false])),
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
      handler: ([block]) => forward('eth_getBlockTransactionCountByNumber', [toEngineBlock(node, block)]),
    }),
    defineMethod({
      name: 'eth_getBlockTransactionCountByHash',
      params: z.tuple([hash32]),
      paramNames: ['blockHash'],
      handler: ([hash]) => forward('eth_getBlockTransactionCountByHash', [hash]),
    }),
    defineMethod({
      name: 'eth_getTransactionByBlockNumberAndIndex',
      params: z.tuple([blockNumberOrTag, quantityAsNumber]),
      paramNames: ['block', 'index'],
      handler: async ([block, index]) =>
        presentTransaction(node, await forward<Json | null>('eth_getTransactionByBlockNumberAndIndex', [toEngineBlock(node, block), numberToHex(index)])),
    }),
    defineMethod({
      name: 'eth_getTransactionByBlockHashAndIndex',
      params: z.tuple([hash32, quantityAsNumber]),
      paramNames: ['blockHash', 'index'],
      handler: async ([hash, index]) => presentTransaction(node, await forward<Json | null>('eth_getTransactionByBlockHashAndIndex', [hash, numberToHex(index)])),
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
      handler: async ([filter]) => presentLogs(node, await forward<Json[]>('eth_getLogs', [toEngineFilter(node, filter)])),
    }),
    defineMethod({
      name: 'eth_newFilter',
      params: z.tuple([logFilter]),
      paramNames: ['filter'],
      handler: ([filter]) => forward('eth_newFilter', [toEngineFilter(node, filter)]),
    }),
    defineMethod({ name: 'eth_newBlockFilter', params: z.tuple([]), handler: () => forward('eth_newBlockFilter', []) }),
    defineMethod({ name: 'eth_newPendingTransactionFilter', params: z.tuple([]), handler: () => forward('eth_newPendingTransactionFilter', []) }),
    defineMethod({
      name: 'eth_getFilterChanges',
      params: z.tuple([quantity]),
      paramNames: ['filterId'],
      handler: async ([id]) => presentFilterResults(node, id, await forward<unknown[] | null>('eth_getFilterChanges', [numberToHex(id)])),
    }),
    defineMethod({
      name: 'eth_getFilterLogs',
      params: z.tuple([quantity]),
      paramNames: ['filterId'],
      handler: async ([id]) => presentFilterResults(node, id, await forward<unknown[] | null>('eth_getFilterLogs', [numberToHex(id)])),
    }),
    defineMethod({
      name: 'eth_uninstallFilter',
      params: z.tuple([quantity]),
      paramNames: ['filterId'],
      handler: ([id]) => forward('eth_uninstallFilter', [numberToHex(id)]),
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
