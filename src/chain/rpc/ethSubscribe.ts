/**
 * `eth_subscribe` of a chain (WebSocket only): `newHeads` pushes every sealed block's header,
 * `logs` pushes every matching log of each new block, with client-facing transaction hashes,
 * `newPendingTransactions` pushes the client hash of every transaction the chain accepts (queued for a
 * block or waiting in its pool), once each, and `zkinterop_blockTags` pushes `{ latest, safe, finalized }`
 * (hex block numbers) each time one of them moves (what the node's followers wake on: watchers, a chain's
 * layer finality, src/rpc/wakeLoop.ts). Subscriptions feed from the chain's sealed-block, tag and
 * accepted-transaction events; they end with the socket.
 */
import { z } from 'zod';
import { numberToHex } from 'viem';
import { defineMethod, requireConnection, type RpcMethod } from '../../rpc/methodTable.ts';
import { InvalidParamsError } from '../../rpc/errors.ts';
import { optionalParam } from '../../rpc/schemas.ts';
import type { ChainNode } from '../chainNode.ts';
import { logFilter, toEngineFilter } from './params.ts';
import { presentBlock, presentLogs } from './present.ts';

type Json = Record<string, unknown>;

/**
 * The `eth_subscribe` method of a chain.
 * @throws RpcError -32601 over HTTP; InvalidParamsError for an unknown subscription kind
 */
export function ethSubscribe(node: ChainNode): RpcMethod {
  return defineMethod({
    name: 'eth_subscribe',
    params: z.tuple([z.string({ error: 'expected a subscription kind: "newHeads", "logs", "newPendingTransactions" or "zkinterop_blockTags"' }), optionalParam(logFilter)]),
    paramNames: ['kind', 'filter'],
    handler: ([kind, filter], ctx) => {
      const connection = requireConnection(ctx);
      if (kind === 'newHeads') {
        return connection.subscribe((emit) =>
          node.onSealedBlock(detached(async (block) => {
            const header = presentBlock(node, await node.engine.request<Json | null>('eth_getBlockByNumber', [numberToHex(block.number), false]));
            if (header) emit({ ...header, transactions: undefined });
          })),
        );
      }
      if (kind === 'logs') {
        const base = filter ? toEngineFilter(node, { ...filter, fromBlock: undefined, toBlock: undefined, blockHash: undefined }) : {};
        return connection.subscribe((emit) =>
          node.onSealedBlock(detached(async (block) => {
            const n = numberToHex(block.number);
            const logs = await node.engine.request<Json[]>('eth_getLogs', [{ ...base, fromBlock: n, toBlock: n }]);
            for (const log of await presentLogs(node, logs)) emit(log);
          })),
        );
      }
      if (kind === 'zkinterop_blockTags') {
        // Pushed only when one of them moved: a follower of the node wakes on these instead of polling.
        return connection.subscribe((emit) => {
          let last = '';
          return node.onBlockTags(() => {
            const tags = { latest: numberToHex(node.blockNumber), safe: numberToHex(node.safeBlock()), finalized: numberToHex(node.finalizedBlock()) };
            const key = `${tags.latest}/${tags.safe}/${tags.finalized}`;
            if (key === last) return;
            last = key;
            emit(tags);
          });
        });
      }
      if (kind === 'newPendingTransactions') return connection.subscribe((emit) => node.onPendingTransaction((hash) => emit(hash)));
      throw new InvalidParamsError(`unsupported subscription kind "${kind}"; this node supports "newHeads", "logs", "newPendingTransactions" and "zkinterop_blockTags"`);
    },
  });
}

/** Runs a subscription feed without holding up block production; a failed push is dropped (the socket may be gone). */
function detached<T>(feed: (value: T) => Promise<void>): (value: T) => void {
  return (value) => {
    void feed(value).catch(() => undefined);
  };
}
