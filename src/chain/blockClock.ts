/**
 * The clock a chain's sequencer stamps its blocks with: wall-clock seconds plus an offset that the dev
 * methods move (`evm_increaseTime`), and an optional timestamp for the next block only
 * (`evm_setNextBlockTimestamp`, `evm_mine(ts)`, `hardhat_mine` intervals). As in Hardhat, a block that
 * takes a set timestamp moves the offset too, so time runs on from that block instead of jumping back.
 * A block's timestamp is never below the previous block's. No I/O: the chain journals the state
 * (a `clock` journal entry) whenever it changes, so a restart continues on the same clock.
 */

/** The clock's state: what a `clock` journal entry and a chain snapshot keep. */
export type ClockState = { offset: number; next: number | null };

/** A block clock; see module header. */
export class BlockClock {
  private offset = 0;
  private next: number | null = null;

  /** @param now wall-clock seconds (injectable for tests) */
  constructor(private readonly now: () => number = () => Math.floor(Date.now() / 1000)) {}

  /**
   * The timestamp of the block being sealed now, never below `previous`. Uses up a set next-block
   * timestamp (and moves the offset so time runs on from it).
   * @returns the timestamp, and the clock's new state when it changed (to journal after the block)
   */
  take(previous: number): { timestamp: number; changed?: ClockState } {
    if (this.next === null) return { timestamp: Math.max(previous, this.now() + this.offset) };
    const timestamp = Math.max(previous, this.next);
    this.offset = timestamp - this.now();
    this.next = null;
    return { timestamp, changed: this.state() };
  }

  /**
   * Moves time forward by `seconds` (`evm_increaseTime`).
   * @returns the total offset now, in seconds
   */
  increase(seconds: number): number {
    this.offset += seconds;
    return this.offset;
  }

  /** Sets the timestamp of the next block only. */
  setNext(timestamp: number): void {
    this.next = timestamp;
  }

  /** The offset and the pending next-block timestamp. */
  state(): ClockState {
    return { offset: this.offset, next: this.next };
  }

  /** Puts back a saved or journaled state. */
  restore(state: ClockState): void {
    this.offset = state.offset;
    this.next = state.next;
  }
}
