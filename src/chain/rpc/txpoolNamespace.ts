/**
 * The `txpool_*` methods of a chain, as geth serves them: what the node accepted and has not mined,
 * split into `pending` (executable: queued for the next block, or pool transactions whose gap is
 * filled) and `queued` (waiting in the pool for an earlier nonce of their sender). `txpool_status`
 * counts them, `txpool_content` (and `txpool_contentFrom` for one address) lists them by sender and
 * nonce as transaction objects, `txpool_inspect` as one line each. Dev-account sends, which the engine
 * signs only when their block is made, are not listed.
 */
import { z } from 'zod';
import { getAddress, numberToHex } from 'viem';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { address } from '../../rpc/schemas.ts';
import type { ChainNode, WaitingTx } from '../chainNode.ts';
import type { DecodedTransaction } from '../../protocol/transaction.ts';
import { presentWaitingTransaction } from './present.ts';

type BySender<T> = Record<string, Record<string, T>>;

/** The txpool methods of one chain. */
export function txpoolNamespace(node: ChainNode): RpcMethod[] {
  return [
    defineMethod({
      name: 'txpool_status',
      params: z.tuple([]),
      handler: async () => {
        const { pending, queued } = await node.txPoolContent();
        return { pending: numberToHex(pending.length), queued: numberToHex(queued.length) };
      },
    }),
    defineMethod({
      name: 'txpool_content',
      params: z.tuple([]),
      handler: async () => {
        const { pending, queued } = await node.txPoolContent();
        return { pending: bySender(pending, presentWaitingTransaction), queued: bySender(queued, presentWaitingTransaction) };
      },
    }),
    defineMethod({
      name: 'txpool_contentFrom',
      params: z.tuple([address]),
      paramNames: ['address'],
      handler: async ([who]) => {
        const { pending, queued } = await node.txPoolContent();
        const own = (txs: WaitingTx[]) => bySender(txs, presentWaitingTransaction)[getAddress(who)] ?? {};
        return { pending: own(pending), queued: own(queued) };
      },
    }),
    defineMethod({
      name: 'txpool_inspect',
      params: z.tuple([]),
      handler: async () => {
        const { pending, queued } = await node.txPoolContent();
        return { pending: bySender(pending, summary), queued: bySender(queued, summary) };
      },
    }),
  ];
}

/** geth's shape: checksummed sender → nonce (decimal) → entry. */
function bySender<T>(txs: readonly WaitingTx[], show: (tx: DecodedTransaction) => T): BySender<T> {
  const out: BySender<T> = {};
  for (const waiting of txs) {
    const tx = waiting.decoded();
    (out[getAddress(tx.from)] ??= {})[String(tx.nonce)] = show(tx);
  }
  return out;
}

/** geth's txpool_inspect line: "to: value wei + gas gas × price wei". */
function summary(tx: DecodedTransaction): string {
  const price = tx.gasPrice ?? tx.maxFeePerGas;
  return `${tx.to ?? 'contract creation'}: ${tx.value} wei + ${tx.gas} gas × ${price} wei`;
}
