/**
 * Running a proved bundle on its destination through InteropHandler (0x…1000e): wait until the
 * destination imported the interop root the proof ends at, refuse a bundle already processed, dry-run
 * the call so a refusal comes back as the handler's decoded error, then send it and wait for the receipt.
 * Shared by executeBundle, verifyBundle and unbundleBundle.
 */
import { decodeErrorResult, encodeFunctionData, type Account, type Address, type Client, type Hex } from 'viem';
import { call, estimateGas, readContract, sendTransaction } from 'viem/actions';
import { interopHandlerAbi, INTEROP_HANDLER_ADDRESS, l2InteropRootStorageAbi, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../../contracts/index.ts';
import { bundleHash, encodeBundle, type InteropBundle } from '../../protocol/bundle.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { BundleAlreadyProcessedError, BundleRevertedError, InteropRootNotImportedError } from '../errors.ts';
import type { GetBundleProofReturnType } from '../getBundleProof.ts';
import { getBundleStatus } from '../getBundleStatus.ts';
import { pollUntil } from './poll.ts';
import { waitForSuccessfulReceipt } from './receipt.ts';

export type BundleRunParameters = {
  /** the proof from getBundleProof / waitForBundle (it also carries the bundle bytes) */
  proof: GetBundleProofReturnType;
  /** the bundle bytes, when they come from elsewhere than `proof` (default `proof.encoded`) */
  encoded?: Hex;
  /** or the bundle itself (encoded here) */
  bundle?: InteropBundle;
  /** the sender; default the wallet client's account */
  account?: Account | Address;
  /** how long to wait for the destination to import the proof's interop root (ms, default 30 000; 0 = do not wait) */
  rootTimeoutMs?: number;
  /** how long to wait for the receipt (ms, default 60 000) */
  timeoutMs?: number;
};

/** Polls the destination's L2InteropRootStorage for the root of the proof's Gateway block. @returns whether it is there */
export async function waitForInteropRoot(client: Client, gatewayChainId: number, gatewayBlockNumber: number, timeoutMs: number): Promise<boolean> {
  const imported = await pollUntil(
    async () => {
      const root = await readContract(client, { address: L2_INTEROP_ROOT_STORAGE_ADDRESS, abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [BigInt(gatewayChainId), BigInt(gatewayBlockNumber)] });
      return BigInt(root) !== 0n ? true : undefined;
    },
    { timeoutMs, intervalMs: 20 },
  );
  return imported === true;
}

/** The revert data somewhere in an error's cause chain, if any. */
function revertData(error: unknown): Hex | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) return data as Hex;
    if (data && typeof data === 'object' && typeof (data as { data?: unknown }).data === 'string') return (data as { data: Hex }).data;
  }
  return undefined;
}

/**
 * @throws InvalidArgumentError (no account), BundleAlreadyProcessedError, InteropRootNotImportedError,
 *   BundleRevertedError (the handler refused: `reason` is its error), TransactionRevertedError
 */
export async function runBundle(client: Client, functionName: 'executeBundle' | 'verifyBundle', parameters: BundleRunParameters): Promise<{ txHash: Hex; bundleHash: Hex }> {
  const account = parameters.account ?? client.account;
  if (!account) throw new InvalidArgumentError(`${functionName} needs an account: create the wallet client with one or pass \`account\``);
  const { proof } = parameters;
  const encoded = parameters.encoded ?? (parameters.bundle ? encodeBundle(parameters.bundle) : proof.encoded);
  const hash = bundleHash(proof.chainId, encoded);

  const { status } = await getBundleStatus(client, { bundleHash: hash });
  if (status === 'executed' || status === 'unbundled' || (functionName === 'verifyBundle' && status === 'verified')) throw new BundleAlreadyProcessedError(hash, status);

  if (!(await waitForInteropRoot(client, proof.gatewayChainId, proof.gatewayBlockNumber, parameters.rootTimeoutMs ?? 30_000))) {
    throw new InteropRootNotImportedError(
      proof.gatewayChainId,
      proof.gatewayBlockNumber,
      `the destination has not imported the interop root of Gateway ${proof.gatewayChainId} block ${proof.gatewayBlockNumber} yet, so it cannot verify bundle ${hash}: wait with waitForBundle(…, { until: 'provable' }) or pass a longer rootTimeoutMs`,
    );
  }

  const args = [encoded, { chainId: proof.chainId, l1BatchNumber: proof.l1BatchNumber, l2MessageIndex: proof.l2MessageIndex, message: proof.message, proof: proof.proof }] as const;
  const data = encodeFunctionData({ abi: interopHandlerAbi, functionName, args });
  const txHash = await sendHandlerCall(client, account, data, functionName, hash, parameters.timeoutMs);
  return { txHash, bundleHash: hash };
}

/**
 * Dry-runs a call to InteropHandler so a refusal comes back as its decoded error, then sends it with the
 * estimate and a quarter on top and waits for a successful receipt.
 * @throws BundleAlreadyProcessedError, BundleRevertedError (`reason`: the decoded error), TransactionRevertedError
 */
export async function sendHandlerCall(client: Client, account: Account | Address, data: Hex, functionName: string, hash: Hex, timeoutMs: number | undefined): Promise<Hex> {
  const from = typeof account === 'string' ? account : account.address;
  try {
    await call(client, { account: from, to: INTEROP_HANDLER_ADDRESS, data });
  } catch (error) {
    const revert = revertData(error);
    let reason: string | null = null;
    if (revert) {
      try {
        reason = decodeErrorResult({ abi: interopHandlerAbi, data: revert }).errorName;
      } catch {
        // an error of a called contract the handler's ABI does not know
      }
    }
    if (reason === 'BundleAlreadyProcessed') throw new BundleAlreadyProcessedError(hash, 'processed', { cause: error });
    throw new BundleRevertedError(reason, `InteropHandler.${functionName} of bundle ${hash} reverts${reason ? ` with ${reason}` : ''}${revert && !reason ? ` (revert data ${revert})` : ''}`, { cause: error }, revert ?? null);
  }
  // The estimate is taken against the state before this transaction; the calls it runs may meet other state
  // when it is mined (another bundle to the same recipient in between), so leave a quarter on top: a bench
  // with concurrent executors saw a limit of exactly the estimate run out of gas.
  const estimate = await estimateGas(client, { account: from, to: INTEROP_HANDLER_ADDRESS, data });
  const txHash = await sendTransaction(client, { account, chain: client.chain ?? null, to: INTEROP_HANDLER_ADDRESS, data, gas: estimate + estimate / 4n });
  await waitForSuccessfulReceipt(client, txHash, functionName, timeoutMs);
  return txHash;
}
