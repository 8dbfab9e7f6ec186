/**
 * Log proofs are served from per-batch cached words and JSON pieces: each answer must be byte for
 * byte the proof built in full from a fresh tree, in every mode (messageRoot: the Gateway proof plus
 * `gatewayBlockNumber`; the proof to the L1 from Gateway's L1 inclusion), for every log, and a batch whose
 * Gateway inclusion differs (a copy restored from a snapshot, then settled again) gets its own.
 */
import { describe, expect, it } from 'vitest';
import { keccak256, pad, toHex, type Hex } from 'viem';
import { buildLogProofForBatch, gatewayProofOf, logProofJson, logProofToL1Json, proofToL1Of } from '../../src/chain/logProof.ts';
import { createProofToL1 } from '../../src/chain/proofToL1.ts';
import { batchLogsTree, prepareBatchForCommit } from '../../src/chain/batchCommitment.ts';
import type { Batch, BatchLog } from '../../src/chain/types.ts';
import type { GatewayInclusion, GatewayL1Inclusion } from '../../src/wire/types.ts';
import { L1_MESSENGER_ADDRESS } from '../../src/protocol/constants.ts';
import { buildFinalProof } from '../../src/protocol/proof.ts';

const word = (text: string) => keccak256(toHex(text));

function log(id: number, text: string): BatchLog {
  return {
    id,
    txHash: word(`tx ${text}`),
    txNumberInBatch: id,
    transactionLogIndex: 0,
    blockNumber: 10 + id,
    blockHash: word(`block ${id}`),
    transactionIndex: 0,
    sender: L1_MESSENGER_ADDRESS,
    key: pad('0x00000000000000000000000000000000000000aa' as Hex, { size: 32 }),
    value: word(text),
    message: toHex(text),
  };
}

function inclusion(tag: string): GatewayInclusion {
  return {
    gatewayChainId: 506,
    gatewayBlockNumber: 40 + tag.length,
    batchLeafProofMask: 3,
    batchLeafProof: [word(`${tag} b0`), word(`${tag} b1`), word(`${tag} b2`)],
    sharedTreeIndex: 1,
    sharedTreeProof: [word(`${tag} s0`), word(`${tag} s1`)],
    interopRoot: word(`${tag} interop root`),
  };
}

/** An executed batch of `count` messages (tagged so two calls give different logs when tags differ). */
function executedBatch(count: number, tag: string): Batch {
  const genesis: Batch = { number: 0, stage: 'executed', firstBlock: 0, lastBlock: 0, timestamp: 0, txHashes: [], logs: [], dependencyRoots: [] };
  const logs = Array.from({ length: count }, (_, i) => log(i, `${tag} message ${i}`));
  const batch: Batch = { number: 3, stage: 'executed', firstBlock: 1, lastBlock: 40, timestamp: 1, txHashes: logs.map((l) => l.txHash), logs, dependencyRoots: [] };
  prepareBatchForCommit(batch, 271, word(`${tag} aggregated root`), genesis);
  batch.gatewayInclusion = inclusion(tag);
  return batch;
}

/** The proof built in full from a fresh tree (no cache involved). */
function reference(batch: Batch, id: number, mode: 'final' | 'gateway') {
  const logLeafPath = batchLogsTree(batch).pathToChainBatchRoot(id, batch.aggregatedRoot!);
  if (mode === 'final') return { id, proof: buildFinalProof(logLeafPath), root: batch.chainBatchRoot!, batchNumber: batch.number };
  const proof = gatewayProofOf(logLeafPath, batch.gatewayInclusion!);
  // root: the chain batch root in every mode, as the real server answers
  return { id, proof, root: batch.chainBatchRoot!, batchNumber: batch.number };
}

function l1Inclusion(tag: string): GatewayL1Inclusion {
  return { ...inclusion(tag), gatewayBatchNumber: 7 + tag.length, gatewayLocalLogsRoot: word(`${tag} gateway local root`), gatewayBatchRoot: word(`${tag} gateway batch root`) };
}

/** The proof to the L1 built in full from a fresh tree, as the no-mode answer was built before it was cached. */
function referenceToL1(batch: Batch, id: number, l1: GatewayL1Inclusion) {
  const logLeafPath = batchLogsTree(batch).pathToChainBatchRoot(id, batch.aggregatedRoot!);
  const proof = proofToL1Of(logLeafPath, l1);
  return { id, proof, root: batch.chainBatchRoot!, batchNumber: batch.number };
}

describe('log proofs from cached pieces', () => {
  it('every log of a batch gets, as JSON, the proof to the L1 built in full from Gateway\'s L1 inclusion', () => {
    const batch = executedBatch(37, 'to the L1');
    const l1 = l1Inclusion('to the L1');
    for (let id = 0; id < 37; id++) expect(logProofToL1Json(batch, id, l1, 271)).toBe(JSON.stringify(referenceToL1(batch, id, l1)));
  });

  it('another L1 inclusion of the same batch gets proofs built from it, not the cached words of the first', () => {
    const batch = executedBatch(6, 'two L1 answers');
    logProofToL1Json(batch, 1, l1Inclusion('first answer'), 271);
    const other = l1Inclusion('the other answer');
    expect(logProofToL1Json(batch, 1, other, 271)).toBe(JSON.stringify(referenceToL1(batch, 1, other)));
  });


  it.each(['final', 'gateway'] as const)('every log of a batch gets the fully built proof in %s mode, as object and as JSON', (mode) => {
    const batch = executedBatch(37, `every ${mode}`);
    for (let id = 0; id < 37; id++) {
      const expected = reference(batch, id, mode);
      expect(buildLogProofForBatch(batch, id, mode, 271)).toEqual(expected);
      expect(logProofJson(batch, id, mode, 271)).toBe(JSON.stringify(expected));
    }
  });

  it('the first answer of a batch, given as JSON, is the fully built proof', () => {
    const batch = executedBatch(5, 'json first');
    expect(logProofJson(batch, 4, 'gateway', 271)).toBe(JSON.stringify(reference(batch, 4, 'gateway')));
  });

  it('a restored copy of a batch settled again with another Gateway inclusion gets proofs to its own root', () => {
    const batch = executedBatch(8, 'restored');
    buildLogProofForBatch(batch, 2, 'gateway', 271);
    const copy = structuredClone(batch);
    copy.gatewayInclusion = inclusion('settled again');
    expect(logProofJson(copy, 2, 'gateway', 271)).toBe(JSON.stringify(reference(copy, 2, 'gateway')));
    expect(buildLogProofForBatch(batch, 2, 'gateway', 271)).toEqual(reference(batch, 2, 'gateway'));
  });

  it('every log gets, with the messageRoot target, the Gateway proof plus the Gateway block it ends at, as object and as JSON', () => {
    const batch = executedBatch(9, 'message root');
    // Gateway's proofs cached first: the messageRoot answers come from the same cached words.
    buildLogProofForBatch(batch, 0, 'gateway', 271);
    for (let id = 0; id < 9; id++) {
      const expected = { ...reference(batch, id, 'gateway'), gatewayBlockNumber: batch.gatewayInclusion!.gatewayBlockNumber };
      expect(buildLogProofForBatch(batch, id, 'messageRoot', 271)).toEqual(expected);
      expect(logProofJson(batch, id, 'messageRoot', 271)).toBe(JSON.stringify(expected));
    }
  });

  it('the first answer of a batch with the messageRoot target, as object or JSON, names its Gateway block', () => {
    const batch = executedBatch(4, 'message root first');
    const expected = { ...reference(batch, 3, 'gateway'), gatewayBlockNumber: batch.gatewayInclusion!.gatewayBlockNumber };
    expect(logProofJson(batch, 3, 'messageRoot', 271)).toBe(JSON.stringify(expected));
    expect(buildLogProofForBatch(structuredClone(batch), 3, 'messageRoot', 272)).toEqual(expected);
  });

  it('a log id outside the batch is refused', () => {
    const batch = executedBatch(3, 'outside');
    expect(() => logProofJson(batch, 3, 'final', 271)).toThrow(/log index 3 is not in a batch of 3 logs/);
  });
});

describe('the proof to the L1 asks Gateway once per settled batch', () => {
  /** A chain whose one batch is `batch`, and a Gateway answering `answer` to zkinterop_getL1Inclusion, counting the calls. */
  function setup(batch: Batch, answer: () => GatewayL1Inclusion | null) {
    const asked: unknown[] = [];
    const node = { chainId: 271, provableLog: (_hash: Hex, index: number) => (index < batch.logs.length ? { batch, id: index } : null) };
    const gateway = { request: async <T,>(method: string, params?: readonly unknown[]) => (asked.push([method, params]), answer() as T) };
    return { proofToL1: createProofToL1(node, gateway), asked };
  }

  it('answers every later proof of the batch from what Gateway answered first, byte for byte as built in full', async () => {
    const batch = executedBatch(5, 'asked once');
    const l1 = l1Inclusion('asked once');
    const { proofToL1, asked } = setup(batch, () => structuredClone(l1));
    for (let id = 0; id < 5; id++) expect(await proofToL1(word('tx'), id)).toBe(JSON.stringify(referenceToL1(batch, id, l1)));
    expect(asked).toEqual([['zkinterop_getL1Inclusion', [271, batch.number]]]);
  });

  it('asks again while Gateway answers null (its batch not yet executed on the L1)', async () => {
    const batch = executedBatch(2, 'not yet');
    const l1 = l1Inclusion('not yet');
    let settled = false;
    const { proofToL1, asked } = setup(batch, () => (settled ? l1 : null));
    expect(await proofToL1(word('tx'), 0)).toBeNull();
    settled = true;
    expect(await proofToL1(word('tx'), 0)).toBe(JSON.stringify(referenceToL1(batch, 0, l1)));
    expect(asked).toHaveLength(2);
  });

  it('asks again for a restored copy of the batch (another Gateway inclusion object)', async () => {
    const batch = executedBatch(2, 'restored copy');
    const { proofToL1, asked } = setup(batch, () => l1Inclusion('restored copy'));
    await proofToL1(word('tx'), 0);
    batch.gatewayInclusion = structuredClone(batch.gatewayInclusion);
    await proofToL1(word('tx'), 1);
    expect(asked).toHaveLength(2);
  });
});
