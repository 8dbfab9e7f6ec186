/**
 * Step-by-step control of a network started with `manual: true`, through the zkinterop_* dev methods
 * (docs/dev-rpc.md), and a way to make several transactions land in one block of a node.
 */
import { vi } from 'vitest';
import type { Hex } from 'viem';
import type { NetworkNode } from '../../src/network/network.ts';
import type { ChainNode } from '../../src/chain/chainNode.ts';
import { pollUntil } from './poll.ts';

/** What zkinterop_commitBatch / proveBatch / executeBatch answer. */
export type StageResult = { batchNumber: number; stage: 'committed' | 'proved' | 'executed'; gatewayTxHash: Hex; gatewayBlockNumber?: number };

/**
 * Seals the chain's open batch.
 * @throws Error if there was nothing to seal
 */
export async function sealBatch(chain: NetworkNode): Promise<number> {
  const sealed = await chain.client.request<{ batchNumber: number } | null>('zkinterop_sealBatch');
  if (!sealed) throw new Error(`chain ${chain.chainId} had nothing to seal`);
  return sealed.batchNumber;
}

const METHOD = { commit: 'zkinterop_commitBatch', prove: 'zkinterop_proveBatch', execute: 'zkinterop_executeBatch' } as const;

/**
 * Advances the chain's next batch waiting for `stage` by that stage (one Gateway transaction).
 * @throws Error if no batch waited for it
 */
export async function advance(chain: NetworkNode, stage: keyof typeof METHOD): Promise<StageResult> {
  const result = await chain.client.request<StageResult | null>(METHOD[stage]);
  if (!result) throw new Error(`chain ${chain.chainId} had no batch waiting to ${stage}`);
  return result;
}

/** Seals, commits, proves and executes the chain's open batch; returns the execute step. */
export async function settleOpenBatch(chain: NetworkNode): Promise<StageResult> {
  await sealBatch(chain);
  await advance(chain, 'commit');
  await advance(chain, 'prove');
  return advance(chain, 'execute');
}

/**
 * Runs `start` while `node`'s sequencer is held (an exclusive operation runs between blocks), and lets
 * it seal only once `count` transactions were submitted to it: they all land in one block.
 */
export async function inOneBlock<T>(node: ChainNode, count: number, start: () => Promise<T>): Promise<T> {
  const { sequencer } = node.internalsForTests();
  const submit = vi.spyOn(sequencer, 'submit');
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const hold = sequencer.exclusive(() => held);
  try {
    const started = start();
    await pollUntil(() => submit.mock.calls.length >= count, { what: `${count} transactions to reach chain ${node.chainId}` });
    release();
    await hold;
    return await started;
  } finally {
    release();
    submit.mockRestore();
  }
}
