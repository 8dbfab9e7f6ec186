/**
 * Fault injection for one running network (docs/dev-rpc.md, "Faults"): pause Gateway's block
 * production, delay or drop the interop roots a chain's watcher hands over, import a forged root past
 * the watcher, kill and restart a chain's settlement loop. Each fault has one defined outcome, and every
 * fault and outcome is recorded for `zkinterop_listFaults`, so a test (or a person) can see what was
 * injected and what it did. Root faults go through each chain's root relay (src/relay/), by its narrow
 * control interface (`RootRelayControl`): a delay or an armed drop sets a delivery policy there, a forged
 * root is offered to the relay's sink past the watcher; with no root fault set, roots never reach this
 * module. Everything else it needs of the nodes is named in `FaultTarget`'s narrow controls (hold and
 * release Gateway's blocks and the L1's, arm one revert of Gateway's commit on the L1, whether a chain holds a root, a chain's settlement loop and backlog), which
 * the orchestrator fills from the nodes (`faultTarget.ts`); it reads Gateway's `historicalRoot` over RPC.
 *
 * With an L1 under Gateway (SPEC §10) two more: pause the L1's block production (Gateway's settlement
 * transactions wait in its queue, so Gateway's and its chains' `finalized` stop and no new interop root
 * is imported, as watchers read only Gateway blocks finalized on the L1; nothing is lost, on resume all
 * catches up), and make Gateway's next commit on the L1 revert once (`rejectNextL1Batch`). A batch that
 * Gateway rejects is terminal for a chain (`failed`, its settlement halts): the layer refused the batch,
 * and sending it again would be refused again. A revert of Gateway's commit on the L1 is instead modelled
 * as what it is on a live network, a failed L1 transaction (mined, reverted, out of gas), which the
 * operator's sender sends again: a devnet user testing it wants to see the failure and the recovery, not
 * a network whose every chain stops finalizing for good. So the commit is really sent with too little
 * gas (armed in Gateway's settlement client through the L1 control, `CommitRevertControl`: no fault code
 * runs on a commit unless armed) and reverts in an L1 block, Gateway's settlement loop sees the revert and sends the commit again
 * (`SettlementLoopOptions.retry`), and both ends are recorded (`l1StageReverted`, `l1StageRecovered`).
 * On a network without an L1 (`--no-l1`) these methods refuse with INVALID_ARGUMENT saying so.
 */
import type { Hex } from 'viem';
import { decodeFunctionResult, encodeFunctionData } from 'viem';
import { MESSAGE_ROOT_ADDRESS, messageRootAbi } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import type { DroppedRoot, RootRelayControl, WaitingRoot } from '../relay/rootRelay.ts';
import type { RpcClient } from '../rpc/client.ts';

export type { WaitingRoot } from '../relay/rootRelay.ts';

/** The parts of a Network that faults act on, each through a narrow control (read lazily: the network may still be starting). */
export type FaultTarget = {
  readonly mode: 'auto' | 'manual';
  readonly gateway: GatewayControl;
  /** the settling chains' ids, in network order */
  readonly chainIds: readonly number[];
  /** the L1 under Gateway; undefined in a network without one */
  readonly l1: L1Control | undefined;
  /** a settling chain, or undefined when none has that id */
  chain(chainId: number): SettlingChainControl | undefined;
  /** the root relay of a settling chain (its watcher → relay → chain path) */
  relayOf(chainId: number): RootRelayControl | undefined;
};

/** What faults do to Gateway: hold and release its block production. */
export type GatewayControl = {
  readonly chainId: number;
  /** its JSON-RPC client (faults only read through it) */
  readonly client: RpcClient;
  readonly blockNumber: number;
  /** transactions waiting for a block */
  readonly queuedTransactions: number;
  /** stops sealing blocks; resolves once no block is in flight */
  holdBlocks(): Promise<void>;
  /** seals again */
  releaseBlocks(): void;
};

/** What faults do to the L1: hold and release its block production. */
export type L1Control = {
  readonly chainId: number;
  readonly blockNumber: number;
  /** transactions waiting for a block (Gateway's settlement among them) */
  readonly queuedTransactions: number;
  /** stops sealing blocks; resolves once no block is in flight */
  holdBlocks(): Promise<void>;
  /** seals again */
  releaseBlocks(): void;
  /** Gateway's next commit on the L1 is sent so that it reverts (once) */
  revertNextGatewayCommit(): void;
  /** whether that revert is armed and not yet sent */
  readonly gatewayCommitRevertArmed: boolean;
};

/** What faults read and steer of one settling chain. */
export type SettlingChainControl = {
  readonly manual: boolean;
  /** whether the chain imported the root of (chainId, blockNumber) or queued it for import */
  holdsRoot(chainId: number, blockNumber: number): boolean;
  /** where the chain imported that root, if it did */
  importedRoot(chainId: number, blockNumber: number): { root: Hex; l2BlockNumber: number } | undefined;
  /** resolves once no block of the chain is in flight */
  blocksIdle(): Promise<void>;
  /** its settlement loop (none in manual mode) */
  readonly settlement: SettlementControl | undefined;
  /** batches sealed but not yet executed on Gateway, in order */
  backlog(): number[];
};

/** A chain's settlement loop, as faults kill and restart it. */
export type SettlementControl = {
  readonly isStopped: boolean;
  /** a step is in flight */
  readonly busy: boolean;
  /** the rejection that halted it */
  readonly halted: Error | undefined;
  stop(): Promise<void>;
  restart(): void;
};

/** One injected fault or observed outcome, in the order they happened. */
export type FaultEvent = {
  at: number;
  kind:
    | 'gatewayPaused'
    | 'gatewayResumed'
    | 'rootsDelayed'
    | 'rootDropArmed'
    | 'rootDropped'
    | 'forgedRootImported'
    | 'forgedRootQueued'
    | 'forgedRootRefused'
    | 'settlementKilled'
    | 'settlementRestarted'
    | 'l1Paused'
    | 'l1Resumed'
    | 'l1RejectionArmed'
    | 'l1StageReverted'
    | 'l1StageRecovered';
  chainId?: number;
  gatewayBlock?: number;
  /** l1Commit…: Gateway's batch */
  gatewayBatch?: number;
  /** l1Commit…: the L1 transaction (reverted, or the one that landed) */
  txHash?: Hex;
  root?: Hex;
  detail: string;
};

/** What happened to one commit of Gateway's on the L1 made to revert (zkinterop_rejectNextL1Batch). */
export type L1Rejection = {
  gatewayBatch: number;
  /** the commit transaction, mined on the L1 and reverted */
  revertedTx: Hex;
  at: number;
  /** retrying: Gateway sends the commit again; recovered: it landed (`recoveredTx`) */
  outcome: 'retrying' | 'recovered';
  recoveredTx?: Hex;
  recoveredAt?: number;
};

/** What happened to one forged root (zkinterop_offerForgedRoot). */
export type ForgedRootOutcome = {
  chainId: number;
  gatewayBlock: number;
  root: Hex;
  /** Gateway's `historicalRoot(gatewayBlock)` when the root was offered (0x00…00 if none yet) */
  gatewayRoot: Hex;
  /** imported: in L2InteropRootStorage at `l2BlockNumber`; queued: manual mode, waits for zkinterop_importInteropRoots; refused: the chain already had or queued a root for that block */
  outcome: 'imported' | 'queued' | 'refused';
  l2BlockNumber?: number;
  reason?: string;
  at: number;
};

/** Fault state of one chain, as zkinterop_listFaults reports it. */
export type ChainFaults = {
  chainId: number;
  rootDelayMs: number;
  waitingRoots: WaitingRoot[];
  /** Gateway blocks whose root will be skipped when the watcher hands it over */
  dropsArmed: number[];
  droppedRoots: { gatewayBlock: number; root: Hex; at: number }[];
  forgedRoots: ForgedRootOutcome[];
  /** running: settles by itself; killed: zkinterop_killSettlement; halted: Gateway rejected a batch; manual: advances only when told */
  settlement: 'running' | 'killed' | 'halted' | 'manual';
  /** the rejection, when halted */
  settlementError?: string;
  /** batches sealed but not yet executed on Gateway */
  settlementBacklog: number[];
};

/** What zkinterop_listFaults answers. */
export type FaultReport = {
  /** off: fault methods refused; open: `up --dev`; token: `up --dev-token`, each call passes the token */
  access: FaultAccess;
  gateway: { paused: boolean; pausedSince: number | null; blockNumber: number; pendingTransactions: number };
  /** the L1 under Gateway; null in a network without one */
  l1: {
    chainId: number;
    paused: boolean;
    pausedSince: number | null;
    blockNumber: number;
    pendingTransactions: number;
    /** Gateway's next commit on the L1 will revert (zkinterop_rejectNextL1Batch) */
    rejectionArmed: boolean;
    rejections: L1Rejection[];
  } | null;
  chains: ChainFaults[];
  events: FaultEvent[];
};

/** Who may inject faults. */
export type FaultAccess = 'off' | 'open' | 'token';

type ChainState = {
  forged: ForgedRootOutcome[];
};

const MAX_EVENTS = 1_000;

/** The faults of one network; see module header. */
export class NetworkFaults {
  private readonly chainStates = new Map<number, ChainState>();
  private readonly events: FaultEvent[] = [];
  private pausedSince: number | undefined;
  private l1PausedSince: number | undefined;
  private readonly l1Rejections: L1Rejection[] = [];

  /**
   * @param network the network whose parts are faulted (read lazily: it may still be starting)
   * @param access who may inject faults (the RPC namespace enforces it)
   */
  constructor(
    private readonly network: FaultTarget,
    readonly access: FaultAccess,
  ) {}

  // ---------------------------------------------------------------- Gateway

  /**
   * Gateway stops sealing blocks: its transactions (chains' commit / prove / execute among them) stay
   * pending until `resumeGateway`. Returns once no Gateway block is in flight. Idempotent.
   */
  async pauseGateway(): Promise<{ paused: true; since: number; gatewayBlock: number }> {
    const gateway = this.network.gateway;
    if (this.pausedSince === undefined) {
      this.pausedSince = Date.now();
      await gateway.holdBlocks();
      this.record({ kind: 'gatewayPaused', detail: `Gateway holds block production at block ${gateway.blockNumber}` });
    }
    return { paused: true, since: this.pausedSince, gatewayBlock: gateway.blockNumber };
  }

  /** Gateway seals again: what queued meanwhile goes into its next blocks, in arrival order. Idempotent. */
  resumeGateway(): { paused: false; pausedForMs: number; gatewayBlock: number; releasedTransactions: number } {
    const gateway = this.network.gateway;
    const since = this.pausedSince;
    const released = gateway.queuedTransactions;
    this.pausedSince = undefined;
    gateway.releaseBlocks();
    const pausedForMs = since === undefined ? 0 : Date.now() - since;
    if (since !== undefined) this.record({ kind: 'gatewayResumed', detail: `Gateway resumed after ${pausedForMs} ms with ${released} transaction(s) waiting` });
    return { paused: false, pausedForMs, gatewayBlock: gateway.blockNumber, releasedTransactions: released };
  }

  /**
   * Refuses an operation that must wait for every block in flight (snapshot, revert) while Gateway is paused.
   * @throws InvalidArgumentError (-32602 over RPC: the request does not fit the network's state)
   */
  assertGatewayRunning(operation: string): void {
    if (this.pausedSince !== undefined) {
      throw new InvalidArgumentError(`${operation} waits for every block in flight, and Gateway is paused: call zkinterop_resumeGateway first`);
    }
    if (this.l1PausedSince !== undefined) {
      throw new InvalidArgumentError(`${operation} waits for every block in flight, and the L1 is paused: call zkinterop_resumeL1 first`);
    }
  }

  // ---------------------------------------------------------------- L1

  /**
   * The L1 stops sealing blocks: Gateway's commit / prove / execute wait in its queue until `resumeL1`, so
   * Gateway's and its chains' `finalized` stop and no new interop root is imported. Returns once no L1
   * block is in flight. Idempotent.
   * @throws InvalidArgumentError in a network without an L1
   */
  async pauseL1(): Promise<{ paused: true; since: number; l1Block: number }> {
    const l1 = this.l1('zkinterop_pauseL1');
    if (this.l1PausedSince === undefined) {
      this.l1PausedSince = Date.now();
      await l1.holdBlocks();
      this.record({ kind: 'l1Paused', chainId: l1.chainId, detail: `the L1 holds block production at block ${l1.blockNumber}` });
    }
    return { paused: true, since: this.l1PausedSince, l1Block: l1.blockNumber };
  }

  /**
   * The L1 seals again: Gateway's settlement transactions that waited go into its next blocks, and
   * `finalized` and interop roots catch up. Idempotent.
   * @throws InvalidArgumentError in a network without an L1
   */
  resumeL1(): { paused: false; pausedForMs: number; l1Block: number; releasedTransactions: number } {
    const l1 = this.l1('zkinterop_resumeL1');
    const since = this.l1PausedSince;
    const released = l1.queuedTransactions;
    this.l1PausedSince = undefined;
    l1.releaseBlocks();
    const pausedForMs = since === undefined ? 0 : Date.now() - since;
    if (since !== undefined) this.record({ kind: 'l1Resumed', chainId: l1.chainId, detail: `the L1 resumed after ${pausedForMs} ms with ${released} transaction(s) waiting` });
    return { paused: false, pausedForMs, l1Block: l1.blockNumber, releasedTransactions: released };
  }

  /**
   * Gateway's next commit on the L1 reverts once (mined with too little gas); Gateway's settlement sends
   * it again and it lands (see module header). Idempotent while armed.
   * In manual mode the commit asked for on Gateway (zkinterop_commitBatch) answers the revert, and may be asked again.
   * @throws InvalidArgumentError in a network without an L1
   */
  rejectNextL1Batch(): { armed: true; l1ChainId: number } {
    const l1 = this.l1('zkinterop_rejectNextL1Batch');
    if (!l1.gatewayCommitRevertArmed) {
      l1.revertNextGatewayCommit();
      this.record({ kind: 'l1RejectionArmed', chainId: l1.chainId, detail: "Gateway's next commit on the L1 will revert once; Gateway's settlement sends it again" });
    }
    return { armed: true, l1ChainId: l1.chainId };
  }

  /** Gateway's settlement loop saw one of its stage transactions revert on the L1 and will send it again. */
  l1StageFailed(gatewayBatch: number, stage: string, error: unknown): void {
    const revertedTx = (error as { revertedTx?: Hex } | null)?.revertedTx;
    const reason = error instanceof Error ? error.message : String(error);
    if (stage === 'commit' && revertedTx) this.l1Rejections.push({ gatewayBatch, revertedTx, at: Date.now(), outcome: 'retrying' });
    this.record({ kind: 'l1StageReverted', chainId: this.network.l1?.chainId, gatewayBatch, ...(revertedTx ? { txHash: revertedTx } : {}), detail: `Gateway's ${stage} of its batch ${gatewayBatch} reverted on the L1 (${reason}); Gateway sends it again` });
  }

  /** The stage whose transaction reverted on the L1 landed when sent again. */
  l1StageRecovered(gatewayBatch: number, stage: string, txHash: Hex): void {
    for (const r of this.l1Rejections) {
      if (r.gatewayBatch === gatewayBatch && r.outcome === 'retrying') Object.assign(r, { outcome: 'recovered', recoveredTx: txHash, recoveredAt: Date.now() });
    }
    this.record({ kind: 'l1StageRecovered', chainId: this.network.l1?.chainId, gatewayBatch, txHash, detail: `Gateway's ${stage} of its batch ${gatewayBatch} landed on the L1 when sent again (${txHash})` });
  }

  // ---------------------------------------------------------------- interop roots

  /**
   * The watcher of `chainId` hands roots over `ms` later (0 = at once). Roots already waiting get the new
   * delay too (counted from when they were handed over), so lowering it releases them.
   * @throws InvalidArgumentError for Gateway or an unknown chain
   */
  delayInteropRoots(chainId: number, ms: number): { chainId: number; rootDelayMs: number; waitingRoots: number } {
    const relay = this.relayOf(chainId);
    this.record({ kind: 'rootsDelayed', chainId, detail: `interop roots reach chain ${chainId} ${ms} ms after its watcher sees them` });
    const { rootDelayMs, waitingRoots } = relay.setRootDelay(ms);
    return { chainId, rootDelayMs, waitingRoots };
  }

  /**
   * The root of Gateway block `gatewayBlock` is never imported on `chainId` (skipped when its watcher
   * hands it over, or now if it is waiting for a delay).
   * @returns 'dropped' if the root was waiting and is gone now, 'armed' if it is yet to come
   * @throws InvalidArgumentError when the chain already imported (or queued) that root
   */
  dropInteropRoot(chainId: number, gatewayBlock: number): { chainId: number; gatewayBlock: number; status: 'armed' | 'dropped'; root?: Hex } {
    const node = this.settlingChain(chainId);
    const gatewayChainId = this.network.gateway.chainId;
    if (node.holdsRoot(gatewayChainId, gatewayBlock)) {
      const imported = node.importedRoot(gatewayChainId, gatewayBlock);
      throw new InvalidArgumentError(
        `chain ${chainId} already ${imported ? `imported the interop root of Gateway block ${gatewayBlock} (at its block ${imported.l2BlockNumber})` : `queued the interop root of Gateway block ${gatewayBlock} for import`}; ` +
          'drop a root before its watcher hands it over (before the Gateway block exists, or while zkinterop_delayInteropRoots holds it)',
      );
    }
    this.record({ kind: 'rootDropArmed', chainId, gatewayBlock, detail: `chain ${chainId} will never import the interop root of Gateway block ${gatewayBlock}` });
    const result = this.relayOf(chainId).dropRoot(gatewayBlock);
    return result.root !== undefined ? { chainId, gatewayBlock, status: result.status, root: result.root } : { chainId, gatewayBlock, status: result.status };
  }

  /**
   * Imports `root` as Gateway block `gatewayBlock`'s interop root on `chainId`, past its watcher (the
   * bootloader imports whatever it is handed). A chain holds one root per block (L2InteropRootStorage
   * reverts InteropRootAlreadyExists), so a block it already imported or queued is refused.
   * @throws InvalidArgumentError for Gateway or an unknown chain
   */
  async offerForgedRoot(chainId: number, gatewayBlock: number, root: Hex, pastWatcher = false): Promise<ForgedRootOutcome> {
    const node = this.settlingChain(chainId);
    const gatewayChainId = this.network.gateway.chainId;
    const gatewayRoot = await this.gatewayHistoricalRoot(gatewayBlock);
    const at = Date.now();
    let outcome: ForgedRootOutcome;
    if (node.holdsRoot(gatewayChainId, gatewayBlock)) {
      const held = node.importedRoot(gatewayChainId, gatewayBlock);
      const reason = held
        ? `chain ${chainId} already holds root ${held.root} for Gateway block ${gatewayBlock} (imported at its block ${held.l2BlockNumber}); L2InteropRootStorage keeps one root per block (InteropRootAlreadyExists)`
        : `chain ${chainId} already queued a root for Gateway block ${gatewayBlock}; L2InteropRootStorage keeps one root per block (InteropRootAlreadyExists)`;
      outcome = { chainId, gatewayBlock, root, gatewayRoot, outcome: 'refused', reason, at };
      this.record({ kind: 'forgedRootRefused', chainId, gatewayBlock, root, detail: reason });
    } else if (!pastWatcher && root.toLowerCase() !== gatewayRoot.toLowerCase()) {
      // EthWatch imports only what Gateway's MessageRoot holds: an offered root that Gateway never
      // stored is refused, so it can never make a false message verify.
      const reason = `Gateway's MessageRoot holds ${gatewayRoot} for block ${gatewayBlock}, not ${root}; chain ${chainId}'s watcher imports only roots Gateway holds`;
      outcome = { chainId, gatewayBlock, root, gatewayRoot, outcome: 'refused', reason, at };
      this.record({ kind: 'forgedRootRefused', chainId, gatewayBlock, root, detail: reason });
    } else {
      this.relayOf(chainId).offerRoots([{ chainId: gatewayChainId, blockNumber: gatewayBlock, root }]);
      if (!node.manual) await node.blocksIdle();
      const imported = node.importedRoot(gatewayChainId, gatewayBlock);
      if (imported) {
        outcome = { chainId, gatewayBlock, root, gatewayRoot, outcome: 'imported', l2BlockNumber: imported.l2BlockNumber, at };
        this.record({ kind: 'forgedRootImported', chainId, gatewayBlock, root, detail: `chain ${chainId} imported a forged root for Gateway block ${gatewayBlock} at its block ${imported.l2BlockNumber}; the batch carrying it will be rejected at execute` });
      } else {
        outcome = { chainId, gatewayBlock, root, gatewayRoot, outcome: 'queued', at };
        this.record({ kind: 'forgedRootQueued', chainId, gatewayBlock, root, detail: `manual mode: the forged root waits for zkinterop_importInteropRoots on chain ${chainId}` });
      }
    }
    this.state(chainId).forged.push(outcome);
    return outcome;
  }

  // ---------------------------------------------------------------- settlement

  /**
   * Stops `chainId`'s settlement loop: a step already sent to Gateway finishes, then nothing more is
   * sent; sealed batches pile up. Idempotent.
   * @throws InvalidArgumentError in manual mode (settlement moves only when told there anyway)
   */
  killSettlement(chainId: number): { chainId: number; settlement: 'killed'; stepInFlight: boolean; backlog: number[] } {
    const loop = this.settlementOf(chainId);
    if (!loop.isStopped) {
      void loop.stop().catch(() => undefined);
      this.record({ kind: 'settlementKilled', chainId, detail: `chain ${chainId}'s settlement loop was killed` });
    }
    return { chainId, settlement: 'killed', stepInFlight: loop.busy, backlog: this.backlog(chainId) };
  }

  /** Starts `chainId`'s settlement loop again; it settles the backlog in batch order. Idempotent. */
  restartSettlement(chainId: number): { chainId: number; settlement: 'running' | 'halted'; backlog: number[] } {
    const loop = this.settlementOf(chainId);
    const backlog = this.backlog(chainId);
    if (loop.isStopped) {
      loop.restart();
      this.record({ kind: 'settlementRestarted', chainId, detail: `chain ${chainId}'s settlement loop restarted with ${backlog.length} batch(es) to settle` });
    }
    return { chainId, settlement: loop.halted ? 'halted' : 'running', backlog };
  }

  // ---------------------------------------------------------------- report and shutdown

  /** Everything injected and its outcome (zkinterop_listFaults). */
  report(): FaultReport {
    const gateway = this.network.gateway;
    const l1 = this.network.l1;
    return {
      access: this.access,
      gateway: { paused: this.pausedSince !== undefined, pausedSince: this.pausedSince ?? null, blockNumber: gateway.blockNumber, pendingTransactions: gateway.queuedTransactions },
      l1: l1
        ? {
            chainId: l1.chainId,
            paused: this.l1PausedSince !== undefined,
            pausedSince: this.l1PausedSince ?? null,
            blockNumber: l1.blockNumber,
            pendingTransactions: l1.queuedTransactions,
            rejectionArmed: l1.gatewayCommitRevertArmed,
            rejections: this.l1Rejections.map((r) => ({ ...r })),
          }
        : null,
      chains: this.network.chainIds.map((chainId) => this.chainReport(chainId)),
      events: [...this.events],
    };
  }

  /** After a network revert: roots waiting for a delay belong to the abandoned history. */
  onRevert(): void {
    for (const chainId of this.network.chainIds) this.network.relayOf(chainId)?.forgetWaiting();
  }

  /**
   * A chain's relay dropped a root whose drop was armed (its `onDropped`).
   * @example new RootRelay({ ..., onDropped: (d) => faults.rootDropped(271, d) })
   */
  rootDropped(chainId: number, dropped: DroppedRoot): void {
    this.record({ kind: 'rootDropped', chainId, gatewayBlock: dropped.gatewayBlock, root: dropped.root, detail: `chain ${chainId} skipped the interop root of Gateway block ${dropped.gatewayBlock}` });
  }

  /** Before the network stops: Gateway and the L1 resume, so settlement steps waiting on them can finish. */
  shutdown(): void {
    this.resumeGateway();
    if (this.network.l1) this.resumeL1();
  }

  // ---------------------------------------------------------------- internals

  private chainReport(chainId: number): ChainFaults {
    const state = this.state(chainId);
    const loop = this.settlingChain(chainId).settlement;
    const settlement = loop?.halted ? 'halted' : this.network.mode === 'manual' ? 'manual' : loop?.isStopped ? 'killed' : 'running';
    const roots = this.network.relayOf(chainId)?.status() ?? { rootDelayMs: 0, waitingRoots: [], dropsArmed: [], droppedRoots: [] };
    return {
      chainId,
      rootDelayMs: roots.rootDelayMs,
      waitingRoots: roots.waitingRoots,
      dropsArmed: roots.dropsArmed,
      droppedRoots: roots.droppedRoots,
      forgedRoots: [...state.forged],
      settlement,
      ...(loop?.halted ? { settlementError: loop.halted.message } : {}),
      settlementBacklog: this.backlog(chainId),
    };
  }

  private state(chainId: number): ChainState {
    let state = this.chainStates.get(chainId);
    if (!state) {
      state = { forged: [] };
      this.chainStates.set(chainId, state);
    }
    return state;
  }

  /** The L1, for fault `method`. */
  private l1(method: string): L1Control {
    const l1 = this.network.l1;
    if (!l1) {
      throw new InvalidArgumentError(
        `${method} acts on the L1 under Gateway, and this network runs no L1: it was started with \`--no-l1\` (\`l1: false\`): start it with an L1, the default, or use zkinterop_pauseGateway for Gateway`,
      );
    }
    return l1;
  }

  /** The settling chain `chainId` (not Gateway). */
  private settlingChain(chainId: number): SettlingChainControl {
    if (chainId === this.network.gateway.chainId) {
      throw new InvalidArgumentError(`chain ${chainId} is Gateway; root and settlement faults apply to the settling chains (${this.network.chainIds.join(', ')})`);
    }
    const found = this.network.chain(chainId);
    if (!found) throw new InvalidArgumentError(`chain ${chainId} is not part of this network; its settling chains are ${this.network.chainIds.join(', ')}`);
    return found;
  }

  /** The root relay of the settling chain `chainId`. */
  private relayOf(chainId: number): RootRelayControl {
    this.settlingChain(chainId);
    const relay = this.network.relayOf(chainId);
    if (!relay) {
      throw new InvalidArgumentError(
        `chain ${chainId} has no root relay: it is still starting, or it settles on the L1 directly and imports no interop roots (settle it on Gateway for interop)`,
      );
    }
    return relay;
  }

  private settlementOf(chainId: number) {
    const node = this.settlingChain(chainId);
    if (node.manual) {
      throw new InvalidArgumentError(`chain ${chainId} is in manual mode: its settlement moves only when told (zkinterop_commitBatch, …), so there is no loop to kill or restart`);
    }
    return node.settlement!;
  }

  private backlog(chainId: number): number[] {
    const node = this.settlingChain(chainId);
    return node.backlog();
  }

  private async gatewayHistoricalRoot(gatewayBlock: number): Promise<Hex> {
    const data = await this.network.gateway.client.request<Hex>('eth_call', [
      { to: MESSAGE_ROOT_ADDRESS, data: encodeFunctionData({ abi: messageRootAbi, functionName: 'historicalRoot', args: [BigInt(gatewayBlock)] }) },
      'latest',
    ]);
    return decodeFunctionResult({ abi: messageRootAbi, functionName: 'historicalRoot', data }) as Hex;
  }

  private record(event: Omit<FaultEvent, 'at'>): void {
    this.events.push({ at: Date.now(), ...event });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }
}
