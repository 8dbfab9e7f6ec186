/**
 * The dev-chain controls of one chain, as Hardhat and anvil offer them (served by
 * src/chain/rpc/hardhatNamespace.ts): set an account's balance, code, nonce or storage, impersonate an
 * account, move the block clock, mine blocks. Each change runs between blocks (`Sequencer.between`) and
 * is journaled in the same turn (a `devState`, `impersonation` or `clock` entry, src/store/journal.ts),
 * so the journal holds it exactly where it happened among the blocks and a restart replays it there
 * (`replay`); blocks are mined by the sequencer, so they are ordinary journaled blocks. Whom these may
 * touch (never protected accounts outside `--dev`) is the namespace's check, not this module's.
 */
import { numberToHex, type Address, type Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import type { DevJournalEntry, JournalEntry } from '../store/journal.ts';
import type { AccountPolicy } from './accountPolicy.ts';
import type { ClockState } from './blockClock.ts';
import type { Engine } from './engine.ts';
import type { Sequencer } from './sequencer.ts';
import { forwardToEngine } from './rpc/forwardToEngine.ts';

/** What the controls drive: the chain's parts and its journal. */
export type DevParts = {
  engine: Engine;
  sequencer: Sequencer;
  accounts: AccountPolicy;
  /** writes entries to the chain's journal (no-op while replaying) */
  journal: (entries: JournalEntry[]) => Promise<void>;
  /** the latest sealed block's number */
  latestBlock: () => number;
};

/** What a chain snapshot keeps of the dev controls. */
export type DevState = { clock: ClockState; impersonated: Address[] };

type StateMethod = Extract<DevJournalEntry, { type: 'devState' }>['method'];

/** One chain's dev controls; see module header. */
export class DevControls {
  constructor(private readonly parts: DevParts) {}

  /** Sets the balance of `address` (wei). */
  setBalance(address: Address, wei: bigint): Promise<void> {
    return this.changeState('hardhat_setBalance', [address, numberToHex(wei)]);
  }

  /** Replaces the code at `address` (no constructor runs). */
  setCode(address: Address, code: Hex): Promise<void> {
    return this.changeState('hardhat_setCode', [address, code]);
  }

  /**
   * Sets the nonce of `address`.
   * @throws RpcError (the EVM's refusal) for a nonce below the account's current one
   */
  setNonce(address: Address, nonce: bigint): Promise<void> {
    return this.changeState('hardhat_setNonce', [address, numberToHex(nonce)]);
  }

  /** Writes one 32-byte storage slot of `address`. */
  setStorageAt(address: Address, slot: bigint, value: bigint): Promise<void> {
    return this.changeState('hardhat_setStorageAt', [address, numberToHex(slot), numberToHex(value, { size: 32 })]);
  }

  /** Lets `eth_sendTransaction` name `address` (the EVM sends as it without its key). */
  impersonate(address: Address): Promise<void> {
    return this.parts.sequencer.between(async () => {
      await this.parts.engine.request('hardhat_impersonateAccount', [address]);
      this.parts.accounts.impersonate(address);
      await this.parts.journal([{ type: 'impersonation', address, active: true }]);
    });
  }

  /**
   * Ends `impersonate(address)`. The EVM keeps acting as it (harmless: every `from` is checked against
   * the account policy first, and the node's own system calls may use the same account).
   * @returns whether it was impersonated
   */
  stopImpersonating(address: Address): Promise<boolean> {
    return this.parts.sequencer.between(async () => {
      if (!this.parts.accounts.stopImpersonating(address)) return false;
      await this.parts.journal([{ type: 'impersonation', address, active: false }]);
      return true;
    });
  }

  /**
   * Moves the clock of every later block forward (`evm_increaseTime`).
   * @returns the total offset in seconds
   */
  increaseTime(seconds: number): Promise<number> {
    return this.parts.sequencer.between(async () => {
      const offset = this.parts.sequencer.clock.increase(seconds);
      await this.journalClock();
      return offset;
    });
  }

  /**
   * Sets the timestamp of the next block (`evm_setNextBlockTimestamp`).
   * @throws InvalidArgumentError for a timestamp below the latest block's
   */
  setNextBlockTimestamp(timestamp: number): Promise<void> {
    return this.parts.sequencer.between(async () => {
      await this.assertNotBeforeLatest(timestamp);
      this.parts.sequencer.clock.setNext(timestamp);
      await this.journalClock();
    });
  }

  /**
   * Mines `count` blocks through the sequencer (with whatever transactions wait), the first at
   * `timestamp` (or the clock's next), each later one `interval` seconds after the one before.
   * @returns the number of the last block mined
   * @throws InvalidArgumentError for a timestamp below the latest block's
   */
  async mine(count: number, interval: number, timestamp?: number): Promise<number> {
    const { sequencer } = this.parts;
    if (timestamp !== undefined) {
      await this.assertNotBeforeLatest(timestamp);
      sequencer.clock.setNext(timestamp);
    }
    for (let i = 0; i < count; i++) {
      if (i > 0) sequencer.clock.setNext((await this.latestTimestamp()) + interval);
      await sequencer.sealNow();
    }
    return this.parts.latestBlock();
  }

  /** Applies a journaled dev entry again (replay on start). */
  async replay(entry: DevJournalEntry): Promise<void> {
    switch (entry.type) {
      case 'devState':
        await this.parts.engine.request(entry.method, entry.params);
        break;
      case 'impersonation':
        if (entry.active) {
          await this.parts.engine.request('hardhat_impersonateAccount', [entry.address]);
          this.parts.accounts.impersonate(entry.address);
        } else {
          this.parts.accounts.stopImpersonating(entry.address);
        }
        break;
      case 'clock':
        this.parts.sequencer.clock.restore({ offset: entry.offset, next: entry.next });
        break;
    }
  }

  /** The clock and the impersonated accounts, for a chain snapshot. */
  saveState(): DevState {
    return { clock: this.parts.sequencer.clock.state(), impersonated: this.parts.accounts.impersonatedAccounts() };
  }

  /** Puts back what `saveState` kept. */
  restoreState(state: DevState): void {
    this.parts.sequencer.clock.restore(state.clock);
    this.parts.accounts.setImpersonated(state.impersonated);
  }

  private changeState(method: StateMethod, params: string[]): Promise<void> {
    return this.parts.sequencer.between(async () => {
      await forwardToEngine(this.parts.engine, method, params);
      await this.parts.journal([{ type: 'devState', method, params }]);
    });
  }

  private journalClock(): Promise<void> {
    const { offset, next } = this.parts.sequencer.clock.state();
    return this.parts.journal([{ type: 'clock', offset, next }]);
  }

  private async latestTimestamp(): Promise<number> {
    const header = await this.parts.engine.request<{ timestamp: Hex }>('eth_getBlockByNumber', [numberToHex(this.parts.latestBlock()), false]);
    return Number(BigInt(header.timestamp));
  }

  private async assertNotBeforeLatest(timestamp: number): Promise<void> {
    const latest = await this.latestTimestamp();
    if (timestamp < latest) {
      throw new InvalidArgumentError(`timestamp ${timestamp} is lower than the latest block's (${latest}): blocks never go back in time; pick ${latest} or later`);
    }
  }
}
