/**
 * `waitForBundle`: polls until a bundle is `provable` on its destination (its batch executed on Gateway
 * and the destination imported that Gateway block's interop root: executeBundle would pass) or
 * `executed` there. Nothing here executes it: `executed` waits for whoever does — on zkinterop the
 * network's relayer (auto-relay, on by default), or another process, a test, a relayer of your own. Where
 * the node serves `zkinterop_getBundle` (zkinterop), progress also reports `settled` and `rootImported`,
 * and a bundle the relayer tried and could not execute (its lifecycle has a `failure`) ends the wait at
 * once with BundleExecutionFailedError instead of running into the timeout.
 */
import type { Client, Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { BundleExecutionFailedError, ProofNotReadyError, UnsupportedNodeError, WaitTimeoutError } from './errors.ts';
import { getBundleLifecycle } from './getBundleLifecycle.ts';
import { getBundleProof, type GetBundleProofReturnType } from './getBundleProof.ts';
import { getBundleStatus } from './getBundleStatus.ts';
import { sentBundle } from './internal/bundleReceipt.ts';
import { waitForInteropRoot } from './internal/bundleExecution.ts';
import { pause } from './internal/poll.ts';
import { getReceipt } from './internal/receipt.ts';
import { chainIdOf } from './internal/rpc.ts';

/** `settled` and `rootImported` are reported only by zkinterop nodes (from `zkinterop_getBundle`) while waiting until `executed`. */
export type BundleWaitStage = 'sent' | 'settled' | 'rootImported' | 'provable' | 'executed' | 'unbundled';

export type WaitForBundleProgress = { stage: BundleWaitStage; elapsedMs: number };

export type WaitForBundleParameters = {
  /** the transaction that sent the bundle */
  txHash: Hex;
  until: 'provable' | 'executed';
  /** give up after this long (ms, default 60 000) */
  timeoutMs?: number;
  /** pause between polls (ms, default 20) */
  pollingIntervalMs?: number;
  /** told each time the bundle reaches a new stage */
  onProgress?: (progress: WaitForBundleProgress) => void;
};

export type WaitForBundleReturnType = {
  /** the stage reached: `provable`, or `executed` / `unbundled` (both final) */
  stage: BundleWaitStage;
  bundleHash: Hex;
  elapsedMs: number;
  /** the executeBundle arguments, when waited until `provable` */
  proof?: GetBundleProofReturnType;
  /** the transaction that executed (or unbundled) it, when waited until `executed` and found */
  executedTxHash?: Hex;
};

/**
 * Waits until a bundle reaches `until`, polling with a deadline.
 * @param sourceClient a viem client of the source chain
 * @param destinationClient a viem client of the destination chain
 * @throws WaitTimeoutError after `timeoutMs`; BundleNotFoundError, TransactionRevertedError (the transaction sent no bundle);
 *   BundleExecutionFailedError (until `executed`: the network's relayer tried it and it reverted; `failure` says why)
 * @example
 * const { proof } = await waitForBundle(sourceClient, destinationClient, { txHash, until: 'provable' });
 * await executeBundle(destinationWallet, { proof: proof! });
 * await waitForBundle(sourceClient, destinationClient, { txHash, until: 'executed', onProgress: (p) => console.log(p.stage) });
 */
export async function waitForBundle(sourceClient: Client, destinationClient: Client, parameters: WaitForBundleParameters): Promise<WaitForBundleReturnType> {
  const { txHash, until } = parameters;
  if (until !== 'provable' && until !== 'executed') throw new InvalidArgumentError(`cannot wait until "${String(until)}"; use 'provable' or 'executed'`);
  const timeoutMs = parameters.timeoutMs ?? 60_000;
  const interval = parameters.pollingIntervalMs ?? 20;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const remaining = () => Math.max(0, timeoutMs - elapsed());
  let last: BundleWaitStage | null = null;
  const reach = (stage: BundleWaitStage) => {
    if (stage === last) return;
    last = stage;
    parameters.onProgress?.({ stage, elapsedMs: elapsed() });
  };
  const timedOut = () => new WaitTimeoutError(until, last, timeoutMs);

  // The bundle, from its receipt (wait for the receipt itself if the transaction is still pending).
  let bundleHash: Hex | undefined;
  while (!bundleHash) {
    const receipt = await getReceipt(sourceClient, txHash);
    if (receipt) bundleHash = sentBundle(receipt, await chainIdOf(sourceClient)).bundleHash;
    else if (remaining() === 0) throw timedOut();
    else await pause(Math.min(interval, remaining()));
  }
  reach('sent');

  if (until === 'executed') {
    // zkinterop's own view of the bundle (its relayer's outcome), until a node shows it does not serve it.
    let lifecycles = true;
    for (;;) {
      const { status, txHash: executedTxHash } = await getBundleStatus(destinationClient, { bundleHash });
      if (status === 'executed' || status === 'unbundled') {
        reach(status);
        return { stage: status, bundleHash, elapsedMs: elapsed(), ...(executedTxHash ? { executedTxHash } : {}) };
      }
      if (lifecycles) {
        try {
          const lifecycle = await getBundleLifecycle(destinationClient, { bundleHash });
          if (lifecycle?.steps.some((s) => s.step === 'settled')) reach('settled');
          if (lifecycle?.steps.some((s) => s.step === 'rootImported')) reach('rootImported');
          if (lifecycle?.failure && lifecycle.stage !== 'executed' && lifecycle.stage !== 'unbundled') throw new BundleExecutionFailedError(bundleHash, lifecycle.failure);
        } catch (error) {
          if (!(error instanceof UnsupportedNodeError)) throw error;
          lifecycles = false;
        }
      }
      if (remaining() === 0) throw timedOut();
      await pause(Math.min(interval, remaining()));
    }
  }

  let proof: GetBundleProofReturnType | undefined;
  while (!proof) {
    try {
      proof = await getBundleProof(sourceClient, { txHash });
    } catch (error) {
      if (!(error instanceof ProofNotReadyError)) throw error;
      if (remaining() === 0) throw timedOut();
      await pause(Math.min(interval, remaining()));
    }
  }
  if (!(await waitForInteropRoot(destinationClient, proof.gatewayChainId, proof.gatewayBlockNumber, remaining()))) throw timedOut();
  reach('provable');
  return { stage: 'provable', bundleHash, elapsedMs: elapsed(), proof };
}
