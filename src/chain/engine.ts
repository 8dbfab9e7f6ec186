/**
 * The EVM engine adapter: the only module that imports @nomicfoundation/edr (Hardhat's in-process
 * Rust EVM). Every chain (Gateway or ZK chain) is one EDR provider behind the small typed `Engine`
 * interface below; everything else in zkinterop talks to the EVM through it.
 *
 * How the EDR provider is configured, and why:
 * - One `EdrContext` per process (EDR says its constructor "should only be called once"): a lazily
 *   created module-level singleton; every engine is a provider made from it, so many chains with
 *   different chain ids share one process.
 * - Chain type `L1_CHAIN_TYPE` ("L1"), hardfork `prague` (the genesis state holds the system
 *   contracts that prague needs: EIP-2935 history storage, EIP-4788 beacon roots).
 * - Gas price: base fee 0, forever. `initialBaseFeePerGas: 0` and `minGasPrice: 0`, and the
 *   EIP-1559 elasticity multiplier is 1, so the gas target equals the block gas limit: a block can
 *   never be above target and the base fee can never rise from 0 (EIP-1559 would add at least 1 wei
 *   otherwise). Dev wallets never run dry and a zero-fee transaction is always valid.
 * - System calls (`sendAs`) are impersonated (`hardhat_impersonateAccount`, done once per sender)
 *   and sent with maxFeePerGas = maxPriorityFeePerGas = 0, so senders such as the bootloader
 *   0x…8001 need no balance and are never funded. (EDR's default fee, when none is given, would
 *   make an unfunded sender fail with "Sender doesn't have enough funds".)
 * - Mining: `automine` true by default (each tx mines its own block); when false, transactions wait
 *   in a FIFO mempool (`MineOrdering.Fifo`: submission order across senders, nonce order within
 *   one sender) until `mine()`, which mines every queued transaction into one block.
 * - Timestamps: `allowBlocksWithSameTimestamp` is on, so mining many blocks a second never fails;
 *   `mine({ timestamp })` sets the block's timestamp, which must not be below the previous block's.
 * - Gas: block gas limit 1,000,000,000 by default; the EIP-7825 per-transaction cap is off;
 *   `sendAs` without `gas` uses 30,000,000 (free at fee 0; the block only needs that much room
 *   left, not used). `allowUnlimitedContractSize` is on: the system contracts are installed with
 *   setCode and tests may deploy large contracts; EIP-170 is not what we test.
 * - Failures: `bailOnCallFailure` is on, so a reverting eth_call is a JSON-RPC error carrying the
 *   revert data (off, EDR returns the revert data as if it were the result). `bailOnTransactionFailure`
 *   is off, so a reverting transaction still yields its hash and a receipt with status 0;
 *   `execute` then reads the revert data with `debug_traceTransaction` (exact, even inside a block
 *   with other transactions) and throws EngineRevertError. A failed transaction that used all its
 *   gas (out of gas, invalid opcode) is not traced (tracing a long loop is slow): it throws
 *   EngineRevertError with `halted: true` and no data.
 * - State history: EDR keeps the state after each block ready in an LRU of `__EDR_MAX_CACHED_STATES`
 *   entries (its default 100,000). Each entry holds what its block changed, ~6 KB for a block of one
 *   `sendToL1`, so at interactive rates (every transaction its own block) the cache was the largest
 *   share of a stored message's memory (bench/engineMemory.ts: 13.4 KB per transaction in one-tx
 *   blocks, ~7 KB with a small cache). zkinterop reads only the latest state, so the cache keeps the
 *   last MAX_CACHED_STATES blocks; an older state (eth_call or a balance at an old block, tracing an
 *   old transaction) is rebuilt by EDR from its per-block diffs: the same answer, slower (~0.1 ms per
 *   block of history). An `__EDR_MAX_CACHED_STATES` set in the environment wins.
 * - Memory: EDR records a trace of every EVM step of every call and transaction (for Hardhat's stack
 *   traces; no setting turns it off) and holds it until the request returns: ~120-300 B per gas for a
 *   plain endless loop, up to ~800 B per gas for a JUMPDEST sled, at 0.4-4 Mgas/s. So a request's gas
 *   is its memory and its time, and a request cannot be interrupted once in EDR: RPC callers' calls are
 *   capped in gas (src/chain/rpc/requestLimits.ts, docs/security.md "Request limits").
 * - Closing: `close()` drops the provider at once; a request already inside EDR still runs to its end
 *   and its promise settles then, and every later call throws EngineClosedError.
 * - Concurrency: each call is one request to EDR (`mine` and `sendRawTransactions` send theirs as one
 *   JSON-RPC batch; after a refusal `sendRawTransactions` goes on one by one), but `execute` is several;
 *   a chain's owner (its sequencer) must not interleave block-making calls on the same engine.
 *
 * Throughput (bench/engineThroughput.ts, 1,000 value transfers, 2 vCPUs shared with other work, so
 * lower bounds): signed raw transactions ~0.7-1.1k tx/s whether automined or mined as one block
 * (EDR's raw-transaction path dominates); impersonated `sendAs` ~1.6-2.5k tx/s automined and
 * ~1.8-2.9k tx/s as one block. An idle chain costs ~2 MB RSS.
 */
import {
  EdrContext,
  ContractDecoder,
  L1_CHAIN_TYPE,
  L1Hardfork,
  MineOrdering,
  l1GenesisState,
  l1ProviderFactory,
  type AccountOverride,
  type Provider,
  type ProviderConfig,
} from '@nomicfoundation/edr';
import {
  decodeErrorResult,
  formatLog,
  formatTransactionReceipt,
  hexToBytes,
  numberToHex,
  type Address,
  type Hex,
  type Log,
  type RpcLog,
  type RpcTransactionReceipt,
  type TransactionReceipt,
} from 'viem';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { keccakHex } from '../protocol/hash.ts';
import { InvalidArgumentError, InvariantError, ZkInteropError } from '../errors.ts';

/** How to create one engine (one chain's EVM). */
export type EngineOptions = {
  chainId: number;
  /** Funded accounts: private keys with their genesis balance (wei). They can also use eth_sendTransaction. */
  accounts: { privateKey: Hex; balance: bigint }[];
  /** true (default): every tx mines its own block on submission. false: txs queue in a FIFO mempool until mine(). */
  automine?: boolean;
  /** Block gas limit; default 1,000,000,000. */
  blockGasLimit?: bigint;
  /** Genesis block timestamp (seconds); default: now. */
  initialTimestamp?: number;
};

/** Where to run a read: a tag or a block number. */
export type BlockSelector = 'latest' | 'pending' | bigint;

/** An unsigned transaction sent as `from` without its key (impersonation). */
export type SendAsArgs = {
  from: Address;
  /** omitted: contract creation */
  to?: Address;
  data?: Hex;
  value?: bigint;
  /** gas limit; default 30,000,000 */
  gas?: bigint;
  /** default: the sender's next nonce, pending transactions included */
  nonce?: number;
  /** EIP-1559 fees the run pays, as a signed transaction with them would (a 0x71 transaction's own); default 0 (system calls) */
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
};

/** Arguments of a read-only call. */
export type CallArgs = { from?: Address; to: Address; data: Hex; value?: bigint; gas?: bigint };

/** A log filter; blocks default to 0 ... latest. */
export type LogFilter = {
  address?: Address | Address[];
  topics?: (Hex | Hex[] | null)[];
  fromBlock?: bigint;
  toBlock?: bigint;
};

/**
 * A block `mine` just made, with its logs when asked for: as the engine's JSON-RPC gives them, `logIndex` as a
 * number (not viem-formatted: the sequencer reads a few fields of each, and formatting every field of every
 * log was main-thread work per message).
 */
export type MinedBlock = { number: bigint; hash: Hex; timestamp: bigint; transactionHashes: Hex[]; logs?: MinedLog[] };

/** A log of a mined block (see MinedBlock). */
export type MinedLog = { address: Address; topics: Hex[]; data: Hex; transactionHash: Hex | null; logIndex: number | null };

/** A transaction receipt, viem-formatted (bigints, 'success' | 'reverted'). */
export type Receipt = TransactionReceipt;

/** One chain's EVM. */
export interface Engine {
  readonly chainId: number;
  /** Raw JSON-RPC passthrough to the EVM (eth_*, evm_*, hardhat_*, debug_*); throws EngineRpcError. */
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Replaces the code at `address` (no constructor runs). */
  setCode(address: Address, code: Hex): Promise<void>;
  /** Writes one storage slot (`slot` and `value` are 32-byte words or shorter hex quantities). */
  setStorageAt(address: Address, slot: Hex, value: Hex): Promise<void>;
  /** Sets the balance of `address`. */
  setBalance(address: Address, wei: bigint): Promise<void>;
  /** Nonce of `address`; 'pending' counts queued transactions too. */
  getNonce(address: Address, block?: 'latest' | 'pending'): Promise<number>;
  /** eth_call from any address; @throws EngineRevertError on revert. */
  call(args: CallArgs, block?: BlockSelector): Promise<Hex>;
  /** Submits an unsigned tx from ANY address, at the fees given (default zero); returns the EVM tx hash. A reverting tx still gets a hash. */
  sendAs(args: SendAsArgs): Promise<Hex>;
  /** Submits a signed raw transaction; returns its hash. */
  sendRawTransaction(raw: Hex): Promise<Hex>;
  /**
   * Submits signed raw transactions in order, in as few round trips to the engine as it can; each
   * outcome is its own (a refused one does not refuse the others).
   */
  sendRawTransactions(raws: readonly Hex[]): Promise<PromiseSettledResult<Hex>[]>;
  /**
   * Mines one block with all queued txs in submission order (FIFO); a tx whose nonce is not yet
   * reachable stays queued. `timestamp` (seconds) must be ≥ the previous block's; default: now.
   * `withLogs` also returns the block's logs, read in the same round trip to the engine; `logAddresses`
   * keeps only those of these contracts (filtered in the engine: the rest is never marshaled).
   */
  mine(options?: { timestamp?: number; withLogs?: boolean; logAddresses?: readonly Address[] }): Promise<MinedBlock>;
  /**
   * sendAs, then mine if not automine (that block also takes every other queued tx), and return the
   * receipt. @throws EngineRevertError (with reason) if the tx reverted.
   */
  execute(args: SendAsArgs): Promise<Receipt>;
  /** Receipt of a mined tx, or null if unknown or still queued. */
  getReceipt(hash: Hex): Promise<Receipt | null>;
  /** Logs matching `filter`, viem-formatted. */
  getLogs(filter?: LogFilter): Promise<Log[]>;
  /** Number of the latest block. */
  blockNumber(): Promise<bigint>;
  /** Takes a state snapshot (evm_snapshot); returns its id. */
  snapshot(): Promise<Hex>;
  /**
   * Fixes the timestamp of blocks mined without an explicit one (genesis and system operations on
   * replay must be mined at their recorded times so block hashes come out the same); undefined = wall clock.
   */
  setClock(clock: (() => number) | undefined): void;
  /** Restores a snapshot (evm_revert); false if the id is unknown. The snapshot is used up. */
  revert(id: Hex): Promise<boolean>;
  /** Releases the engine; any later call throws EngineClosedError. */
  close(): Promise<void>;
}

/** A JSON-RPC error from the EVM (not a revert). */
export class EngineRpcError extends ZkInteropError {
  override name = 'EngineRpcError';
  readonly rpcCode: number;
  readonly data: unknown;
  constructor(method: string, rpcCode: number, message: string, data: unknown) {
    super('ENGINE_RPC_ERROR', `EVM ${method} failed: ${message}`);
    this.rpcCode = rpcCode;
    this.data = data;
  }
}

/** A call or transaction reverted. `data` is the raw revert data; `reason` is decoded when it is Error(string) or Panic(uint256). */
export class EngineRevertError extends ZkInteropError {
  override name = 'EngineRevertError';
  readonly data: Hex;
  readonly reason?: string;
  /** The receipt, when a mined transaction reverted. */
  readonly receipt?: Receipt;
  /** True when the transaction used all its gas: out of gas or an invalid opcode, not a REVERT. */
  readonly halted: boolean;
  constructor(data: Hex, options: { receipt?: Receipt; halted?: boolean; cause?: unknown } = {}) {
    const reason = decodeRevertReason(data);
    const message = options.halted
      ? 'execution failed: the transaction used all its gas (out of gas or an invalid opcode); give it more gas or fix the code'
      : reason !== undefined
        ? `execution reverted: ${reason}`
        : `execution reverted (data ${data === '0x' ? 'empty' : data})`;
    super('EXECUTION_REVERTED', message, { cause: options.cause });
    this.halted = options.halted ?? false;
    this.data = data;
    this.reason = reason;
    this.receipt = options.receipt;
  }
}

/** The engine was closed. */
export class EngineClosedError extends ZkInteropError {
  override name = 'EngineClosedError';
  constructor(chainId: number) {
    super('ENGINE_CLOSED', `the EVM of chain ${chainId} is closed; create a new engine`);
  }
}

const DEFAULT_BLOCK_GAS_LIMIT = 1_000_000_000n;
const DEFAULT_TX_GAS = 30_000_000n;
const HARDFORK = 'prague';

const PANIC_REASONS: Record<number, string> = {
  0x01: 'assert(false)',
  0x11: 'arithmetic underflow or overflow',
  0x12: 'division or modulo by zero',
  0x21: 'invalid enum value',
  0x22: 'invalid storage byte array',
  0x31: 'pop() on an empty array',
  0x32: 'array index out of bounds',
  0x41: 'out of memory',
  0x51: 'call to an uninitialized function',
};

/** Decodes Error(string) / Panic(uint256) revert data; undefined for anything else (custom errors, empty). */
export function decodeRevertReason(data: Hex): string | undefined {
  if (data.length < 10) return undefined;
  try {
    const decoded = decodeErrorResult({ data });
    if (decoded.errorName === 'Error') return String(decoded.args?.[0] ?? '');
    if (decoded.errorName === 'Panic') {
      const code = Number(decoded.args?.[0] ?? 0n);
      return `panic 0x${code.toString(16).padStart(2, '0')} (${PANIC_REASONS[code] ?? 'unknown panic code'})`;
    }
  } catch {
    // custom error or malformed data: no readable reason
  }
  return undefined;
}

let context: Promise<EdrContext> | undefined;

/** Block states EDR keeps ready per chain (see module header, "State history"). */
const MAX_CACHED_STATES = 1_024;

/** The one EdrContext of this process, created on first use. */
function edrContext(): Promise<EdrContext> {
  context ??= (async () => {
    // Read by EDR when each provider is created.
    process.env.__EDR_MAX_CACHED_STATES ??= String(MAX_CACHED_STATES);
    const ctx = new EdrContext();
    await ctx.registerProviderFactory(L1_CHAIN_TYPE, l1ProviderFactory());
    return ctx;
  })();
  return context;
}

/**
 * Creates one chain's EVM.
 * @example const engine = await createEngine({ chainId: 270, accounts: [{ privateKey, balance: 10n ** 21n }] });
 * @throws InvalidArgumentError on a bad chain id, key or limit.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { chainId } = options;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new InvalidArgumentError(`chain id must be a positive integer, got ${chainId}`);
  const blockGasLimit = options.blockGasLimit ?? DEFAULT_BLOCK_GAS_LIMIT;
  if (blockGasLimit < 1_000_000n) throw new InvalidArgumentError(`block gas limit must be at least 1,000,000, got ${blockGasLimit}`);
  const automine = options.automine ?? true;

  const funded: AccountOverride[] = options.accounts.map(({ privateKey, balance }) => {
    let address: Address;
    try {
      address = privateKeyAddress(privateKey);
    } catch (cause) {
      throw new InvalidArgumentError('a genesis account has an invalid private key (expected 32-byte hex)', { cause });
    }
    if (balance < 0n) throw new InvalidArgumentError(`genesis balance of ${address} is negative`);
    return { address: hexToBytes(address), balance };
  });

  const config: ProviderConfig = {
    allowBlocksWithSameTimestamp: true,
    allowUnlimitedContractSize: true,
    bailOnCallFailure: true,
    bailOnTransactionFailure: false,
    baseFeeConfig: [{ activation: { blockNumber: 0n }, maxChangeDenominator: 8n, elasticityMultiplier: 1n }],
    chainId: BigInt(chainId),
    coinbase: new Uint8Array(20),
    defaultTransactionGasLimit: DEFAULT_TX_GAS < blockGasLimit ? DEFAULT_TX_GAS : blockGasLimit,
    genesisState: [...l1GenesisState(L1Hardfork.Prague), ...funded],
    hardfork: HARDFORK,
    initialBaseFeePerGas: 0n,
    minGasPrice: 0n,
    mining: { autoMine: automine, blockGasLimit, memPool: { order: MineOrdering.Fifo } },
    network: {
      genesisBlockGasLimit: blockGasLimit,
      genesisBlockTime: options.initialTimestamp !== undefined ? BigInt(options.initialTimestamp) : undefined,
    },
    networkId: BigInt(chainId),
    observability: {},
    ownedAccounts: options.accounts.map((a) => a.privateKey),
    precompileOverrides: [],
    transactionGasCap: false,
  };

  const ctx = await edrContext();
  const provider = await ctx.createProvider(
    L1_CHAIN_TYPE,
    config,
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new ContractDecoder(),
  );
  return new EdrEngine(chainId, automine, blockGasLimit, provider);
}

type RpcResponse = { result?: unknown; error?: { code: number; message: string; data?: unknown } };

class EdrEngine implements Engine {
  private provider: Provider | undefined;
  private nextId = 1;
  private readonly impersonated = new Set<string>();

  constructor(
    readonly chainId: number,
    private readonly automine: boolean,
    private readonly blockGasLimit: bigint,
    provider: Provider,
  ) {
    this.provider = provider;
  }

  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const provider = this.provider;
    if (!provider) throw new EngineClosedError(this.chainId);
    const response = await provider.handleRequest(JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }));
    const raw: unknown = response.data;
    const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as RpcResponse;
    if (body.error) {
      const revertData = revertDataOf(body.error);
      if (revertData !== undefined) throw new EngineRevertError(revertData, { cause: new EngineRpcError(method, body.error.code, body.error.message, body.error.data) });
      throw new EngineRpcError(method, body.error.code, body.error.message, body.error.data);
    }
    return body.result as T;
  }

  async setCode(address: Address, code: Hex): Promise<void> {
    await this.request('hardhat_setCode', [address, code]);
  }

  async setStorageAt(address: Address, slot: Hex, value: Hex): Promise<void> {
    await this.request('hardhat_setStorageAt', [address, numberToHex(BigInt(slot)), numberToHex(BigInt(value), { size: 32 })]);
  }

  async setBalance(address: Address, wei: bigint): Promise<void> {
    await this.request('hardhat_setBalance', [address, numberToHex(wei)]);
  }

  async getNonce(address: Address, block: 'latest' | 'pending' = 'latest'): Promise<number> {
    return Number(BigInt(await this.request<Hex>('eth_getTransactionCount', [address, block])));
  }

  async call(args: CallArgs, block: BlockSelector = 'latest'): Promise<Hex> {
    const tx: Record<string, string> = { to: args.to, data: args.data };
    if (args.from) tx.from = args.from;
    if (args.value !== undefined) tx.value = numberToHex(args.value);
    if (args.gas !== undefined) tx.gas = numberToHex(args.gas);
    return this.request<Hex>('eth_call', [tx, blockTag(block)]);
  }

  async sendAs(args: SendAsArgs): Promise<Hex> {
    const from = args.from.toLowerCase();
    if (!this.impersonated.has(from)) {
      await this.request('hardhat_impersonateAccount', [args.from]);
      this.impersonated.add(from);
    }
    const tx: Record<string, string> = {
      from: args.from,
      gas: numberToHex(this.txGas(args.gas)),
      maxFeePerGas: numberToHex(args.maxFeePerGas ?? 0n),
      maxPriorityFeePerGas: numberToHex(args.maxPriorityFeePerGas ?? 0n),
      data: args.data ?? '0x',
    };
    if (args.to) tx.to = args.to;
    if (args.value !== undefined) tx.value = numberToHex(args.value);
    if (args.nonce !== undefined) tx.nonce = numberToHex(args.nonce);
    return this.request<Hex>('eth_sendTransaction', [tx]);
  }

  async sendRawTransaction(raw: Hex): Promise<Hex> {
    return this.request<Hex>('eth_sendRawTransaction', [raw]);
  }

  async sendRawTransactions(raws: readonly Hex[]): Promise<PromiseSettledResult<Hex>[]> {
    if (raws.length === 0) return [];
    try {
      const hashes = await this.requestBatch(raws.map((raw) => ['eth_sendRawTransaction', [raw]]));
      return hashes.map((hash) => ({ status: 'fulfilled', value: hash as Hex }));
    } catch (error) {
      if (error instanceof EngineClosedError) throw error;
      // EDR answers a batch with its first failure only, having taken the transactions before it and
      // none after: find out one by one which are in the pool, and send the rest on their own.
      const outcomes: PromiseSettledResult<Hex>[] = [];
      for (const raw of raws) {
        const hash = keccakHex(raw);
        const pooled = await this.request<{ blockNumber: Hex | null } | null>('eth_getTransactionByHash', [hash]);
        if (pooled && pooled.blockNumber === null) {
          outcomes.push({ status: 'fulfilled', value: hash });
          continue;
        }
        try {
          outcomes.push({ status: 'fulfilled', value: await this.sendRawTransaction(raw) });
        } catch (reason) {
          outcomes.push({ status: 'rejected', reason });
        }
      }
      return outcomes;
    }
  }

  private clock: (() => number) | undefined;

  setClock(clock: (() => number) | undefined): void {
    this.clock = clock;
  }

  async mine(options: { timestamp?: number; withLogs?: boolean; logAddresses?: readonly Address[] } = {}): Promise<MinedBlock> {
    const timestamp = options.timestamp ?? this.clock?.();
    // One batch to the engine (mine, read the header, read the logs) instead of three round trips:
    // the sequencer mines a block per turn, and each round trip waits on the engine's thread.
    const calls: [string, unknown[]][] = [
      ['evm_mine', timestamp !== undefined ? [timestamp] : []],
      ['eth_getBlockByNumber', ['latest', false]],
    ];
    if (options.withLogs) calls.push(['eth_getLogs', [{ fromBlock: 'latest', toBlock: 'latest', ...(options.logAddresses ? { address: options.logAddresses } : {}) }]]);
    const [, block, logs] = await this.requestBatch(calls);
    const header = block as { number: Hex; hash: Hex; timestamp: Hex; transactions: Hex[] } | null;
    if (!header) throw new InvariantError('the EVM has no latest block right after mining one');
    const mined: MinedBlock = { number: BigInt(header.number), hash: header.hash, timestamp: BigInt(header.timestamp), transactionHashes: header.transactions };
    if (options.withLogs) {
      mined.logs = (logs as RpcLog[]).map((log) => ({
        address: log.address,
        topics: log.topics,
        data: log.data,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex === null ? null : Number(log.logIndex),
      }));
    }
    return mined;
  }

  /**
   * Several requests in one call to the engine, run in order; the engine stops at the first failure,
   * which is thrown (as `request` would throw it) naming the whole batch.
   */
  private async requestBatch(calls: readonly [string, unknown[]][]): Promise<unknown[]> {
    const provider = this.provider;
    if (!provider) throw new EngineClosedError(this.chainId);
    const response = await provider.handleRequest(JSON.stringify(calls.map(([method, params]) => ({ jsonrpc: '2.0', id: this.nextId++, method, params }))));
    const raw: unknown = response.data;
    const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { result?: unknown[]; error?: RpcResponse['error'] };
    const methods = calls.map(([method]) => method).join(' + ');
    if (body.error) throw new EngineRpcError(methods, body.error.code, body.error.message, body.error.data);
    if (!Array.isArray(body.result) || body.result.length !== calls.length) throw new InvariantError(`the EVM answered a batch of ${calls.length} (${methods}) with ${JSON.stringify(body).slice(0, 200)}`);
    return body.result;
  }

  async execute(args: SendAsArgs): Promise<Receipt> {
    const hash = await this.sendAs(args);
    if (!this.automine) await this.mine();
    const receipt = await this.getReceipt(hash);
    if (!receipt) {
      throw new ZkInteropError('TRANSACTION_NOT_MINED', `transaction ${hash} from ${args.from} was not mined; is an earlier nonce of this sender missing?`);
    }
    if (receipt.status === 'reverted') {
      // All gas gone means an exceptional halt (out of gas, invalid opcode): no revert data, and
      // tracing every step of a long run just to learn that would be slow.
      if (receipt.gasUsed === this.txGas(args.gas)) throw new EngineRevertError('0x', { receipt, halted: true });
      throw new EngineRevertError(await this.revertDataOfTransaction(hash), { receipt });
    }
    return receipt;
  }

  async getReceipt(hash: Hex): Promise<Receipt | null> {
    const receipt = await this.request<RpcTransactionReceipt | null>('eth_getTransactionReceipt', [hash]);
    return receipt ? formatTransactionReceipt(receipt) : null;
  }

  async getLogs(filter: LogFilter = {}): Promise<Log[]> {
    const query: Record<string, unknown> = {
      fromBlock: numberToHex(filter.fromBlock ?? 0n),
      toBlock: filter.toBlock !== undefined ? numberToHex(filter.toBlock) : 'latest',
    };
    if (filter.address !== undefined) query.address = filter.address;
    if (filter.topics !== undefined) query.topics = filter.topics;
    const logs = await this.request<RpcLog[]>('eth_getLogs', [query]);
    return logs.map((log) => formatLog(log));
  }

  async blockNumber(): Promise<bigint> {
    return BigInt(await this.request<Hex>('eth_blockNumber'));
  }

  async snapshot(): Promise<Hex> {
    return this.request<Hex>('evm_snapshot');
  }

  async revert(id: Hex): Promise<boolean> {
    return this.request<boolean>('evm_revert', [id]);
  }

  async close(): Promise<void> {
    // EDR providers have no close: dropping the last reference frees the chain's state.
    this.provider = undefined;
  }

  private txGas(gas: bigint | undefined): bigint {
    return gas ?? (DEFAULT_TX_GAS < this.blockGasLimit ? DEFAULT_TX_GAS : this.blockGasLimit);
  }

  /** Revert data of a mined, failed transaction, replayed exactly by the tracer. */
  private async revertDataOfTransaction(hash: Hex): Promise<Hex> {
    const trace = await this.request<{ returnValue?: string }>('debug_traceTransaction', [
      hash,
      { disableStorage: true, disableMemory: true, disableStack: true },
    ]);
    const value = trace.returnValue ?? '';
    return (value.startsWith('0x') ? value : `0x${value}`) as Hex;
  }
}

function blockTag(block: BlockSelector): string {
  return typeof block === 'bigint' ? numberToHex(block) : block;
}

/** The revert data of a JSON-RPC error, if it is a revert (EDR: code 3 or -32603 with hex `data`, or `data.data`). */
function revertDataOf(error: { code: number; message: string; data?: unknown }): Hex | undefined {
  if (!/revert/i.test(error.message)) return undefined;
  const data = error.data;
  if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data)) return data as Hex;
  if (data && typeof data === 'object' && 'data' in data) {
    const inner = (data as { data: unknown }).data;
    if (typeof inner === 'string' && /^0x[0-9a-fA-F]*$/.test(inner)) return inner as Hex;
  }
  return '0x';
}
