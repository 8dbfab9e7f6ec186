/**
 * The outcomes of faults that a node observes itself, kept where they happen: Gateway's settlement sees
 * its stage transaction revert on the L1 and land when sent again (`l1StageReverted`, `l1StageRecovered`,
 * and the rejection's record), a chain's root relay skips a root whose drop was armed (`rootDropped`). In
 * one process `NetworkFaults` keeps one log for the whole network; a node in its own process keeps its
 * own and serves it (`zkinterop_faultControl` op `outcomes`, nodeInternalNamespace.ts), and the
 * coordinator's `NetworkFaults` merges the nodes' logs by time into `zkinterop_listFaults`.
 */
import type { Hex } from 'viem';
import type { DroppedRoot } from '../relay/rootRelay.ts';
import type { FaultEvent, FaultOutcomes, L1Rejection } from './faults.ts';

/** Most events a log keeps (the oldest go first), as NetworkFaults keeps. */
export const MAX_FAULT_EVENTS = 1_000;

/**
 * One node's (or, in one process, the network's) record of observed fault outcomes; see module header.
 * @example const log = new FaultOutcomeLog(() => 9); // Gateway on L1 9: retry: { failed: (b, s, e) => log.l1StageFailed(b.number, s, e), recovered: … }
 */
export class FaultOutcomeLog {
  private readonly events: FaultEvent[] = [];
  private readonly rejections: L1Rejection[] = [];

  /** @param l1ChainId the L1's id, named by the L1 stage events (read lazily: the network may still be starting) */
  constructor(private readonly l1ChainId: () => number | undefined = () => undefined) {}

  /** Gateway's settlement loop saw one of its stage transactions revert on the L1 and will send it again. */
  l1StageFailed(gatewayBatch: number, stage: string, error: unknown): FaultEvent {
    const revertedTx = (error as { revertedTx?: Hex } | null)?.revertedTx;
    const reason = error instanceof Error ? error.message : String(error);
    const at = Date.now();
    if (stage === 'commit' && revertedTx) this.rejections.push({ gatewayBatch, revertedTx, at, outcome: 'retrying' });
    return this.record({ at, kind: 'l1StageReverted', chainId: this.l1ChainId(), gatewayBatch, ...(revertedTx ? { txHash: revertedTx } : {}), detail: `Gateway's ${stage} of its batch ${gatewayBatch} reverted on the L1 (${reason}); Gateway sends it again` });
  }

  /** The stage whose transaction reverted on the L1 landed when sent again. */
  l1StageRecovered(gatewayBatch: number, stage: string, txHash: Hex): FaultEvent {
    const at = Date.now();
    for (const r of this.rejections) {
      if (r.gatewayBatch === gatewayBatch && r.outcome === 'retrying') Object.assign(r, { outcome: 'recovered', recoveredTx: txHash, recoveredAt: at });
    }
    return this.record({ at, kind: 'l1StageRecovered', chainId: this.l1ChainId(), gatewayBatch, txHash, detail: `Gateway's ${stage} of its batch ${gatewayBatch} landed on the L1 when sent again (${txHash})` });
  }

  /** Chain `chainId`'s relay dropped a root whose drop was armed (its `onDropped`). */
  rootDropped(chainId: number, dropped: DroppedRoot): FaultEvent {
    return this.record({ at: Date.now(), kind: 'rootDropped', chainId, gatewayBlock: dropped.gatewayBlock, root: dropped.root, detail: `chain ${chainId} skipped the interop root of Gateway block ${dropped.gatewayBlock}` });
  }

  /**
   * A copy of the record: all of it, or what one node of a network in one process would have recorded
   * itself (`'gateway'`: the L1 stage events and rejections; a chain id: that chain's dropped roots).
   */
  read(which?: 'gateway' | number): FaultOutcomes {
    const events = this.events.filter((e) => (which === undefined ? true : which === 'gateway' ? e.kind === 'l1StageReverted' || e.kind === 'l1StageRecovered' : e.kind === 'rootDropped' && e.chainId === which));
    return { events: events.map((e) => ({ ...e })), l1Rejections: which === undefined || which === 'gateway' ? this.rejections.map((r) => ({ ...r })) : [] };
  }

  private record(event: FaultEvent): FaultEvent {
    this.events.push(event);
    if (this.events.length > MAX_FAULT_EVENTS) this.events.splice(0, this.events.length - MAX_FAULT_EVENTS);
    return event;
  }
}

/**
 * Merges the events of several records by time; on equal times the earlier list's come first (the
 * coordinator's injections before the nodes' outcomes they caused).
 */
export function mergeFaultEvents(...lists: FaultEvent[][]): FaultEvent[] {
  return lists
    .flatMap((list, source) => list.map((event, i) => ({ event, source, i })))
    .sort((a, b) => a.event.at - b.event.at || a.source - b.source || a.i - b.i)
    .map((x) => x.event);
}
