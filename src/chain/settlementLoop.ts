/**
 * Drives one chain's sealed batches through Gateway: commit, prove, execute, in batch order, each a
 * real Gateway transaction sent by the chain's operator (through a SettlementClient). After execute it
 * fetches the batch's Gateway inclusion (paths in Gateway's MessageRoot at the execute block) before it
 * marks the batch executed, so a batch reported executed always has a proof ready.
 * A batch Gateway rejects stops the pipeline with the rejection recorded on the batch: later batches
 * build on it, so going on would only fail again.
 */
import type { Hex } from 'viem';
import type { Batch } from './types.ts';
import type { GatewayInclusion } from '../wire/types.ts';
import { ZkInteropError } from '../errors.ts';

/** What the settlement loop needs from Gateway (implemented over JSON-RPC in src/gateway). */
export interface SettlementClient {
  commit(batch: Batch): Promise<Hex>;
  prove(batch: Batch): Promise<Hex>;
  execute(batch: Batch): Promise<Hex>;
  inclusion(batchNumber: number): Promise<GatewayInclusion | null>;
  /**
   * What Gateway has recorded for this chain: the last committed, proved and executed batch, and the
   * Gateway transaction of a batch's stage (after a crash the chain may know less than Gateway does).
   */
  progress(): Promise<{ committed: number; proved: number; executed: number }>;
  stageTransaction(batchNumber: number, stage: 'commit' | 'prove' | 'execute'): Promise<Hex | null>;
}

/** Per-stage delays (ms) before each Gateway transaction, for profiles that resemble a real network. */
export type StageDelays = { commitMs: number; proveMs: number; executeMs: number };

export type SettlementLoopOptions = {
  client: SettlementClient;
  /** the batches of the chain, in order (the Batcher's array) */
  batches: () => readonly Batch[];
  /** prepares a sealed batch for commit (roots and hashes); called once per batch */
  prepare: (batch: Batch) => void;
  delays?: StageDelays;
  /** told about every stage change */
  /** told about every stage change, before the loop goes on (persist it here) */
  onStage?: (batch: Batch) => void | Promise<void>;
  /** told when the pipeline stops on a rejected batch */
  onHalt?: (batch: Batch, error: unknown) => void;
  /** wait this long between polls for Gateway inclusion after execute (ms) */
  inclusionPollMs?: number;
  /** start in manual mode (stages only through `step`) */
  manual?: boolean;
};

/** Raised when Gateway rejects a batch; the pipeline stops. */
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
  /** set once a batch was rejected */
  halted: SettlementHaltedError | undefined;

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
    return batch;
  }

  /**
   * Catches the chain's books up with what Gateway already recorded (after a restart, a stage may have
   * landed on Gateway without the chain writing it down). Run before the first kick.
   */
  async reconcile(): Promise<void> {
    const progress = await this.options.client.progress();
    for (const batch of this.options.batches()) {
      if (batch.number === 0 || batch.stage === 'open' || batch.stage === 'executed' || batch.stage === 'failed') continue;
      if (batch.stage === 'sealed' && batch.number <= progress.committed) {
        this.options.prepare(batch);
        batch.commitTxHash = (await this.options.client.stageTransaction(batch.number, 'commit')) ?? undefined;
        batch.committedAt = Date.now();
        batch.stage = 'committed';
        await this.options.onStage?.(batch);
      }
      if (batch.stage === 'committed' && batch.number <= progress.proved) {
        batch.proveTxHash = (await this.options.client.stageTransaction(batch.number, 'prove')) ?? undefined;
        batch.provenAt = Date.now();
        batch.stage = 'proved';
        await this.options.onStage?.(batch);
      }
      if (batch.stage === 'proved' && batch.number <= progress.executed) {
        batch.executeTxHash = (await this.options.client.stageTransaction(batch.number, 'execute')) ?? undefined;
        batch.gatewayInclusion = await this.waitInclusion(batch.number);
        batch.executedAt = Date.now();
        batch.stage = 'executed';
        await this.options.onStage?.(batch);
      }
    }
  }

  /** Tells the loop there may be work (a batch was sealed). */
  kick(): void {
    if (this.stopped || this.halted || this.manual) return;
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
      if (this.stopped || this.halted) return;
      const batch = this.options.batches().find((b) => b.stage === 'sealed' || b.stage === 'committed' || b.stage === 'proved');
      if (!batch) return;
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
        this.options.prepare(batch);
        await pause(delays?.commitMs);
        batch.commitTxHash = await client.commit(batch);
        batch.committedAt = Date.now();
        batch.stage = 'committed';
      } else if (stage === 'committed') {
        await pause(delays?.proveMs);
        batch.proveTxHash = await client.prove(batch);
        batch.provenAt = Date.now();
        batch.stage = 'proved';
      } else if (stage === 'proved') {
        await pause(delays?.executeMs);
        batch.executeTxHash = await client.execute(batch);
        batch.gatewayInclusion = await this.waitInclusion(batch.number);
        batch.executedAt = Date.now();
        batch.stage = 'executed';
      }
    } catch (error) {
      if (this.stopped) return;
      this.halted = new SettlementHaltedError(batch.number, stageAction(stage), error);
      batch.error = this.halted.message;
      batch.stage = 'failed';
      this.options.onHalt?.(batch, this.halted);
      await this.record(batch);
      return;
    }
    await this.record(batch);
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

function stageAction(stage: Batch['stage']): string {
  return stage === 'sealed' ? 'commit' : stage === 'committed' ? 'prove' : 'execute';
}

function pause(ms: number | undefined): Promise<void> {
  return ms && ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
