/**
 * The sequencer of one chain: turns queued transactions into L2 blocks on the EVM engine.
 * Each block first imports the interop roots waiting (a call from the bootloader address to
 * L2InteropRootStorage, as ZKsync's bootloader does at the start of a block), then runs the queued
 * user transactions in arrival order, then is mined. One block is sealed at a time; what arrives
 * meanwhile goes into the next one, so blocks grow with load and stay instant when idle.
 * A submission resolves once its block is sealed (like an automining dev node).
 */
import type { Address, Hex, Log } from 'viem';
import { decodeEventLog, encodeFunctionData } from 'viem';
import type { Engine } from './engine.ts';
import { ZkInteropError } from '../errors.ts';
import {
  BOOTLOADER_ADDRESS,
  L1_MESSENGER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
} from '../protocol/constants.ts';
import { l1MessengerAbi, l2InteropRootStorageAbi } from '../contracts/index.ts';
import type { IncludedTx, InteropRootRef, SealedBlock, SentMessage } from './types.ts';

/** A transaction to run: a signed standard one, or one to run as its (already verified) sender. */
export type TxSubmission =
  | { kind: 'raw'; hash: Hex; raw: Hex }
  | {
      kind: 'impersonated';
      /** the client-facing hash (ZKsync EIP-712 hash) */
      hash: Hex;
      from: Address;
      to?: Address;
      data?: Hex;
      value?: bigint;
      gas?: bigint;
      nonce: number;
    }
  | { kind: 'dev'; request: Record<string, unknown> };

/** What a submission resolves to once its block is sealed. */
export type TxInclusion = { hash: Hex; evmHash: Hex; blockNumber: number };

/** The transaction was refused before it ran (bad nonce, funds, gas): never included. */
export class TransactionRejectedError extends ZkInteropError {
  override name = 'TransactionRejectedError';
  constructor(message: string, cause?: unknown) {
    super('TRANSACTION_REJECTED', message, { cause });
  }
}

type Queued = { tx: TxSubmission; resolve: (r: TxInclusion) => void; reject: (e: unknown) => void };
type Exclusive = { run: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (e: unknown) => void };

export type SequencerOptions = {
  /** called with every sealed block, in order, before submissions resolve */
  onBlock: (block: SealedBlock) => void | Promise<void>;
  /** most user transactions in one block */
  maxTxsPerBlock?: number;
  /** wait this long (ms) before sealing a block, to gather more transactions (0 = seal at once) */
  blockTimeMs?: number;
  /** called if sealing itself fails (engine fault); the sequencer keeps going */
  onError?: (error: unknown) => void;
};

const INTEROP_ROOT_ADDED_TOPIC_NAME = 'InteropRootAdded';

/** Builds L2 blocks from submissions and interop roots; see module header. */
export class Sequencer {
  private queue: Queued[] = [];
  private exclusives: Exclusive[] = [];
  private roots: InteropRootRef[] = [];
  private holdRoots = false;
  private readonly imported = new Set<string>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastTimestamp = 0;

  constructor(
    private readonly engine: Engine,
    private readonly options: SequencerOptions,
  ) {}

  /**
   * Queues a transaction for the next block.
   * @returns its inclusion once the block is sealed
   * @throws TransactionRejectedError when the engine refuses it (nonce, balance, gas)
   */
  submit(tx: TxSubmission): Promise<TxInclusion> {
    if (this.stopped) return Promise.reject(new TransactionRejectedError('the chain is stopping; send the transaction again once it is up'));
    return new Promise((resolve, reject) => {
      this.queue.push({ tx, resolve, reject });
      this.schedule();
    });
  }

  /** Queues interop roots for import at the start of the next block (duplicates are ignored). */
  importRoots(roots: readonly InteropRootRef[]): void {
    for (const root of roots) {
      const key = `${root.chainId}:${root.blockNumber}`;
      if (this.imported.has(key)) continue;
      this.imported.add(key);
      this.roots.push(root);
    }
    if (this.rootsDue()) this.schedule();
  }

  /** Keys of every root ever queued (for snapshots). */
  importedKeys(): string[] {
    return [...this.imported];
  }

  /** Restores the roots bookkeeping of a snapshot. */
  restoreRoots(importedKeys: readonly string[], waiting: readonly InteropRootRef[]): void {
    this.imported.clear();
    for (const k of importedKeys) this.imported.add(k);
    this.roots = [...waiting];
    if (this.rootsDue()) this.schedule();
  }

  /** Marks roots as already stored on chain (after a restart), so they are never imported twice. */
  markImported(roots: readonly InteropRootRef[]): void {
    for (const r of roots) this.imported.add(`${r.chainId}:${r.blockNumber}`);
  }

  /** Number of interop roots waiting for the next block. */
  get pendingRoots(): number {
    return this.roots.length;
  }

  /** The interop roots waiting for import, oldest first. */
  waitingRoots(): readonly InteropRootRef[] {
    return this.roots;
  }

  /**
   * Manual mode: hold interop roots until `releaseRoots` (a block is not sealed for them).
   * @param hold true to hold, false to import as they come
   */
  setHoldRoots(hold: boolean): void {
    this.holdRoots = hold;
    if (!hold && this.roots.length > 0) this.schedule();
  }

  /**
   * Imports every waiting root in one new block now (manual mode's import step).
   * @returns the roots imported
   */
  async releaseRoots(): Promise<InteropRootRef[]> {
    const roots = [...this.roots];
    if (roots.length === 0) return [];
    await this.drain(true, true);
    return roots;
  }

  /**
   * Runs `operation` on the engine between blocks, so nothing else mines meanwhile (e.g. registering
   * a chain on Gateway at runtime). Blocks it mines are reported like any sealed block.
   */
  exclusive<T>(operation: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.exclusives.push({ run: operation, resolve: resolve as (v: unknown) => void, reject });
      void this.drain(false);
    });
  }

  /** Seals a block now (even an empty one) and waits for everything queued so far. */
  async sealNow(): Promise<void> {
    await this.drain(true);
  }

  /** Waits until everything queued is sealed (held roots excepted). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0 || this.exclusives.length > 0 || this.rootsDue()) {
      await (this.running ?? this.drain(false));
    }
  }

  private rootsDue(): boolean {
    return this.roots.length > 0 && !this.holdRoots;
  }

  /** Stops accepting work; queued work is still sealed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  private schedule(): void {
    if (this.running || this.timer) return;
    if (this.queue.length === 0 && !this.rootsDue()) return;
    const delay = this.options.blockTimeMs ?? 0;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain(false);
    }, delay);
  }

  private drain(forceEmpty: boolean, withHeldRoots = false): Promise<void> {
    if (this.running) return this.running.then(() => (forceEmpty ? this.drain(true, withHeldRoots) : undefined));
    this.running = (async () => {
      try {
        let force = forceEmpty;
        let takeRoots = withHeldRoots || !this.holdRoots;
        while (force || this.queue.length > 0 || this.exclusives.length > 0 || (takeRoots && this.roots.length > 0)) {
          if (this.exclusives.length > 0) {
            await this.runExclusive(this.exclusives.shift()!);
            continue;
          }
          force = false;
          await this.sealBlock(takeRoots);
          takeRoots = !this.holdRoots;
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async runExclusive(op: Exclusive): Promise<void> {
    const before = Number(await this.engine.blockNumber());
    let result: unknown;
    try {
      result = await op.run();
    } catch (error) {
      op.reject(error);
    }
    try {
      // Report blocks the operation mined, so the chain's books stay continuous.
      const after = Number(await this.engine.blockNumber());
      for (let n = before + 1; n <= after; n++) {
        const header = await this.engine.request<{ hash: Hex; timestamp: Hex }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
        const logs = await this.engine.getLogs({ fromBlock: BigInt(n), toBlock: BigInt(n) });
        this.lastTimestamp = Math.max(this.lastTimestamp, Number(BigInt(header.timestamp)));
        await this.options.onBlock({ number: n, hash: header.hash, timestamp: Number(BigInt(header.timestamp)), txs: [], importedRoots: importedRootsOf(logs) });
      }
      op.resolve(result);
    } catch (error) {
      op.reject(error);
      this.options.onError?.(error);
    }
  }

  private async sealBlock(takeRoots: boolean): Promise<void> {
    const roots = takeRoots ? this.roots : [];
    if (takeRoots) this.roots = [];
    const batch = this.queue.splice(0, this.options.maxTxsPerBlock ?? 5_000);

    for (const root of roots) {
      await this.engine.sendAs({
        from: BOOTLOADER_ADDRESS as Address,
        to: L2_INTEROP_ROOT_STORAGE_ADDRESS as Address,
        data: encodeFunctionData({
          abi: l2InteropRootStorageAbi,
          functionName: 'addInteropRoot',
          args: [BigInt(root.chainId), BigInt(root.blockNumber), [root.root]],
        }),
      });
    }
    const accepted: { q: Queued; evmHash: Hex }[] = [];
    for (const q of batch) {
      try {
        accepted.push({ q, evmHash: await this.submitToEngine(q.tx) });
      } catch (error) {
        q.reject(new TransactionRejectedError(engineMessage(error), error));
      }
    }

    let block: SealedBlock;
    try {
      const now = Math.floor(Date.now() / 1000);
      this.lastTimestamp = Math.max(this.lastTimestamp, now);
      const mined = await this.engine.mine({ timestamp: this.lastTimestamp });
      const included = new Set(mined.transactionHashes);
      // A transaction the engine queued but did not mine (future nonce) must not hang its sender.
      for (const a of accepted.filter((a) => !included.has(a.evmHash))) {
        await this.engine.request('hardhat_dropTransaction', [a.evmHash]).catch(() => undefined);
        a.q.reject(new TransactionRejectedError('nonce too high: the transaction would wait for a missing earlier nonce; send the missing transaction first'));
      }
      const mineable = accepted.filter((a) => included.has(a.evmHash));
      const logs = mined.transactionHashes.length > 0 ? await this.engine.getLogs({ fromBlock: BigInt(mined.number), toBlock: BigInt(mined.number) }) : [];
      block = {
        number: Number(mined.number),
        hash: mined.hash,
        timestamp: Number(mined.timestamp),
        txs: mineable.map((a): IncludedTx => ({
          hash: clientHash(a.q.tx, a.evmHash),
          evmHash: a.evmHash,
          transactionIndex: mined.transactionHashes.indexOf(a.evmHash),
          messages: messagesOf(logs, a.evmHash),
        })),
        importedRoots: importedRootsOf(logs),
      };
      await this.options.onBlock(block);
      for (const [i, a] of mineable.entries()) {
        a.q.resolve({ hash: block.txs[i]!.hash, evmHash: a.evmHash, blockNumber: block.number });
      }
    } catch (error) {
      for (const a of accepted) a.q.reject(error);
      this.options.onError?.(error);
    }
  }

  private async submitToEngine(tx: TxSubmission): Promise<Hex> {
    switch (tx.kind) {
      case 'raw':
        return this.engine.sendRawTransaction(tx.raw);
      case 'impersonated':
        return this.engine.sendAs({ from: tx.from, to: tx.to, data: tx.data, value: tx.value, gas: tx.gas, nonce: tx.nonce });
      case 'dev':
        return this.engine.request<Hex>('eth_sendTransaction', [tx.request]);
    }
  }
}

function clientHash(tx: TxSubmission, evmHash: Hex): Hex {
  return tx.kind === 'impersonated' ? tx.hash : evmHash;
}

function engineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** L1MessageSent events of one transaction, in log order. */
function messagesOf(logs: readonly Log[], evmHash: Hex): SentMessage[] {
  const out: SentMessage[] = [];
  for (const log of logs) {
    if (log.transactionHash !== evmHash || log.address.toLowerCase() !== L1_MESSENGER_ADDRESS) continue;
    try {
      const ev = decodeEventLog({ abi: l1MessengerAbi, data: log.data, topics: log.topics });
      if (ev.eventName !== 'L1MessageSent') continue;
      out.push({ sender: ev.args.sender, hash: ev.args.hash, message: ev.args.message, evmLogIndex: Number(log.logIndex) });
    } catch {
      // not an L1MessageSent log
    }
  }
  return out;
}

/** InteropRootAdded events of a block: the roots it imported (forged ones included: Gateway checks them). */
function importedRootsOf(logs: readonly Log[]): InteropRootRef[] {
  const out: InteropRootRef[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== L2_INTEROP_ROOT_STORAGE_ADDRESS) continue;
    try {
      const ev = decodeEventLog({ abi: l2InteropRootStorageAbi, data: log.data, topics: log.topics });
      if (ev.eventName !== INTEROP_ROOT_ADDED_TOPIC_NAME) continue;
      const root = ev.args.sides[0];
      if (root) out.push({ chainId: Number(ev.args.chainId), blockNumber: Number(ev.args.blockNumber), root });
    } catch {
      // not ours
    }
  }
  return out;
}
