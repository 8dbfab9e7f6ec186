/**
 * The Batcher on its own: blocks built by hand in the shape the sequencer hands to the chain node
 * (`ProducedBlock`), no engine. What it promises: when a batch seals (time, size, logs, on request),
 * each transaction's txNumberInBatch (user transactions only), each log's id, the dependency roots a
 * batch imported, the lookups by transaction and by message, and books that survive save/restore.
 */
import { describe, expect, test } from 'vitest';
import { getAddress, keccak256, pad, toHex, type Address, type Hex } from 'viem';
import { Batcher, MAX_LOGS_PER_BATCH, type BatcherOptions } from '../../src/chain/batcher.ts';
import type { ProducedBlock } from '../../src/chain/sequencer.ts';
import type { IncludedTx, InteropRootRef, SentMessage } from '../../src/chain/types.ts';
import { InvariantError } from '../../src/errors.ts';
import { L1_MESSENGER_ADDRESS } from '../../src/protocol/constants.ts';
import { transitionBatch } from '../../src/chain/batchStage.ts';

const ALICE: Address = getAddress('0x00000000000000000000000000000000000a11ce');
const BOB: Address = getAddress('0x0000000000000000000000000000000000000b0b');

/** A 32-byte lowercase hash made from a label (what the server hands out). */
const hashOf = (label: string): Hex => keccak256(toHex(label));

/** One message sent through L1Messenger by `sender`. */
function message(text: string, sender: Address = ALICE, evmLogIndex = 0): SentMessage {
  const bytes = toHex(text);
  return { sender, hash: keccak256(bytes), message: bytes, evmLogIndex };
}

/** A user transaction with its messages; `transactionIndex` counts the block's system calls too. */
function userTx(label: string, messages: SentMessage[] = [], transactionIndex = 0): IncludedTx {
  return { hash: hashOf(`tx ${label}`), evmHash: hashOf(`evm ${label}`), transactionIndex, messages };
}

/** An imported interop root of Gateway block `blockNumber`. */
function root(blockNumber: number): InteropRootRef {
  return { chainId: 506, blockNumber, root: hashOf(`root ${blockNumber}`) };
}

/** A block as the sequencer sealed it: roots imported first, then the user transactions. */
function block(number: number, txs: IncludedTx[] = [], importedRoots: InteropRootRef[] = []): ProducedBlock {
  return {
    number,
    hash: hashOf(`block ${number}`),
    timestamp: 1_000 + number,
    txs,
    importedRoots,
    rootImportTxs: importedRoots.length,
    inputs: { roots: importedRoots, txs: txs.map(() => ({ kind: 'raw' as const, raw: '0x' as Hex, receivedAt: 0 })) },
    sealedAt: number,
  };
}

function batcher(options: Partial<BatcherOptions> = {}): Batcher {
  return new Batcher({ batchTimeMs: 100, maxTxsPerBatch: 1_000, ...options });
}

describe('Batcher: batches and sealing', () => {
  test('default: a new batcher holds the executed genesis batch 0 (block 0) and an open batch 1 from block 1', () => {
    const b = batcher();
    expect(b.batches.map((x) => [x.number, x.stage, x.firstBlock, x.lastBlock])).toEqual([
      [0, 'executed', 0, 0],
      [1, 'open', 1, 0],
    ]);
    expect(b.open).toBe(b.batches[1]);
  });

  test('behavior: a batch is due batchTimeMs after its first user transaction', () => {
    const b = batcher({ batchTimeMs: 100 });
    b.addBlock(block(1, [userTx('a')]), 5_000);
    expect([b.dueIn(5_000), b.dueIn(5_060), b.dueIn(5_100), b.dueIn(9_000)]).toEqual([100, 40, 0, 0]);
  });

  test('behavior: later transactions do not push the due time of their batch back', () => {
    const b = batcher({ batchTimeMs: 100 });
    b.addBlock(block(1, [userTx('a')]), 5_000);
    b.addBlock(block(2, [userTx('b')]), 5_080);
    expect(b.dueIn(5_080)).toBe(20);
  });

  test('behavior: a batch with no user transaction is never due, imported roots or not', () => {
    const b = batcher({ batchTimeMs: 100 });
    b.addBlock(block(1, [], [root(7)]), 5_000);
    b.addBlock(block(2), 5_000);
    expect(b.dueIn(1_000_000)).toBeUndefined();
  });

  test('behavior: the batch time starts again with the first transaction of the next batch', () => {
    const b = batcher({ batchTimeMs: 100 });
    b.addBlock(block(1, [userTx('a')]), 5_000);
    b.seal(5_100);
    expect(b.dueIn(5_100)).toBeUndefined();
    b.addBlock(block(2, [userTx('b')]), 7_000);
    expect(b.dueIn(7_000)).toBe(100);
  });

  test('behavior: setBatchTime changes when the open batch is due', () => {
    const b = batcher({ batchTimeMs: 100 });
    b.addBlock(block(1, [userTx('a')]), 5_000);
    b.setBatchTime(500);
    expect([b.batchTimeMs, b.dueIn(5_000)]).toEqual([500, 500]);
  });

  test('behavior: a batch seals by itself once it holds maxTxsPerBatch user transactions', () => {
    const b = batcher({ maxTxsPerBatch: 3 });
    b.addBlock(block(1, [userTx('a'), userTx('b')]), 10);
    expect(b.get(1)!.stage).toBe('open');
    b.addBlock(block(2, [userTx('c')]), 20);
    expect(b.get(1)).toMatchObject({ stage: 'sealed', sealedAt: 20, firstBlock: 1, lastBlock: 2 });
    expect(b.open.number).toBe(2);
  });

  test('behavior: a block is never split: one that goes past maxTxsPerBatch stays whole in its batch', () => {
    const b = batcher({ maxTxsPerBatch: 2 });
    b.addBlock(block(1, [userTx('a'), userTx('b'), userTx('c')]), 10);
    expect(b.get(1)).toMatchObject({ stage: 'sealed', txHashes: [userTx('a').hash, userTx('b').hash, userTx('c').hash] });
  });

  test('behavior: seal returns the sealed batch and opens the next one after its last block', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a')]), 10);
    b.addBlock(block(2), 11);
    const sealed = b.seal(50);
    expect(sealed).toMatchObject({ number: 1, stage: 'sealed', sealedAt: 50, firstBlock: 1, lastBlock: 2, timestamp: block(2).timestamp });
    expect(b.open).toMatchObject({ number: 2, stage: 'open', firstBlock: 3, lastBlock: 2, timestamp: block(2).timestamp, txHashes: [], logs: [], dependencyRoots: [] });
  });

  test('behavior: seal does not seal a batch without user transactions, even one holding imported roots', () => {
    const b = batcher();
    b.addBlock(block(1, [], [root(7)]), 10);
    expect(b.seal(50)).toBeUndefined();
    expect(b.batches.map((x) => x.stage)).toEqual(['executed', 'open']);
  });

  test('behavior: a forced seal seals a batch that holds only imported roots', () => {
    const b = batcher();
    b.addBlock(block(1, [], [root(7)]), 10);
    expect(b.seal(50, true)).toMatchObject({ number: 1, stage: 'sealed', txHashes: [], dependencyRoots: [root(7)] });
    expect(b.open.number).toBe(2);
  });

  test('behavior: a forced seal of a batch with neither transactions nor roots seals nothing', () => {
    const b = batcher();
    b.addBlock(block(1), 10);
    expect(b.seal(50, true)).toBeUndefined();
    expect(b.batches.map((x) => x.stage)).toEqual(['executed', 'open']);
  });

  test('behavior: a batch seals before a block whose logs would not fit in it, and the block opens the next one', () => {
    const b = batcher({ maxLogsPerBatch: 4 });
    b.addBlock(block(1, [userTx('a', [message('1'), message('2'), message('3')])]), 10);
    b.addBlock(block(2, [userTx('b', [message('4'), message('5')])]), 20);
    expect(b.get(1)).toMatchObject({ stage: 'sealed', sealedAt: 20, lastBlock: 1 });
    expect(b.open).toMatchObject({ number: 2, firstBlock: 2, lastBlock: 2 });
    expect(b.open.logs.map((l) => l.id)).toEqual([0, 1]);
  });

  test('behavior: a batch seals by itself once it holds maxLogsPerBatch logs', () => {
    const b = batcher({ maxLogsPerBatch: 2 });
    b.addBlock(block(1, [userTx('a', [message('1'), message('2')])]), 10);
    expect(b.get(1)).toMatchObject({ stage: 'sealed', sealedAt: 10 });
  });

  test('error: a block with more logs than one batch can hold is an InvariantError', () => {
    const b = batcher({ maxLogsPerBatch: 2 });
    expect(() => b.addBlock(block(1, [userTx('a', [message('1'), message('2'), message('3')])]), 10)).toThrowError(
      new InvariantError('block 1 holds 3 L2→L1 logs, more than one batch can (2)'),
    );
  });

  test('error: maxLogsPerBatch is capped at the 16,384 leaves of the local logs tree', () => {
    const b = batcher({ maxLogsPerBatch: MAX_LOGS_PER_BATCH * 2 });
    const messages = Array.from({ length: MAX_LOGS_PER_BATCH + 1 }, (_, i) => message(`m${i}`));
    expect(() => b.addBlock(block(1, [userTx('a', messages)]), 10)).toThrowError(
      new InvariantError(`block 1 holds ${MAX_LOGS_PER_BATCH + 1} L2→L1 logs, more than one batch can (${MAX_LOGS_PER_BATCH})`),
    );
  });

  test('error: a block that skips a number is an InvariantError', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a')]), 10);
    expect(() => b.addBlock(block(3, [userTx('c')]), 20)).toThrowError(new InvariantError('blocks arrive in order (got 3 after 1)'));
  });

  test('error: a block that arrives again is an InvariantError', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a')]), 10);
    expect(() => b.addBlock(block(1, [userTx('a')]), 20)).toThrowError(new InvariantError('blocks arrive in order (got 1 after 1)'));
  });

  test('behavior: a block refused for its order leaves the books as they were', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a', [message('1')])], [root(7)]), 10);
    const before = b.saveState();
    expect(() => b.addBlock(block(3, [userTx('c', [message('3')])], [root(8)]), 20)).toThrow(InvariantError);
    expect(b.saveState()).toEqual(before);
    expect(b.placement(userTx('c').hash)).toBeUndefined();
  });
});

describe('Batcher: transactions, logs and roots', () => {
  test('behavior: txNumberInBatch counts user transactions only, so imported roots do not shift it', () => {
    const b = batcher();
    // The root import is the block's first EVM transaction (index 0); the user transactions follow.
    b.addBlock(block(1, [userTx('a', [], 1), userTx('b', [], 2)], [root(7)]), 10);
    b.addBlock(block(2, [userTx('c', [], 1)], [root(8)]), 11);
    expect(['a', 'b', 'c'].map((l) => b.placement(userTx(l).hash)?.txNumberInBatch)).toEqual([0, 1, 2]);
  });

  test('behavior: txNumberInBatch starts again at 0 in the next batch', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a'), userTx('b')]), 10);
    b.seal(20);
    b.addBlock(block(2, [userTx('c'), userTx('d')]), 30);
    expect(b.placement(userTx('d').hash)).toMatchObject({ batchNumber: 2, txNumberInBatch: 1 });
  });

  test('behavior: log ids follow execution order across the transactions and blocks of a batch', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a', [message('1'), message('2')], 1), userTx('b', [], 2), userTx('c', [message('3')], 3)], [root(7)]), 10);
    b.addBlock(block(2, [userTx('d', [message('4')], 0)]), 11);
    expect(b.open.logs.map((l) => [l.id, l.txHash, l.txNumberInBatch, l.transactionLogIndex, l.blockNumber, l.blockHash, l.transactionIndex])).toEqual([
      [0, userTx('a').hash, 0, 0, 1, block(1).hash, 1],
      [1, userTx('a').hash, 0, 1, 1, block(1).hash, 1],
      [2, userTx('c').hash, 2, 0, 1, block(1).hash, 3],
      [3, userTx('d').hash, 3, 0, 2, block(2).hash, 0],
    ]);
  });

  test('behavior: log ids start again at 0 in the next batch', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a', [message('1'), message('2')])]), 10);
    b.seal(20);
    b.addBlock(block(2, [userTx('b', [message('3')])]), 30);
    expect(b.open.logs.map((l) => l.id)).toEqual([0]);
  });

  test('behavior: each log is the L1Messenger service log: sender 0x…8008, key the caller as a lowercase word, value the message hash', () => {
    const b = batcher();
    const sent = message('hello', BOB);
    b.addBlock(block(1, [userTx('a', [sent])]), 10);
    expect(b.open.logs[0]).toMatchObject({
      sender: L1_MESSENGER_ADDRESS,
      key: pad(BOB.toLowerCase() as Hex, { size: 32 }),
      value: sent.hash,
      message: sent.message,
    });
  });

  test('behavior: dependency roots are the roots the batch imported, in block order', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a')], [root(7), root(8)]), 10);
    b.addBlock(block(2, [], [root(9)]), 11);
    b.addBlock(block(3, [userTx('b')]), 12);
    expect(b.seal(20)!.dependencyRoots).toEqual([root(7), root(8), root(9)]);
  });

  test('behavior: roots imported while no transaction came ride along in the next batch that seals', () => {
    const b = batcher();
    b.addBlock(block(1, [userTx('a')]), 10);
    b.seal(20);
    b.addBlock(block(2, [], [root(7)]), 30);
    b.addBlock(block(3, [], [root(8)]), 40);
    b.addBlock(block(4, [userTx('b')]), 50);
    expect(b.seal(60)).toMatchObject({ number: 2, firstBlock: 2, lastBlock: 4, dependencyRoots: [root(7), root(8)] });
  });
});

describe('Batcher: lookups', () => {
  /** Two sealed batches and an open one: batch 1 = blocks 1–2, batch 2 = block 3, batch 3 (open) = block 4. */
  function threeBatches(): Batcher {
    const b = batcher();
    b.addBlock(block(1, [userTx('a', [message('1')]), userTx('b', [message('2'), message('3')])]), 10);
    b.addBlock(block(2, [userTx('c')]), 11);
    b.seal(20);
    b.addBlock(block(3, [userTx('d'), userTx('e', [message('4')])]), 30);
    b.seal(40);
    b.addBlock(block(4, [userTx('f', [message('5')])]), 50);
    return b;
  }

  test('behavior: placement finds a transaction\'s batch, its txNumberInBatch and its own logs only', () => {
    const b = threeBatches();
    expect(b.placement(userTx('b').hash)).toEqual({ batchNumber: 1, txNumberInBatch: 1, logs: b.get(1)!.logs.slice(1, 3) });
    expect(b.placement(userTx('e').hash)).toEqual({ batchNumber: 2, txNumberInBatch: 1, logs: b.get(2)!.logs });
    expect(b.placement(userTx('f').hash)).toEqual({ batchNumber: 3, txNumberInBatch: 0, logs: b.open.logs });
  });

  test('behavior: placement of a transaction that sent no message has no logs', () => {
    const b = threeBatches();
    expect(b.placement(userTx('c').hash)).toEqual({ batchNumber: 1, txNumberInBatch: 2, logs: [] });
    expect(b.placement(userTx('d').hash)).toEqual({ batchNumber: 2, txNumberInBatch: 0, logs: [] });
  });

  test('behavior: txLog finds the n-th log of a transaction, the same as placement\'s logs, and nothing past its last', () => {
    const b = threeBatches();
    for (const label of ['a', 'b', 'c', 'd', 'e', 'f', 'zz']) {
      const placed = b.placement(userTx(label).hash);
      for (let n = 0; n < 3; n++) {
        const log = placed?.logs[n];
        expect(b.txLog(userTx(label).hash, n)).toEqual(log && { batch: b.get(placed!.batchNumber), log });
      }
    }
  });

  test('behavior: txOrdinal is a transaction\'s position among all the chain\'s transactions', () => {
    const b = threeBatches();
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((l) => b.txOrdinal(userTx(l).hash))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('behavior: placement and txOrdinal know nothing of a hash the chain never included', () => {
    const b = threeBatches();
    expect([b.placement(userTx('zz').hash), b.txOrdinal(userTx('zz').hash)]).toEqual([undefined, undefined]);
  });

  test('behavior: messageLog finds the batch and log that sent a message', () => {
    const b = threeBatches();
    const found = b.messageLog(message('4').hash);
    expect(found?.batch).toBe(b.get(2));
    expect(found?.log).toMatchObject({ id: 0, txHash: userTx('e').hash, value: message('4').hash });
    expect(b.messageLog(message('3').hash)).toMatchObject({ batch: { number: 1 }, log: { id: 2, txHash: userTx('b').hash } });
  });

  test('behavior: messageLog finds the latest log of a message that was sent again', () => {
    const b = threeBatches();
    b.addBlock(block(5, [userTx('g', [message('other'), message('1')])]), 60);
    expect(b.messageLog(message('1').hash)).toMatchObject({ batch: { number: 3 }, log: { id: 2, txHash: userTx('g').hash } });
  });

  test('behavior: messageLog knows nothing of a message the chain never sent', () => {
    const b = threeBatches();
    expect(b.messageLog(message('never').hash)).toBeUndefined();
  });

  test('behavior: get finds a batch by number and nothing past the open one', () => {
    const b = threeBatches();
    expect([b.get(0)?.number, b.get(2)?.number, b.get(3)?.number, b.get(4)]).toEqual([0, 2, 3, undefined]);
  });

  test('behavior: batchOfBlock finds the batch of each block, and the open batch for blocks not yet placed', () => {
    const b = threeBatches();
    expect([0, 1, 2, 3, 4, 5, 99].map((n) => b.batchOfBlock(n)?.number)).toEqual([0, 1, 1, 2, 3, 3, 3]);
  });

  test('behavior: lastWithStage is the last batch of the unbroken run that reached the stage', () => {
    const b = threeBatches();
    b.seal(60);
    b.get(1)!.stage = 'executed';
    b.get(2)!.stage = 'proved';
    b.get(3)!.stage = 'committed';
    expect((['sealed', 'committed', 'proved', 'executed'] as const).map((s) => b.lastWithStage(s))).toEqual([3, 3, 2, 1]);
  });

  test('behavior: lastWithStage is 0 (genesis) when no batch reached the stage', () => {
    const b = threeBatches();
    expect([b.lastWithStage('committed'), b.lastWithStage('executed')]).toEqual([0, 0]);
  });

  test('behavior: lastWithStage stops at a failed batch, whatever comes after it', () => {
    const b = threeBatches();
    b.seal(60);
    b.get(1)!.stage = 'executed';
    b.get(2)!.stage = 'failed';
    expect([b.get(3)!.stage, b.lastWithStage('sealed')]).toEqual(['sealed', 1]);
  });
});

describe('Batcher: saveState and restoreState', () => {
  function busyBatcher(): Batcher {
    const b = batcher({ batchTimeMs: 100, maxTxsPerBatch: 3 });
    b.addBlock(block(1, [userTx('a', [message('1')]), userTx('b')], [root(7)]), 10);
    b.addBlock(block(2, [userTx('c', [message('2')])]), 20); // seals batch 1 (3 transactions)
    b.addBlock(block(3, [userTx('d', [message('3')])], [root(8)]), 30); // opens batch 2 at 30
    return b;
  }

  /** What the books answer: every lookup the chain node uses (a copy: later blocks do not change it). */
  function answers(b: Batcher) {
    return structuredClone({
      batches: b.batches,
      placements: ['a', 'b', 'c', 'd', 'e'].map((l) => b.placement(userTx(l).hash)),
      ordinals: ['a', 'b', 'c', 'd', 'e'].map((l) => b.txOrdinal(userTx(l).hash)),
      messages: ['1', '2', '3', '4'].map((m) => b.messageLog(message(m).hash)),
      dueIn: b.dueIn(60),
    });
  }

  test('behavior: restoreState brings back the books as saveState saw them', () => {
    const b = busyBatcher();
    const saved = b.saveState();
    const expected = answers(b);
    b.addBlock(block(4, [userTx('e', [message('4')])]), 40);
    b.seal(50);
    b.restoreState(saved);
    expect(answers(b)).toEqual(expected);
  });

  test('behavior: a fresh batcher restored from a saved state answers like the original', () => {
    const original = busyBatcher();
    const restored = batcher({ batchTimeMs: 100, maxTxsPerBatch: 3 });
    restored.restoreState(original.saveState());
    expect(answers(restored)).toEqual(answers(original));
  });

  test('behavior: a restored batcher goes on exactly like the one it was saved from', () => {
    const original = busyBatcher();
    const restored = batcher({ batchTimeMs: 100, maxTxsPerBatch: 3 });
    restored.restoreState(original.saveState());
    for (const b of [original, restored]) {
      b.addBlock(block(4, [userTx('e', [message('4')]), userTx('f')]), 40); // fills batch 2
      b.addBlock(block(5, [userTx('g', [message('5')])]), 70);
    }
    expect(answers(restored)).toEqual(answers(original));
    expect(restored.placement(userTx('g').hash)).toMatchObject({ batchNumber: 3, txNumberInBatch: 0 });
    expect(restored.messageLog(message('5').hash)).toMatchObject({ batch: { number: 3 }, log: { id: 0 } });
  });

  test('behavior: a saved state is a copy that later blocks do not change', () => {
    const b = busyBatcher();
    const saved = b.saveState();
    const copy = structuredClone(saved);
    b.addBlock(block(4, [userTx('e', [message('4')])]), 40);
    b.seal(50);
    expect(saved).toEqual(copy);
  });

  test('behavior: restoring does not tie the batcher to the state it was restored from', () => {
    const b = busyBatcher();
    const saved = b.saveState();
    const copy = structuredClone(saved);
    b.restoreState(saved);
    b.addBlock(block(4, [userTx('e', [message('4')])]), 40);
    b.seal(50);
    expect(saved).toEqual(copy);
  });
});

describe('Batcher: executed history in the archive', () => {
  /** Ten one-transaction batches (a message and a raw system log each), every one executed. */
  function settledBatcher(): Batcher {
    const b = batcher({ maxTxsPerBatch: 1 });
    for (let n = 1; n <= 10; n++) {
      const raw: SentMessage = { sender: getAddress('0x0000000000000000000000000000000000008001'), hash: hashOf(`raw ${n}`), message: '0x', evmLogIndex: 1, raw: { sender: getAddress('0x0000000000000000000000000000000000008001'), isService: false, key: pad(toHex(n), { size: 32 }) } };
      b.addBlock(block(n, [userTx(`t${n}`, [message(`m${n}`, n % 2 ? ALICE : BOB), raw], n)]), n);
      transitionBatch(b.get(n)!, { stage: 'executed', txHash: undefined, at: n, inclusion: undefined });
    }
    b.addBlock(block(11), 11);
    return b;
  }

  test('behavior: executed batches beyond the newest four are read back from the archive with the same hashes and logs', () => {
    const b = settledBatcher();
    const fresh = batcher({ maxTxsPerBatch: 1 });
    // The same books kept in memory: a batcher whose batches never execute archives nothing.
    for (let n = 1; n <= 10; n++) {
      const raw: SentMessage = { sender: getAddress('0x0000000000000000000000000000000000008001'), hash: hashOf(`raw ${n}`), message: '0x', evmLogIndex: 1, raw: { sender: getAddress('0x0000000000000000000000000000000000008001'), isService: false, key: pad(toHex(n), { size: 32 }) } };
      fresh.addBlock(block(n, [userTx(`t${n}`, [message(`m${n}`, n % 2 ? ALICE : BOB), raw], n)]), n);
    }
    for (let n = 1; n <= 10; n++) {
      expect(JSON.stringify(b.get(n)!.logs)).toBe(JSON.stringify(fresh.get(n)!.logs));
      expect([...b.get(n)!.txHashes]).toEqual(fresh.get(n)!.txHashes);
    }
    expect(b.placement(userTx('t2').hash)).toEqual(fresh.placement(userTx('t2').hash));
    expect(b.messageLog(message('m3').hash)!.log).toEqual(fresh.messageLog(message('m3').hash)!.log);
  });

  test('behavior: an archived batch cannot be changed', () => {
    const b = settledBatcher();
    expect(() => b.get(1)!.logs.push(b.get(1)!.logs[0]!)).toThrow(InvariantError);
  });

  test('behavior: a state saved with archived batches restores the same answers', () => {
    const b = settledBatcher();
    const expected = JSON.stringify(b.batches);
    const restored = batcher({ maxTxsPerBatch: 1 });
    restored.restoreState(structuredClone(b.saveState()));
    expect(JSON.stringify(restored.batches)).toBe(expected);
    expect(restored.placement(userTx('t1').hash)).toEqual(b.placement(userTx('t1').hash));
  });
});
