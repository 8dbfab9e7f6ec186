/**
 * `verifyBundle`: has InteropHandler (0x…1000e) check a bundle's proof on its destination and record it
 * as verified (`verifyBundle`, permissionless) without running its calls — the step before unbundling.
 * Waits for the proof's interop root like executeBundle.
 */
import type { Client, Hex } from 'viem';
import { runBundle, type BundleRunParameters } from './internal/bundleExecution.ts';

export type VerifyBundleParameters = BundleRunParameters;

export type VerifyBundleReturnType = { txHash: Hex; bundleHash: Hex };

/**
 * Verifies a bundle on its destination and waits for the receipt.
 * @param client a viem wallet client of the destination chain
 * @throws BundleAlreadyProcessedError (verified, executed or unbundled already), InteropRootNotImportedError,
 *   BundleRevertedError (e.g. 'MessageNotIncluded'), TransactionRevertedError, InvalidArgumentError
 * @example
 * await verifyBundle(destinationWallet, { proof });
 * (await getBundleStatus(destinationClient, { bundleHash: proof.bundleHash })).status; // 'verified'
 */
export function verifyBundle(client: Client, parameters: VerifyBundleParameters): Promise<VerifyBundleReturnType> {
  return runBundle(client, 'verifyBundle', parameters);
}
