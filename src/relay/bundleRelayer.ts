/**
 * The network's auto-relayer of protocol v31 bundles: once the bundle index (`bundleIndex.ts`) shows a
 * bundle `rootImported` on its destination and the bundle is the relayer's to run (no
 * `executionAddress`, or the relayer's own), it executes it there as any outside relayer would: over the
 * source's and destination's `RpcClient`s only (viem clients with a `custom` transport), with the SDK's
 * own steps — `getBundleProofOfMessage` for the carrying message (at the index the index found, so a transaction
 * that sent several bundles works too) and `executeBundle` (`rootTimeoutMs` 0: the root is there) —
 * signed with its own secp256k1 key (kept in the store's meta by the network: not a dev account, so
 * users' nonces never collide with it; not an operator or system address). On success the index sees
 * `BundleExecuted`. When executeBundle reverts (the SDK's dry run throws BundleRevertedError, or the
 * receipt is reverted) it records a `failure` on the index: the decoded reason, the raw revert data,
 * which call of the bundle reverted and a `callTracer` trace of the same call (`debug_traceCall`).
 * BundleAlreadyProcessed (or a reverted receipt while the bundle shows executed or unbundled) means
 * someone else was first: fine, not a failure.
 *
 * It tries each bundle at most once per run: a failed bundle stays failed until someone executes or
 * unbundles it by hand. After a restart (or a network revert, `reset`) it tries the unprocessed ones
 * once more; InteropHandler's replay protection is what guarantees nothing executes twice. Up to 16
 * executions per destination are in flight at once, each with its own nonce from the relayer's nonce
 * manager (viem's, fed by the destination's pending count), never inside a node's turn. Its own errors
 * (RPC failures, a node stopping) go to `onError` and the bundle is tried again on the next turn.
 */
import {
  createPublicClient,
  createWalletClient,
  custom,
  decodeErrorResult,
  defineChain,
  encodeFunctionData,
  toFunctionSelector,
  type Abi,
  type Address,
  type Chain,
  type Client,
  type Hex,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { createNonceManager, jsonRpc, type NonceManager } from 'viem/nonce';
import * as contracts from '../contracts/index.ts';
import { INTEROP_HANDLER_ADDRESS, interopHandlerAbi } from '../contracts/index.ts';
import { parseEvmV1 } from '../protocol/bundle.ts';
import { RpcClientError, type RpcClient } from '../rpc/client.ts';
import { BundleAlreadyProcessedError, BundleRevertedError, TransactionRevertedError } from '../sdk/errors.ts';
import { executeBundle } from '../sdk/executeBundle.ts';
import { getBundleProofOfMessage, type GetBundleProofReturnType } from '../sdk/getBundleProof.ts';
import { getBundleStatus } from '../sdk/getBundleStatus.ts';
import type { BundleFailure, BundleLifecycle, CallFrame } from '../wire/types.ts';
import type { BundleIndex, IndexedChain } from './bundleIndex.ts';

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

const RECEIVE_MESSAGE = toFunctionSelector('receiveMessage(bytes32,bytes,bytes)');

/** Most executions in flight per destination (each with its own nonce, see the nonce manager). */
const MAX_IN_FLIGHT = 16;

/** Every custom error of the contracts zkinterop ships, to name a failing call's error. */
const KNOWN_ERRORS: Abi = (Object.values(contracts) as unknown[])
  .filter((value): value is Abi => Array.isArray(value) && value.some((item) => (item as { type?: unknown })?.type === 'error'))
  .flatMap((abi) => abi.filter((item) => item.type === 'error'));

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
  private readonly nonces: NonceManager = createNonceManager({ source: jsonRpc() });

  constructor(private readonly options: BundleRelayerOptions) {
    // Its own nonce manager: several executions per destination are in flight at once, each with its nonce.
    this.address = privateKeyAddress(options.privateKey);
    options.index.setRelayedRule((bundle) => this.relays(bundle));
  }

  private get account(): PrivateKeyAccount {
    this.signer ??= privateKeyToAccount(this.options.privateKey, { nonceManager: this.nonces });
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
    for (const bundle of this.options.index.executable((hash) => this.attempted.has(hash))) {
      if (!bundle.relayed) continue;
      this.attempted.add(bundle.bundleHash);
      const queue = this.queues.get(bundle.destinationChainId) ?? { waiting: [], inFlight: 0 };
      this.queues.set(bundle.destinationChainId, queue);
      queue.waiting.push(bundle);
      this.pump(queue);
    }
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
    // The chains' nonces went back with them: ask them again.
    for (const chain of this.options.chains()) this.nonces.reset({ address: this.address, chainId: chain.chainId });
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
    const wallet = createWalletClient({ account: this.account, chain: viemChain(bundle.destinationChainId), transport: over(destination) });
    let proof: GetBundleProofReturnType | undefined;
    try {
      proof = await this.proofOf(bundle, source);
      await executeBundle(wallet, { proof, rootTimeoutMs: 0 });
    } catch (error) {
      if (error instanceof BundleAlreadyProcessedError) return;
      // A transaction that reverted because someone else's execution landed first is no failure either.
      if (error instanceof TransactionRevertedError && (await this.processedOn(wallet, bundle.bundleHash))) return;
      if (proof && (error instanceof BundleRevertedError || error instanceof TransactionRevertedError)) {
        this.options.index.recordFailure(bundle.bundleHash, await this.failureOf(destination, proof, error));
        return;
      }
      // The relayer's own trouble (an RPC error, a node stopping): try again on the next turn.
      this.attempted.delete(bundle.bundleHash);
      if (!this.stopped) this.options.onError(error);
    }
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

  /** What went wrong: the revert, decoded, and the same call traced with `callTracer`. */
  private async failureOf(destination: RpcClient, proof: GetBundleProofReturnType, error: BundleRevertedError | TransactionRevertedError): Promise<BundleFailure> {
    const at = Date.now();
    const data = encodeFunctionData({
      abi: interopHandlerAbi,
      functionName: 'executeBundle',
      args: [proof.encoded, { chainId: proof.chainId, l1BatchNumber: proof.l1BatchNumber, l2MessageIndex: proof.l2MessageIndex, message: proof.message, proof: proof.proof }],
    });
    let trace: CallFrame | null = null;
    try {
      trace = await destination.request<CallFrame>('debug_traceCall', [{ from: this.address, to: INTEROP_HANDLER_ADDRESS, data }, 'latest', { tracer: 'callTracer' }]);
    } catch (traceError) {
      this.options.onError(traceError);
    }
    const revertData = (error instanceof BundleRevertedError ? error.revertData : null) ?? (trace?.error && trace.output && trace.output !== '0x' ? trace.output : null);
    const reason = reasonOf(revertData) ?? failingFrame(trace)?.revertReason ?? (error instanceof BundleRevertedError ? error.reason : null);
    return { at, reason, revertData, callIndex: failingCall(trace), trace };
  }
}

/** A revert's error name (any contract zkinterop ships) or its `Error(string)` message; null when neither decodes. */
function reasonOf(revertData: Hex | null): string | null {
  if (!revertData || revertData.length < 10) return null;
  try {
    const decoded = decodeErrorResult({ abi: KNOWN_ERRORS, data: revertData });
    if (decoded.errorName === 'Error') return String(decoded.args?.[0]);
    return decoded.errorName;
  } catch {
    return null;
  }
}

/** The index of the bundle's call that reverted: the handler's n-th `receiveMessage` frame with an error. */
function failingCall(trace: CallFrame | null): number | null {
  const calls = (trace?.calls ?? []).filter((frame) => frame.input.slice(0, 10).toLowerCase() === RECEIVE_MESSAGE);
  const index = calls.findIndex((frame) => frame.error !== undefined);
  return index < 0 ? null : index;
}

/** The deepest frame with an error along the reverted path. */
function failingFrame(trace: CallFrame | null): CallFrame | undefined {
  let frame = trace?.error ? trace : undefined;
  while (frame) {
    const next = frame.calls?.find((c) => c.error !== undefined);
    if (!next) return frame;
    frame = next;
  }
  return undefined;
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
