/**
 * How `status`, `trace` and `wait` show a v31 bundle: finding it (a hash the network knows as a bundle
 * hash, through `zkinterop_getBundle`; a transaction that sent one is still a message there, and gets a
 * hint naming its bundle), and printing its lifecycle: the stage, the timed steps with their chains and
 * transactions, and for a failed bundle the relayer's revert reason and the call trace down to the call
 * that reverted.
 */
import type { Client, Hex } from 'viem';
import { INTEROP_CENTER_ADDRESS } from '../contracts/index.ts';
import { bundleHash, decodeBundleMessage } from '../protocol/bundle.ts';
import { UnsupportedNodeError } from '../sdk/errors.ts';
import { getBundleLifecycle } from '../sdk/getBundleLifecycle.ts';
import type { BundleLifecycle, CallFrame, MessageLifecycle } from '../wire/types.ts';
import { relativeTime } from './output.ts';

/**
 * The bundle a hash names, if the network knows it as one; null for anything else (a transaction or
 * message hash, or a node without the dev namespace, where only messages can be looked up).
 */
export async function findBundle(client: Client, hash: Hex): Promise<BundleLifecycle | null> {
  try {
    return await getBundleLifecycle(client, { bundleHash: hash });
  } catch (error) {
    if (error instanceof UnsupportedNodeError) return null;
    throw error;
  }
}

/** The hash of the bundle a message carries, when InteropCenter sent it; else undefined. */
export function carriedBundleHash(lifecycle: MessageLifecycle): Hex | undefined {
  if (lifecycle.sender.toLowerCase() !== INTEROP_CENTER_ADDRESS.toLowerCase()) return undefined;
  try {
    return bundleHash(lifecycle.chainId, decodeBundleMessage(lifecycle.message).encoded);
  } catch {
    return undefined; // InteropCenter's other messages (none today) or bytes that are not a bundle
  }
}

/** Prints a bundle's lifecycle: a headline, one line per step, and the failure with its call trace. */
export function printBundle(lifecycle: BundleLifecycle): void {
  const calls = lifecycle.calls.length;
  console.log(`bundle ${lifecycle.bundleHash} (${calls} call${calls === 1 ? '' : 's'}) from ${lifecycle.sender} on chain ${lifecycle.sourceChainId} to chain ${lifecycle.destinationChainId}: ${lifecycle.stage}`);
  if (!lifecycle.relayed) console.log(`  not relayed: ${lifecycle.executionAddress ? `only its executionAddress ${lifecycle.executionAddress} may execute it` : 'auto-relay is off'}`);
  const start = lifecycle.steps[0]?.at;
  const width = Math.max(12, ...lifecycle.steps.map((s) => s.step.length));
  for (const step of lifecycle.steps) {
    const details = [
      step.txHash ? `tx ${step.txHash}` : '',
      step.blockNumber !== undefined ? `block ${step.blockNumber}` : '',
      step.batchNumber !== undefined ? `batch ${step.batchNumber}` : '',
      step.gatewayBlockNumber !== undefined ? `Gateway block ${step.gatewayBlockNumber}` : '',
    ].filter(Boolean);
    console.log(`  ${step.step.padEnd(width)} ${String(step.chainId).padEnd(6)} ${relativeTime(step.at, start).padStart(10)}  ${details.join(', ')}`);
  }
  printBundleFailure(lifecycle);
}

/** Prints why the relayer could not execute a bundle, with the call trace to the call that reverted; nothing when it did not fail. */
export function printBundleFailure(lifecycle: BundleLifecycle): void {
  const failure = lifecycle.failure;
  if (!failure) return;
  const which = failure.callIndex !== null ? ` (call ${failure.callIndex})` : '';
  console.log(`  failed${which}: ${failure.reason ?? `revert data ${failure.revertData ?? 'none'}`}`);
  if (failure.trace) for (const line of callTraceLines(failure.trace)) console.log(`    ${line}`);
}

/** The call trace as indented lines: each frame's kind, target, selector and error; only the path to failures is expanded. */
export function callTraceLines(frame: CallFrame, depth = 0, out: string[] = []): string[] {
  const selector = frame.input.length >= 10 ? frame.input.slice(0, 10) : frame.input;
  const error = frame.error ? `  ✗ ${frame.revertReason ? `${frame.error}: ${frame.revertReason}` : frame.error}` : '';
  out.push(`${'  '.repeat(depth)}${frame.type} ${frame.to ?? '(create)'} ${selector}${error}`);
  // Only failed frames are opened: a bundle's trace holds every system call (holder, verifier), and what a
  // reader wants is the road to the call that reverted.
  if (frame.error && depth < 12) for (const child of frame.calls ?? []) callTraceLines(child, depth + 1, out);
  return out;
}
