/**
 * Root delivery for one chain: the path watcher → relay → chain. The relay takes the interop roots its
 * chain's watcher hands over and gives them to the chain through a narrow sink (`RootSink`,
 * `importInteropRoots(roots)`: in one process a direct call into the chain node, across processes one
 * JSON-RPC call). With no delivery policy set (faults off, the normal case) that is all it does: the
 * roots go straight to the sink, and no policy code runs on the path.
 *
 * A delivery policy (`deliveryPolicy.ts`: hold roots for a delay, drop one Gateway block's root) is set
 * through a narrow control interface (`RootRelayControl`) whose calls take and return plain data, so it
 * could be served as JSON-RPC; drops are told to an `onDropped` listener (across processes, a
 * subscription). The relay drops its policy again once it holds nothing and asks nothing of the path.
 */
import type { Hex } from 'viem';
import type { InteropRootRef } from '../chain/types.ts';
import { DeliveryPolicy, type DroppedRoot, type WaitingRoot } from './deliveryPolicy.ts';

export type { DroppedRoot, WaitingRoot } from './deliveryPolicy.ts';

/** Where a relay hands roots: one chain, which imports them at the start of its next block. Plain data in, nothing back. */
export interface RootSink {
  importInteropRoots(roots: readonly InteropRootRef[]): void;
}

/** The delivery state of one relay, as plain data. */
export type RootRelayStatus = {
  rootDelayMs: number;
  waitingRoots: WaitingRoot[];
  /** Gateway blocks whose root will be skipped when the watcher hands it over */
  dropsArmed: number[];
  droppedRoots: DroppedRoot[];
};

/**
 * How faults steer a relay: every call takes and returns plain data (expressible as JSON-RPC methods).
 */
export interface RootRelayControl {
  /** Roots reach the chain `ms` after the watcher hands them over (0 = at once); waiting roots get the new delay, counted from their hand-over. */
  setRootDelay(ms: number): { rootDelayMs: number; waitingRoots: number };
  /** The root of Gateway block `gatewayBlock` is never handed on: now if it waits, else when the watcher hands it over. */
  dropRoot(gatewayBlock: number): { status: 'armed' | 'dropped'; root?: Hex };
  /** Hands `roots` to the chain now, past the watcher and the policy (a root the watcher never saw, e.g. a forged one). */
  offerRoots(roots: readonly InteropRootRef[]): void;
  /** Forgets the roots waiting for a delay (after a network revert they belong to an abandoned history). */
  forgetWaiting(): void;
  /** The delivery state. */
  status(): RootRelayStatus;
}

/** Options of a RootRelay. */
export type RootRelayOptions = {
  /** Gateway's chain id: drops name Gateway blocks */
  gatewayChainId: number;
  /** the chain the roots go to */
  sink: RootSink;
  /** told of every root a policy dropped */
  onDropped?: (dropped: DroppedRoot) => void;
};

/** The root path of one chain; see module header. */
export class RootRelay implements RootRelayControl {
  private policy: DeliveryPolicy | undefined;
  private readonly dropped: DroppedRoot[] = [];

  constructor(private readonly options: RootRelayOptions) {}

  /**
   * Roots from the watcher, in Gateway block order: straight to the sink, or to the policy when one is set.
   * @example new Watcher({ ..., onRoots: (roots) => relay.handOver(roots) })
   */
  handOver(roots: readonly InteropRootRef[]): void {
    if (this.policy === undefined) {
      this.options.sink.importInteropRoots(roots);
      return;
    }
    this.policy.take(roots);
    this.retireIdlePolicy();
  }

  /** Whether a delivery policy sits on the path (false: roots go straight to the sink). */
  get hasPolicy(): boolean {
    return this.policy !== undefined;
  }

  setRootDelay(ms: number): { rootDelayMs: number; waitingRoots: number } {
    if (ms !== 0 || this.policy) this.ensurePolicy().setDelay(ms);
    const waitingRoots = this.policy?.waiting.length ?? 0;
    this.retireIdlePolicy();
    return { rootDelayMs: ms, waitingRoots };
  }

  dropRoot(gatewayBlock: number): { status: 'armed' | 'dropped'; root?: Hex } {
    const result = this.ensurePolicy().drop(gatewayBlock);
    this.retireIdlePolicy();
    return result;
  }

  offerRoots(roots: readonly InteropRootRef[]): void {
    this.options.sink.importInteropRoots(roots);
  }

  forgetWaiting(): void {
    this.policy?.forgetWaiting();
    this.retireIdlePolicy();
  }

  status(): RootRelayStatus {
    return {
      rootDelayMs: this.policy?.delayMs ?? 0,
      waitingRoots: this.policy?.waiting.map((w) => ({ ...w })) ?? [],
      dropsArmed: this.policy ? [...this.policy.dropsArmed].sort((a, b) => a - b) : [],
      droppedRoots: [...this.dropped],
    };
  }

  /** Ends the policy's timer; roots still waiting are never handed on. */
  stop(): void {
    this.policy?.stop();
  }

  private ensurePolicy(): DeliveryPolicy {
    this.policy ??= new DeliveryPolicy({
      gatewayChainId: this.options.gatewayChainId,
      deliver: (roots) => this.options.sink.importInteropRoots(roots),
      onDropped: (dropped) => {
        this.dropped.push(dropped);
        this.options.onDropped?.(dropped);
      },
      onIdle: () => this.retireIdlePolicy(),
    });
    return this.policy;
  }

  /** A policy with no delay, no armed drop and nothing waiting changes nothing: the path goes direct again. */
  private retireIdlePolicy(): void {
    if (this.policy?.idle) {
      this.policy.stop();
      this.policy = undefined;
    }
  }
}
