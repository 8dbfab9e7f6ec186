/**
 * A growable column of times (ms since epoch) indexed by a dense ordinal (a transaction's ordinal, a
 * block number): 8 bytes per entry, where a Map to the time costs ~70-85 (entry, bucket share, boxed
 * number). Used for times that grow with every stored transaction or block.
 */

/** Times by ordinal; unset entries read as undefined. */
export class TimeColumn {
  private values: Float64Array;

  /** @param values initial contents (copied), e.g. from `toArray` */
  constructor(values: Float64Array = new Float64Array(0)) {
    this.values = new Float64Array(Math.max(1_024, values.length));
    this.values.fill(Number.NaN);
    this.values.set(values);
  }

  /** Sets the time at `ordinal`, growing the column as needed. */
  set(ordinal: number, at: number): void {
    if (ordinal >= this.values.length) {
      const grown = new Float64Array(Math.max(ordinal + 1, this.values.length * 2));
      grown.fill(Number.NaN);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[ordinal] = at;
  }

  /** The time at `ordinal`, or undefined if never set. */
  get(ordinal: number): number | undefined {
    const at = this.values[ordinal];
    return at === undefined || Number.isNaN(at) ? undefined : at;
  }

  /** A copy of the contents (plain data for snapshots). */
  toArray(): Float64Array {
    return this.values.slice();
  }
}
