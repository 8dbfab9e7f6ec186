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
 * the orchestrator fills from the nodes (`faultTarget.ts`), or a coordinator from the nodes' internal
 * methods in other processes (`faultTargetOverRpc.ts`): so every control is awaited; it reads Gateway's
 * `historicalRoot` over RPC. Outcomes the nodes observe (an L1 stage reverted and recovered, a dropped
 * root) are kept in a `FaultOutcomeLog` (faultOutcomes.ts): here the network's, told by the node parts;
 * across processes each node's own, merged by time into the report.
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
import { FaultOutcomeLog, MAX_FAULT_EVENTS, mergeFaultEvents } from './faultOutcomes.ts';

export type { WaitingRoot } from '../relay/rootRelay.ts';

/** A value, or a promise of it: an in-process control answers at once, one over RPC (faultTargetOverRpc.ts) later. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The parts of a Network that faults act on, each through a narrow control (read lazily: the network may
 * still be starting). Every control that reads or steers a node returns an `Awaitable`, so the same faults
 * run over in-process controls (faultTarget.ts) or over a node's internal methods (faultTargetOverRpc.ts);
 * what the caller knows without asking a node (ids, mode, which parts exist) stays plain.
 */
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
  relayOf(chainId: number): RelayControl | undefined;
  /**
   * Outcomes the nodes recorded themselves (Gateway's L1 stage reverts and recoveries, a chain's dropped
   * roots), when they are recorded in other processes; absent in one process, where the node parts report
   * them to `NetworkFaults` directly (`l1StageFailed`, `rootDropped`, …).
   */
  nodeOutcomes?(): Promise<FaultOutcomes>;
};

/** What faults do to Gateway: hold and release its block production. */
export type GatewayControl = {
  readonly chainId: number;
  /** its JSON-RPC client (faults only read through it) */
  readonly client: RpcClient;
  blockNumber(): Awaitable<number>;
  /** transactions waiting for a block */
  queuedTransactions(): Awaitable<number>;
  /** stops sealing blocks; resolves once no block is in flight */
  holdBlocks(): Promise<void>;
  /** seals again */
  releaseBlocks(): Awaitable<void>;
};

/** What faults do to the L1: hold and release its block production. */
export type L1Control = {
  readonly chainId: number;
  blockNumber(): Awaitable<number>;
  /** transactions waiting for a block (Gateway's settlement among them) */
  queuedTransactions(): Awaitable<number>;
  /** stops sealing blocks; resolves once no block is in flight */
  holdBlocks(): Promise<void>;
  /** seals again */
  releaseBlocks(): Awaitable<void>;
  /** Gateway's next commit on the L1 is sent so that it reverts (once); armed in Gateway's settlement client */
  revertNextGatewayCommit(): Awaitable<void>;
  /** whether that revert is armed and not yet sent */
  gatewayCommitRevertArmed(): Awaitable<boolean>;
};

/** What faults read and steer of one settling chain. */
export type SettlingChainControl = {
  readonly manual: boolean;
  /** whether the chain imported the root of (chainId, blockNumber) or queued it for import */
  holdsRoot(chainId: number, blockNumber: number): Awaitable<boolean>;
  /** where the chain imported that root, if it did */
  importedRoot(chainId: number, blockNumber: number): Awaitable<{ root: Hex; l2BlockNumber: number } | undefined>;
  /** resolves once no block of the chain is in flight */
  blocksIdle(): Promise<void>;
  /** its settlement loop (none in manual mode) */
  readonly settlement: SettlementControl | undefined;
  /** batches sealed but not yet executed on Gateway, in order */
  backlog(): Awaitable<number[]>;
};

/** A settlement loop's state, as plain data. */
export type SettlementStatus = {
  isStopped: boolean;
  /** a step is in flight */
  busy: boolean;
  /** the message of the rejection that halted it */
  halted: string | undefined;
};

/** A chain's settlement loop, as faults kill and restart it. */
export type SettlementControl = {
  status(): Awaitable<SettlementStatus>;
  /** asks the loop to stop: a step in flight finishes in the background, nothing more is sent; resolves once asked */
  stop(): Awaitable<void>;
  restart(): Awaitable<void>;
};

/** A chain's root relay (RootRelayControl), each call possibly over RPC. */
export type RelayControl = { [K in keyof RootRelayControl]: (...args: Parameters<RootRelayControl[K]>) => Awaitable<ReturnType<RootRelayControl[K]>> };

/** Outcomes a node records of itself (faultOutcomes.ts): events and, on Gateway, its L1 commit rejections. */
export type FaultOutcomes = { events: FaultEvent[]; l1Rejections: L1Rejection[] };

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


/** The faults of one network; see module header. */
export class NetworkFaults {
  private readonly chainStates = new Map<number, ChainState>();
  private readonly events: FaultEvent[] = [];
  private pausedSince: number | undefined;
  private l1PausedSince: number | undefined;
  /** outcomes the node parts of this process report (`l1StageFailed`, `rootDropped`, …) */
  readonly outcomes: FaultOutcomeLog;

  /**
   * @param network the network whose parts are faulted (read lazily: it may still be starting)
   * @param access who may inject faults (the RPC namespace enforces it)
   */
  constructor(
    private readonly network: FaultTarget,
    readonly access: FaultAccess,
  ) {
    this.outcomes = new FaultOutcomeLog(() => this.network.l1?.chainId);
  }

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
      this.record({ kind: 'gatewayPaused', detail: `Gateway holds block production at block ${await gateway.blockNumber()}` });
    }
    return { paused: true, since: this.pausedSince, gatewayBlock: await gateway.blockNumber() };
  }

  /** Gateway seals again: what queued meanwhile goes into its next blocks, in arrival order. Idempotent. */
  async resumeGateway(): Promise<{ paused: false; pausedForMs: number; gatewayBlock: number; releasedTransactions: number }> {
    const gateway = this.network.gateway;
    const since = this.pausedSince;
    const released = await gateway.queuedTransactions();
    this.pausedSince = undefined;
    await gateway.releaseBlocks();
    const pausedForMs = since === undefined ? 0 : Date.now() - since;
    if (since !== undefined) this.record({ kind: 'gatewayResumed', detail: `Gateway resumed after ${pausedForMs} ms with ${released} transaction(s) waiting` });
    return { paused: false, pausedForMs, gatewayBlock: await gateway.blockNumber(), releasedTransactions: released };
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
      this.record({ kind: 'l1Paused', chainId: l1.chainId, detail: `the L1 holds block production at block ${await l1.blockNumber()}` });
    }
    return { paused: true, since: this.l1PausedSince, l1Block: await l1.blockNumber() };
  }

  /**
   * The L1 seals again: Gateway's settlement transactions that waited go into its next blocks, and
   * `finalized` and interop roots catch up. Idempotent.
   * @throws InvalidArgumentError in a network without an L1
   */
  async resumeL1(): Promise<{ paused: false; pausedForMs: number; l1Block: number; releasedTransactions: number }> {
    const l1 = this.l1('zkinterop_resumeL1');
    const since = this.l1PausedSince;
    const released = await l1.queuedTransactions();
    this.l1PausedSince = undefined;
    await l1.releaseBlocks();
    const pausedForMs = since === undefined ? 0 : Date.now() - since;
    if (since !== undefined) this.record({ kind: 'l1Resumed', chainId: l1.chainId, detail: `the L1 resumed after ${pausedForMs} ms with ${released} transaction(s) waiting` });
    return { paused: false, pausedForMs, l1Block: await l1.blockNumber(), releasedTransactions: released };
  }

  /**
   * Gateway's next commit on the L1 reverts once (mined with too little gas); Gateway's settlement sends
   * it again and it lands (see module header). Idempotent while armed.
   * In manual mode the commit asked for on Gateway (zkinterop_commitBatch) answers the revert, and may be asked again.
   * @throws InvalidArgumentError in a network without an L1
   */
  async rejectNextL1Batch(): Promise<{ armed: true; l1ChainId: number }> {
    const l1 = this.l1('zkinterop_rejectNextL1Batch');
    if (!(await l1.gatewayCommitRevertArmed())) {
      await l1.revertNextGatewayCommit();
      this.record({ kind: 'l1RejectionArmed', chainId: l1.chainId, detail: "Gateway's next commit on the L1 will revert once; Gateway's settlement sends it again" });
    }
    return { armed: true, l1ChainId: l1.chainId };
  }

  /** Gateway's settlement loop saw one of its stage transactions revert on the L1 and will send it again (recorded in `outcomes`). */
  l1StageFailed(gatewayBatch: number, stage: string, error: unknown): void {
    this.keep(this.outcomes.l1StageFailed(gatewayBatch, stage, error));
  }

  /** The stage whose transaction reverted on the L1 landed when sent again. */
  l1StageRecovered(gatewayBatch: number, stage: string, txHash: Hex): void {
    this.keep(this.outcomes.l1StageRecovered(gatewayBatch, stage, txHash));
  }

  // ---------------------------------------------------------------- interop roots

  /**
   * The watcher of `chainId` hands roots over `ms` later (0 = at once). Roots already waiting get the new
   * delay too (counted from when they were handed over), so lowering it releases them.
   * @throws InvalidArgumentError for Gateway or an unknown chain
   */
  async delayInteropRoots(chainId: number, ms: number): Promise<{ chainId: number; rootDelayMs: number; waitingRoots: number }> {
    const relay = this.relayOf(chainId);
    this.record({ kind: 'rootsDelayed', chainId, detail: `interop roots reach chain ${chainId} ${ms} ms after its watcher sees them` });
    const { rootDelayMs, waitingRoots } = await relay.setRootDelay(ms);
    return { chainId, rootDelayMs, waitingRoots };
  }

  /**
   * The root of Gateway block `gatewayBlock` is never imported on `chainId` (skipped when its watcher
   * hands it over, or now if it is waiting for a delay).
   * @returns 'dropped' if the root was waiting and is gone now, 'armed' if it is yet to come
   * @throws InvalidArgumentError when the chain already imported (or queued) that root
   */
  async dropInteropRoot(chainId: number, gatewayBlock: number): Promise<{ chainId: number; gatewayBlock: number; status: 'armed' | 'dropped'; root?: Hex }> {
    const node = this.settlingChain(chainId);
    const relay = this.relayOf(chainId);
    const gatewayChainId = this.network.gateway.chainId;
    if (await node.holdsRoot(gatewayChainId, gatewayBlock)) {
      const imported = await node.importedRoot(gatewayChainId, gatewayBlock);
      throw new InvalidArgumentError(
        `chain ${chainId} already ${imported ? `imported the interop root of Gateway block ${gatewayBlock} (at its block ${imported.l2BlockNumber})` : `queued the interop root of Gateway block ${gatewayBlock} for import`}; ` +
          'drop a root before its watcher hands it over (before the Gateway block exists, or while zkinterop_delayInteropRoots holds it)',
      );
    }
    this.record({ kind: 'rootDropArmed', chainId, gatewayBlock, detail: `chain ${chainId} will never import the interop root of Gateway block ${gatewayBlock}` });
    const result = await relay.dropRoot(gatewayBlock);
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
    if (await node.holdsRoot(gatewayChainId, gatewayBlock)) {
      const held = await node.importedRoot(gatewayChainId, gatewayBlock);
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
      await this.relayOf(chainId).offerRoots([{ chainId: gatewayChainId, blockNumber: gatewayBlock, root }]);
      if (!node.manual) await node.blocksIdle();
      const imported = await node.importedRoot(gatewayChainId, gatewayBlock);
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
  async killSettlement(chainId: number): Promise<{ chainId: number; settlement: 'killed'; stepInFlight: boolean; backlog: number[] }> {
    const loop = this.settlementOf(chainId);
    if (!(await loop.status()).isStopped) {
      await loop.stop();
      this.record({ kind: 'settlementKilled', chainId, detail: `chain ${chainId}'s settlement loop was killed` });
    }
    return { chainId, settlement: 'killed', stepInFlight: (await loop.status()).busy, backlog: await this.backlog(chainId) };
  }

  /** Starts `chainId`'s settlement loop again; it settles the backlog in batch order. Idempotent. */
  async restartSettlement(chainId: number): Promise<{ chainId: number; settlement: 'running' | 'halted'; backlog: number[] }> {
    const loop = this.settlementOf(chainId);
    const backlog = await this.backlog(chainId);
    if ((await loop.status()).isStopped) {
      await loop.restart();
      this.record({ kind: 'settlementRestarted', chainId, detail: `chain ${chainId}'s settlement loop restarted with ${backlog.length} batch(es) to settle` });
    }
    return { chainId, settlement: (await loop.status()).halted !== undefined ? 'halted' : 'running', backlog };
  }

  // ---------------------------------------------------------------- report and shutdown

  /** Everything injected and its outcome (zkinterop_listFaults); with nodes in other processes their own records merged in by time. */
  async report(): Promise<FaultReport> {
    const gateway = this.network.gateway;
    const l1 = this.network.l1;
    const own = this.outcomes.read();
    const nodes = (await this.network.nodeOutcomes?.()) ?? { events: [], l1Rejections: [] };
    return {
      access: this.access,
      gateway: { paused: this.pausedSince !== undefined, pausedSince: this.pausedSince ?? null, blockNumber: await gateway.blockNumber(), pendingTransactions: await gateway.queuedTransactions() },
      l1: l1
        ? {
            chainId: l1.chainId,
            paused: this.l1PausedSince !== undefined,
            pausedSince: this.l1PausedSince ?? null,
            blockNumber: await l1.blockNumber(),
            pendingTransactions: await l1.queuedTransactions(),
            rejectionArmed: await l1.gatewayCommitRevertArmed(),
            rejections: [...own.l1Rejections, ...nodes.l1Rejections],
          }
        : null,
      chains: await Promise.all(this.network.chainIds.map((chainId) => this.chainReport(chainId))),
      events: mergeFaultEvents(this.events, nodes.events),
    };
  }

  /** After a network revert: roots waiting for a delay belong to the abandoned history. */
  async onRevert(): Promise<void> {
    for (const chainId of this.network.chainIds) await this.network.relayOf(chainId)?.forgetWaiting();
  }

  /**
   * A chain's relay dropped a root whose drop was armed (its `onDropped`).
   * @example new RootRelay({ ..., onDropped: (d) => faults.rootDropped(271, d) })
   */
  rootDropped(chainId: number, dropped: DroppedRoot): void {
    this.keep(this.outcomes.rootDropped(chainId, dropped));
  }

  /**
   * Before the network stops: a paused Gateway or L1 resumes, so settlement steps waiting on them can
   * finish. Asks nothing of a layer that is not paused (across processes its node may already be gone).
   */
  async shutdown(): Promise<void> {
    if (this.pausedSince !== undefined) await this.resumeGateway();
    if (this.network.l1 && this.l1PausedSince !== undefined) await this.resumeL1();
  }

  // ---------------------------------------------------------------- internals

  private async chainReport(chainId: number): Promise<ChainFaults> {
    const state = this.state(chainId);
    const loop = await this.settlingChain(chainId).settlement?.status();
    const settlement = loop?.halted !== undefined ? 'halted' : this.network.mode === 'manual' ? 'manual' : loop?.isStopped ? 'killed' : 'running';
    const roots = (await this.network.relayOf(chainId)?.status()) ?? { rootDelayMs: 0, waitingRoots: [], dropsArmed: [], droppedRoots: [] };
    return {
      chainId,
      rootDelayMs: roots.rootDelayMs,
      waitingRoots: roots.waitingRoots,
      dropsArmed: roots.dropsArmed,
      droppedRoots: roots.droppedRoots,
      forgedRoots: [...state.forged],
      settlement,
      ...(loop?.halted !== undefined ? { settlementError: loop.halted } : {}),
      settlementBacklog: await this.backlog(chainId),
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
  private relayOf(chainId: number): RelayControl {
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

  private async backlog(chainId: number): Promise<number[]> {
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
    this.keep({ at: Date.now(), ...event });
  }

  private keep(event: FaultEvent): void {
    this.events.push(event);
    if (this.events.length > MAX_FAULT_EVENTS) this.events.splice(0, this.events.length - MAX_FAULT_EVENTS);
  }
}
