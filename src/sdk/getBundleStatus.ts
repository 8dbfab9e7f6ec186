/**
 * `getBundleStatus`: where a bundle stands on its destination, from InteropHandler's own record
 * (`bundleStatus(bytes32)`, 0x…1000e), and the transaction that executed or unbundled it, found in the
 * handler's `BundleExecuted` / `BundleUnbundled` events.
 */
import { decodeEventLog, type Client, type Hex } from 'viem';
import { readContract } from 'viem/actions';
import { interopHandlerAbi, INTEROP_HANDLER_ADDRESS } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { rpc } from './internal/rpc.ts';

/** InteropHandler's BundleStatus (Unreceived, Verified, FullyExecuted, Unbundled) under the SDK's names. */
export const BUNDLE_STATUSES = ['sent', 'verified', 'executed', 'unbundled'] as const;
export type BundleStatus = (typeof BUNDLE_STATUSES)[number];

export type GetBundleStatusParameters = {
  bundleHash: Hex;
};

export type GetBundleStatusReturnType = {
  /** 'sent': the destination has not seen it (it may not be provable yet) */
  status: BundleStatus;
  /** the transaction that executed (or last unbundled) it, when its event is found */
  txHash?: Hex;
};

type RawLog = { topics: Hex[]; data: Hex; transactionHash: Hex };

/**
 * Reads a bundle's status on its destination.
 * @param client a viem client of the destination chain
 * @throws InvalidArgumentError for a malformed hash
 * @example
 * const { status, txHash } = await getBundleStatus(destinationClient, { bundleHash });
 */
export async function getBundleStatus(client: Client, parameters: GetBundleStatusParameters): Promise<GetBundleStatusReturnType> {
  const { bundleHash } = parameters;
  if (!/^0x[0-9a-fA-F]{64}$/.test(bundleHash)) throw new InvalidArgumentError(`bundleHash must be 32 bytes of 0x-hex, got ${bundleHash}`);
  const raw = await readContract(client, { address: INTEROP_HANDLER_ADDRESS, abi: interopHandlerAbi, functionName: 'bundleStatus', args: [bundleHash] });
  const status = BUNDLE_STATUSES[Number(raw)] ?? 'sent';
  if (status !== 'executed' && status !== 'unbundled') return { status };
  const wanted = status === 'executed' ? 'BundleExecuted' : 'BundleUnbundled';
  let logs: RawLog[] = [];
  try {
    logs = await rpc<RawLog[]>(client, 'eth_getLogs', [{ address: INTEROP_HANDLER_ADDRESS, topics: [null, bundleHash], fromBlock: '0x0', toBlock: 'latest' }]);
  } catch {
    // A node may refuse so wide a range: the status stands without the transaction.
  }
  let txHash: Hex | undefined;
  for (const log of logs) {
    try {
      const event = decodeEventLog({ abi: interopHandlerAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data });
      if (event.eventName === wanted) txHash = log.transactionHash;
    } catch {
      // not one of the handler's bundle events
    }
  }
  return txHash ? { status, txHash } : { status };
}
