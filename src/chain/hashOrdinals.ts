/**
 * An index from 32-byte hashes (transaction and message hashes) to ordinals (a position among all of
 * a chain's transactions or L2→L1 logs), kept in typed arrays outside the JS heap: 16 bytes per entry
 * at most half full, where a Map of hex strings costs ~100 bytes per entry (the key string alone is
 * 66 characters). The hashes themselves are not kept: each slot holds 64 bits of the hash as a
 * fingerprint and the ordinal, and a candidate is confirmed by asking the caller for the hash at that
 * ordinal (the books or the history archive have it), so a lookup never answers for a hash it was not
 * given, even one crafted to share a fingerprint.
 *
 * Linear probing over a power-of-two table; entries are never removed (a revert restores a saved
 * copy, `save`/`restore`). Setting a hash again points it at the new ordinal (latest wins).
 */
import type { Hex } from 'viem';

/** Plain-data copy of an index (structured-cloneable). */
export type HashOrdinalsState = { size: number; slots: Uint32Array };

/** Words per slot: fingerprint high, fingerprint low, ordinal + 1 (0 = empty). */
const WORDS = 3;
const INITIAL_SLOTS = 1024;

export class HashOrdinals {
  private slots = new Uint32Array(INITIAL_SLOTS * WORDS);
  private size = 0;

  /** @param hashAt the hash an ordinal was set for (undefined if none): confirms fingerprint matches */
  constructor(private readonly hashAt: (ordinal: number) => Hex | undefined) {}

  /** Entries held. */
  get count(): number {
    return this.size;
  }

  /** Points `hash` at `ordinal` (replacing what it pointed at). */
  set(hash: Hex, ordinal: number): void {
    if ((this.size + 1) * 2 > this.slots.length / WORDS) this.grow();
    const [hi, lo] = fingerprint(hash);
    const slot = this.find(hash, hi, lo);
    if (this.slots[slot + 2] === 0) this.size++;
    this.slots[slot] = hi;
    this.slots[slot + 1] = lo;
    this.slots[slot + 2] = ordinal + 1;
  }

  /** The ordinal `hash` points at, if it was set. */
  get(hash: Hex): number | undefined {
    const [hi, lo] = fingerprint(hash);
    const slot = this.find(hash, hi, lo);
    const stored = this.slots[slot + 2]!;
    return stored === 0 ? undefined : stored - 1;
  }

  /** Forgets every entry. */
  clear(): void {
    this.slots = new Uint32Array(INITIAL_SLOTS * WORDS);
    this.size = 0;
  }

  save(): HashOrdinalsState {
    return { size: this.size, slots: this.slots.slice() };
  }

  restore(state: HashOrdinalsState): void {
    this.slots = state.slots.slice();
    this.size = state.size;
  }

  /** The slot holding `hash`, or the empty slot where it would go. */
  private find(hash: Hex, hi: number, lo: number): number {
    const mask = this.slots.length / WORDS - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const slot = i * WORDS;
      const stored = this.slots[slot + 2]!;
      if (stored === 0) return slot;
      if (this.slots[slot] === hi && this.slots[slot + 1] === lo && this.hashAt(stored - 1) === hash) return slot;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    const mask = this.slots.length / WORDS - 1;
    for (let s = 0; s < old.length; s += WORDS) {
      if (old[s + 2] === 0) continue;
      let i = old[s + 1]! & mask;
      while (this.slots[i * WORDS + 2] !== 0) i = (i + 1) & mask;
      this.slots.set(old.subarray(s, s + WORDS), i * WORDS);
    }
  }
}

/** 64 bits of a hash (hex characters 2–17), as two unsigned 32-bit words. */
function fingerprint(hash: Hex): [number, number] {
  return [parseInt(hash.slice(2, 10), 16) >>> 0, parseInt(hash.slice(10, 18), 16) >>> 0];
}
