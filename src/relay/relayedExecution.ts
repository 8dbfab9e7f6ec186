/**
 * One relayed execution of a bundle on its destination, with as few runs of the destination's EVM as the
 * relayer's guarantees allow: ONE `debug_traceCall` (`callTracer`) of `InteropHandler.executeBundle` is at
 * once the dry run (a refusal comes back with its revert data, decoded), the gas figure (the top frame's
 * `gasUsed`) and, when it reverts, the failure's trace; then the transaction, sent with that gas and a
 * margin, and its receipt. The SDK's executeBundle (which outside relayers use) runs the bundle three
 * times and more: its status and root checks, an `eth_call` dry run, `eth_estimateGas` (EDR binary-searches
 * the limit: ~10 executions, ~8 ms of the destination's engine for a one-call bundle against ~0.9 ms for
 * the trace) and the transaction. The relayer needs neither check: the bundle index only hands it bundles
 * whose root the destination imported and that are not executed or unbundled, and InteropHandler's replay
 * protection refuses a second execution (BundleAlreadyProcessed: someone else was first).
 */
import { decodeErrorResult, encodeFunctionData, toFunctionSelector, type Abi, type Address, type Client, type Hex, type PrivateKeyAccount } from 'viem';
import { sendTransaction } from 'viem/actions';
import * as contracts from '../contracts/index.ts';
import { INTEROP_HANDLER_ADDRESS, interopHandlerAbi } from '../contracts/index.ts';
import type { RpcClient } from '../rpc/client.ts';
import type { GetBundleProofReturnType } from '../sdk/getBundleProof.ts';
import { pollUntil } from '../sdk/internal/poll.ts';
import type { BundleFailure, CallFrame } from '../wire/types.ts';

/** The EIP-1559 fees to send with (the relayer reads them once a while per destination, not per bundle). */
export type RelayFees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** What the relayer fills in itself: the fees and the nonce (counted locally). */
export type RelayTxFields = RelayFees & { nonce: number };

/** What one relayed execution came to. */
export type RelayedOutcome =
  | { outcome: 'executed'; txHash: Hex }
  /** the handler says the bundle is executed or unbundled already: someone else was first */
  | { outcome: 'processed' }
  /** the dry run reverted: nothing was sent */
  | { outcome: 'refused'; failure: BundleFailure }
  /** the transaction was mined and reverted (the state moved between the trace and the block) */
  | { outcome: 'reverted'; txHash: Hex };

/** How long a sent execution may wait for its receipt (as the SDK's executeBundle). */
const RECEIPT_TIMEOUT_MS = 60_000;

const RECEIVE_MESSAGE = toFunctionSelector('receiveMessage(bytes32,bytes,bytes)');

/** Every custom error of the contracts zkinterop ships, to name a failing call's error. */
const KNOWN_ERRORS: Abi = (Object.values(contracts) as unknown[])
  .filter((value): value is Abi => Array.isArray(value) && value.some((item) => (item as { type?: unknown })?.type === 'error'))
  .flatMap((abi) => abi.filter((item) => item.type === 'error'));

/**
 * The gas limit for a traced `gasUsed`: half again. The trace's figure is after refunds (at most a fifth of
 * the gas spent) and a call forwards only 63/64 of what is left, so a limit of exactly `gasUsed` can run
 * out; the SDK leaves a quarter on top of eth_estimateGas (which already counts both). Unused gas is not paid.
 */
export function gasLimitFor(gasUsed: bigint): bigint {
  return gasUsed + gasUsed / 2n;
}

/** executeBundle's calldata for a proof (the bundle bytes it carries and its MessageInclusionProof). */
export function executeBundleData(proof: GetBundleProofReturnType): Hex {
  return encodeFunctionData({
    abi: interopHandlerAbi,
    functionName: 'executeBundle',
    args: [proof.encoded, { chainId: proof.chainId, l1BatchNumber: proof.l1BatchNumber, l2MessageIndex: proof.l2MessageIndex, message: proof.message, proof: proof.proof }],
  });
}

/**
 * Traces executeBundle as `account`, and sends it when the trace succeeds; see module header.
 * @param wallet a viem client of the destination
 * @param destination the destination's RpcClient (the trace and the receipt)
 * @param fields the fees and nonce to send with, asked only when the trace succeeded (no nonce is taken for a refusal)
 * @throws the RPC errors of the trace, the send or the receipt read (the relayer's own trouble: it tries again)
 */
export async function executeRelayed(wallet: Client, destination: RpcClient, account: PrivateKeyAccount, proof: GetBundleProofReturnType, fields: () => Promise<RelayTxFields>): Promise<RelayedOutcome> {
  const data = executeBundleData(proof);
  const at = Date.now();
  const trace = await traceExecution(destination, account.address, data);
  if (trace.error !== undefined) {
    const failure = failureOfTrace(at, trace, null);
    if (failure.reason === 'BundleAlreadyProcessed') return { outcome: 'processed' };
    return { outcome: 'refused', failure };
  }
  const gasUsed = BigInt(trace.gasUsed ?? '0x0');
  const txHash = await sendTransaction(wallet, { account, chain: wallet.chain ?? null, to: INTEROP_HANDLER_ADDRESS, data, gas: gasLimitFor(gasUsed), ...(await fields()) });
  // The node answers eth_sendRawTransaction once the block holding it is sealed, so the first read finds
  // the receipt, unless the transaction waited in the pool for an earlier nonce still on its way.
  const receipt = await pollUntil(async () => (await destination.request<{ status: Hex } | null>('eth_getTransactionReceipt', [txHash])) ?? undefined, { timeoutMs: RECEIPT_TIMEOUT_MS, intervalMs: 10 });
  if (!receipt) throw new Error(`executeBundle ${txHash} on chain ${wallet.chain?.id}: no receipt ${RECEIPT_TIMEOUT_MS} ms after it was sent`);
  return BigInt(receipt.status) === 1n ? { outcome: 'executed', txHash } : { outcome: 'reverted', txHash };
}

/** executeBundle of `data` from `from`, traced with callTracer against the destination's latest state. */
export function traceExecution(destination: RpcClient, from: Address, data: Hex): Promise<CallFrame> {
  return destination.request<CallFrame>('debug_traceCall', [{ from, to: INTEROP_HANDLER_ADDRESS, data }, 'latest', { tracer: 'callTracer' }]);
}

/** A failure from a reverted trace: its revert data decoded (or `fallbackReason`), the call of the bundle that failed and the trace. */
export function failureOfTrace(at: number, trace: CallFrame | null, fallbackRevertData: Hex | null, fallbackReason: string | null = null): BundleFailure {
  const revertData = fallbackRevertData ?? (trace?.error && trace.output && trace.output !== '0x' ? trace.output : null);
  const reason = reasonOf(revertData) ?? failingFrame(trace)?.revertReason ?? fallbackReason;
  return { at, reason, revertData, callIndex: failingCall(trace), trace };
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
