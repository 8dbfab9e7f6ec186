/**
 * HashOrdinals on its own: hashes in, ordinals out, each lookup confirmed against the hash the caller
 * holds for that ordinal, across growth, repeated hashes and save/restore.
 */
import { describe, expect, test } from 'vitest';
import { keccak256, toHex, type Hex } from 'viem';
import { HashOrdinals } from '../../src/chain/hashOrdinals.ts';

const hashOf = (n: number): Hex => keccak256(toHex(`h${n}`));

describe('HashOrdinals', () => {
  test('behavior: every hash set among 5,000 finds its ordinal, and a hash never set finds none', () => {
    const hashes: Hex[] = [];
    const index = new HashOrdinals((o) => hashes[o]);
    for (let i = 0; i < 5_000; i++) index.set((hashes[i] = hashOf(i)), i);
    expect(hashes.every((h, i) => index.get(h) === i)).toBe(true);
    expect(index.get(hashOf(5_001))).toBeUndefined();
    expect(index.count).toBe(5_000);
  });

  test('behavior: a hash set again points at its latest ordinal', () => {
    const at: Hex[] = [hashOf(1), hashOf(2), hashOf(1)];
    const index = new HashOrdinals((o) => at[o]);
    at.forEach((h, o) => index.set(h, o));
    expect([index.get(hashOf(1)), index.get(hashOf(2)), index.count]).toEqual([2, 1, 2]);
  });

  test('behavior: a hash that shares another one\'s 64-bit fingerprint is not taken for it', () => {
    const real = hashOf(1);
    const forged = `${real.slice(0, 18)}${'0'.repeat(48)}` as Hex;
    const index = new HashOrdinals((o) => (o === 0 ? real : undefined));
    index.set(real, 0);
    expect([index.get(real), index.get(forged)]).toEqual([0, undefined]);
  });

  test('behavior: a restored copy answers as the index did when saved', () => {
    const hashes = [hashOf(1), hashOf(2)];
    const index = new HashOrdinals((o) => hashes[o]);
    index.set(hashes[0]!, 0);
    const saved = index.save();
    index.set(hashes[1]!, 1);
    index.restore(saved);
    expect([index.get(hashes[0]!), index.get(hashes[1]!)]).toEqual([0, undefined]);
  });
});
