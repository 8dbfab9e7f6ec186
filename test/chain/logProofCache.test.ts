/**
 * The log-proof tree cache must never serve one batch's tree for another batch with the same chain
 * id and number: two networks in one process (test workers, benches) and a network reverted to a
 * snapshot both produce such batches with different logs.
 */
import { describe, expect, it } from 'vitest';
import { keccak256, pad, toHex, type Hex } from 'viem';
import { buildLogProofForBatch } from '../../src/chain/logProof.ts';
import { prepareBatchForCommit } from '../../src/chain/batchCommitment.ts';
import type { Batch, BatchLog } from '../../src/chain/types.ts';
import { L1_MESSENGER_ADDRESS } from '../../src/protocol/constants.ts';

const AGGREGATED_ROOT = keccak256(toHex('aggregated root'));

function log(id: number, text: string): BatchLog {
  return {
    id,
    txHash: keccak256(toHex(`tx ${text}`)),
    txNumberInBatch: id,
    transactionLogIndex: 0,
    blockNumber: 10 + id,
    blockHash: keccak256(toHex(`block ${id}`)),
    transactionIndex: 0,
    sender: L1_MESSENGER_ADDRESS,
    key: pad('0x00000000000000000000000000000000000000aa' as Hex, { size: 32 }),
    value: keccak256(toHex(text)),
    message: toHex(text),
  };
}

/** Batch 1 of chain 271 with these messages, prepared for commit. */
function preparedBatch(texts: string[]): Batch {
  const genesis: Batch = { number: 0, stage: 'executed', firstBlock: 0, lastBlock: 0, timestamp: 0, txHashes: [], logs: [], dependencyRoots: [] };
  const logs = texts.map((t, i) => log(i, t));
  const batch: Batch = { number: 1, stage: 'executed', firstBlock: 1, lastBlock: 20, timestamp: 1, txHashes: logs.map((l) => l.txHash), logs, dependencyRoots: [] };
  prepareBatchForCommit(batch, 271, AGGREGATED_ROOT, genesis);
  return batch;
}

describe('log proof tree cache', () => {
  it('proves a log against its own batch when another batch with the same chain id and number was proven first', () => {
    const first = preparedBatch(['only message']);
    buildLogProofForBatch(first, 0, 'final', 271);
    const second = preparedBatch(['other message', 'second message']);
    const proof = buildLogProofForBatch(second, 1, 'final', 271);
    expect(proof.root).toBe(second.chainBatchRoot);
    const fresh = preparedBatch(['other message', 'second message']);
    expect(proof.proof).toEqual(buildLogProofForBatch(fresh, 1, 'final', 271).proof);
  });

  it('gives different proofs for the same log index of two different batches with the same number', () => {
    const a = preparedBatch(['a0', 'a1']);
    const b = preparedBatch(['b0', 'b1']);
    expect(buildLogProofForBatch(a, 0, 'final', 271).proof).not.toEqual(buildLogProofForBatch(b, 0, 'final', 271).proof);
  });
});
