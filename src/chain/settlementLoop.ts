/**
 * Drives one node's sealed batches through its settlement layer: commit, prove, execute, in batch
 * order, each a real transaction on the layer sent by the node's operator through a SettlementClient
 * (settlementClient.ts). The settling nodes are chains on Gateway and, with the L1 (every network's
 * unless `NetworkOptions.l1: false`), Gateway on the L1: a node settles when it is given a settlement client,
 * whatever its tier. After execute it fetches the batch's inclusion on the layer (paths in its MessageRoot at the
 * execute block) before it marks the batch executed, so a batch reported executed always has a proof
 * ready. A batch the layer rejects stops the pipeline with the rejection recorded on the batch: later
 * batches build on it, so going on would only fail again. Stages change only through batchStage.ts.
 * A loop given `retry` (Gateway on the L1) tells a failed transaction from a refused batch: a stage
 * transaction the layer mined and reverted although its simulation passed (`reverted`, e.g. out of gas,
 * or zkinterop_rejectNextL1Batch) is sent again, as an operator's sender resends it; the batch keeps its
 * stage, and only after `MAX_REVERTED_SENDS` reverts in a row does it fail and halt the loop as a refusal does.
 * A layer that does not answer at all (its process down: `isUnreachable`) refuses nothing: the loop says so
 * once (`onUnreachable`), waits, reconciles with the layer once it answers again (a stage sent just before
 * it went down may have landed) and goes on from there, so nothing is settled twice and nothing halts.
 */
import type { Hex } from 'viem';
import type { Batch } from './types.ts';
import type { GatewayInclusion } from '../wire/types.ts';
import { ZkInteropError } from '../errors.ts';
import { transitionBatch } from './batchStage.ts';
import { isUnreachable } from '../rpc/client.ts';

/** What the settlement loop needs from the settlement layer (implemented over JSON-RPC in settlementClient.ts). */
export interface SettlementClient {
  commit(batch: Batch): Promise<Hex>;
  prove(batch: Batch): Promise<Hex>;
  execute(batch: Batch): Promise<Hex>;
  inclusion(batchNumber: number): Promise<GatewayInclusion | null>;
  /**
   * What the settlement layer has recorded for this node: the last committed, proved and executed batch,
   * and the layer's transaction of a batch's stage (after a crash the node may know less than the layer does).
   */
  progress(): Promise<{ committed: number; proved: number; executed: number }>;
  stageTransaction(batchNumber: number, stage: 'commit' | 'prove' | 'execute'): Promise<Hex | null>;
}

/** Per-stage delays (ms) before each settlement-layer transaction, for profiles that resemble a real network. */
export type StageDelays = { commitMs: number; proveMs: number; executeMs: number };

export type SettlementLoopOptions = {
  client: SettlementClient;
  /** the batches of the chain, in order (the Batcher's array) */
  batches: () => readonly Batch[];
  /** prepares a sealed batch for commit (roots and hashes); called once per batch */
  prepare: (batch: Batch) => void | Promise<void>;
  delays?: StageDelays;
  /** told about every stage change, before the loop goes on (persist it here) */
  onStage?: (batch: Batch) => void | Promise<void>;
  /** told when the pipeline stops on a rejected batch */
  onHalt?: (batch: Batch, error: unknown) => void;
  /** told when the loop has settled every sealed batch and waits for the next (Gateway seals its held batch then) */
  onIdle?: () => void;
  /** told once when the layer stops answering (it is tried again every `unreachableRetryMs`) */
  onUnreachable?: (batch: Batch, error: unknown) => void;
  /** pause between tries while the layer does not answer (ms; default 500) */
  unreachableRetryMs?: number;
  /** wait this long between polls for inclusion on the settlement layer after execute (ms) */
  inclusionPollMs?: number;
  /** start in manual mode (stages only through `step`) */
  manual?: boolean;
  /**
   * Send a stage again, `afterMs` later, when its transaction reverted on the layer (see module header)
   * instead of halting; `failed` is told of each revert, `recovered` of the stage landing after one.
   */
  retry?: {
    afterMs: number;
    failed(batch: Batch, stage: SettlementAction, error: unknown): void;
    recovered(batch: Batch, stage: SettlementAction, txHash: Hex): void;
  };
};

/** A settlement stage as the transaction that makes it. */
export type SettlementAction = 'commit' | 'prove' | 'execute';

/** Reverts in a row of one stage's transaction after which a loop with `retry` halts all the same. */
export const MAX_REVERTED_SENDS = 5;

/** Raised when the settlement layer rejects a batch (or a stage cannot be recorded); the pipeline stops. */
export class SettlementHaltedError extends ZkInteropError {
  override name = 'SettlementHaltedError';
  /** @param unrecorded the stage landed but could not be written to the chain's journal (not a rejection) */
  constructor(batchNumber: number, stage: string, cause: unknown, unrecorded = false) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'SETTLEMENT_HALTED',
      unrecorded
        ? `batch ${batchNumber} reached ${stage} but the chain could not record it (${reason}). The chain's settlement pipeline has stopped; restart the network from its store, which reconciles with the settlement layer.`
        : `batch ${batchNumber} was rejected by Gateway at ${stage}: ${reason}. The chain's settlement pipeline has stopped; fix the cause (e.g. a forged interop root) and restart the network from a good state.`,
      { cause },
    );
  }
}

/** Settles sealed batches in order; see module header. */
export class SettlementLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** how many `pause` calls are not yet resumed: while any is, no new step starts */
  private pauses = 0;
  /** set once a batch was rejected */
  halted: SettlementHaltedError | undefined;
  /** the error of the layer's last unanswered call, until it answers again (see module header) */
  private layerLost: unknown = undefined;
  /** the stage whose transaction reverted and is to be sent again (`retry`), and how often it reverted in a row */
  private reverted: { batchNumber: number; stage: SettlementAction; times: number; error: unknown } | undefined;

  constructor(private readonly options: SettlementLoopOptions) {
    this.manual = options.manual ?? false;
  }

  /** Manual mode: stages advance only through `step`. */
  manual = false;

  /**
   * Manual mode: advances the next batch waiting for `stage` by exactly that stage.
   * @returns the batch advanced, or undefined when no batch waits for that stage
   * @throws SettlementHaltedError when the pipeline has halted
   */
  async step(stage: 'commit' | 'prove' | 'execute'): Promise<Batch | undefined> {
    if (this.halted) throw this.halted;
    // Waits without yielding when nothing is in flight, so a step asked for meanwhile queues behind this one
    // (with `await this.idle()` two steps at once both took the same batch); a step it waited for may have halted.
    while (this.running) await this.running;
    if (this.halted) throw this.halted;
    const from = stage === 'commit' ? 'sealed' : stage === 'prove' ? 'committed' : 'proved';
    const batch = this.options.batches().find((b) => b.stage === from);
    if (!batch) return undefined;
    // Each stage goes in batch order, so the first batch waiting for it is the next one.
    this.running = this.advance(batch);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.halted) throw this.halted;
    // The layer did not answer: the batch keeps its stage, and the caller may step again once it does.
    if (batch.stage === from && this.layerLost !== undefined) throw this.layerLost;
    // Its transaction reverted (`retry`): the batch keeps its stage, and the caller may step again.
    if (batch.stage === from && this.reverted?.batchNumber === batch.number) throw this.reverted.error;
    return batch;
  }

  /**
   * Catches the node's books up with what the settlement layer already recorded (after a restart, a stage
   * may have landed on the layer without the node writing it down). Run before the first kick.
   */
  async reconcile(): Promise<void> {
    const progress = await this.options.client.progress();
    for (const batch of this.options.batches()) {
      if (batch.number === 0 || batch.stage === 'open' || batch.stage === 'executed' || batch.stage === 'failed') continue;
      if (batch.stage === 'sealed' && batch.number <= progress.committed) {
        await this.options.prepare(batch);
        transitionBatch(batch, { stage: 'committed', txHash: (await this.options.client.stageTransaction(batch.number, 'commit')) ?? undefined, at: Date.now() });
        await this.options.onStage?.(batch);
      }
      if (batch.stage === 'committed' && batch.number <= progress.proved) {
        transitionBatch(batch, { stage: 'proved', txHash: (await this.options.client.stageTransaction(batch.number, 'prove')) ?? undefined, at: Date.now() });
        await this.options.onStage?.(batch);
      }
      if (batch.stage === 'proved' && batch.number <= progress.executed) {
        const txHash = (await this.options.client.stageTransaction(batch.number, 'execute')) ?? undefined;
        batch.executeTxHash = txHash; // known (and shown) while its inclusion is awaited; the stage moves below
        const inclusion = await this.waitInclusion(batch.number);
        transitionBatch(batch, { stage: 'executed', txHash, at: Date.now(), inclusion });
        await this.options.onStage?.(batch);
      }
    }
  }

  /** Tells the loop there may be work (a batch was sealed). */
  kick(): void {
    if (this.stopped || this.halted || this.manual || this.pauses > 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Waits until the loop has nothing in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Holds the loop still: the step in flight ends, and no new one starts until `resume`. A network
   * snapshot or revert takes the settlement layer and its chains at one point only while every loop
   * holds: a commit that started after a chain was seen idle could land on the settlement layer before
   * its state is saved and be written in the chain's books only after, and a revert to that snapshot
   * would then commit the batch a second time (the layer rejects it: UnexpectedBatchNumber).
   */
  async pause(): Promise<void> {
    this.pauses++;
    await this.idle();
  }

  /** Ends one `pause`; once none is left, the loop settles what waits. */
  resume(): void {
    if (this.pauses === 0) return;
    this.pauses--;
    this.kick();
  }

  /** Stops after the step in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Starts a stopped loop again (fault injection: a killed settlement); it settles the backlog in order. */
  restart(): void {
    this.stopped = false;
    this.kick();
  }

  /** True while a sealed batch is not yet executed (settling, or waiting to), failed ones aside. */
  get settling(): boolean {
    const batches = this.options.batches();
    // Batches settle in order: from the newest back, the first executed one ends the search.
    for (let n = batches.length - 1; n > 0; n--) {
      const stage = batches[n]!.stage;
      if (stage === 'sealed' || stage === 'committed' || stage === 'proved') return true;
      if (stage === 'executed') return false;
    }
    return false;
  }

  /** True while a step is in flight. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** True once `stop` was called (and not undone by `restart`). */
  get isStopped(): boolean {
    return this.stopped;
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.stopped || this.halted || this.pauses > 0) return;
      if (this.layerLost !== undefined && !(await this.reconcileAfterLoss())) continue;
      const batch = this.options.batches().find((b) => b.stage === 'sealed' || b.stage === 'committed' || b.stage === 'proved');
      if (!batch) {
        this.options.onIdle?.();
        return;
      }
      await this.advance(batch);
    }
  }

  /** Replaces the per-stage delays (takes effect from the next stage). */
  setDelays(delays: StageDelays): void {
    this.options.delays = delays;
  }

  /** The per-stage delays in force. */
  get delays(): StageDelays {
    return this.options.delays ?? { commitMs: 0, proveMs: 0, executeMs: 0 };
  }

  private async advance(batch: Batch): Promise<void> {
    const { client, delays } = this.options;
    const stage = batch.stage;
    try {
      if (stage === 'sealed') {
        await this.options.prepare(batch);
        await pause(delays?.commitMs);
        const txHash = await client.commit(batch);
        transitionBatch(batch, { stage: 'committed', txHash, at: Date.now() });
      } else if (stage === 'committed') {
        await pause(delays?.proveMs);
        const txHash = await client.prove(batch);
        transitionBatch(batch, { stage: 'proved', txHash, at: Date.now() });
      } else if (stage === 'proved') {
        await pause(delays?.executeMs);
        const txHash = await client.execute(batch);
        batch.executeTxHash = txHash; // known (and shown) while its inclusion is awaited; the stage moves below
        const inclusion = await this.waitInclusion(batch.number);
        transitionBatch(batch, { stage: 'executed', txHash, at: Date.now(), inclusion });
      }
    } catch (error) {
      if (this.stopped) return;
      if (isUnreachable(error)) {
        if (this.layerLost === undefined) this.options.onUnreachable?.(batch, error);
        this.layerLost = error;
        await pause(this.options.unreachableRetryMs ?? 500);
        return;
      }
      if (await this.sendAgain(batch, stageAction(stage), error)) return;
      this.halted = new SettlementHaltedError(batch.number, stageAction(stage), error);
      transitionBatch(batch, { stage: 'failed', error: this.halted.message });
      this.options.onHalt?.(batch, this.halted);
      await this.record(batch);
      return;
    }
    if (this.reverted?.batchNumber === batch.number && this.reverted.stage === stageAction(stage)) {
      this.reverted = undefined;
      this.options.retry?.recovered(batch, stageAction(stage), stageTxHash(batch, stage));
    }
    await this.record(batch);
  }

  /** After the layer did not answer: whether it answers again and the books are caught up with it (else it waits a turn). */
  private async reconcileAfterLoss(): Promise<boolean> {
    try {
      await this.reconcile();
      this.layerLost = undefined;
      return true;
    } catch {
      await pause(this.options.unreachableRetryMs ?? 500);
      return false;
    }
  }

  /** With `retry`: whether the stage's transaction reverted and is to be sent again (after `afterMs`). */
  private async sendAgain(batch: Batch, stage: SettlementAction, error: unknown): Promise<boolean> {
    const retry = this.options.retry;
    if (!retry || (error as { reverted?: unknown } | null)?.reverted !== true) return false;
    const same = this.reverted?.batchNumber === batch.number && this.reverted.stage === stage;
    const times = same ? this.reverted!.times + 1 : 1;
    if (times >= MAX_REVERTED_SENDS) return false;
    this.reverted = { batchNumber: batch.number, stage, times, error };
    retry.failed(batch, stage, error);
    await pause(retry.afterMs);
    return true;
  }

  /**
   * Hands a stage to `onStage` (the chain's journal). If that fails, the stage happened on the
   * settlement layer but is not written down: the loop halts rather than settle further on books it
   * cannot keep (a restart reconciles with the settlement layer), and says so through `onHalt`; the
   * error never escapes as an unhandled rejection.
   */
  private async record(batch: Batch): Promise<void> {
    try {
      await this.options.onStage?.(batch);
    } catch (error) {
      if (this.halted) return;
      this.halted = new SettlementHaltedError(batch.number, batch.stage, error, true);
      this.options.onHalt?.(batch, this.halted);
    }
  }

  private async waitInclusion(batchNumber: number): Promise<GatewayInclusion> {
    for (;;) {
      const inclusion = await this.options.client.inclusion(batchNumber);
      if (inclusion) return inclusion;
      if (this.stopped) throw new Error('stopped while waiting for Gateway inclusion');
      await pause(this.options.inclusionPollMs ?? 5);
    }
  }
}

/** The transaction that took `batch` from `stage` to its next stage. */
function stageTxHash(batch: Batch, stage: Batch['stage']): Hex {
  return (stage === 'sealed' ? batch.commitTxHash : stage === 'committed' ? batch.proveTxHash : batch.executeTxHash)!;
}

function stageAction(stage: Batch['stage']): SettlementAction {
  return stage === 'sealed' ? 'commit' : stage === 'committed' ? 'prove' : 'execute';
}

function pause(ms: number | undefined): Promise<void> {
  return ms && ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
