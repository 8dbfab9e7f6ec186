/**
 * The flags every command that runs nodes shares (`zkinterop up`, `zkinterop node`): timing, manual and
 * dev mode, what browsers and Host names the endpoints answer (docs/security.md), and the request limits.
 * One definition each, so a node in its own process takes exactly what `up` takes. Parsers throw
 * commander's InvalidArgumentError, which the program turns into exit code 2.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { parseMs, parseProfile } from './clientOptions.ts';
import { PROFILE_NAMES, type ProfileName } from '../network/profiles.ts';
import { checkAllowedHost, normalizeOrigin, parseAllowList, type AllowList } from '../rpc/accessPolicy.ts';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../chain/rpc/requestLimits.ts';

/** What `addServingOptions` parses. */
export type ServingFlags = {
  profile?: ProfileName;
  manual?: boolean;
  batchTime?: number;
  blockTime?: number;
  watcherPoll?: number;
  dev?: boolean;
  allowUnprotectedTxs?: boolean;
  allowOrigin?: AllowList;
  allowHost?: AllowList;
  rpcGasCap?: bigint;
  rpcTimeout?: number;
};

/**
 * Adds --profile, --manual, --batch-time, --block-time, --watcher-poll, --dev, --allow-unprotected-txs, --allow-origin, --allow-host, --rpc-gas-cap and --rpc-timeout.
 * @param help.dev what --dev does for this command, when not up's (fault injection)
 */
export function addServingOptions(command: Command, help: { dev?: string } = {}): Command {
  return command
    .option('--profile <name>', `timing profile: ${PROFILE_NAMES.join(' | ')} (default "default")`, parseProfile)
    .option('--manual', 'nothing settles unless told (zkinterop_sealBatch, …commitBatch, …proveBatch, …executeBatch, …importInteropRoots)')
    .option('--batch-time <ms>', 'seal a batch this long after its first transaction', parseMs)
    .option('--block-time <ms>', 'gather transactions this long before sealing a block (0 = at once)', parseMs)
    .option('--watcher-poll <ms>', 'how often each chain looks at Gateway for new interop roots while Gateway\'s pushes do not reach it (they are followed otherwise)', parseMs)
    .option('--dev', help.dev ?? 'serve the fault-injection methods (zkinterop_pauseGateway, …dropInteropRoot, …killSettlement; see docs/dev-rpc.md)')
    .option('--allow-unprotected-txs', 'accept pre-EIP-155 transactions (no chain id, so replayable on every chain) in eth_sendRawTransaction; refused by default, as geth does')
    .option('--allow-origin <origins>', 'browser pages allowed to call the nodes besides localhost ones: origins separated by commas (https://app.example,http://10.0.0.5:5173), or * for any page', parseOrigins)
    .option('--allow-host <hosts>', 'Host names the nodes answer besides localhost, loopback and bound addresses (guard against DNS rebinding): names separated by commas (devbox.lan,*.example.com), or * for any', parseHosts)
    .option('--rpc-gas-cap <gas>', `most gas an eth_call / eth_estimateGas runs with (more is lowered to it, as geth's --rpc.gascap) and an RPC caller's transaction may declare, also the most RPC callers' transactions of one block declare together (default ${DEFAULT_REQUEST_LIMITS.gasCap}; docs/security.md)`, parseGasCap)
    .option('--rpc-timeout <ms>', `how long an eth_call / eth_estimateGas caller waits, its turn included, as geth's --rpc.evmtimeout (default ${DEFAULT_REQUEST_LIMITS.timeoutMs}; 0 = no limit)`, parseMs);
}

/** The request limits the flags name (unset ones: the defaults). */
export function requestLimitsOf(flags: ServingFlags): Partial<RequestLimits> {
  return { gasCap: flags.rpcGasCap, timeoutMs: flags.rpcTimeout };
}

export function parseOrigins(value: string): AllowList {
  return parseAllowListFlag(value, normalizeOrigin);
}

export function parseHosts(value: string): AllowList {
  return parseAllowListFlag(value, checkAllowedHost);
}

/** `*` or entries separated by commas, each checked; a bad one is commander's invalid argument. */
function parseAllowListFlag(value: string, check: (entry: string) => string): AllowList {
  const list = parseAllowList(value);
  if (list === '*') return list;
  try {
    return list.map(check);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseGasCap(value: string): bigint {
  const gas = /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.replaceAll('_', '')) ? BigInt(value.replaceAll('_', '')) : -1n;
  if (gas < 21_000n || gas >= 2n ** 64n) throw new InvalidArgumentError(`expected a gas amount from 21000 to 2^64-1 (decimal or 0x hex), got "${value}"`);
  return gas;
}
