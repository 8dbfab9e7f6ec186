/**
 * `getImportedRoot`: when a chain imported the interop root of one Gateway block (`zkinterop_getImportedRoot`).
 */
import type { Client } from 'viem';
import { rpcRequiring } from './internal/rpc.ts';
import type { ImportedRoot } from '../wire/types.ts';

export type GetImportedRootParameters = {
  /** Gateway's chain id (506 by default networks) */
  chainId: number;
  /** the Gateway block whose interop root is meant */
  blockNumber: number;
};

/** The import record, or null while the chain has not imported that root. */
export type GetImportedRootReturnType = ImportedRoot | null;

/**
 * Asks a (target) chain whether and when it imported the interop root of a Gateway block.
 * @param client a viem client of the importing chain (a zkinterop node)
 * @throws UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const imported = await getImportedRoot(targetClient, { chainId: 506, blockNumber: 40 });
 * if (imported) console.log('imported in block', imported.l2BlockNumber);
 */
export async function getImportedRoot(client: Client, parameters: GetImportedRootParameters): Promise<GetImportedRootReturnType> {
  return rpcRequiring<ImportedRoot | null>(client, 'zkinterop_getImportedRoot', [parameters.chainId, parameters.blockNumber], 'getImportedRoot');
}
