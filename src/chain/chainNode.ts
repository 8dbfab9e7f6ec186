/**
 * One ZK chain (or Gateway), as a closed facade: it composes the EVM engine with the system contracts
 * from genesis, the sequencer that seals blocks, the batcher, and, for a node given a settlement client,
 * the settlement loop that settles its batches on its settlement layer (Gateway for a chain), and
 * delegates to the modules that own each concern: the journal and its replay (chainJournal.ts), batch
 * stages (batchStage.ts), the two hashes of 0x71 transactions (zksyncTxs.ts), the pool of transactions
 * waiting for an earlier nonce (txPoolKeeper.ts), message lifecycles (messageLifecycles.ts),
 * snapshots (chainSnapshot.ts) and, where its layer settles on an L1, how final its stage transactions
 * are there (layerFinality.ts, read over the layer's RPC client). What it keeps itself: wiring, the batch
 * timer, and the views and manual controls the RPC namespace (src/chain/rpc) and the network call.
 * Its parts are private; the namespace only validates and forwards to these public functions, and the
 * shapes its `zkinterop_*` answers take (message lifecycles, imported roots) are the wire contract (src/wire).
 */
import type { Address, Hex } from 'viem';
import { createEngine, type Engine } from './engine.ts';
import { NonceTooHighError, Sequencer, TransactionRejectedError, type ProducedBlock, type TxSubmission } from './sequencer.ts';
import { TxPoolKeeper, type PoolableSubmission } from './txPoolKeeper.ts';
import { Batcher } from './batcher.ts';
import { SettlementLoop, type SettlementClient, type SettlementHaltedError, type SettlementLoopOptions, type StageDelays } from './settlementLoop.ts';
import { ChainJournal, replayJournal, stageEntry } from './chainJournal.ts';
import { ZksyncTxs, zksyncSubmission } from './zksyncTxs.ts';
import { listMessages, messageLifecycle, type LifecycleSource } from './messageLifecycles.ts';
import { restoreChainState, saveChainState, type ChainNodeState, type NodeBooks, type SnapshotParts } from './chainSnapshot.ts';
import type { Batch, BatchLog, InteropRootRef, SealedBlock } from './types.ts';
import type { GatewayInclusion, ImportedRoot, L2ToL1LogProof, MessageLifecycle, MessageListFilter, MessageListPage } from '../wire/types.ts';
import { decodeRawTransaction, screenRawTransaction, type DecodedTransaction } from '../protocol/transaction.ts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import { prepareBatchForCommit } from './batchCommitment.ts';
import { buildLogProofForBatch, logProofJson, type LogProofMode } from './logProof.ts';
import { installL1Contracts, installSystemContracts, registerGatewayChain, registerL1Chain, type ChainOnSettlementLayer } from './genesis.ts';
import { isInteropChain, markInteropChain } from './interopDestinations.ts';
import { MAX_INTEROP_ROOTS_IN_BATCH, MESSAGE_ROOT_ADDRESS, SELECTORS } from '../protocol/constants.ts';
import type { JournalEntry, JournalTx, Store } from '../store/journal.ts';
import { keccak256, numberToHex } from 'viem';
import { TimeColumn } from './timeColumn.ts';
import { AccountPolicy } from './accountPolicy.ts';
import { DevControls } from './devControls.ts';
import { LayerFinality, type EthTxFinality, type StageTx } from './layerFinality.ts';
import type { RpcClient } from '../rpc/client.ts';

export type { ChainNodeState } from './chainSnapshot.ts';

/** What the outside may do with a node's engine: read (see ChainNode.engine). */
export type EngineReader = Pick<Engine, 'request' | 'call' | 'getLogs' | 'getReceipt' | 'getNonce' | 'blockNumber'>;

/** A settling node's loop as fault injection sees it: kill, restart, and what state it is in. */
export type SettlementControl = Pick<SettlementLoop, 'halted' | 'isStopped' | 'busy' | 'stop' | 'restart'>;

/** Funded genesis account. */
export type GenesisAccount = { privateKey: Hex; balance: bigint };

export type ChainNodeOptions = {
  chainId: number;
  /**
   * 'gateway' hosts MessageRoot aggregation and the settlement contracts of the chains that settle on it;
   * 'l1' (every network's unless `NetworkOptions.l1: false`) hosts them the same way for the nodes that settle on the L1
   * (Gateway), with L1's own genesis (installL1Contracts: Bridgehub, the L1 bridges, `l1Layout`).
   * Whether a node settles depends only on `settlement`.
   */
  role: 'chain' | 'gateway' | 'l1';
  accounts: GenesisAccount[];
  /** accounts funded at genesis whose keys the node does not hold (the network's bundle relayer): it never signs for them */
  fundedAddresses?: { address: Address; balance: bigint }[];
  /** accounts of the network's own besides operators (its bundle relayer), protected from the dev methods like operators: address and whose it is */
  protectedAccounts?: { address: Address; why: string }[];
  /** chains whose settlement contracts Gateway hosts (gateway role only), with their operators' genesis balance */
  settlingChains?: { chainId: number; operator: Address; operatorBalance: bigint }[];
  /** the chain id the native token vault names as L1 (what zks_L1ChainId reports: the settlement layer's); default: its own */
  l1ChainId?: number;
  /** 'chain' role: the chain settles on the L1 directly, so its InteropCenter/InteropHandler refuse bundles (genesis.ts) */
  settlesOnL1?: boolean;
  /** the network's chains that interop bundles may go to (genesis marks them in the L2 Bridgehub); keep it the same on every start */
  interopChains?: number[];
  /**
   * 'l1' role only: which of `settlingChains` are settlement layers (Gateway), and the chains settling on
   * them, which get a ZK chain contract on the L1 that names their layer (installL1Contracts, SPEC §10).
   */
  l1Layout?: { settlementLayers: number[]; chainsOnSettlementLayers: ChainOnSettlementLayer[] };
  /** how this node settles its batches on its settlement layer (Gateway for a chain); without it the node settles nowhere and its latest block is final */
  settlement?: { client: SettlementClient; delays?: StageDelays; retry?: SettlementLoopOptions['retry'] };
  /**
   * Where the settlement layer itself settles on an L1 (SPEC §10): the layer's RPC client, read for its
   * `safe` / `finalized` blocks and the blocks of this node's stage transactions (layerFinality.ts), and
   * how often (ms; the watchers' poll interval, read at each poll so a profile change reaches it). A stage on the layer then counts for `safe` / `finalized`
   * only once the layer's block holding it does. Absent: a stage on the layer is final (no L1).
   */
  layerFinality?: { layer: RpcClient; pollMs: () => number };
  batchTimeMs?: number;
  maxTxsPerBatch?: number;
  /** most gas remote callers' transactions of one block may declare together (see SequencerOptions.blockGasBudget) */
  blockGasBudget?: bigint;
  blockTimeMs?: number;
  /** manual mode: batches seal, settle and roots import only when told (one stage per call) */
  manual?: boolean;
  /** accept pre-EIP-155 legacy transactions (no chain id) in eth_sendRawTransaction (`up --allow-unprotected-txs`; default: refused, as geth does) */
  allowUnprotectedTxs?: boolean;
  /** where the chain journals its blocks, batches and stages; on create, a journal found there is replayed */
  store?: Store;
  /** told about anything that went wrong in the background (settlement halt, engine fault) */
  onError?: (error: unknown) => void;
};

/** A transaction the chain accepted that is in no block yet (queued for the next one, or waiting in the pool). */
export type WaitingTx = { hash: Hex; decoded: () => DecodedTransaction };

/** Where a transaction stands in its lifecycle (zks_getTransactionDetails `status`). */
export type TxStatus = 'pending' | 'included' | 'verified' | 'failed';

/** Raised when a hash names no transaction this chain knows. */
export class UnknownTransactionError extends ZkInteropError {
  override name = 'UnknownTransactionError';
  constructor(hash: string) {
    super('UNKNOWN_TRANSACTION', `transaction ${hash} is not known on this chain; check the hash and the chain you asked`);
  }
}

/** A running chain; see module header. */
export class ChainNode {
  readonly chainId: number;
  readonly role: 'chain' | 'gateway' | 'l1';
  private readonly batcher: Batcher;
  private readonly sequencer: Sequencer;
  /** present when the node settles (it was given a settlement client), whatever its role */
  private readonly settlement: SettlementLoop | undefined;
  /**
   * The engine, read side only: the RPC namespace forwards the `eth_*` reads it does not present itself
   * (`request`), Gateway's inclusion index reads MessageRoot (`getLogs`, `call`). Mining, snapshots and
   * balances stay with the node.
   */
  readonly engine: EngineReader;
  /** whom the node signs for (its dev accounts) and whom it never acts as (system addresses, operators) */
  readonly accounts: AccountPolicy;
  /** both hashes of the chain's 0x71 transactions */
  private readonly zksyncTxs = new ZksyncTxs();
  private readonly blockListeners = new Set<(block: SealedBlock) => void | Promise<void>>();
  /** told whenever the `latest`, `safe` or `finalized` block may have moved (eth_subscribe zkinterop_blockTags) */
  private readonly tagListeners = new Set<() => void>();
  /** told the hash of every transaction the chain accepts (newPendingTransactions, pending filters) */
  private readonly pendingTxListeners = new Set<(hash: Hex) => void>();
  /** transactions waiting for an earlier nonce of their sender */
  private readonly txPool: TxPoolKeeper;
  /** receive and seal times, imported roots, root imports per block, the latest block (what snapshots copy beside the parts' books) */
  private readonly books: NodeBooks = { receivedAt: new TimeColumn(), blockSealedAt: new TimeColumn(), importedRoots: new Map<string, ImportedRoot>(), rootImportTxs: new Map(), latestBlock: 0 };
  private readonly chainJournal: ChainJournal;
  private aggregatedRoot: Hex = '0x';
  /** the dev-chain controls (hardhat_* / evm_* methods: devControls.ts), journaled between blocks */
  readonly dev: DevControls;
  /** where the settlement layer settles on an L1: how final this node's stage transactions are there (read over its RPC client) */
  private readonly layerFinality: LayerFinality | undefined;

  private constructor(
    private readonly evm: Engine,
    private readonly options: ChainNodeOptions,
  ) {
    this.engine = evm;
    this.chainId = options.chainId;
    this.role = options.role;
    this.accounts = new AccountPolicy(options.accounts.map((a) => a.privateKey));
    this.chainJournal = new ChainJournal(options.chainId, options.store, options.onError);
    for (const c of options.settlingChains ?? []) this.accounts.protectOperator(c.operator, c.chainId);
    for (const a of options.protectedAccounts ?? []) this.accounts.protectOwn(a.address, a.why);
    for (const c of options.l1Layout?.chainsOnSettlementLayers ?? []) this.accounts.protectOperator(c.operator, c.chainId);
    this.batcher = new Batcher({ batchTimeMs: options.batchTimeMs ?? 100, maxTxsPerBatch: options.maxTxsPerBatch ?? 10_000 });
    this.sequencer = new Sequencer(evm, {
      blockTimeMs: options.blockTimeMs ?? 0,
      blockGasBudget: options.blockGasBudget,
      // The bootloader's limit per batch: what the open batch imported counts against it.
      rootBudget: () => MAX_INTEROP_ROOTS_IN_BATCH - this.batcher.open.dependencyRoots.length,
      onBlock: (block) => this.onBlock(block),
      onError: options.onError,
    });
    this.txPool = new TxPoolKeeper({
      chainId: options.chainId,
      engine: evm,
      sequencer: this.sequencer,
      journal: (entries) => this.journal(entries),
      zksyncTxs: this.zksyncTxs,
      onError: options.onError,
    });
    this.settlement = options.settlement
      ? new SettlementLoop({
          client: options.settlement.client,
          batches: () => this.batcher.batches,
          prepare: (batch) => this.prepareForCommit(batch),
          delays: options.settlement.delays,
          retry: options.settlement.retry,
          manual: options.manual,
          onStage: async (batch) => {
            await this.chainJournal.append([stageEntry(batch)]);
            // A new stage moves `safe`/`finalized`, and the layer block of its transaction is to be read.
            this.layerFinality?.kick();
            this.tagsMayHaveMoved();
          },
          onHalt: (_batch, error) => options.onError?.(error),
          // A batch Gateway held (holdsSeal) seals now that its settlement on the L1 can take it.
          onIdle: () => {
            if (!this.manual && this.batcher.dueIn(Date.now()) !== undefined) this.armBatchTimer();
          },
          onUnreachable: (batch, error) =>
            options.onError?.(new ZkInteropError('NODE_UNREACHABLE', `its settlement layer does not answer (${error instanceof Error ? error.message : String(error)}); batch ${batch.number} waits and settles once it is back`, { cause: error })),
        })
      : undefined;
    this.layerFinality = options.layerFinality
      ? new LayerFinality({ layer: options.layerFinality.layer, pollMs: options.layerFinality.pollMs, batches: () => this.batcher.batches, onChange: () => this.tagsMayHaveMoved(), onError: options.onError })
      : undefined;
    this.manual = options.manual ?? false;
    this.sequencer.setHoldRoots(this.manual);
    this.dev = new DevControls({ engine: evm, sequencer: this.sequencer, accounts: this.accounts, journal: (entries) => this.journal(entries), latestBlock: () => this.books.latestBlock });
  }

  /** True in manual mode. */
  readonly manual: boolean;

  /**
   * Creates a chain: engine, system contracts at their addresses, funded accounts.
   * @throws ZkInteropError if the engine cannot start
   */
  static async create(options: ChainNodeOptions): Promise<ChainNode> {
    const store = options.store;
    const journal = store ? await store.load(options.chainId) : [];
    // Genesis must be mined at the same time on every start, or every block hash after it would change.
    const genesisKey = `genesis:${options.chainId}`;
    const storedGenesis = store ? await store.getMeta(genesisKey) : undefined;
    const genesisTime = storedGenesis !== undefined ? Number(storedGenesis) : Math.floor(Date.now() / 1000);
    if (store && storedGenesis === undefined) await store.setMeta(genesisKey, String(genesisTime));

    const engine = await createEngine({ chainId: options.chainId, accounts: options.accounts, automine: false, initialTimestamp: genesisTime });
    engine.setClock(() => genesisTime);
    // Operators are funded, not dev accounts: the engine holds no key of theirs, so it cannot sign for them.
    for (const c of options.settlingChains ?? []) await engine.setBalance(c.operator, c.operatorBalance);
    for (const f of options.fundedAddresses ?? []) await engine.setBalance(f.address, f.balance);
    if (options.role === 'l1') {
      // The L1's own genesis (SPEC §10): Bridgehub, the L1 bridges, MessageRoot, a ZK chain contract per chain.
      await installL1Contracts(engine, {
        settlingChains: (options.settlingChains ?? []).map(({ chainId, operator }) => ({ chainId, operator })),
        settlementLayers: options.l1Layout?.settlementLayers ?? [],
        chainsOnSettlementLayers: options.l1Layout?.chainsOnSettlementLayers ?? [],
      });
    } else {
      await installSystemContracts(engine, {
        isGateway: options.role === 'gateway',
        settlingChains: options.settlingChains ?? [],
        l1ChainId: options.l1ChainId,
        settlesOnL1: options.settlesOnL1,
        interopChains: options.interopChains,
      });
    }
    engine.setClock(undefined);
    const node = new ChainNode(engine, options);
    node.aggregatedRoot = await node.readAggregatedRoot();
    node.books.latestBlock = Number(await engine.blockNumber());
    // Genesis installation mined blocks; they all belong to batch 0.
    node.batcher.get(0)!.lastBlock = node.books.latestBlock;
    node.batcher.open.firstBlock = node.books.latestBlock + 1;
    node.batcher.open.lastBlock = node.books.latestBlock;
    if (journal.length > 0) await node.replay(journal);
    return node;
  }

  /** How many journal entries were replayed at start (0 on a fresh chain). */
  replayedEntries = 0;

  private async replay(journal: readonly JournalEntry[]): Promise<void> {
    await replayJournal(journal, {
      journal: this.chainJournal,
      sequencer: this.sequencer,
      batcher: this.batcher,
      submissionOf: (tx) => this.submissionOf(tx),
      protectOperator: (operator, chainId) => this.accounts.protectOperator(operator, chainId),
      registerChain: (chainId, operator, balance, settlementLayer) => this.registerOnEngine(chainId, operator, balance, settlementLayer),
      registerInteropChain: (chainId) => markInteropChain(this.evm, chainId),
      prepareForCommit: (batch) => this.prepareForCommit(batch),
      replayDev: (entry) => this.dev.replay(entry),
      pooled: (tx) => {
        const submission = this.submissionOf(tx) as PoolableSubmission;
        this.txPool.restore(tx, submission, decodeRawTransaction(tx.raw, this.chainId));
      },
    });
    this.replayedEntries = journal.length;
    // Waiting transactions whose nonce got used leave; those whose gap filled go into the next block.
    this.txPool.settle();
  }

  /** Rebuilds the submission of a journaled transaction. */
  private submissionOf(tx: JournalTx): TxSubmission {
    if (tx.kind === 'raw') return { kind: 'raw', hash: keccak256(tx.raw), raw: tx.raw };
    if (tx.kind === 'dev') return { kind: 'dev', request: tx.request };
    const decoded = decodeRawTransaction(tx.raw, this.chainId);
    this.zksyncTxs.hold(decoded, tx.raw);
    return zksyncSubmission(decoded, tx.raw);
  }

  /**
   * Gateway: registers a settling chain while running (settlement contract, MessageRoot and Bridgehub entries), between
   * blocks, journaled so a restart replays it. The L1 does the same with its own contracts
   * (registerL1Chain): `settlementLayer` names the layer (Gateway) a chain settles on, absent for a
   * chain that settles on the L1 itself.
   */
  async registerChain(chainId: number, operator: Address, operatorBalance: bigint, settlementLayer?: number): Promise<void> {
    this.accounts.protectOperator(operator, chainId);
    await this.sequencer.exclusive(
      () => this.registerOnEngine(chainId, operator, operatorBalance, settlementLayer),
      // Through the chain's journal like every other entry, so a failed write stops the node (STORE_FAILED).
      async (blocks) => {
        await this.journal([
          { type: 'registerChain', chainId, operator, operatorBalance: operatorBalance.toString(), ...(settlementLayer !== undefined ? { settlementLayer } : {}), blocks },
        ]);
      },
    );
  }

  /**
   * Makes `chainId` a destination of this chain's bundles (L2 Bridgehub `baseTokenAssetId`), between
   * blocks and journaled in the same turn, so a restart replays it at the same place. Does nothing
   * (and journals nothing) when the chain is one already.
   * @returns whether it was registered now
   */
  async registerInteropChain(chainId: number): Promise<boolean> {
    // Already one (every pair at most starts): a storage read, without waiting for a turn between blocks.
    if (await isInteropChain(this.evm, chainId)) return false;
    return this.sequencer.between(async () => {
      if (await isInteropChain(this.evm, chainId)) return false;
      await markInteropChain(this.evm, chainId);
      await this.journal([{ type: 'interopChain', chainId }]);
      return true;
    });
  }

  /** The engine side of `registerChain` (and of its replay): Gateway's contracts, or the L1's. */
  private async registerOnEngine(chainId: number, operator: Address, operatorBalance: bigint, settlementLayer: number | undefined): Promise<void> {
    if (this.role !== 'l1') return registerChainOnGateway(this.evm, chainId, operator, operatorBalance);
    await this.evm.setBalance(operator, operatorBalance);
    await registerL1Chain(this.evm, { chainId, operator, ...(settlementLayer !== undefined ? { settlementLayer } : {}) });
  }

  /** Writes journal entries (no-op without a store or while replaying); see ChainJournal. */
  private journal(entries: JournalEntry[]): Promise<void> {
    return this.chainJournal.append(entries);
  }

  private refuseIfStoreFailed(): void {
    this.chainJournal.refuseIfFailed();
  }

  /**
   * After a replay: catches settlement up with Gateway, restarts the batch timer and settlement.
   * Harmless on a fresh chain.
   */
  async resume(): Promise<void> {
    if (this.settlement) {
      await this.settlement.reconcile();
      this.settlement.kick();
    }
    // Reads the layer's finality of the stage transactions before answering tags, then follows it.
    await this.layerFinality?.start();
    if (!this.manual) this.armBatchTimer();
  }

  /** The highest Gateway block whose interop root this chain imported (0 if none): where its watcher resumes. */
  lastImportedRootBlock(gatewayChainId: number): number {
    let last = 0;
    for (const r of this.books.importedRoots.values()) if (r.chainId === gatewayChainId && r.blockNumber > last) last = r.blockNumber;
    return last;
  }

  /** Stops sequencing and settlement; waits for work in flight. */
  async stop(): Promise<void> {
    await this.layerFinality?.stop();
    await this.sequencer.stop();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    await this.settlement?.stop();
    await this.evm.close();
  }

  // ---------------------------------------------------------------- transactions

  /**
   * Accepts a signed transaction of any type a ZKsync chain takes (legacy, 2930, 1559, EIP-712 0x71).
   * @returns the hash the client computed (for 0x71 the ZKsync hash), once the transaction is in a block
   * @throws InvalidTransactionError for undecodable, wrongly signed or wrong-chain transactions, and
   *   for pre-EIP-155 ones (no chain id: replayable on every chain) unless `allowUnprotectedTxs`
   * @throws TransactionRejectedError when the EVM refuses it (nonce, funds, gas), or its gas limit is above `gasCap`
   * @param gasCap for a remote caller's transaction: the most gas it may declare, and it counts against
   *   the block's gas budget (`blockGasBudget`); omitted for the node's own components
   */
  async sendRawTransaction(raw: Hex, gasCap?: bigint): Promise<Hex> {
    this.refuseIfStoreFailed();
    // The EVM recovers a standard transaction's sender itself; only a 0x71 one is checked here in full.
    // Journal replay resubmits accepted bytes without this screen, so a transaction accepted while
    // unprotected ones were allowed still replays after a restart without the flag.
    const decoded = screenRawTransaction(raw, this.chainId, { replayProtected: !this.options.allowUnprotectedTxs });
    const budgetGas = gasCap === undefined ? undefined : withinGasCap(decoded.gas, gasCap);
    if (decoded.type === 'eip712') {
      if (this.zksyncTxs.has(decoded.hash)) throw new InvalidArgumentError(`transaction ${decoded.hash} was already sent`);
      this.zksyncTxs.hold(decoded, raw);
      try {
        return await this.submitOrPool({ ...(zksyncSubmission(decoded, raw) as PoolableSubmission), budgetGas }, decoded);
      } finally {
        // A transaction that waits in the pool stays held until it is mined or leaves the pool.
        if (!this.txPool.waiting(decoded.hash)) this.zksyncTxs.release(decoded.hash);
      }
    }
    // `hash` is read only if someone needs it before the block (a pending-transaction listener, the pool,
    // a lookup of queued transactions): the answer is the engine's hash of the mined transaction.
    return this.submitOrPool({
      kind: 'raw',
      get hash() {
        return decoded.hash;
      },
      raw,
      budgetGas,
    });
  }

  /**
   * Queues a signed transaction for the next block; one the engine did not mine because its nonce is
   * ahead goes to wait in the pool instead (only then is a standard transaction's sender recovered here).
   * @returns its client hash: once it is in a block, or once it waits in the pool
   */
  private async submitOrPool(submission: PoolableSubmission, decoded?: DecodedTransaction): Promise<Hex> {
    const receivedAt = Date.now();
    const inclusion = this.sequencer.submit(submission, receivedAt);
    if (this.pendingTxListeners.size > 0) this.announcePending(submission.hash);
    try {
      return (await inclusion).hash;
    } catch (error) {
      if (!(error instanceof NonceTooHighError)) throw error;
      return this.txPool.admit(submission, decoded, receivedAt);
    }
  }

  /**
   * Sends a transaction from one of the funded dev accounts (eth_sendTransaction); the engine signs it.
   * The engine would also send as any account it impersonates for system calls (the bootloader), so the
   * sender is checked here, against the dev accounts only.
   * @returns its hash once it is in a block
   * @param gasCap as for `sendRawTransaction`; a request without gas gets this much
   * @throws AccountRefusedError when `from` is missing, not a dev account, a system address or an operator
   * @throws TransactionRejectedError when its gas is above `gasCap`
   */
  async sendTransaction(request: Record<string, unknown>, gasCap?: bigint): Promise<Hex> {
    this.refuseIfStoreFailed();
    request = { ...request, from: this.accounts.assertSigner(request.from as string | undefined, 'eth_sendTransaction') };
    let budgetGas: bigint | undefined;
    if (gasCap !== undefined) {
      budgetGas = withinGasCap(request.gas === undefined ? gasCap : BigInt(request.gas as string), gasCap);
      request.gas = numberToHex(budgetGas);
    }
    const { hash } = await this.sequencer.submit({ kind: 'dev', request, budgetGas });
    // The engine signs it, so its hash is known only now.
    if (this.pendingTxListeners.size > 0) this.announcePending(hash);
    return hash;
  }

  // ---------------------------------------------------------------- the pool and pending transactions

  /**
   * Registers a listener for the client hash of every transaction the chain accepts (queued for a
   * block or waiting in the pool), told once each; a dev-account send is told once it is mined.
   */
  onPendingTransaction(listener: (hash: Hex) => void): () => void {
    this.pendingTxListeners.add(listener);
    return () => this.pendingTxListeners.delete(listener);
  }

  private announcePending(hash: Hex): void {
    for (const listener of this.pendingTxListeners) listener(hash);
  }

  /**
   * The next nonce of `address` (eth_getTransactionCount "pending"): on top of `engineNonce` (the
   * engine's pending nonce), its transactions queued for the next block and then those waiting in the
   * pool, as long as no nonce is missing. Queued standard transactions are decoded (sender recovered)
   * here, once each, and only while some are queued: the hot path never recovers them.
   */
  pendingNonce(address: Address, engineNonce: number): number {
    let next = engineNonce;
    const queued = this.sequencer.queuedSubmissions();
    if (queued.length > 0) {
      const nonces = new Set<number>();
      const who = address.toLowerCase();
      for (const s of queued) {
        if (s.kind === 'dev') continue;
        const tx = s.kind === 'impersonated' ? s : this.decodedOf(s);
        if (tx.from.toLowerCase() === who) nonces.add(tx.nonce);
      }
      while (nonces.has(next)) next++;
    }
    return this.txPool.pendingNonce(address, next);
  }

  /**
   * A transaction the chain accepted that is in no block yet: waiting in the pool, or queued for the
   * next block (the engine answers for those it already holds).
   */
  waitingTransaction(hash: Hex): WaitingTx | undefined {
    const lower = hash.toLowerCase() as Hex;
    const pooled = this.txPool.waiting(lower);
    if (pooled) return { hash: pooled.hash, decoded: () => pooled.decoded };
    const queued = this.sequencer.queuedSubmissions().find((s) => s.kind !== 'dev' && s.hash === lower);
    return queued && this.asWaiting(queued as PoolableSubmission);
  }

  /**
   * What the pool holds, as geth's txpool_* methods split it: `pending` can run now (queued for the next
   * block, then pool transactions whose gap is filled), `queued` waits for an earlier nonce. Reads the
   * engine's nonce of each sender with waiting transactions. Dev-account sends (signed by the engine
   * when their block is made) are not listed.
   */
  async txPoolContent(): Promise<{ pending: WaitingTx[]; queued: WaitingTx[] }> {
    const next = this.sequencer.queuedSubmissions().filter((s): s is PoolableSubmission => s.kind !== 'dev').map((s) => this.asWaiting(s));
    const { ready, future } = await this.txPool.split();
    const fromPool = (tx: (typeof ready)[number]): WaitingTx => ({ hash: tx.hash, decoded: () => tx.decoded });
    return { pending: [...next, ...ready.map(fromPool)], queued: future.map(fromPool) };
  }

  private asWaiting(submission: PoolableSubmission): WaitingTx {
    return { hash: submission.hash, decoded: () => this.decodedOf(submission) };
  }

  /** Queued transactions decoded (sender recovered) when first asked about: the hot path never decodes them. */
  private readonly queuedDecoded = new WeakMap<TxSubmission, DecodedTransaction>();

  private decodedOf(submission: PoolableSubmission): DecodedTransaction {
    let decoded = this.queuedDecoded.get(submission);
    if (!decoded) this.queuedDecoded.set(submission, (decoded = decodeRawTransaction(submission.raw, this.chainId)));
    return decoded;
  }

  /** The engine's hash for a client-facing hash (identity for standard transactions). */
  evmHashOf(hash: Hex): Hex {
    return this.zksyncTxs.evmHashOf(hash);
  }

  /** The client-facing hash for an engine hash. */
  clientHashOf(evmHash: Hex): Hex {
    return this.zksyncTxs.clientHashOf(evmHash);
  }

  /** The decoded ZKsync (0x71) transaction behind a hash, if it was one. */
  zksyncTransaction(hash: Hex): DecodedTransaction | undefined {
    return this.zksyncTxs.decoded(hash);
  }

  /** The signed bytes of a ZKsync (0x71) transaction in a block, if it was one. */
  zksyncRawTransaction(hash: Hex): Hex | undefined {
    return this.zksyncTxs.raw(hash);
  }

  // ---------------------------------------------------------------- blocks and batches

  /** Registers a listener for every sealed block (subscriptions, Gateway's index). */
  onSealedBlock(listener: (block: SealedBlock) => void | Promise<void>): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /**
   * Registers a listener told whenever the `latest`, `safe` or `finalized` block may have moved (a block
   * sealed, a batch's stage landed, the settlement layer's finality read); it reads the tags itself.
   */
  onBlockTags(listener: () => void): () => void {
    this.tagListeners.add(listener);
    return () => this.tagListeners.delete(listener);
  }

  private tagsMayHaveMoved(): void {
    for (const listener of this.tagListeners) listener();
  }

  /** Number of the latest sealed block. */
  get blockNumber(): number {
    return this.books.latestBlock;
  }

  /**
   * Last block whose batch is executed on the settlement layer (the `finalized` tag), and, where the layer
   * settles on an L1, whose execute transaction's layer block is final there too (SPEC §10; as last read
   * over the layer's RPC client, layerFinality.ts); a node that settles nowhere: latest.
   */
  finalizedBlock(): number {
    if (!this.settlement) return this.books.latestBlock;
    return this.lastBlockSettled('executed');
  }

  /** Last block whose batch is committed on the settlement layer (the `safe` tag), with the same L1 rule as `finalizedBlock`; a node that settles nowhere: latest. */
  safeBlock(): number {
    if (!this.settlement) return this.books.latestBlock;
    return this.lastBlockSettled('committed');
  }

  private lastBlockSettled(stage: 'committed' | 'executed'): number {
    let n = this.batcher.lastWithStage(stage);
    const layer = this.layerFinality;
    // Walk back to the last batch whose stage transaction is itself settled on the L1 (batch 0, genesis, always is).
    if (layer) for (; n > 0 && !layer.settled(this.batcher.get(n)!, stage === 'executed' ? 'finalized' : 'safe'); n--);
    return this.batcher.get(n)!.lastBlock;
  }

  /**
   * How final a batch's stage transaction is on the settlement layer (the real server's
   * `EthTxFinalityStatus`): where the layer settles on an L1, as layerFinality.ts last read it; else
   * `finalized` (a layer that settles nowhere, or the L1 itself, is final at once).
   */
  layerTxFinality(batch: Batch, stage: StageTx): EthTxFinality {
    return this.layerFinality ? this.layerFinality.finality(batch, stage) : 'finalized';
  }

  /** The chain's batches, in order (batch 0 holds genesis; the last one is open). */
  get batches(): readonly Batch[] {
    return this.batcher.batches;
  }

  /** A batch by number. */
  batch(batchNumber: number): Batch | undefined {
    return this.batcher.get(batchNumber);
  }

  /** The batch a block belongs to. */
  batchOfBlock(blockNumber: number): Batch | undefined {
    return this.batcher.batchOfBlock(blockNumber);
  }

  /** The number of the last batch at (or past) a stage. */
  lastBatchWithStage(stage: 'sealed' | 'committed' | 'proved' | 'executed'): number {
    return this.batcher.lastWithStage(stage);
  }

  /** Waits until every transaction and root queued is in a block (held roots excepted). */
  idle(): Promise<void> {
    return this.sequencer.idle();
  }

  /** Waits until the settlement loop has no step in flight (at once on a node that does not settle). */
  async settlementIdle(): Promise<void> {
    await this.settlement?.idle();
  }

  /** Holds the settlement loop still (the step in flight ends, none starts) until `resumeSettlement`; see SettlementLoop.pause. */
  async pauseSettlement(): Promise<void> {
    await this.settlement?.pause();
  }

  /** Ends `pauseSettlement`: the loop settles what waits. */
  resumeSettlement(): void {
    this.settlement?.resume();
  }

  /** Why settlement stopped, once the settlement layer rejected a batch (or a stage could not be recorded). */
  get settlementHalted(): SettlementHaltedError | undefined {
    return this.settlement?.halted;
  }

  /** The settlement loop's kill / restart handle for fault injection; undefined on a node that does not settle. */
  settlementControl(): SettlementControl | undefined {
    return this.settlement;
  }

  /**
   * Holds block production (fault injection: a paused Gateway): transactions queue until
   * `releaseBlockProduction`. Resolves once the block in flight (if any) is sealed.
   */
  holdBlockProduction(): Promise<void> {
    return this.sequencer.hold();
  }

  /** Ends `holdBlockProduction`: what queued meanwhile is sealed in arrival order. */
  releaseBlockProduction(): void {
    this.sequencer.release();
  }

  /** Number of transactions waiting for a block. */
  get queuedTransactions(): number {
    return this.sequencer.queuedTransactions;
  }

  /** True once the interop root of (chainId, blockNumber) was handed to this chain (imported, or waiting for its block). */
  rootQueued(chainId: number, blockNumber: number): boolean {
    return this.sequencer.importedKeys().includes(`${chainId}:${blockNumber}`);
  }

  /**
   * The node's parts, for tests and benchmarks that take it apart (spy on the sequencer, hold it,
   * measure the batcher's memory). Not for the network's code: it has the methods above.
   */
  internalsForTests(): { sequencer: Sequencer; batcher: Batcher; settlement: SettlementLoop | undefined } {
    return { sequencer: this.sequencer, batcher: this.batcher, settlement: this.settlement };
  }

  /**
   * Imports interop roots at the start of the next block (from the watcher, or forged in tests), at
   * most MAX_INTEROP_ROOTS_IN_BATCH per batch: when the open batch is full, it is sealed to make room.
   */
  importInteropRoots(roots: readonly InteropRootRef[]): void {
    this.sequencer.importRoots(roots);
    this.makeRoomForRoots();
  }

  /** How many EVM transactions at the head of a block are root imports (bootloader work clients never see). */
  rootImportTxs(blockNumber: number): number {
    return this.books.rootImportTxs.get(blockNumber) ?? 0;
  }

  private sealingForRoots = false;

  /**
   * Seals the open batch, between blocks, when roots wait that it has no room for (it imported
   * MAX_INTEROP_ROOTS_IN_BATCH): the rest go into the next batch. Not in manual mode, where batches
   * seal only when told (its import step imports what fits). Sealing without user transactions
   * cannot ping-pong: it takes 100 real roots waiting.
   */
  private makeRoomForRoots(): void {
    if (this.manual || this.sealingForRoots || !this.sequencer.rootsBlocked) return;
    this.sealingForRoots = true;
    void this.sequencer
      .between(async () => {
        if (!this.sequencer.rootsBlocked) return;
        const batch = this.batcher.seal(Date.now(), true);
        if (batch) {
          await this.journal([{ type: 'batchSealed', batchNumber: batch.number, at: batch.sealedAt! }]);
          this.settlement?.kick();
        }
      })
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.sealingForRoots = false;
      });
  }

  /** Seals the open batch now if it holds anything (manual control, tests). */
  async sealBatch(): Promise<Batch | undefined> {
    await this.sequencer.idle();
    const batch = this.batcher.seal(Date.now(), true);
    if (batch) {
      await this.journal([{ type: 'batchSealed', batchNumber: batch.number, at: batch.sealedAt! }]);
      this.settlement?.kick();
    }
    return batch;
  }

  private batchTimer: NodeJS.Timeout | undefined;

  private async onBlock(block: ProducedBlock): Promise<void> {
    this.refuseIfStoreFailed();
    const now = block.sealedAt;
    const sealedBefore = this.batcher.batches.length;
    this.batcher.addBlock(block, now);
    // Full of roots while more wait: sealed with this block, so the next block imports the rest (replay
    // seals from the journal's batchSealed entry instead).
    if (!this.manual && !this.chainJournal.replaying && this.sequencer.rootsBlocked) this.batcher.seal(now, true);
    // A batch time of 0 (the instant profile) closes the batch with the block that brought user transactions,
    // not on a timer a later block could beat: each batch then holds one block with user transactions, so a
    // transaction's index in its batch is its index in its block — the number ZKsync OS, and zksync-js 0.0.19
    // (receipt.transactionIndex), put in an L2→L1 log — while Era's rule (index in the batch) holds as ever.
    else if (!this.manual && !this.chainJournal.replaying && this.batcher.batchTimeMs === 0 && !this.holdsSeal()) this.batcher.seal(now);
    const newlySealed = this.batcher.batches.slice(sealedBefore - 1, -1).filter((b) => b.stage === 'sealed');
    // Durable before anyone is told: a crash after this line loses nothing that was acknowledged.
    await this.journal([
      ...(block.system ? [] : [{ type: 'block', number: block.number, hash: block.hash, timestamp: block.timestamp, sealedAt: block.sealedAt, roots: block.inputs.roots, txs: block.inputs.txs } as JournalEntry]),
      // The block clock after a block that used up a set timestamp (dev methods), in its place.
      ...(block.clock ? [{ type: 'clock', ...block.clock } as JournalEntry] : []),
      ...newlySealed.map((b): JournalEntry => ({ type: 'batchSealed', batchNumber: b.number, at: b.sealedAt ?? now })),
    ]);
    block.txs.forEach((tx, i) => {
      const input = block.inputs.txs[i];
      if (input) this.books.receivedAt.set(this.batcher.txOrdinal(tx.hash)!, input.receivedAt);
      if (tx.hash !== tx.evmHash) this.zksyncTxs.included(tx.hash, tx.evmHash, input?.receivedAt ?? now);
    });
    for (const r of block.importedRoots) {
      this.books.importedRoots.set(`${r.chainId}:${r.blockNumber}`, { ...r, l2BlockNumber: block.number, importedAt: now });
    }
    if (block.rootImportTxs > 0) this.books.rootImportTxs.set(block.number, block.rootImportTxs);
    this.books.blockSealedAt.set(block.number, now);
    this.books.latestBlock = block.number;
    if (this.chainJournal.replaying) return;
    this.txPool.settle();
    if (!this.manual) this.armBatchTimer();
    if (newlySealed.length > 0) this.settlement?.kick();
    for (const listener of this.blockListeners) await listener(block);
    this.tagsMayHaveMoved();
  }

  /**
   * Gateway with a batch time of 0 (the instant profile on an L1) holds its open batch while an earlier one
   * still settles on the L1, and seals it once the settlement loop is idle (`onIdle`): the blocks of a
   * chain's commit, prove and execute then share Gateway batches instead of taking one each (three settlements
   * on the L1 per chain batch, each waiting for the one before), and under load a Gateway batch takes what
   * came while the one before settled. A chain's batches still close with each block (see onBlock): their
   * transactions' index in the batch is the one zksync-js reads.
   */
  private holdsSeal(): boolean {
    return this.role === 'gateway' && this.batcher.batchTimeMs === 0 && (this.settlement?.settling ?? false);
  }

  private armBatchTimer(): void {
    if (this.batchTimer) return;
    const due = this.batcher.dueIn(Date.now());
    if (due === undefined) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      let held = false;
      // Sealing between blocks keeps batch boundaries on block boundaries.
      void this.sequencer
        .between(async () => {
          // Inside the sequencer's turn: no block is half-made, and the seal is journaled in order.
          held = this.holdsSeal();
          const batch = !held && this.batcher.dueIn(Date.now()) === 0 ? this.batcher.seal(Date.now()) : undefined;
          if (batch) {
            await this.journal([{ type: 'batchSealed', batchNumber: batch.number, at: batch.sealedAt! }]);
            this.settlement?.kick();
          }
        })
        .catch((error) => this.options.onError?.(error))
        // A held batch is sealed when the settlement loop is idle (onIdle), not by polling here.
        .finally(() => held || this.armBatchTimer());
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

  /** A transaction's batch and index in it, without its logs (cheap: what each log of a receipt names). */
  txPosition(hash: Hex): { batchNumber: number; txNumberInBatch: number } | undefined {
    return this.batcher.position(hash.toLowerCase() as Hex);
  }

  /** When the node received a transaction (ms since epoch). */
  receivedAtOf(hash: Hex): number | undefined {
    const ordinal = this.batcher.txOrdinal(hash.toLowerCase() as Hex);
    return ordinal === undefined ? undefined : this.books.receivedAt.get(ordinal);
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
   * @param mode 'final' = to the chain batch root; 'gateway' = to Gateway's interop root;
   *   'messageRoot' = the 'gateway' proof with `gatewayBlockNumber` (the ZKsync OS server's target)
   * @returns null while the batch is not executed on Gateway, and for a log index the transaction
   *   does not have (as the real server answers)
   */
  logProof(hash: Hex, index: number, mode: LogProofMode): L2ToL1LogProof | null {
    const at = this.provableLog(hash, index);
    return at && buildLogProofForBatch(at.batch, at.id, mode, this.chainId);
  }

  /** {@link logProof} as JSON text (what zks_getL2ToL1LogProof sends), built from cached pieces. */
  logProofJson(hash: Hex, index: number, mode: LogProofMode): string | null {
    const at = this.provableLog(hash, index);
    return at && logProofJson(at.batch, at.id, mode, this.chainId);
  }

  /**
   * The batch and id of a transaction's n-th log once provable (its batch executed on Gateway); null
   * before, and null for no such log (the real server's answer). Read by the proof to the L1 (proofToL1.ts).
   */
  provableLog(hash: Hex, index: number): { batch: Batch; id: number } | null {
    const at = this.batcher.txLog(hash.toLowerCase() as Hex, index);
    if (!at) return null;
    if (at.batch.stage !== 'executed' || !at.batch.gatewayInclusion) return null;
    return { batch: at.batch, id: at.log.id };
  }

  /** The Gateway part of a batch's proof, once executed. */
  gatewayInclusion(batchNumber: number): GatewayInclusion | undefined {
    return this.batcher.get(batchNumber)?.gatewayInclusion;
  }

  // ---------------------------------------------------------------- manual control and lifecycles

  /**
   * Manual mode: advances the next batch waiting for that settlement stage by exactly one stage.
   * @returns the batch advanced, or undefined when none waits
   * @throws ZkInteropError NOT_SETTLING on a node without a settlement layer (Gateway); SettlementHaltedError after a rejection
   */
  async advanceSettlement(stage: 'commit' | 'prove' | 'execute'): Promise<Batch | undefined> {
    if (!this.settlement) throw new ZkInteropError('NOT_SETTLING', `chain ${this.chainId} does not settle anywhere (it is Gateway): send settlement steps to a chain that settles on it`);
    return this.settlement.step(stage);
  }

  /**
   * Imports the interop roots the watcher has seen, in one new block (manual mode's import step), as
   * many as the open batch has room for (MAX_INTEROP_ROOTS_IN_BATCH); `sealBatch` makes room for the rest.
   * @returns the roots imported and the block they went into
   */
  async importWaitingRoots(): Promise<{ blockNumber: number; roots: InteropRootRef[] }> {
    const roots = await this.sequencer.releaseRoots();
    return { blockNumber: this.books.latestBlock, roots };
  }

  /** Where and when this chain imported the interop root of (chainId, blockNumber), if it did. */
  importedRoot(chainId: number, blockNumber: number): ImportedRoot | undefined {
    return this.books.importedRoots.get(`${chainId}:${blockNumber}`);
  }

  /** The delays in force: batch time and settlement stages. */
  delays(): { batchTimeMs: number; commitMs: number; proveMs: number; executeMs: number } {
    return { batchTimeMs: this.batcher.batchTimeMs, ...(this.settlement?.delays ?? { commitMs: 0, proveMs: 0, executeMs: 0 }) };
  }

  /** Changes batch time and settlement stage delays (unset fields keep their value). */
  setDelays(delays: Partial<{ batchTimeMs: number; commitMs: number; proveMs: number; executeMs: number }>): void {
    if (delays.batchTimeMs !== undefined) this.batcher.setBatchTime(delays.batchTimeMs);
    if (this.settlement) {
      const { batchTimeMs: _ignored, ...stages } = delays;
      this.settlement.setDelays({ ...this.settlement.delays, ...definedOnly(stages) });
    }
  }

  /**
   * Lifecycle of a message by its transaction hash (n-th message, default 0) or its message hash.
   * @returns undefined for unknown hashes
   */
  messageLifecycle(hash: Hex, index = 0): MessageLifecycle | undefined {
    return messageLifecycle(this.lifecycleSource(), hash, index);
  }

  /** Messages of this chain, newest first, optionally only those at one stage. */
  listMessages(options: MessageListFilter = {}): MessageListPage {
    return listMessages(this.lifecycleSource(), options);
  }

  private lifecycleSource(): LifecycleSource {
    return {
      chainId: this.chainId,
      batcher: this.batcher,
      receivedAtOf: (hash) => this.receivedAtOf(hash),
      blockSealedAt: (blockNumber) => this.books.blockSealedAt.get(blockNumber),
    };
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Saves the chain (engine state and the node's books) at a point where nothing is in flight.
   * Callers pause producers (watchers) first; see Network.snapshot.
   */
  async saveState(): Promise<ChainNodeState> {
    return { ...(await saveChainState(this.snapshotParts())), txPool: this.txPool.saveState() };
  }

  /**
   * Returns the chain to a saved state. The engine snapshot is used up (EVM snapshot semantics):
   * take a new one to revert there again.
   * @throws ZkInteropError SNAPSHOT_UNKNOWN if the engine no longer has that snapshot
   */
  async restoreState(state: ChainNodeState): Promise<void> {
    await restoreChainState(this.snapshotParts(), state);
    this.txPool.restoreState(state.txPool ?? []);
    // Its stage transactions and the layer's tags went back too: read them again.
    this.layerFinality?.reset();
    this.makeRoomForRoots();
    this.tagsMayHaveMoved();
  }

  private snapshotParts(): SnapshotParts {
    return { chainId: this.chainId, engine: this.evm, sequencer: this.sequencer, settlement: this.settlement, batcher: this.batcher, zksyncTxs: this.zksyncTxs, books: this.books, dev: this.dev };
  }

  /**
   * Fills a sealed batch's commitment fields (idempotent). A node that aggregates (Gateway settling on an
   * L1) commits its MessageRoot's shared root as it stood at the batch's last block (SPEC §3, §10); an
   * ordinary chain's aggregated root never changes.
   */
  private async prepareForCommit(batch: Batch): Promise<void> {
    if (batch.chainBatchRoot) return;
    const aggregatedRoot = this.role === 'chain' ? this.aggregatedRoot : await this.evm.call({ to: MESSAGE_ROOT_ADDRESS, data: SELECTORS.getAggregatedRoot }, BigInt(batch.lastBlock));
    prepareBatchForCommit(batch, this.chainId, aggregatedRoot, this.batcher.get(batch.number - 1));
  }

  private async readAggregatedRoot(): Promise<Hex> {
    return this.evm.call({ to: MESSAGE_ROOT_ADDRESS, data: SELECTORS.getAggregatedRoot });
  }
}

/**
 * `gas` when it is within `cap`.
 * @throws TransactionRejectedError (-32000) above it, in the words of EIP-7825's per-transaction cap
 */
function withinGasCap(gas: bigint, cap: bigint): bigint {
  if (gas > cap) {
    throw new TransactionRejectedError(
      `transaction gas limit too high (cap: ${cap}, tx: ${gas}): this node runs RPC callers' transactions with at most ${cap} gas, since the EVM keeps a trace of every step in memory (raise it with zkinterop up --rpc-gas-cap <gas>; docs/security.md)`,
    );
  }
  return gas;
}

/** Funds a chain's operator and registers the chain's settlement contract on Gateway (MessageRoot and Bridgehub). */
async function registerChainOnGateway(engine: Engine, chainId: number, operator: Address, operatorBalance: bigint): Promise<void> {
  await engine.setBalance(operator, operatorBalance);
  await registerGatewayChain(engine, { chainId, operator });
}

function definedOnly<T extends Record<string, number | undefined>>(o: T): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, number>;
}
