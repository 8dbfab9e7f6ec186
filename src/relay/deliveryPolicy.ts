/**
 * A relay's delivery policy (docs/dev-rpc.md, "Faults"): holds the roots a watcher hands over for a
 * delay, skips the root of a Gateway block whose drop is armed, and hands the rest on in the order
 * Gateway published them. Only a relay whose faults asked for it has one (`rootRelay.ts`).
 */
import type { Hex } from 'viem';
import type { InteropRootRef } from '../chain/types.ts';

/** A root the watcher handed over that waits for its delay. */
export type WaitingRoot = InteropRootRef & { handedAt: number; dueAt: number };

/** A root that was never handed on because its drop was armed. */
export type DroppedRoot = { gatewayBlock: number; root: Hex; at: number };

/** Options of a DeliveryPolicy. */
export type DeliveryPolicyOptions = {
  gatewayChainId: number;
  /** hands due roots on, in Gateway block order */
  deliver: (roots: InteropRootRef[]) => void;
  onDropped: (dropped: DroppedRoot) => void;
  /** told when the policy becomes idle (its relay can go direct again) */
  onIdle: () => void;
};

/** Delay and drops for one chain's roots; see module header. */
export class DeliveryPolicy {
  delayMs = 0;
  waiting: WaitingRoot[] = [];
  readonly dropsArmed = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DeliveryPolicyOptions) {}

  /** No delay, no armed drop, nothing waiting: it would hand every root on at once. */
  get idle(): boolean {
    return this.delayMs === 0 && this.dropsArmed.size === 0 && this.waiting.length === 0;
  }

  /** Roots from the watcher: they wait for the delay (or go at once), unless dropped. */
  take(roots: readonly InteropRootRef[]): void {
    const now = Date.now();
    for (const root of roots) this.waiting.push({ ...root, handedAt: now, dueAt: now + this.delayMs });
    this.flush();
  }

  /** Sets the delay; roots already waiting get it too, counted from their hand-over, so lowering it releases them. */
  setDelay(ms: number): void {
    this.delayMs = ms;
    for (const w of this.waiting) w.dueAt = w.handedAt + ms;
    this.flush();
  }

  /** Arms the drop of Gateway block `gatewayBlock`'s root (dropped now if it waits). */
  drop(gatewayBlock: number): { status: 'armed' | 'dropped'; root?: Hex } {
    this.dropsArmed.add(gatewayBlock);
    const waiting = this.waiting.find((w) => w.chainId === this.options.gatewayChainId && w.blockNumber === gatewayBlock);
    this.flush();
    return waiting ? { status: 'dropped', root: waiting.root } : { status: 'armed' };
  }

  /** Forgets the waiting roots. */
  forgetWaiting(): void {
    this.waiting = [];
    this.flush();
  }

  /** Ends the timer. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Hands on every waiting root whose time has come (skipping dropped ones), then re-arms the timer. */
  private flush(): void {
    this.stop();
    const now = Date.now();
    const due: InteropRootRef[] = [];
    const keep: WaitingRoot[] = [];
    for (const w of this.waiting) {
      if (w.chainId === this.options.gatewayChainId && this.dropsArmed.has(w.blockNumber)) {
        this.dropsArmed.delete(w.blockNumber);
        this.options.onDropped({ gatewayBlock: w.blockNumber, root: w.root, at: now });
      } else if (w.dueAt <= now && keep.length === 0) {
        // Only a prefix is due: roots reach the chain in the order Gateway published them.
        due.push({ chainId: w.chainId, blockNumber: w.blockNumber, root: w.root });
      } else {
        keep.push(w);
      }
    }
    this.waiting = keep;
    if (due.length > 0) this.options.deliver(due);
    const next = keep[0];
    if (next) this.timer = setTimeout(() => this.onTimer(), Math.max(0, next.dueAt - Date.now()));
  }

  private onTimer(): void {
    this.flush();
    if (this.idle) this.options.onIdle();
  }
}
