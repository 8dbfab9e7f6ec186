/**
 * The network's index of protocol v31 bundles (`zkinterop_getBundle`, `zkinterop_listBundles`): one per
 * network, beside the root relays. Whoever runs it tells it of each sealed block of every chain
 * (`blockSealed`); it only marks the chain dirty, and on its next turn reads that chain's new blocks with
 * one `eth_getLogs` range (in pages, `getLogsInPages`) filtered by InteropCenter (0x…1000d) and
 * InteropHandler (0x…1000e), through the chain's `RpcClient` only — never the node's objects, so it could
 * run in another process. From InteropCenter's `InteropBundleSent` it records each bundle (the carrying
 * L2→L1 message's index in its transaction is counted from the receipt as zksync-js counts it:
 * `L1MessageSent` logs of L1Messenger before the event); from InteropHandler's `BundleVerified`,
 * `BundleExecuted` and `BundleUnbundled` on the destination, those steps. A page's new bundles have their
 * reads (receipt, lifecycle) in flight together, READS_AT_ONCE at a time, and are recorded in log order. `settled` and `rootImported`
 * are asked, for the bundles still waiting for them only: the source's
 * `zkinterop_getMessageLifecycle(tx, index)` (its `executed` step: Gateway's transaction, block and the
 * batch) and then the destination's `zkinterop_getImportedRoot(gateway, gatewayBlockNumber)`. While a
 * bundle waits to settle (which seals no block of the chains) a turn also runs every `pollMs`. A turn
 * looks only at the bundles still waiting for a step (`waiting`: no root yet; `open`: root imported, not
 * executed or unbundled), never at every bundle seen, so its cost does not grow with the history.
 *
 * Times: `sent`, `settled` and `rootImported` are the nodes' own (the source lifecycle's `sent` step, its
 * `executed` step, the destination's `importedAt`); the handler's events are stamped with the time the
 * index read them, and when read at a (re)build — start, restart, revert, a chain joining — with their
 * block's timestamp × 1000 (the node keeps no finer time for them). Each node stamps its own step, so
 * `settled` (when the source saw its batch executed on Gateway) may come a moment after `rootImported`
 * (when the destination's watcher took Gateway's root): the steps keep stage order. A relayer's failed attempt is
 * recorded with `recordFailure` (kept in memory only: after a restart the relayer tries once more).
 *
 * State is in memory, rebuilt at start by reading every chain from block 0 (the chains' journals are
 * the durable truth) and again on `rebuild` (after a network revert). A chain added at runtime joins on
 * the next turn (`chains()` is read at each one). Turns run one after another, never beside a rebuild.
 */
import { decodeEventLog, getAddress, keccak256, type Address, type Hex } from 'viem';
import { INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS, interopCenterAbi, interopHandlerAbi } from '../contracts/index.ts';
import { bundleHash as hashOfBundle, decodeBundleMessage } from '../protocol/bundle.ts';
import type { RpcClient } from '../rpc/client.ts';
import { getLogsInPages } from '../rpc/getLogsInPages.ts';
import { sentMessages, type ZkReceipt } from '../sdk/internal/receipt.ts';
import {
  BUNDLE_STAGES,
  type BundleCallSummary,
  type BundleFailure,
  type BundleLifecycle,
  type BundleListFilter,
  type BundleListPage,
  type BundleStage,
  type BundleStep,
  type ImportedRoot,
  type MessageLifecycle,
} from '../wire/types.ts';

/** A chain the index follows: its id and JSON-RPC client. */
export type IndexedChain = { chainId: number; client: RpcClient };

/** What decides whether a bundle is the relayer's to execute (`BundleLifecycle.relayed`). */
export type RelayedRule = (bundle: { destinationChainId: number; executionAddress: Hex | null }) => boolean;

/** Options of a BundleIndex. */
export type BundleIndexOptions = {
  gatewayChainId: number;
  /** the settling chains to follow, read at every turn (a chain added at runtime joins) */
  chains: () => IndexedChain[];
  /** pause between turns while a bundle waits to settle (ms) */
  pollMs: () => number;
  /** told of failures of the index itself (the turn is retried) */
  onError: (error: unknown) => void;
  /** told after every turn */
  onTurn?: () => void;
};

/** A receipt with its logs' positions (eth_getTransactionReceipt). */
type Receipt = Omit<ZkReceipt, 'logs'> & { logs: (ZkReceipt['logs'][number] & { logIndex?: Hex })[] };

type LogEntry = { address: Address; topics: [Hex, ...Hex[]]; data: Hex; blockNumber: Hex; transactionHash: Hex; logIndex: Hex };

/** One bundle as the index holds it. */
type BundleRecord = Omit<BundleLifecycle, 'stage' | 'steps' | 'relayed' | 'failure'> & {
  sent: BundleStep;
  settled?: BundleStep;
  rootImported?: BundleStep;
  /** verified / executed / unbundled on the destination, in the order read */
  destination: BundleStep[];
  failure?: BundleFailure;
  /** insertion order (ties of `sent.at`) */
  seq: number;
};

/** How many logs of a page have their reads in flight at once (new bundles' receipts and lifecycles). */
const READS_AT_ONCE = 64;

/** Default and largest page of `list`. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const stageRank = (stage: BundleStage) => BUNDLE_STAGES.indexOf(stage);

/** The network's bundles; see module header. */
export class BundleIndex {
  private readonly bundles = new Map<Hex, BundleRecord>();
  /** handler steps read before their bundle's InteropBundleSent (a destination read first) */
  private readonly orphanSteps = new Map<Hex, BundleStep[]>();
  /** bundles without `rootImported` yet, in send order: what a turn asks the nodes about (not every bundle ever seen) */
  private readonly waiting = new Set<BundleRecord>();
  /** bundles with `rootImported`, not seen executed or unbundled: what `executable` looks through */
  private readonly open = new Set<BundleRecord>();
  /** per chain: last block read, and whether its reads are live (not a (re)build from block 0) */
  private readonly followed = new Map<number, { processed: number; live: boolean }>();
  private readonly dirty = new Set<number>();
  private seq = 0;
  private turning: Promise<void> = Promise.resolve();
  private scheduled = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private relayedRule: RelayedRule = () => false;

  constructor(private readonly options: BundleIndexOptions) {}

  /**
   * Reads every chain from block 0 (start): resolves once the index holds their history.
   * @example const index = new BundleIndex({ ... }); await index.start();
   */
  start(): Promise<void> {
    return this.enqueue(() => this.turn());
  }

  /** Chain `chainId` sealed a block: its new logs are read on the next turn (coalesced). */
  blockSealed(chainId: number): void {
    this.dirty.add(chainId);
    this.schedule();
  }

  /** Forgets everything and reads every chain from block 0 again (after a network revert). */
  rebuild(): Promise<void> {
    return this.enqueue(async () => {
      this.bundles.clear();
      this.orphanSteps.clear();
      this.waiting.clear();
      this.open.clear();
      this.followed.clear();
      this.dirty.clear();
      await this.turn();
    });
  }

  /** Who decides `relayed` (the relayer, when one runs). */
  setRelayedRule(rule: RelayedRule): void {
    this.relayedRule = rule;
  }

  /** Keeps the relayer's failed attempt with the bundle (in memory; see module header). */
  recordFailure(bundleHash: Hex, failure: BundleFailure): void {
    const record = this.bundles.get(bundleHash);
    if (record) record.failure = failure;
  }

  /** A bundle's lifecycle, or undefined for a hash the index has not seen. */
  get(bundleHash: Hex): BundleLifecycle | undefined {
    const record = this.bundles.get(bundleHash.toLowerCase() as Hex);
    return record ? this.present(record) : undefined;
  }

  /** Every bundle known, as lifecycles (no order). */
  all(): BundleLifecycle[] {
    return [...this.bundles.values()].map((r) => this.present(r));
  }

  /** One page of the bundles matching `filter`, newest first (by their `sent` time). */
  list(filter: BundleListFilter = {}): BundleListPage {
    const matching = [...this.bundles.values()]
      .filter((r) => filter.sourceChainId === undefined || r.sourceChainId === filter.sourceChainId)
      .filter((r) => filter.destinationChainId === undefined || r.destinationChainId === filter.destinationChainId)
      .map((r) => ({ r, lifecycle: this.present(r) }))
      .filter(({ lifecycle }) => filter.stage === undefined || lifecycle.stage === filter.stage)
      .sort((a, b) => b.r.sent.at - a.r.sent.at || b.r.seq - a.r.seq);
    const offset = filter.offset ?? 0;
    const limit = Math.min(filter.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    return { total: matching.length, bundles: matching.slice(offset, offset + limit).map((m) => m.lifecycle) };
  }

  /** Ends its timers; a turn in flight finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    await this.turning;
  }

  // ---------------------------------------------------------------- turns

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.turning.then(async () => {
      if (this.stopped) return;
      await work();
    });
    this.turning = run.catch(() => undefined);
    return run;
  }

  /** One turn soon, however many blocks are sealed until it starts (at most one waits behind a running turn). */
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.enqueue(async () => {
        this.scheduled = false;
        await this.turn();
      }).catch((error) => this.options.onError(error));
    });
  }

  private async turn(): Promise<void> {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const chains = this.options.chains();
    for (const chain of chains) {
      if (!this.followed.has(chain.chainId)) {
        this.followed.set(chain.chainId, { processed: -1, live: false });
        this.dirty.add(chain.chainId);
      }
    }
    let failure: unknown;
    for (const chain of chains) {
      if (!this.dirty.delete(chain.chainId)) continue;
      try {
        await this.readChain(chain);
      } catch (error) {
        this.dirty.add(chain.chainId);
        failure ??= error;
      }
    }
    try {
      await this.advanceWaiting(new Map(chains.map((c) => [c.chainId, c.client])));
    } catch (error) {
      failure ??= error;
    }
    if (!this.stopped && (failure !== undefined || this.dirty.size > 0 || [...this.waiting].some((r) => !r.settled))) {
      this.pollTimer = setTimeout(() => this.schedule(), Math.max(1, this.options.pollMs()));
      this.pollTimer.unref?.();
    }
    this.options.onTurn?.();
    if (failure !== undefined) throw failure;
  }

  /** Reads `chain`'s blocks after the last one read, up to its head, page by page. */
  private async readChain(chain: IndexedChain): Promise<void> {
    const state = this.followed.get(chain.chainId)!;
    const head = Number(BigInt(await chain.client.request<Hex>('eth_blockNumber')));
    const pages = getLogsInPages<LogEntry>(chain.client, { filter: { address: [INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS] }, fromBlock: state.processed + 1, toBlock: head });
    for await (const page of pages) {
      const receipts = new Map<Hex, Promise<Receipt>>();
      const timestamps = new Map<number, number>();
      for (let start = 0; start < page.logs.length; start += READS_AT_ONCE) {
        const logs = page.logs.slice(start, start + READS_AT_ONCE);
        // The new bundles' reads (receipt, lifecycle) of a slice start at once; they are applied in log order.
        const sends = new Map<LogEntry, Promise<(() => void) | undefined>>();
        for (const log of logs) {
          if (!same(log.address, INTEROP_CENTER_ADDRESS)) continue;
          const read = this.readSent(chain, log, receipts);
          read.catch(() => undefined); // awaited below; a failure fails the page there
          sends.set(log, read);
        }
        for (const log of logs) {
          const send = sends.get(log);
          if (send) (await send)?.();
          else if (same(log.address, INTEROP_HANDLER_ADDRESS)) await this.applyHandler(chain, log, state.live, timestamps);
        }
      }
      // Only a page read in full counts (a failed one is read again: applying is idempotent).
      state.processed = page.toBlock;
    }
    state.live = true;
  }

  /** Reads what an InteropBundleSent log needs (receipt, lifecycle); resolves with what records it, or undefined when there is nothing to record. */
  private async readSent(chain: IndexedChain, log: LogEntry, receipts: Map<Hex, Promise<Receipt>>): Promise<(() => void) | undefined> {
    let event;
    try {
      event = decodeEventLog({ abi: interopCenterAbi, topics: log.topics, data: log.data });
    } catch {
      return;
    }
    if (event.eventName !== 'InteropBundleSent') return;
    const hash = event.args.interopBundleHash.toLowerCase() as Hex;
    if (this.bundles.has(hash)) return;
    let read = receipts.get(log.transactionHash);
    if (!read) {
      read = chain.client.request<Receipt>('eth_getTransactionReceipt', [log.transactionHash]);
      receipts.set(log.transactionHash, read);
    }
    const receipt = await read;
    // The messages of the transaction up to this event; the last carries the bundle (bundleReceipt.ts).
    const at = receipt.logs.findIndex((l) => l.logIndex !== undefined && BigInt(l.logIndex) === BigInt(log.logIndex));
    const messages = sentMessages({ ...receipt, logs: receipt.logs.slice(0, at < 0 ? receipt.logs.length : at) });
    const carrier = messages[messages.length - 1];
    if (!carrier || !same(carrier.sender, INTEROP_CENTER_ADDRESS)) {
      this.options.onError(new Error(`bundle index: InteropBundleSent of ${hash} in ${log.transactionHash} on chain ${chain.chainId} has no L1MessageSent of InteropCenter before it; skipped`));
      return;
    }
    const { bundle, encoded } = decodeBundleMessage(carrier.message);
    if (hashOfBundle(chain.chainId, encoded) !== hash) {
      this.options.onError(new Error(`bundle index: InteropBundleSent names ${hash} in ${log.transactionHash} on chain ${chain.chainId}, but its message hashes otherwise; skipped`));
      return;
    }
    const index = messages.length - 1;
    const sender = getAddress(receipt.from);
    const calls: BundleCallSummary[] = bundle.calls.map((c) => ({ to: c.to, data: c.data, value: c.value.toString(), indirect: !same(c.from, sender) }));
    const lifecycle = await messageLifecycle(chain.client, log.transactionHash, index);
    const sentAt = lifecycle?.steps.find((s) => s.step === 'sent')?.at ?? lifecycle?.steps.find((s) => s.step === 'included')?.at ?? Date.now();
    return () => {
      if (this.bundles.has(hash)) return;
      const record: BundleRecord = {
        bundleHash: hash,
        sourceChainId: chain.chainId,
        destinationChainId: Number(bundle.destinationChainId),
        txHash: log.transactionHash,
        index,
        messageHash: keccak256(carrier.message),
        sender,
        calls,
        executionAddress: bundle.bundleAttributes.executionAddress === '0x' ? null : bundle.bundleAttributes.executionAddress,
        unbundlerAddress: bundle.bundleAttributes.unbundlerAddress,
        sent: { step: 'sent', at: sentAt, chainId: chain.chainId, txHash: log.transactionHash, blockNumber: Number(BigInt(log.blockNumber)) },
        destination: this.orphanSteps.get(hash) ?? [],
        seq: this.seq++,
      };
      this.orphanSteps.delete(hash);
      this.bundles.set(hash, record);
      this.waiting.add(record);
      if (lifecycle) this.settle(record, lifecycle);
    };
  }

  private async applyHandler(chain: IndexedChain, log: LogEntry, live: boolean, timestamps: Map<number, number>): Promise<void> {
    let event;
    try {
      event = decodeEventLog({ abi: interopHandlerAbi, topics: log.topics, data: log.data });
    } catch {
      return;
    }
    const step = ({ BundleVerified: 'verified', BundleExecuted: 'executed', BundleUnbundled: 'unbundled' } as const)[event.eventName as 'BundleVerified'];
    if (step === undefined) return;
    const hash = (event.args as { bundleHash: Hex }).bundleHash.toLowerCase() as Hex;
    const blockNumber = Number(BigInt(log.blockNumber));
    const record = this.bundles.get(hash);
    const steps = record?.destination ?? this.orphanSteps.get(hash) ?? [];
    if (steps.some((s) => s.step === step && s.txHash === log.transactionHash)) return;
    let at = Date.now();
    if (!live) {
      if (!timestamps.has(blockNumber)) {
        const block = await chain.client.request<{ timestamp: Hex } | null>('eth_getBlockByNumber', [`0x${blockNumber.toString(16)}`, false]);
        timestamps.set(blockNumber, block ? Number(BigInt(block.timestamp)) * 1000 : at);
      }
      at = timestamps.get(blockNumber)!;
    }
    steps.push({ step, at, chainId: chain.chainId, txHash: log.transactionHash, blockNumber });
    if (!record) this.orphanSteps.set(hash, steps);
    else if (step !== 'verified') this.open.delete(record);
  }

  /**
   * Asks the nodes about the bundles still waiting to settle or for their root on the destination, with
   * few requests however many wait: a chain's batches execute in order, so per source chain it asks in
   * send order and stops at the first bundle not settled yet; per destination it asks once per Gateway
   * block the waiting bundles need.
   */
  private async advanceWaiting(clients: Map<number, RpcClient>): Promise<void> {
    const blockedSources = new Set<number>();
    const waitingRoots = new Map<string, BundleRecord[]>();
    for (const record of this.waiting) {
      if (!record.settled && !blockedSources.has(record.sourceChainId)) {
        const source = clients.get(record.sourceChainId);
        const lifecycle = source ? await messageLifecycle(source, record.txHash, record.index) : null;
        if (lifecycle) this.settle(record, lifecycle);
        if (!record.settled) blockedSources.add(record.sourceChainId);
      }
      if (record.settled && !record.rootImported) {
        const key = `${record.destinationChainId}:${record.settled.gatewayBlockNumber}`;
        waitingRoots.set(key, [...(waitingRoots.get(key) ?? []), record]);
      }
    }
    for (const records of waitingRoots.values()) {
      const { destinationChainId, settled } = records[0]!;
      const destination = clients.get(destinationChainId);
      if (!destination) continue;
      const imported = await destination.request<ImportedRoot | null>('zkinterop_getImportedRoot', [this.options.gatewayChainId, settled!.gatewayBlockNumber!]);
      if (!imported) continue;
      for (const record of records) {
        record.rootImported = { step: 'rootImported', at: imported.importedAt, chainId: destinationChainId, blockNumber: imported.l2BlockNumber, gatewayBlockNumber: imported.blockNumber };
        this.waiting.delete(record);
        if (!processed(record)) this.open.add(record);
      }
    }
  }

  /** The bundles whose root their destination imported and that are neither executed nor unbundled, but for those `skip` names. */
  executable(skip: (bundleHash: Hex) => boolean): BundleLifecycle[] {
    const out: BundleLifecycle[] = [];
    for (const record of this.open) {
      if (skip(record.bundleHash)) continue;
      out.push(this.present(record));
    }
    return out;
  }

  /** The bundles settled on Gateway (so provable) whose root their destination has not imported yet. */
  settledAwaitingRoot(): BundleLifecycle[] {
    const out: BundleLifecycle[] = [];
    for (const record of this.waiting) if (record.settled) out.push(this.present(record));
    return out;
  }

  /** Takes `settled` from the source lifecycle's `executed` step, once there. */
  private settle(record: BundleRecord, lifecycle: MessageLifecycle): void {
    const executed = lifecycle.steps.find((s) => s.step === 'executed');
    if (!executed || lifecycle.gatewayBlockNumber === null) return;
    record.settled = {
      step: 'settled',
      at: executed.at,
      chainId: this.options.gatewayChainId,
      ...(executed.gatewayTxHash ? { txHash: executed.gatewayTxHash } : {}),
      blockNumber: lifecycle.gatewayBlockNumber,
      gatewayBlockNumber: lifecycle.gatewayBlockNumber,
      batchNumber: lifecycle.batchNumber,
    };
  }

  private present(record: BundleRecord): BundleLifecycle {
    const { sent, settled, rootImported, destination, failure, seq: _seq, ...rest } = record;
    const onDestination: BundleStep[] = [...destination];
    if (failure) onDestination.push({ step: 'failed', at: failure.at, chainId: record.destinationChainId });
    // Stable: a verify and an execute of one transaction keep their log order.
    onDestination.sort((a, b) => a.at - b.at);
    const steps = [sent, ...(settled ? [settled] : []), ...(rootImported ? [rootImported] : []), ...onDestination];
    let stage: BundleStage = 'sent';
    for (const s of steps) if (stageRank(s.step) > stageRank(stage)) stage = s.step;
    // A bundle executed or unbundled on chain is past its failed attempt.
    if (stage === 'failed' && destination.some((s) => s.step === 'executed')) stage = 'executed';
    return {
      ...rest,
      stage,
      steps,
      relayed: this.relayedRule({ destinationChainId: record.destinationChainId, executionAddress: record.executionAddress }),
      ...(failure ? { failure } : {}),
    };
  }
}

/** Whether the destination shows the bundle executed or unbundled. */
function processed(record: BundleRecord): boolean {
  return record.destination.some((s) => s.step === 'executed' || s.step === 'unbundled');
}

/** The source chain's lifecycle of the message carrying a bundle, or null while it is unknown there. */
async function messageLifecycle(client: RpcClient, txHash: Hex, index: number): Promise<MessageLifecycle | null> {
  return client.request<MessageLifecycle | null>('zkinterop_getMessageLifecycle', [txHash, index]);
}
