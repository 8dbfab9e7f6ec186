/**
 * The network's auto-relayer of protocol v31 bundles: once the bundle index (`bundleIndex.ts`) shows a
 * bundle `rootImported` on its destination and the bundle is the relayer's to run (no
 * `executionAddress`, or the relayer's own), it executes it there as any outside relayer could: over the
 * source's and destination's `RpcClient`s only (viem clients with a `custom` transport), with the SDK's
 * `getBundleProofOfMessage` for the carrying message (at the index the index found, so a transaction that
 * sent several bundles works too; read as soon as the bundle is settled on Gateway, before its root reaches
 * the destination) and its own lean execution (`relayedExecution.ts`: one `debug_traceCall`
 * as dry run, gas figure and failure trace, then the transaction: not the SDK's executeBundle, whose
 * checks and eth_estimateGas cost the destination's engine ten times as much) — signed with its own
 * secp256k1 key (kept in the store's meta by the network: not a dev account, so users' nonces never
 * collide with it; not an operator or system address). On success the index sees `BundleExecuted`. When
 * executeBundle reverts (the traced dry run, or the mined transaction) it records a `failure` on the
 * index: the decoded reason, the raw revert data, which call of the bundle reverted and the `callTracer`
 * trace (of the dry run; of the same call after the fact when the mined transaction reverted).
 * BundleAlreadyProcessed (or a reverted receipt while the bundle shows executed or unbundled) means
 * someone else was first: fine, not a failure.
 *
 * It tries each bundle at most once per run: a failed bundle stays failed until someone executes or
 * unbundles it by hand. After a restart (or a network revert, `reset`) it tries the unprocessed ones
 * once more; InteropHandler's replay protection is what guarantees nothing executes twice. Up to
 * MAX_IN_FLIGHT executions per destination are in flight at once, each with its own nonce, counted by
 * the relayer (the destination's pending count read once, and again after an error), never inside a
 * node's turn; those sent while the destination seals a block go into its next block together. Its own
 * errors (RPC failures, a node stopping) go to `onError` and the bundle is tried again on the next turn.
 */
import { createPublicClient, createWalletClient, custom, defineChain, type Address, type Chain, type Client, type Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { estimateFeesPerGas, getTransactionCount } from 'viem/actions';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { parseEvmV1 } from '../protocol/bundle.ts';
import { RpcClientError, type RpcClient } from '../rpc/client.ts';
import { getBundleProofOfMessage, type GetBundleProofReturnType } from '../sdk/getBundleProof.ts';
import { getBundleStatus } from '../sdk/getBundleStatus.ts';
import type { BundleLifecycle, CallFrame } from '../wire/types.ts';
import type { BundleIndex, IndexedChain } from './bundleIndex.ts';
import { executeBundleData, executeRelayed, failureOfTrace, traceExecution, type RelayFees } from './relayedExecution.ts';

/** Options of a BundleRelayer. */
export type BundleRelayerOptions = {
  index: BundleIndex;
  /** the relayer's own key (never a dev account's or an operator's) */
  privateKey: Hex;
  /** the settling chains, read at each turn */
  chains: () => IndexedChain[];
  /** whether it may execute on this destination (funded there; chains on the L1 never import roots) */
  relaysOn: (chainId: number) => boolean;
  /** told of the relayer's own failures (the bundle is tried again on the next turn) */
  onError: (error: unknown) => void;
};

/** Most executions in flight per destination (each with its own nonce, see nonceOn). */
const MAX_IN_FLIGHT = 16;

/** How long the relayer keeps a destination's fees (ms). */
const FEES_TTL_MS = 1_000;

/** Executes bundles on their destinations; see module header. */
export class BundleRelayer {
  readonly address: Address;
  /** made on the first execution: viem's key arithmetic builds a ~0.1 s table first, kept out of the start */
  private signer: PrivateKeyAccount | undefined;
  /** bundles tried in this run (or in flight) */
  private readonly attempted = new Set<Hex>();
  /** per destination: bundles waiting for a free slot, and how many are in flight */
  private readonly queues = new Map<number, { waiting: BundleLifecycle[]; inFlight: number }>();
  /** every relay in flight, for `stop` */
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  /** per destination: the next nonce to hand out (counted here; asked of the destination once, and again after an error) */
  private readonly nonces = new Map<number, Promise<number>>();
  /** per destination: its wallet client and the RpcClient it goes over */
  private readonly wallets = new Map<number, { over: RpcClient; wallet: Client }>();
  /** proofs read ahead, for settled bundles whose root has not reached their destination yet */
  private readonly proofs = new Map<Hex, Promise<GetBundleProofReturnType | undefined>>();
  /** per destination: its fees and when they were read */
  private readonly fees = new Map<number, { at: number; fees: Promise<RelayFees> }>();

  constructor(private readonly options: BundleRelayerOptions) {
    // Several executions per destination are in flight at once, each with its own nonce (nonceOn).
    this.address = privateKeyAddress(options.privateKey);
    options.index.setRelayedRule((bundle) => this.relays(bundle));
  }

  private get account(): PrivateKeyAccount {
    this.signer ??= privateKeyToAccount(this.options.privateKey);
    return this.signer;
  }

  /** Whether the relayer executes a bundle to this destination with this executionAddress. */
  relays(bundle: { destinationChainId: number; executionAddress: Hex | null }): boolean {
    if (!this.options.relaysOn(bundle.destinationChainId)) return false;
    if (bundle.executionAddress === null) return true;
    try {
      const exec = parseEvmV1(bundle.executionAddress);
      const chainOk = !exec.hasChainReference || exec.chainId === 0n || exec.chainId === BigInt(bundle.destinationChainId);
      return exec.hasAddress && chainOk && exec.address.toLowerCase() === this.address.toLowerCase();
    } catch {
      return false;
    }
  }

  /** Looks for bundles to execute (call after each index turn). */
  poke(): void {
    if (this.stopped) return;
    const wanted = new Set<Hex>();
    // Settled bundles are provable before their root reaches the destination: their proofs are read now,
    // off the path from the root's import to the execution.
    for (const bundle of this.options.index.settledAwaitingRoot()) {
      if (!bundle.relayed || this.attempted.has(bundle.bundleHash)) continue;
      wanted.add(bundle.bundleHash);
      if (!this.proofs.has(bundle.bundleHash)) this.prefetch(bundle);
    }
    for (const bundle of this.options.index.executable((hash) => this.attempted.has(hash))) {
      if (!bundle.relayed) continue;
      wanted.add(bundle.bundleHash);
      this.attempted.add(bundle.bundleHash);
      const queue = this.queues.get(bundle.destinationChainId) ?? { waiting: [], inFlight: 0 };
      this.queues.set(bundle.destinationChainId, queue);
      queue.waiting.push(bundle);
      this.pump(queue);
    }
    // A proof read ahead for a bundle no longer waiting (executed by someone else, a revert) is dropped; a
    // relay in flight takes its own out.
    for (const hash of this.proofs.keys()) if (!wanted.has(hash) && !this.attempted.has(hash)) this.proofs.delete(hash);
  }

  /** Reads a bundle's proof ahead of its relay (undefined when that fails: the relay reads it again). */
  private prefetch(bundle: BundleLifecycle): void {
    const source = this.options.chains().find((c) => c.chainId === bundle.sourceChainId)?.client;
    if (!source) return;
    this.proofs.set(bundle.bundleHash, this.proofOf(bundle, source).catch(() => undefined));
  }

  /** Starts waiting relays of one destination while it has fewer than MAX_IN_FLIGHT in flight. */
  private pump(queue: { waiting: BundleLifecycle[]; inFlight: number }): void {
    while (!this.stopped && queue.inFlight < MAX_IN_FLIGHT && queue.waiting.length > 0) {
      const bundle = queue.waiting.shift()!;
      queue.inFlight++;
      const run = this.relay(bundle)
        .catch((error: unknown) => this.options.onError(error))
        .finally(() => {
          queue.inFlight--;
          this.running.delete(run);
          this.pump(queue);
        });
      this.running.add(run);
    }
  }

  /** Forgets which bundles were tried and the nonces it counted (after a network revert, the history they belonged to is gone). */
  reset(): void {
    this.attempted.clear();
    this.proofs.clear();
    this.fees.clear();
    // The chains' nonces went back with them: ask them again.
    this.nonces.clear();
  }

  /** Takes no new work and waits for what is in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async relay(bundle: BundleLifecycle): Promise<void> {
    if (this.stopped) return;
    const chains = new Map(this.options.chains().map((c) => [c.chainId, c.client]));
    const source = chains.get(bundle.sourceChainId);
    const destination = chains.get(bundle.destinationChainId);
    if (!source || !destination) return;
    const wallet = this.walletOn(bundle.destinationChainId, destination);
    const ahead = this.proofs.get(bundle.bundleHash);
    this.proofs.delete(bundle.bundleHash);
    try {
      const proof = (await ahead) ?? (await this.proofOf(bundle, source));
      const fields = async () => ({ ...(await this.feesOn(bundle.destinationChainId, wallet)), nonce: await this.nonceOn(bundle.destinationChainId, wallet) });
      const result = await executeRelayed(wallet, destination, this.account, proof, fields);
      if (result.outcome === 'refused') this.options.index.recordFailure(bundle.bundleHash, result.failure);
      if (result.outcome !== 'reverted') return;
      // A transaction that reverted because someone else's execution landed first is no failure.
      if (await this.processedOn(wallet, bundle.bundleHash)) return;
      // The trace of a mined revert is taken after the fact, against the state after it.
      const at = Date.now();
      let trace: CallFrame | null = null;
      try {
        trace = await traceExecution(destination, this.address, executeBundleData(proof));
      } catch (traceError) {
        this.options.onError(traceError);
      }
      this.options.index.recordFailure(bundle.bundleHash, failureOfTrace(at, trace, null));
    } catch (error) {
      // The relayer's own trouble (an RPC error, a node stopping): try again on the next turn, and ask the
      // destination for the nonce again (one handed out may not have been sent).
      this.attempted.delete(bundle.bundleHash);
      this.nonces.delete(bundle.destinationChainId);
      if (!this.stopped) this.options.onError(error);
    }
  }

  /** One wallet client per destination, over its RpcClient (kept: viem remembers what the node supports per client). */
  private walletOn(chainId: number, destination: RpcClient): Client {
    const known = this.wallets.get(chainId);
    if (known && known.over === destination) return known.wallet;
    const wallet = createWalletClient({ account: this.account, chain: viemChain(chainId), transport: over(destination) });
    this.wallets.set(chainId, { over: destination, wallet });
    return wallet;
  }

  /**
   * The destination's fees (viem's estimateFeesPerGas: its latest block and eth_maxPriorityFeePerGas), read
   * at most once per FEES_TTL_MS: two requests per bundle saved; the base fee a few blocks old still leaves
   * viem's 20 % headroom (zkinterop's chains keep it at 0 forever).
   */
  private feesOn(chainId: number, wallet: Client): Promise<RelayFees> {
    const known = this.fees.get(chainId);
    if (known && Date.now() - known.at < FEES_TTL_MS) return known.fees;
    const fees = estimateFeesPerGas(wallet, { chain: wallet.chain ?? null }).then(({ maxFeePerGas, maxPriorityFeePerGas }) => ({ maxFeePerGas, maxPriorityFeePerGas }));
    this.fees.set(chainId, { at: Date.now(), fees });
    // A failed read is not kept: the next bundle asks again.
    fees.catch(() => this.fees.get(chainId)?.fees === fees && this.fees.delete(chainId));
    return fees;
  }

  /** The next nonce on a destination: its pending count the first time, then counted here (no request per bundle). */
  private nonceOn(chainId: number, wallet: Client): Promise<number> {
    const next = this.nonces.get(chainId) ?? getTransactionCount(wallet, { address: this.address, blockTag: 'pending' });
    const after = next.then((nonce) => nonce + 1);
    // A failed read is not kept: the next bundle asks again.
    after.catch(() => this.nonces.get(chainId) === after && this.nonces.delete(chainId));
    this.nonces.set(chainId, after);
    return next;
  }

  /** Whether the destination shows the bundle executed or unbundled (false when it cannot be read). */
  private async processedOn(client: Client, bundleHash: Hex): Promise<boolean> {
    try {
      const { status } = await getBundleStatus(client, { bundleHash });
      return status === 'executed' || status === 'unbundled';
    } catch {
      return false;
    }
  }

  /** executeBundle's arguments: the SDK's proof of the carrying message, with the bundle it carries. */
  private proofOf(bundle: BundleLifecycle, source: RpcClient): Promise<GetBundleProofReturnType> {
    return getBundleProofOfMessage(createPublicClient({ chain: viemChain(bundle.sourceChainId), transport: over(source) }), { txHash: bundle.txHash, index: bundle.index });
  }
}

/** A viem chain for a network chain id (the transport decides where requests go). */
function viemChain(chainId: number): Chain {
  return defineChain({ id: chainId, name: `zkinterop ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [] } } });
}

/** A viem transport over an `RpcClient`, with JSON-RPC errors shaped as viem expects (`code`, `data`). */
function over(client: RpcClient) {
  return custom(
    {
      async request({ method, params }: { method: string; params?: unknown }) {
        try {
          return await client.request(method, (params ?? []) as unknown[]);
        } catch (error) {
          if (error instanceof RpcClientError) throw Object.assign(new Error(error.message, { cause: error }), { code: error.rpcCode, data: error.data });
          throw error;
        }
      },
    },
    { retryCount: 0 },
  );
}
