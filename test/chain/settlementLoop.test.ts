/**
 * The SettlementLoop on its own: batches as plain data, a fake Gateway behind the SettlementClient
 * interface (it records what is sent, lands stages, can reject one, can hold one in flight), and fake
 * timers for the stage delays and inclusion polls. What it promises: commit → prove → execute for
 * each batch, batches in order; delays before each stage; a rejection halts everything after it;
 * manual steps; reconcile with what Gateway already recorded; idle/stop/restart; pause/resume; with
 * `retry` (Gateway on the L1), a transaction that reverted is sent again.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { keccak256, toHex, type Hex } from 'viem';
import { MAX_REVERTED_SENDS, SettlementHaltedError, SettlementLoop, type SettlementClient, type SettlementLoopOptions } from '../../src/chain/settlementLoop.ts';
import type { Batch } from '../../src/chain/types.ts';
import { SettlementLayerRejectedError } from '../../src/chain/settlementClient.ts';

/** What Gateway answers for an executed batch (named through Batch, wherever the wire type lives). */
type GatewayInclusion = NonNullable<Batch['gatewayInclusion']>;

type Stage = 'commit' | 'prove' | 'execute';
const COUNTER = { commit: 'committed', prove: 'proved', execute: 'executed' } as const;

const txHash = (stage: string, batchNumber: number): Hex => keccak256(toHex(`${stage} ${batchNumber}`));

function inclusionOf(batchNumber: number): GatewayInclusion {
  return { gatewayChainId: 506, gatewayBlockNumber: 100 + batchNumber, batchLeafProofMask: 0, batchLeafProof: [], sharedTreeIndex: 0, sharedTreeProof: [], interopRoot: txHash('root', batchNumber) };
}

/** A promise with its resolve/reject outside. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fake Gateway: records the stages sent, lands them in its counters, rejects or holds on request. */
class FakeGateway implements SettlementClient {
  /** every settlement transaction sent, as 'commit 1' */
  readonly sent: string[] = [];
  /** what Gateway has recorded (the settlement contract's counters) */
  readonly landed = { committed: 0, proved: 0, executed: 0 };
  /** inclusion polls answered with null before the inclusion appears, per batch */
  inclusionDelayPolls = 0;
  readonly inclusionPolls = new Map<number, number>();
  private readonly rejections = new Map<string, Error>();
  private readonly onceRejections = new Map<string, Error>();
  private readonly holds = new Map<string, ReturnType<typeof deferred<void>>>();

  /** The next `stage` of `batchNumber` fails like a reverted Gateway transaction. */
  reject(stage: Stage, batchNumber: number, reason = 'BatchHashMismatch()'): SettlementLayerRejectedError {
    const error = new SettlementLayerRejectedError(stage, reason);
    this.rejections.set(`${stage} ${batchNumber}`, error);
    return error;
  }

  /** The next `stage` of `batchNumber` is mined and reverts once (`reverted`), as zkinterop_rejectNextL1Batch makes it. */
  revertOnce(stage: Stage, batchNumber: number): void {
    this.onceRejections.set(`${stage} ${batchNumber}`, revertedError(stage, batchNumber));
  }

  /** Every `stage` of `batchNumber` is mined and reverts (`reverted`). */
  revertAlways(stage: Stage, batchNumber: number): void {
    this.rejections.set(`${stage} ${batchNumber}`, revertedError(stage, batchNumber));
  }

  /** The `stage` of `batchNumber` stays in flight until the returned gate is opened (or failed). */
  hold(stage: Stage, batchNumber: number) {
    const gate = deferred<void>();
    this.holds.set(`${stage} ${batchNumber}`, gate);
    return gate;
  }

  commit = (batch: Batch) => this.send('commit', batch);
  prove = (batch: Batch) => this.send('prove', batch);
  execute = (batch: Batch) => this.send('execute', batch);

  async inclusion(batchNumber: number): Promise<GatewayInclusion | null> {
    const polls = (this.inclusionPolls.get(batchNumber) ?? 0) + 1;
    this.inclusionPolls.set(batchNumber, polls);
    return this.landed.executed >= batchNumber && polls > this.inclusionDelayPolls ? inclusionOf(batchNumber) : null;
  }

  async progress() {
    return { ...this.landed };
  }

  async stageTransaction(batchNumber: number, stage: Stage): Promise<Hex | null> {
    return this.landed[COUNTER[stage]] >= batchNumber ? txHash(stage, batchNumber) : null;
  }

  private async send(stage: Stage, batch: Batch): Promise<Hex> {
    const key = `${stage} ${batch.number}`;
    this.sent.push(key);
    const gate = this.holds.get(key);
    if (gate) {
      this.holds.delete(key);
      await gate.promise;
    }
    const once = this.onceRejections.get(key);
    if (once) {
      this.onceRejections.delete(key);
      throw once;
    }
    const rejection = this.rejections.get(key);
    if (rejection) throw rejection;
    this.landed[COUNTER[stage]] = batch.number;
    return txHash(stage, batch.number);
  }
}

/** A stage transaction mined on the layer that reverted although its simulation passed. */
function revertedError(stage: Stage, batchNumber: number): SettlementLayerRejectedError {
  return new SettlementLayerRejectedError(stage, 'reverted', undefined, txHash(`reverted ${stage}`, batchNumber));
}

/** Genesis (executed), `sealed` sealed batches, then the open batch. */
function batchesOf(sealed: number): Batch[] {
  const batch = (number: number, stage: Batch['stage']): Batch => ({ number, stage, firstBlock: number, lastBlock: number, timestamp: number, txHashes: [], logs: [], dependencyRoots: [] });
  return [batch(0, 'executed'), ...Array.from({ length: sealed }, (_, i) => batch(i + 1, 'sealed')), batch(sealed + 1, 'open')];
}

/** A loop over `sealed` sealed batches with a fresh fake Gateway; `events` records prepare/onStage/onHalt in order. */
function setup(sealed: number, options: Partial<SettlementLoopOptions> = {}) {
  const gateway = new FakeGateway();
  const batches = batchesOf(sealed);
  const events: string[] = [];
  const halts: { batch: Batch; error: unknown }[] = [];
  const loop = new SettlementLoop({
    client: gateway,
    batches: () => batches,
    prepare: (batch) => {
      events.push(`prepare ${batch.number}`);
      batch.batchHash = txHash('batch', batch.number);
    },
    onStage: (batch) => void events.push(`${batch.number} ${batch.stage}`),
    onHalt: (batch, error) => {
      events.push(`halt ${batch.number}`);
      halts.push({ batch, error });
    },
    ...options,
  });
  return { gateway, batches, events, halts, loop, stages: () => batches.map((b) => b.stage) };
}

/** Lets every promise that can settle now settle (fake timers: no time passes). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SettlementLoop: the automatic pipeline', () => {
  test('behavior: each sealed batch goes commit → prove → execute, and batches go in order', async () => {
    const { gateway, loop, stages } = setup(2);
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1', 'commit 2', 'prove 2', 'execute 2']);
    expect(stages()).toEqual(['executed', 'executed', 'executed', 'open']);
  });

  test('behavior: each stage records its Gateway transaction and time on the batch, and execute its inclusion', async () => {
    const { batches, loop } = setup(1);
    loop.kick();
    await loop.idle();
    expect(batches[1]).toMatchObject({
      commitTxHash: txHash('commit', 1),
      proveTxHash: txHash('prove', 1),
      executeTxHash: txHash('execute', 1),
      committedAt: Date.now(),
      provenAt: Date.now(),
      executedAt: Date.now(),
      gatewayInclusion: inclusionOf(1),
    });
  });

  test('behavior: prepare runs once per batch, before its commit', async () => {
    const { events, loop } = setup(2);
    loop.kick();
    await loop.idle();
    expect(events.filter((e) => e.startsWith('prepare') || e.endsWith('committed'))).toEqual(['prepare 1', '1 committed', 'prepare 2', '2 committed']);
  });

  test('behavior: onStage is told about every stage change, in order', async () => {
    const { events, loop } = setup(2);
    loop.kick();
    await loop.idle();
    expect(events.filter((e) => !e.startsWith('prepare'))).toEqual(['1 committed', '1 proved', '1 executed', '2 committed', '2 proved', '2 executed']);
  });

  test('behavior: the loop waits for onStage before it goes on', async () => {
    const journal = deferred<void>();
    const { gateway, loop } = setup(1, { onStage: (batch) => (batch.stage === 'committed' ? journal.promise : undefined) });
    loop.kick();
    await settle();
    expect(gateway.sent).toEqual(['commit 1']);
    journal.resolve();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1']);
  });

  test('behavior: open and already executed batches are left alone', async () => {
    const { gateway, loop, stages } = setup(0);
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual([]);
    expect(stages()).toEqual(['executed', 'open']);
  });

  test('behavior: a batch sealed while the loop runs is settled in the same run', async () => {
    const { gateway, batches, loop } = setup(1);
    const gate = gateway.hold('commit', 1);
    loop.kick();
    await settle();
    batches[2]!.stage = 'sealed';
    batches.push({ ...batches[2]!, number: 3, stage: 'open' });
    loop.kick();
    gate.resolve();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1', 'commit 2', 'prove 2', 'execute 2']);
  });

  test('default: the stage delays are zero unless given', () => {
    const { loop } = setup(0);
    expect(loop.delays).toEqual({ commitMs: 0, proveMs: 0, executeMs: 0 });
  });

  test('behavior: each stage waits its delay before its Gateway transaction', async () => {
    const { gateway, loop } = setup(1, { delays: { commitMs: 100, proveMs: 200, executeMs: 300 } });
    loop.kick();
    const sentAfter = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return [...gateway.sent];
    };
    expect(await sentAfter(99)).toEqual([]);
    expect(await sentAfter(1)).toEqual(['commit 1']);
    expect(await sentAfter(199)).toEqual(['commit 1']);
    expect(await sentAfter(1)).toEqual(['commit 1', 'prove 1']);
    expect(await sentAfter(299)).toEqual(['commit 1', 'prove 1']);
    expect(await sentAfter(1)).toEqual(['commit 1', 'prove 1', 'execute 1']);
    await loop.idle();
  });

  test('behavior: setDelays takes effect from the next stage', async () => {
    const { gateway, loop } = setup(1, { delays: { commitMs: 0, proveMs: 1_000, executeMs: 0 } });
    loop.setDelays({ commitMs: 0, proveMs: 10, executeMs: 0 });
    loop.kick();
    await vi.advanceTimersByTimeAsync(10);
    expect(loop.delays).toEqual({ commitMs: 0, proveMs: 10, executeMs: 0 });
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1']);
  });

  test('behavior: after execute the batch stays proved until Gateway has its inclusion, polled every inclusionPollMs', async () => {
    const { gateway, batches, loop } = setup(1, { inclusionPollMs: 50 });
    gateway.inclusionDelayPolls = 2;
    loop.kick();
    await settle();
    expect([gateway.inclusionPolls.get(1), batches[1]!.stage]).toEqual([1, 'proved']);
    await vi.advanceTimersByTimeAsync(49);
    expect([gateway.inclusionPolls.get(1), batches[1]!.stage]).toEqual([1, 'proved']);
    await vi.advanceTimersByTimeAsync(1);
    expect([gateway.inclusionPolls.get(1), batches[1]!.stage]).toEqual([2, 'proved']);
    await vi.advanceTimersByTimeAsync(50);
    expect([gateway.inclusionPolls.get(1), batches[1]!.stage]).toEqual([3, 'executed']);
    expect(batches[1]!.gatewayInclusion).toEqual(inclusionOf(1));
  });
});

describe('SettlementLoop: halting on a rejection', () => {
  test('error: a rejected stage halts the loop with SettlementHaltedError naming the batch, the stage and the reason', async () => {
    const { gateway, loop } = setup(1);
    const rejection = gateway.reject('prove', 1, 'InvalidProof()');
    loop.kick();
    await loop.idle();
    expect(loop.halted).toBeInstanceOf(SettlementHaltedError);
    expect(loop.halted).toMatchObject({ code: 'SETTLEMENT_HALTED', cause: rejection });
    expect(loop.halted!.message).toMatch(/^batch 1 was rejected by Gateway at prove: Gateway rejected prove: InvalidProof\(\)\. The chain's settlement pipeline has stopped/);
  });

  test('behavior: the rejected batch is marked failed with the halt message', async () => {
    const { gateway, batches, loop } = setup(1);
    gateway.reject('commit', 1);
    loop.kick();
    await loop.idle();
    expect(batches[1]).toMatchObject({ stage: 'failed', error: loop.halted!.message });
  });

  test('behavior: onHalt is called once, with the failed batch and the halt error', async () => {
    const { gateway, batches, halts, loop } = setup(2);
    gateway.reject('execute', 1);
    loop.kick();
    await loop.idle();
    loop.kick();
    await loop.idle();
    expect(halts).toEqual([{ batch: batches[1], error: loop.halted }]);
  });

  test('behavior: the failed batch is handed to onStage (journaled) after onHalt', async () => {
    const { gateway, events, loop } = setup(1);
    gateway.reject('prove', 1);
    loop.kick();
    await loop.idle();
    expect(events).toEqual(['prepare 1', '1 committed', 'halt 1', '1 failed']);
  });

  test('behavior: nothing is sent after a halt, not even for batches sealed later', async () => {
    const { gateway, batches, loop } = setup(2);
    gateway.reject('commit', 1);
    loop.kick();
    await loop.idle();
    batches[3]!.stage = 'sealed';
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1']);
    expect(batches.map((b) => b.stage)).toEqual(['executed', 'failed', 'sealed', 'sealed']);
  });

  test('error: step after a halt throws the SettlementHaltedError and sends nothing', async () => {
    const { gateway, loop } = setup(2);
    gateway.reject('commit', 1);
    loop.kick();
    await loop.idle();
    await expect(loop.step('commit')).rejects.toBe(loop.halted);
    expect(gateway.sent).toEqual(['commit 1']);
  });

  test('behavior: a stage that fails after stop does not halt the loop', async () => {
    const { gateway, batches, halts, loop } = setup(1);
    const gate = gateway.hold('commit', 1);
    gateway.reject('commit', 1);
    loop.kick();
    await settle();
    const stopped = loop.stop();
    gate.resolve();
    await stopped;
    expect([loop.halted, halts.length, batches[1]!.stage]).toEqual([undefined, 0, 'sealed']);
  });
  test('error: an onStage that fails (a journal write) does not escape as an unhandled rejection', async () => {
    // An unhandled rejection ends a Node process (the `zkinterop up` CLI has no handler for it); the
    // chain node's onStage throws once its store write fails. Vitest's own listeners are set aside
    // so that the leak shows up as this test's failure, not as an error of the whole run.
    vi.useRealTimers();
    const unhandled: unknown[] = [];
    const vitestListeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', (reason) => void unhandled.push(reason));
    try {
      const { gateway, loop } = setup(1, {
        onStage: () => {
          throw new Error('store down');
        },
      });
      loop.kick();
      await new Promise((resolve) => setImmediate(resolve)); // one turn: Node reports unhandled rejections
      expect(gateway.sent).toEqual(['commit 1']);
      expect(unhandled).toEqual([]);
      expect(loop.halted?.message).toContain('could not record it (store down)');
    } finally {
      process.removeAllListeners('unhandledRejection');
      for (const listener of vitestListeners) process.on('unhandledRejection', listener);
    }
  });
});

describe('SettlementLoop: manual mode', () => {
  test('behavior: in manual mode kick sends nothing', async () => {
    const { gateway, loop } = setup(2, { manual: true });
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual([]);
  });

  test('behavior: step advances exactly one batch by exactly one stage and returns it', async () => {
    const { gateway, batches, loop, stages } = setup(2, { manual: true });
    const advanced = await loop.step('commit');
    expect(advanced).toBe(batches[1]);
    expect(gateway.sent).toEqual(['commit 1']);
    expect(stages()).toEqual(['executed', 'committed', 'sealed', 'open']);
  });

  test('behavior: steps take the batches in order, each stage on its own', async () => {
    const { gateway, loop, stages } = setup(2, { manual: true });
    const numbers = [];
    for (const stage of ['commit', 'commit', 'prove', 'execute', 'prove'] as const) numbers.push((await loop.step(stage))?.number);
    expect(numbers).toEqual([1, 2, 1, 1, 2]);
    expect(gateway.sent).toEqual(['commit 1', 'commit 2', 'prove 1', 'execute 1', 'prove 2']);
    expect(stages()).toEqual(['executed', 'executed', 'proved', 'open']);
  });

  test('behavior: step returns undefined and sends nothing when no batch waits for that stage', async () => {
    const { gateway, loop } = setup(1, { manual: true });
    expect([await loop.step('prove'), await loop.step('execute')]).toEqual([undefined, undefined]);
    await loop.step('commit');
    expect(await loop.step('commit')).toBeUndefined();
    expect(gateway.sent).toEqual(['commit 1']);
  });

  test('behavior: a step is journaled through onStage', async () => {
    const { events, loop } = setup(1, { manual: true });
    await loop.step('commit');
    await loop.step('prove');
    expect(events).toEqual(['prepare 1', '1 committed', '1 proved']);
  });

  test('error: a step Gateway rejects throws SettlementHaltedError and leaves the batch failed', async () => {
    const { gateway, batches, halts, loop } = setup(1, { manual: true });
    gateway.reject('commit', 1);
    await expect(loop.step('commit')).rejects.toBeInstanceOf(SettlementHaltedError);
    expect([batches[1]!.stage, halts.length]).toEqual(['failed', 1]);
  });

  test('behavior: a step waits for the step in flight before it picks its batch', async () => {
    const { gateway, loop } = setup(2, { manual: true });
    const gate = gateway.hold('commit', 1);
    const first = loop.step('commit');
    await settle();
    const second = loop.step('commit');
    await settle();
    expect(gateway.sent).toEqual(['commit 1']);
    gate.resolve();
    expect([(await first)?.number, (await second)?.number]).toEqual([1, 2]);
    expect(gateway.sent).toEqual(['commit 1', 'commit 2']);
  });

  test('behavior: a step waiting behind one that Gateway rejects sends nothing', async () => {
    const { gateway, loop } = setup(2, { manual: true });
    const gate = gateway.hold('commit', 1);
    gateway.reject('commit', 1);
    const first = loop.step('commit');
    await settle();
    const second = loop.step('commit');
    gate.resolve();
    await expect(first).rejects.toBeInstanceOf(SettlementHaltedError);
    await expect(second).rejects.toBe(loop.halted);
    expect(gateway.sent).toEqual(['commit 1']);
  });

  test('behavior: two steps asked for at once advance two batches, each once', async () => {
    const { gateway, loop } = setup(2, { manual: true });
    const [first, second] = await Promise.all([loop.step('commit'), loop.step('commit')]);
    expect([first?.number, second?.number]).toEqual([1, 2]);
    expect(gateway.sent).toEqual(['commit 1', 'commit 2']);
  });
});

describe('SettlementLoop: reconcile after a restart', () => {
  /** Three sealed batches the chain knows only as sealed, of which Gateway has recorded more. */
  function restarted() {
    const s = setup(3);
    Object.assign(s.gateway.landed, { committed: 3, proved: 2, executed: 1 });
    return s;
  }

  test('behavior: reconcile catches the books up with what Gateway recorded, with its transactions', async () => {
    const { batches, loop, stages } = restarted();
    await loop.reconcile();
    expect(stages()).toEqual(['executed', 'executed', 'proved', 'committed', 'open']);
    expect(batches[1]).toMatchObject({ commitTxHash: txHash('commit', 1), proveTxHash: txHash('prove', 1), executeTxHash: txHash('execute', 1), gatewayInclusion: inclusionOf(1), executedAt: Date.now() });
    expect([batches[3]!.commitTxHash, batches[3]!.proveTxHash]).toEqual([txHash('commit', 3), undefined]);
  });

  test('behavior: reconcile sends nothing to Gateway', async () => {
    const { gateway, loop } = restarted();
    await loop.reconcile();
    expect(gateway.sent).toEqual([]);
  });

  test('behavior: reconcile prepares each batch it marks committed, and journals every stage it catches up', async () => {
    const { events, loop } = restarted();
    await loop.reconcile();
    expect(events).toEqual(['prepare 1', '1 committed', '1 proved', '1 executed', 'prepare 2', '2 committed', '2 proved', 'prepare 3', '3 committed']);
  });

  test('behavior: after reconcile the loop sends only the stages that had not landed', async () => {
    const { gateway, loop, stages } = restarted();
    await loop.reconcile();
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual(['execute 2', 'prove 3', 'execute 3']);
    expect(stages()).toEqual(['executed', 'executed', 'executed', 'executed', 'open']);
  });

  test('behavior: reconcile starts from the stage the books already hold', async () => {
    const { batches, events, loop, stages } = restarted();
    batches[1]!.stage = 'proved';
    batches[2]!.stage = 'committed';
    await loop.reconcile();
    expect(stages()).toEqual(['executed', 'executed', 'proved', 'committed', 'open']);
    expect(events).toEqual(['1 executed', '2 proved', 'prepare 3', '3 committed']);
  });

  test('behavior: reconcile leaves alone what Gateway has not recorded', async () => {
    const { events, loop, stages } = setup(2);
    await loop.reconcile();
    expect(stages()).toEqual(['executed', 'sealed', 'sealed', 'open']);
    expect(events).toEqual([]);
  });

  test('behavior: reconcile waits for the inclusion of a batch Gateway executed', async () => {
    const { gateway, batches, loop } = restarted();
    gateway.inclusionDelayPolls = 1;
    const done = loop.reconcile();
    await settle();
    expect(batches[1]!.stage).toBe('proved');
    await vi.advanceTimersByTimeAsync(5);
    await done;
    expect(batches[1]).toMatchObject({ stage: 'executed', gatewayInclusion: inclusionOf(1) });
  });
});

/** Starts batch 1's commit, asks the loop to stop while it is in flight, then lets it land. */
async function stopWithCommitInFlight(gateway: ReturnType<typeof setup>['gateway'], loop: SettlementLoop): Promise<void> {
  const gate = gateway.hold('commit', 1);
  loop.kick();
  await settle();
  const stopped = loop.stop();
  gate.resolve();
  await stopped;
}

describe('SettlementLoop: idle, stop and restart', () => {
  test('behavior: idle resolves only once the work in flight is done', async () => {
    const { gateway, loop } = setup(1);
    const gate = gateway.hold('prove', 1);
    loop.kick();
    let idle = false;
    const waiting = loop.idle().then(() => (idle = true));
    await settle();
    expect([idle, loop.busy]).toEqual([false, true]);
    gate.resolve();
    await waiting;
    expect([idle, loop.busy, gateway.sent]).toEqual([true, false, ['commit 1', 'prove 1', 'execute 1']]);
  });

  test('behavior: idle resolves at once when nothing is in flight', async () => {
    const { loop } = setup(1, { manual: true });
    let idle = false;
    void loop.idle().then(() => (idle = true));
    await Promise.resolve();
    await Promise.resolve();
    expect([idle, loop.busy]).toEqual([true, false]);
  });

  test('behavior: stop lets the stage in flight finish and starts no other', async () => {
    const { gateway, batches, loop } = setup(2);
    await stopWithCommitInFlight(gateway, loop);
    expect([gateway.sent, batches[1]!.stage, loop.isStopped, loop.busy]).toEqual([['commit 1'], 'committed', true, false]);
  });

  test('behavior: a stopped loop ignores kicks', async () => {
    const { gateway, loop } = setup(1);
    await loop.stop();
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual([]);
  });

  test('behavior: stop while waiting for the inclusion leaves the batch proved for reconcile, without a halt', async () => {
    const { gateway, batches, halts, loop } = setup(1, { inclusionPollMs: 50 });
    gateway.inclusionDelayPolls = Infinity;
    loop.kick();
    await settle();
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1']);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(50);
    await stopped;
    expect([batches[1]!.stage, loop.halted, halts.length]).toEqual(['proved', undefined, 0]);
  });

  test('behavior: pause lets the stage in flight finish and starts no other until resume', async () => {
    const { gateway, batches, loop } = setup(1);
    const gate = gateway.hold('commit', 1);
    loop.kick();
    await settle();
    const paused = loop.pause();
    gate.resolve();
    await paused;
    expect([gateway.sent, batches[1]!.stage, loop.busy]).toEqual([['commit 1'], 'committed', false]);
  });

  test('behavior: a paused loop ignores kicks, even for a batch sealed meanwhile', async () => {
    const { gateway, batches, loop } = setup(0);
    await loop.pause();
    batches[1]!.stage = 'sealed';
    loop.kick();
    await settle();
    expect([gateway.sent, loop.busy]).toEqual([[], false]);
  });

  test('behavior: resume settles what waited while the loop was paused', async () => {
    const { gateway, batches, loop } = setup(0);
    await loop.pause();
    batches[1]!.stage = 'sealed';
    loop.kick();
    loop.resume();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1']);
  });

  test('behavior: the loop stays paused until every pause is resumed', async () => {
    const { gateway, loop } = setup(1);
    await loop.pause();
    await loop.pause();
    loop.resume();
    await settle();
    expect(gateway.sent).toEqual([]);
    loop.resume();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1', 'prove 1', 'execute 1']);
  });

  test('behavior: restart settles the backlog in order', async () => {
    const { gateway, batches, loop } = setup(1);
    await stopWithCommitInFlight(gateway, loop);
    batches[2]!.stage = 'sealed';
    loop.restart();
    await loop.idle();
    expect([loop.isStopped, gateway.sent]).toEqual([false, ['commit 1', 'prove 1', 'execute 1', 'commit 2', 'prove 2', 'execute 2']]);
  });
});

describe('SettlementLoop: retry (Gateway on the L1)', () => {
  function withRetry(sealed: number) {
    const told: string[] = [];
    const retry: SettlementLoopOptions['retry'] = {
      afterMs: 50,
      failed: (batch, stage) => void told.push(`failed ${stage} ${batch.number}`),
      recovered: (batch, stage, hash) => void told.push(`recovered ${stage} ${batch.number} ${hash === txHash(stage, batch.number)}`),
    };
    return { ...setup(sealed, { retry }), told };
  }

  test('behavior: a commit that reverted is sent again and the batch settles, never failed', async () => {
    const { gateway, loop, stages, halts, told } = withRetry(1);
    gateway.revertOnce('commit', 1);
    loop.kick();
    await vi.advanceTimersByTimeAsync(1_000);
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1', 'commit 1', 'prove 1', 'execute 1']);
    expect(stages()).toEqual(['executed', 'executed', 'open']);
    expect(halts).toEqual([]);
    expect(told).toEqual(['failed commit 1', 'recovered commit 1 true']);
  });

  test('behavior: a transaction that keeps reverting halts the loop after MAX_REVERTED_SENDS sends', async () => {
    const { gateway, loop, stages, halts } = withRetry(1);
    gateway.revertAlways('commit', 1);
    loop.kick();
    await vi.advanceTimersByTimeAsync(1_000);
    await loop.idle();
    expect(gateway.sent).toEqual(Array.from({ length: MAX_REVERTED_SENDS }, () => 'commit 1'));
    expect(stages()[1]).toBe('failed');
    expect(halts).toHaveLength(1);
  });

  test('behavior: a refused batch (its simulation failed) still halts at once, with retry', async () => {
    const { gateway, loop, stages, halts, told } = withRetry(1);
    gateway.reject('commit', 1);
    loop.kick();
    await loop.idle();
    expect(gateway.sent).toEqual(['commit 1']);
    expect(stages()[1]).toBe('failed');
    expect(halts).toHaveLength(1);
    expect(told).toEqual([]);
  });
});
