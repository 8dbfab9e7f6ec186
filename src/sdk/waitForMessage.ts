/**
 * `waitForMessage`: polls until a message reaches a stage — on its source chain (`included` …
 * `executed`), on the L1 (`executed-on-l1`: provable there with the proof without a mode, read from the
 * lifecycle's L1 steps; a network without an L1 fails at once with NO_L1), or on a target chain:
 * `imported` (the target stored the interop root of the message's Gateway block) and `verifiable` (the
 * target's verifier accepts the message's proof).
 */
import type { Client, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { l2InteropRootStorageAbi, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { MessageFailedError, MessageNotFoundError, ProofNotReadyError, WaitTimeoutError } from './errors.ts';
import { getMessageLifecycle, isExecutedOnL1 } from './getMessageLifecycle.ts';
import { requireL1 } from './internal/requireL1.ts';
import { getInteropProof, type GetInteropProofReturnType } from './getInteropProof.ts';
import { getMessageStatus } from './getMessageStatus.ts';
import { pause } from './internal/poll.ts';
import { L1_WAIT_STAGE, WAIT_STAGES, WAIT_UNTIL, type MessageStage, type WaitStage } from './types.ts';
import { verifyMessage } from './verifyMessage.ts';
import { assertInteropTarget } from './internal/interopTarget.ts';

export type WaitForMessageProgress = {
  /** the stage just reached */
  stage: Exclude<MessageStage, 'failed'> | 'imported' | 'verifiable' | typeof L1_WAIT_STAGE;
  /** ms since the wait began */
  elapsedMs: number;
};

export type WaitForMessageParameters = {
  /** the transaction that sent the message */
  txHash: Hex;
  /** which message of the transaction (default 0) */
  index?: number;
  until: WaitStage;
  /** the target chain's client: required for `imported` and `verifiable` */
  on?: Client;
  /** give up after this long (ms, default 60 000) */
  timeoutMs?: number;
  /** pause between polls (ms, default 20) */
  pollingIntervalMs?: number;
  /** told each time the message reaches a new stage */
  onProgress?: (progress: WaitForMessageProgress) => void;
};

export type WaitForMessageReturnType = {
  /** the stage reached (at least `until`) */
  stage: MessageStage | 'imported' | 'verifiable' | typeof L1_WAIT_STAGE;
  elapsedMs: number;
  /** the verification arguments, for `imported` and `verifiable` */
  proof?: GetInteropProofReturnType;
};

/**
 * Waits until a message reaches `until`, polling with a deadline.
 * @param client a viem client of the source chain
 * @throws WaitTimeoutError after `timeoutMs`; MessageFailedError if its batch failed to settle;
 *   InvalidArgumentError for `imported`/`verifiable` without `on`; ZkInteropError INTEROP_UNSUPPORTED when `on` is a chain settling on the L1 directly;
 *   NoL1Error for `executed-on-l1` on a network without an L1; UnsupportedNodeError for `executed-on-l1` on a node without the `zkinterop_*` namespace
 * @example
 * const { txHash } = await sendMessage(sourceWallet, { message: 'hi' });
 * await waitForMessage(sourceClient, { txHash, until: 'verifiable', on: targetClient, timeoutMs: 30_000 });
 */
export async function waitForMessage(client: Client, parameters: WaitForMessageParameters): Promise<WaitForMessageReturnType> {
  const { txHash, until, on } = parameters;
  if (until === L1_WAIT_STAGE) return waitUntilOnL1(client, parameters);
  const rank = WAIT_STAGES.indexOf(until as (typeof WAIT_STAGES)[number]);
  if (rank < 1) throw new InvalidArgumentError(`cannot wait until "${until}"; use one of ${WAIT_UNTIL.join(', ')}`);
  const onTarget = rank >= WAIT_STAGES.indexOf('imported');
  if (onTarget && !on) throw new InvalidArgumentError(`waiting until "${until}" needs the target chain's client (\`on\`)`);
  // A target settling on the L1 directly never imports a root: say so now rather than time out.
  if (onTarget) await assertInteropTarget(on!);
  const clock = waitClock(parameters);
  const { started, reach } = clock;

  let proof: GetInteropProofReturnType | undefined;
  for (;;) {
    const stage = await sourceStage(client, txHash, parameters.index);
    if (stage === 'failed') throw new MessageFailedError(`the batch of ${txHash} failed to settle on Gateway; the message will never be provable: getMessageLifecycle tells why (its \`error\`), and the chain settles nothing more until restarted from a good state`);
    if (stage) reach(stage);
    const sourceRank = stage ? WAIT_STAGES.indexOf(stage) : -1;
    if (stage && !onTarget && sourceRank >= rank) return { stage, elapsedMs: Date.now() - started };
    if (onTarget && stage === 'executed') {
      proof ??= await proofOnceReady(client, txHash, parameters.index);
      if (proof && (await rootImported(on!, proof))) {
        reach('imported');
        if (until === 'imported') return { stage: 'imported', elapsedMs: Date.now() - started, proof };
        if (await verifyMessage(on!, proof)) {
          reach('verifiable');
          return { stage: 'verifiable', elapsedMs: Date.now() - started, proof };
        }
      }
    }
    await clock.tick(until);
  }
}

/** `executed-on-l1`: polls the message's lifecycle until it is provable on the L1 (its L1 steps). */
async function waitUntilOnL1(client: Client, parameters: WaitForMessageParameters): Promise<WaitForMessageReturnType> {
  const { txHash } = parameters;
  // A network without an L1 would never get there: say so now rather than time out.
  await requireL1(client, `no message becomes ${L1_WAIT_STAGE} (provable on the L1)`);
  const clock = waitClock(parameters);
  const { started, reach } = clock;
  for (;;) {
    const lifecycle = await getMessageLifecycle(client, { hash: txHash, index: parameters.index });
    if (lifecycle?.stage === 'failed') throw new MessageFailedError(`the batch of ${txHash} failed to settle; the message will never be provable on the L1: getMessageLifecycle tells why (its \`error\`)`);
    if (lifecycle) reach(lifecycle.stage);
    if (lifecycle && isExecutedOnL1(lifecycle)) {
      reach(L1_WAIT_STAGE);
      return { stage: L1_WAIT_STAGE, elapsedMs: Date.now() - started };
    }
    await clock.tick(L1_WAIT_STAGE);
  }
}

/**
 * The clock of one wait: when it started, `reach` (reports a stage once, to `onProgress`), and `tick`
 * (the pause between polls, or WaitTimeoutError past the deadline, naming the last stage reached).
 */
function waitClock(parameters: WaitForMessageParameters) {
  const timeoutMs = parameters.timeoutMs ?? 60_000;
  const intervalMs = parameters.pollingIntervalMs ?? 20;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last: WaitForMessageProgress['stage'] | null = null;
  return {
    started,
    reach(stage: WaitForMessageProgress['stage']): void {
      if (stage === last) return;
      last = stage;
      parameters.onProgress?.({ stage, elapsedMs: Date.now() - started });
    },
    async tick(until: string): Promise<void> {
      if (Date.now() >= deadline) throw new WaitTimeoutError(until, last, timeoutMs);
      await pause(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
    },
  };
}

/** The source stage, or null while the chain does not know the message (yet). */
async function sourceStage(client: Client, txHash: Hex, index: number | undefined): Promise<MessageStage | null> {
  try {
    return await getMessageStatus(client, { txHash, index });
  } catch (error) {
    if (error instanceof MessageNotFoundError) return null;
    throw error;
  }
}

/** The proof, or undefined if the node reports the batch executed a moment before it serves the proof. */
async function proofOnceReady(client: Client, txHash: Hex, index: number | undefined): Promise<GetInteropProofReturnType | undefined> {
  try {
    return await getInteropProof(client, { txHash, index });
  } catch (error) {
    if (error instanceof ProofNotReadyError) return undefined;
    throw error;
  }
}

/** Whether the target stored the interop root the proof ends at (read from L2InteropRootStorage, which every node has). */
async function rootImported(target: Client, proof: GetInteropProofReturnType): Promise<boolean> {
  const root = await readContract(target, {
    address: L2_INTEROP_ROOT_STORAGE_ADDRESS,
    abi: l2InteropRootStorageAbi,
    functionName: 'interopRoots',
    args: [BigInt(proof.gatewayChainId), BigInt(proof.gatewayBlockNumber)],
  });
  return BigInt(root) !== 0n;
}
