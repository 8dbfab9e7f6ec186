/**
 * `waitForBundleLifecycle`: polls the network's record of a bundle (`zkinterop_getBundle`) until it
 * reaches a stage, or until nothing more will happen to it by itself: `executed`, `unbundled`, or
 * `failed` (the relayer tried and the bundle reverted; it now waits for someone to execute or unbundle
 * it by hand — a wait for `unbundled` goes on through it). By bundle hash, from any endpoint of the network; `waitForBundle` is the same wait by
 * the sending transaction, with the source and destination clients.
 */
import type { Client, Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { BUNDLE_STAGES, type BundleLifecycle, type BundleStage } from '../wire/types.ts';
import { WaitTimeoutError } from './errors.ts';
import { getBundleLifecycle } from './getBundleLifecycle.ts';
import { pause } from './internal/poll.ts';

/**
 * Where a wait for `until` ends without reaching it: stages nothing moves a bundle past by itself (`failed`
 * waits for someone to act), and those that rule `until` out — except that a wait for `unbundled` goes on
 * through `failed`, since unbundling is what a failed bundle waits for.
 */
function restsBefore(until: BundleStage, stage: BundleStage): boolean {
  if (until === 'unbundled') return stage === 'executed';
  return stage === 'executed' || stage === 'failed' || stage === 'unbundled';
}

export type WaitForBundleLifecycleParameters = {
  bundleHash: Hex;
  /** the step to wait for (default `executed`) */
  until?: Exclude<BundleStage, 'sent' | 'failed'>;
  /** give up after this long (ms, default 60 000) */
  timeoutMs?: number;
  /** pause between polls (ms, default 50) */
  pollingIntervalMs?: number;
  /** told each time the bundle reaches a new stage */
  onProgress?: (progress: { stage: BundleStage; elapsedMs: number }) => void;
};

export type WaitForBundleLifecycleReturnType = {
  lifecycle: BundleLifecycle;
  /** whether the bundle reached `until` (false when it came to rest before it: `failed`, or unbundled instead of executed) */
  reached: boolean;
  elapsedMs: number;
};

/**
 * Waits for a bundle's step, or for it to come to rest.
 * @param client a viem client of any chain of the network (a zkinterop node)
 * @throws WaitTimeoutError after `timeoutMs` (its `lastStage` is null when the network never saw the bundle);
 *   InvalidArgumentError for an unknown stage or malformed hash; UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const { lifecycle, reached } = await waitForBundleLifecycle(publicClient, { bundleHash });
 * if (!reached) console.log(lifecycle.stage, lifecycle.failure?.reason); // 'failed' 'CallReverted'
 */
export async function waitForBundleLifecycle(client: Client, parameters: WaitForBundleLifecycleParameters): Promise<WaitForBundleLifecycleReturnType> {
  const until = parameters.until ?? 'executed';
  const stage = until as BundleStage;
  if (!BUNDLE_STAGES.includes(stage) || stage === 'sent' || stage === 'failed') {
    throw new InvalidArgumentError(`cannot wait until "${String(until)}"; use one of ${BUNDLE_STAGES.filter((s) => s !== 'sent' && s !== 'failed').join(', ')}`);
  }
  const timeoutMs = parameters.timeoutMs ?? 60_000;
  const interval = parameters.pollingIntervalMs ?? 50;
  const started = Date.now();
  let last: BundleStage | null = null;
  for (;;) {
    const lifecycle = await getBundleLifecycle(client, { bundleHash: parameters.bundleHash });
    const elapsedMs = Date.now() - started;
    if (lifecycle) {
      if (lifecycle.stage !== last) parameters.onProgress?.({ stage: lifecycle.stage, elapsedMs });
      last = lifecycle.stage;
      const reached = lifecycle.steps.some((s) => s.step === until);
      if (reached || restsBefore(until, lifecycle.stage)) return { lifecycle, reached, elapsedMs };
    }
    if (elapsedMs >= timeoutMs) throw new WaitTimeoutError(until, last, timeoutMs, { details: `bundle ${parameters.bundleHash}` });
    await pause(Math.min(interval, Math.max(0, timeoutMs - elapsedMs)));
  }
}
