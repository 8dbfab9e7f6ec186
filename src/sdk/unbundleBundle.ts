/**
 * `unbundleBundle`: the way out for a bundle that cannot run as a whole (one call reverts): its unbundler
 * (the bundle's `unbundlerAddress`) runs some calls and cancels others one by one with
 * `InteropHandler.unbundleBundle(sourceChainId, bundle, CallStatus[])` (v31, era-contracts 7cdd5474). The
 * handler only unbundles a verified bundle, so this verifies it first (`verifyBundle`, anyone may) when
 * the destination has not yet.
 */
import { encodeFunctionData, type Account, type Address, type Client, type Hex } from 'viem';
import { interopHandlerAbi } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { bundleHash } from '../protocol/bundle.ts';
import { BundleAlreadyProcessedError } from './errors.ts';
import type { GetBundleProofReturnType } from './getBundleProof.ts';
import { getBundleStatus } from './getBundleStatus.ts';
import { runBundle, sendHandlerCall } from './internal/bundleExecution.ts';

/** What to do with one call: run it, cancel it for good, or leave it for a later unbundle. */
export type UnbundleAction = 'execute' | 'cancel' | 'skip';

/** v31's CallStatus: Unprocessed (left as is), Executed, Cancelled. */
const CALL_STATUS: Record<UnbundleAction, number> = { skip: 0, execute: 1, cancel: 2 };

export type UnbundleBundleParameters = {
  /** the proof from getBundleProof / waitForBundle (it carries the bundle bytes; needed to verify the bundle first) */
  proof: GetBundleProofReturnType;
  /** one action per call of the bundle, in order */
  calls: readonly UnbundleAction[];
  /** the unbundler; default the wallet client's account */
  account?: Account | Address;
  /** how long to wait for each receipt (ms, default 60 000) */
  timeoutMs?: number;
};

export type UnbundleBundleReturnType = {
  txHash: Hex;
  bundleHash: Hex;
  /** the verifyBundle transaction sent first, when the bundle was not verified yet */
  verifyTxHash?: Hex;
};

/**
 * Runs and cancels a bundle's calls one by one on its destination.
 * @param client a viem wallet client of the destination chain, whose account is the bundle's unbundler
 * @throws InvalidArgumentError (no account, or not one action per call), BundleAlreadyProcessedError (executed
 *   already), BundleRevertedError (e.g. 'UnbundlingNotAllowed' for another account, 'CallNotExecutable' for a call
 *   processed before, or the error of a call asked to run), TransactionRevertedError
 * @example
 * await unbundleBundle(destinationWallet, { proof, calls: ['execute', 'cancel'] });
 */
export async function unbundleBundle(client: Client, parameters: UnbundleBundleParameters): Promise<UnbundleBundleReturnType> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError('unbundleBundle needs an account (the bundle\'s unbundler): create the wallet client with one or pass `account`');
  const { proof } = parameters;
  const calls = proof.bundle.calls.length;
  if (parameters.calls.length !== calls) throw new InvalidArgumentError(`bundle ${proof.bundleHash} has ${calls} call(s): pass one action ('execute', 'cancel' or 'skip') for each, got ${parameters.calls.length}`);
  const hash = bundleHash(proof.chainId, proof.encoded);

  const { status } = await getBundleStatus(client, { bundleHash: hash });
  if (status === 'executed') throw new BundleAlreadyProcessedError(hash, status);
  let verifyTxHash: Hex | undefined;
  if (status === 'sent') ({ txHash: verifyTxHash } = await runBundle(client, 'verifyBundle', { proof, account, timeoutMs: parameters.timeoutMs }));

  const data = encodeFunctionData({ abi: interopHandlerAbi, functionName: 'unbundleBundle', args: [proof.chainId, proof.encoded, parameters.calls.map((c) => CALL_STATUS[c])] });
  const txHash = await sendHandlerCall(client, account, data, 'unbundleBundle', hash, parameters.timeoutMs);
  return { txHash, bundleHash: hash, ...(verifyTxHash ? { verifyTxHash } : {}) };
}
