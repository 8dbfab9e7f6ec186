/**
 * `executeBundle`: runs a proved bundle on its destination with `InteropHandler.executeBundle`
 * (0x…1000e). Anyone may, unless the bundle names an `executionAddress`. It first waits (bounded by
 * `rootTimeoutMs`) for the destination to import the interop root the proof ends at, then throws
 * InteropRootNotImportedError rather than send a transaction that would revert.
 */
import type { Client, Hex } from 'viem';
import { runBundle, type BundleRunParameters } from './internal/bundleExecution.ts';

export type ExecuteBundleParameters = BundleRunParameters;

export type ExecuteBundleReturnType = { txHash: Hex; bundleHash: Hex };

/**
 * Executes a bundle on its destination and waits for the receipt.
 * @param client a viem wallet client of the destination chain (with an account, or pass `account`)
 * @returns the execution's transaction hash and the bundle hash
 * @throws BundleAlreadyProcessedError (executed or unbundled already), InteropRootNotImportedError (root not
 *   imported within `rootTimeoutMs`), BundleRevertedError (the handler or a call refused; `reason` names the
 *   error, e.g. 'ExecutingNotAllowed'), TransactionRevertedError, InvalidArgumentError (no account)
 * @example
 * const proof = await waitForBundle(sourceClient, destinationClient, { txHash, until: 'provable' });
 * const { txHash: executed } = await executeBundle(destinationWallet, { proof: proof.proof! });
 */
export function executeBundle(client: Client, parameters: ExecuteBundleParameters): Promise<ExecuteBundleReturnType> {
  return runBundle(client, 'executeBundle', parameters);
}
