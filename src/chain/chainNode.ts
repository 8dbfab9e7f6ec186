/**
 * One ZK chain (or Gateway): the EVM engine with the system contracts from genesis, the sequencer that
 * seals blocks, the batcher, and, for a chain that settles on Gateway, the settlement loop. It is the
 * only object that knows both hashes of a ZKsync EIP-712 transaction (the client's and the engine's),
 * so every view that clients see (blocks, transactions, receipts, logs) goes through it.
 * Its RPC namespace (src/chain/rpc) only validates and forwards to these public functions.
 */
import type { Address, Hex } from 'viem';
import { numberToHex, pad } from 'viem';
import { createEngine, type Engine } from './engine.ts';
import { Sequencer, type TxInclusion } from './sequencer.ts';
import { Batcher } from './batcher.ts';
import { SettlementLoop, type SettlementClient, type StageDelays } from './settlementLoop.ts';
import type { Batch, BatchLog, GatewayInclusion, InteropRootRef, SealedBlock } from './types.ts';
import { decodeRawTransaction, type DecodedTransaction } from '../protocol/transaction.ts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import { prepareBatchForCommit } from './batchCommitment.ts';
import { buildLogProofForBatch } from './logProof.ts';
import { installSystemContracts } from './genesis.ts';

/** Funded genesis account. */
export type GenesisAccount = { privateKey: Hex; balance: bigint };

export type ChainNodeOptions = {
  chainId: number;
  /** 'gateway' hosts MessageRoot aggregation and settlement contracts; 'chain' settles on Gateway */
  role: 'chain' | 'gateway';
  accounts: GenesisAccount[];
  /** chains whose settlement contracts Gateway hosts (gateway role only) */
  settlingChains?: { chainId: number; operator: Address }[];
  /** how this chain settles on Gateway (chain role only) */
  settlement?: { client: SettlementClient; delays?: StageDelays };
  batchTimeMs?: number;
  maxTxsPerBatch?: number;
  blockTimeMs?: number;
  /** told about anything that went wrong in the background (settlement halt, engine fault) */
  onError?: (error: unknown) => void;
};

/** Where a transaction stands in its lifecycle (zks_getTransactionDetails `status`). */
export type TxStatus = 'pending' | 'included' | 'verified' | 'failed';

/** Raised when a hash names no transaction this chain knows. */
export class UnknownTransactionError extends ZkInteropError {
  override name = 'UnknownTransactionError';
  constructor(hash: string) {
    super('UNKNOWN_TRANSACTION', `transaction ${hash} is not known on this chain; check the hash and the chain you asked`);
  }
}

type ZkTx = { decoded: DecodedTransaction; evmHash: Hex; receivedAt: number };

/** A running chain; see module header. */
export class ChainNode {
  readonly chainId: number;
  readonly role: 'chain' | 'gateway';
  readonly batcher: Batcher;
  readonly sequencer: Sequencer;
  readonly settlement: SettlementLoop | undefined;
  private readonly zkTxs = new Map<Hex, ZkTx>();
  private readonly evmToClient = new Map<Hex, Hex>();
  private readonly blockListeners = new Set<(block: SealedBlock) => void | Promise<void>>();
  private readonly receivedAt = new Map<Hex, number>();
  private aggregatedRoot: Hex = '0x';
  private latestBlock = 0;

  private constructor(
    readonly engine: Engine,
    private readonly options: ChainNodeOptions,
  ) {
    this.chainId = options.chainId;
    this.role = options.role;
    this.batcher = new Batcher({ batchTimeMs: options.batchTimeMs ?? 100, maxTxsPerBatch: options.maxTxsPerBatch ?? 10_000 });
    this.sequencer = new Sequencer(engine, {
      blockTimeMs: options.blockTimeMs ?? 0,
      onBlock: (block) => this.onBlock(block),
      onError: options.onError,
    });
    this.settlement = options.settlement
      ? new SettlementLoop({
          client: options.settlement.client,
          batches: () => this.batcher.batches,
          prepare: (batch) => prepareBatchForCommit(batch, this.chainId, this.aggregatedRoot, this.batcher.get(batch.number - 1)),
          delays: options.settlement.delays,
          onHalt: (_batch, error) => options.onError?.(error),
        })
      : undefined;
  }

  /**
   * Creates a chain: engine, system contracts at their addresses, funded accounts.
   * @throws ZkInteropError if the engine cannot start
   */
  static async create(options: ChainNodeOptions): Promise<ChainNode> {
    const engine = await createEngine({ chainId: options.chainId, accounts: options.accounts, automine: false });
    await installSystemContracts(engine, {
      isGateway: options.role === 'gateway',
      settlingChains: options.settlingChains ?? [],
    });
    const node = new ChainNode(engine, options);
    node.aggregatedRoot = await node.readAggregatedRoot();
    node.latestBlock = Number(await engine.blockNumber());
    // Genesis installation mined blocks; they all belong to batch 0.
    node.batcher.get(0)!.lastBlock = node.latestBlock;
    node.batcher.open.firstBlock = node.latestBlock + 1;
    node.batcher.open.lastBlock = node.latestBlock;
    return node;
  }

  /** Stops sequencing and settlement; waits for work in flight. */
  async stop(): Promise<void> {
    await this.sequencer.stop();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    await this.settlement?.stop();
    await this.engine.close();
  }

  // ---------------------------------------------------------------- transactions

  /**
   * Accepts a signed transaction of any type a ZKsync chain takes (legacy, 2930, 1559, EIP-712 0x71).
   * @returns the hash the client computed (for 0x71 the ZKsync hash), once the transaction is in a block
   * @throws InvalidTransactionError for undecodable, wrongly signed or wrong-chain transactions
   * @throws TransactionRejectedError when the EVM refuses it (nonce, funds, gas)
   */
  async sendRawTransaction(raw: Hex): Promise<Hex> {
    const decoded = decodeRawTransaction(raw, this.chainId);
    const receivedAt = Date.now();
    let inclusion: TxInclusion;
    if (decoded.type === 'eip712') {
      if (this.zkTxs.has(decoded.hash)) throw new InvalidArgumentError(`transaction ${decoded.hash} was already sent`);
      inclusion = await this.sequencer.submit({
        kind: 'impersonated',
        hash: decoded.hash,
        from: decoded.from,
        to: decoded.to ?? undefined,
        data: decoded.data,
        value: decoded.value,
        gas: decoded.gas,
        nonce: decoded.nonce,
      });
      this.zkTxs.set(decoded.hash, { decoded, evmHash: inclusion.evmHash, receivedAt });
    } else {
      inclusion = await this.sequencer.submit({ kind: 'raw', hash: decoded.hash, raw });
    }
    this.receivedAt.set(inclusion.hash, receivedAt);
    return inclusion.hash;
  }

  /**
   * Sends a transaction from one of the funded dev accounts (eth_sendTransaction); the engine signs it.
   * @returns its hash once it is in a block
   */
  async sendTransaction(request: Record<string, unknown>): Promise<Hex> {
    const inclusion = await this.sequencer.submit({ kind: 'dev', request });
    this.receivedAt.set(inclusion.hash, Date.now());
    return inclusion.hash;
  }

  /** The engine's hash for a client-facing hash (identity for standard transactions). */
  evmHashOf(hash: Hex): Hex {
    return this.zkTxs.get(hash.toLowerCase() as Hex)?.evmHash ?? hash;
  }

  /** The client-facing hash for an engine hash. */
  clientHashOf(evmHash: Hex): Hex {
    return this.evmToClient.get(evmHash) ?? evmHash;
  }

  /** The decoded ZKsync (0x71) transaction behind a hash, if it was one. */
  zksyncTransaction(hash: Hex): DecodedTransaction | undefined {
    return this.zkTxs.get(hash.toLowerCase() as Hex)?.decoded;
  }

  // ---------------------------------------------------------------- blocks and batches

  /** Registers a listener for every sealed block (subscriptions, Gateway's index). */
  onSealedBlock(listener: (block: SealedBlock) => void | Promise<void>): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /** Number of the latest sealed block. */
  get blockNumber(): number {
    return this.latestBlock;
  }

  /** Last block whose batch is executed on Gateway (the `finalized` tag); Gateway: latest. */
  finalizedBlock(): number {
    if (this.role === 'gateway') return this.latestBlock;
    return this.batcher.get(this.batcher.lastWithStage('executed'))!.lastBlock;
  }

  /** Last block whose batch is committed on Gateway (the `safe` tag); Gateway: latest. */
  safeBlock(): number {
    if (this.role === 'gateway') return this.latestBlock;
    return this.batcher.get(this.batcher.lastWithStage('committed'))!.lastBlock;
  }

  /** Imports interop roots at the start of the next block (from the watcher, or forged in tests). */
  importInteropRoots(roots: readonly InteropRootRef[]): void {
    this.sequencer.importRoots(roots);
  }

  /** Seals the open batch now if it holds anything (manual control, tests). */
  async sealBatch(): Promise<Batch | undefined> {
    await this.sequencer.idle();
    const batch = this.batcher.seal(Date.now(), true);
    if (batch) this.settlement?.kick();
    return batch;
  }

  private batchTimer: NodeJS.Timeout | undefined;

  private async onBlock(block: SealedBlock): Promise<void> {
    for (const tx of block.txs) if (tx.hash !== tx.evmHash) this.evmToClient.set(tx.evmHash, tx.hash);
    const sealedBefore = this.batcher.batches.length;
    this.batcher.addBlock(block, Date.now());
    this.latestBlock = block.number;
    this.armBatchTimer();
    if (this.batcher.batches.length !== sealedBefore) this.settlement?.kick();
    for (const listener of this.blockListeners) await listener(block);
  }

  private armBatchTimer(): void {
    if (this.batchTimer) return;
    const due = this.batcher.dueIn(Date.now());
    if (due === undefined) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      // Sealing between blocks keeps batch boundaries on block boundaries.
      void this.sequencer.idle().then(() => {
        if (this.batcher.dueIn(Date.now()) === 0 && this.batcher.seal(Date.now())) this.settlement?.kick();
        this.armBatchTimer();
      });
    }, due);
  }

  // ---------------------------------------------------------------- views for the RPC namespace

  /**
   * Where a transaction stands: batch, its index in the batch, its L2→L1 logs, and the batch.
   * @returns undefined for unknown or not yet included transactions
   */
  txLocation(hash: Hex): { batch: Batch; txNumberInBatch: number; logs: BatchLog[] } | undefined {
    const placement = this.batcher.placement(hash.toLowerCase() as Hex);
    if (!placement) return undefined;
    return { batch: this.batcher.get(placement.batchNumber)!, txNumberInBatch: placement.txNumberInBatch, logs: placement.logs };
  }

  /** When the node received a transaction (ms since epoch). */
  receivedAtOf(hash: Hex): number | undefined {
    return this.receivedAt.get(hash.toLowerCase() as Hex);
  }

  /** Lifecycle status of a transaction as ZKsync's zks_getTransactionDetails reports it. */
  txStatus(hash: Hex): TxStatus | undefined {
    const loc = this.txLocation(hash);
    if (!loc) return undefined;
    if (loc.batch.stage === 'executed') return 'verified';
    return 'included';
  }

  /**
   * The proof of the n-th L2→L1 log of a transaction (zks_getL2ToL1LogProof).
   * @param mode 'final' = to the chain batch root; 'gateway' = to Gateway's interop root
   * @returns null while the batch is not executed on Gateway
   * @throws InvalidArgumentError when the transaction has no log with that index
   */
  logProof(hash: Hex, index: number, mode: 'final' | 'gateway'): { id: number; proof: Hex[]; root: Hex; batchNumber: number } | null {
    const loc = this.txLocation(hash);
    if (!loc) return null;
    const log = loc.logs[index];
    if (!log) {
      throw new InvalidArgumentError(`transaction ${hash} has ${loc.logs.length} L2→L1 log(s); there is no log with index ${index}`);
    }
    if (loc.batch.stage !== 'executed' || !loc.batch.gatewayInclusion) return null;
    return buildLogProofForBatch(loc.batch, log.id, mode, this.chainId);
  }

  /** The Gateway part of a batch's proof, once executed. */
  gatewayInclusion(batchNumber: number): GatewayInclusion | undefined {
    return this.batcher.get(batchNumber)?.gatewayInclusion;
  }

  private async readAggregatedRoot(): Promise<Hex> {
    const { MESSAGE_ROOT_ADDRESS, SELECTORS } = await import('../protocol/constants.ts');
    return this.engine.call({ to: MESSAGE_ROOT_ADDRESS, data: SELECTORS.getAggregatedRoot });
  }
}

/** Hex quantity for JSON-RPC answers. */
export function quantity(n: number | bigint): Hex {
  return numberToHex(n);
}

/** 32-byte left-padded word of an address. */
export function addressWord(address: Address): Hex {
  return pad(address, { size: 32 });
}
