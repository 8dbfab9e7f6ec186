import { describe, expect, it } from 'vitest';
import type { Address, Hex } from 'viem';
import { TxPool, TxPoolRejectedError, type PoolTx } from './txPool.ts';

const ALICE = '0x00000000000000000000000000000000000a11ce' as Address;
const BOB = '0x0000000000000000000000000000000000000b0b' as Address;

let counter = 0;
/** A waiting transaction; the pool reads only hash, sender, nonce and fees. */
function tx(from: Address, nonce: number, fees: { maxFee?: bigint; tip?: bigint } = {}): PoolTx {
  const hash = `0x${(++counter).toString(16).padStart(64, '0')}` as Hex;
  return {
    hash,
    from,
    nonce,
    maxFeePerGas: fees.maxFee ?? 100n,
    maxPriorityFeePerGas: fees.tip ?? 10n,
    receivedAt: 0,
    decoded: {} as PoolTx['decoded'],
    submission: { kind: 'raw', hash, raw: '0x' },
    journal: { kind: 'raw', raw: '0x', receivedAt: 0 },
  };
}

function rejection(run: () => unknown): TxPoolRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof TxPoolRejectedError) return error;
    throw error;
  }
  throw new Error('expected the pool to refuse');
}

describe('TxPool', () => {
  it('hands back the unbroken run of nonces from the account nonce, in nonce order', () => {
    const pool = new TxPool();
    for (const n of [7, 5, 6, 9]) pool.put(tx(ALICE, n));
    const { ready } = pool.take(ALICE, 5);
    expect(ready.map((t) => t.nonce)).toEqual([5, 6, 7]);
    expect(pool.of(ALICE).map((t) => t.nonce)).toEqual([9]);
  });

  it('drops the transactions whose nonce is already used when it hands back a run', () => {
    const pool = new TxPool();
    for (const n of [3, 4, 8]) pool.put(tx(ALICE, n));
    const { ready, stale } = pool.take(ALICE, 5);
    expect(ready).toEqual([]);
    expect(stale.map((t) => t.nonce)).toEqual([3, 4]);
    expect(pool.size).toBe(1);
  });

  it('counts only the waiting nonces that follow the account nonce without a gap', () => {
    const pool = new TxPool();
    for (const n of [5, 6, 8]) pool.put(tx(ALICE, n));
    expect(pool.pendingNonce(ALICE, 5)).toBe(7);
    expect(pool.pendingNonce(ALICE, 4)).toBe(4);
    expect(pool.pendingNonce(BOB, 0)).toBe(0);
  });

  it('refuses a nonce further ahead than the gap bound', () => {
    const pool = new TxPool({ maxNonceGap: 4, maxPerAccount: 64, maxTotal: 100 });
    expect(pool.admissible(tx(ALICE, 4), 0)).toEqual({ known: false });
    const error = rejection(() => pool.admissible(tx(ALICE, 5), 0));
    expect(error.code).toBe('NONCE_GAP_TOO_LARGE');
    expect(error.message).toContain('nonce too high');
  });

  it('refuses more waiting transactions of one account than its bound', () => {
    const pool = new TxPool({ maxNonceGap: 64, maxPerAccount: 2, maxTotal: 100 });
    pool.put(tx(ALICE, 1));
    pool.put(tx(ALICE, 2));
    expect(rejection(() => pool.admissible(tx(ALICE, 3), 0)).code).toBe('TXPOOL_FULL');
    expect(pool.admissible(tx(BOB, 3), 0)).toEqual({ known: false });
  });

  it('refuses any waiting transaction past the pool-wide bound', () => {
    const pool = new TxPool({ maxNonceGap: 64, maxPerAccount: 64, maxTotal: 2 });
    pool.put(tx(ALICE, 1));
    pool.put(tx(BOB, 1));
    const error = rejection(() => pool.admissible(tx(BOB, 2), 0));
    expect(error.code).toBe('TXPOOL_FULL');
    expect(error.message).toContain('txpool is full');
  });

  it('lets a transaction with both fees 10% higher replace the waiting one of the same sender and nonce', () => {
    const pool = new TxPool();
    const first = tx(ALICE, 3, { maxFee: 100n, tip: 10n });
    pool.put(first);
    const better = tx(ALICE, 3, { maxFee: 110n, tip: 11n });
    expect(pool.admissible(better, 0)).toEqual({ known: false, replaces: first });
    expect(pool.put(better)).toBe(first);
    expect(pool.get(first.hash)).toBeUndefined();
    expect(pool.get(better.hash)).toBe(better);
  });

  it('refuses a replacement that raises only one fee by 10% as "replacement transaction underpriced"', () => {
    const pool = new TxPool();
    pool.put(tx(ALICE, 3, { maxFee: 100n, tip: 10n }));
    const error = rejection(() => pool.admissible(tx(ALICE, 3, { maxFee: 200n, tip: 10n }), 0));
    expect(error.code).toBe('REPLACEMENT_UNDERPRICED');
    expect(error.message).toContain('replacement transaction underpriced');
  });

  it('asks a replacement of a zero fee to raise it above zero, as geth does', () => {
    const pool = new TxPool();
    pool.put(tx(ALICE, 3, { maxFee: 100n, tip: 0n }));
    expect(() => pool.admissible(tx(ALICE, 3, { maxFee: 110n, tip: 0n }), 0)).toThrow(TxPoolRejectedError);
    expect(pool.admissible(tx(ALICE, 3, { maxFee: 110n, tip: 1n }), 0).known).toBe(false);
  });

  it('knows a transaction sent again while it waits', () => {
    const pool = new TxPool();
    const waiting = tx(ALICE, 3);
    pool.put(waiting);
    expect(pool.admissible(waiting, 0)).toEqual({ known: true });
  });

  it('comes back from a saved copy as it was', () => {
    const pool = new TxPool();
    pool.put(tx(ALICE, 3));
    const saved = pool.saveState();
    pool.put(tx(BOB, 1));
    pool.restoreState(saved);
    expect(pool.senders()).toEqual([ALICE]);
    expect(pool.size).toBe(1);
  });
});
