/**
 * The bounds on requests whose cost the caller chooses (docs/security.md, "Request limits"): how much
 * gas an `eth_call` / `eth_estimateGas` / `zks_estimateFee` may burn (`gasCap`, geth's `--rpc.gascap`),
 * how long a remote caller waits for one (`timeoutMs`, geth's `--rpc.evmtimeout`), how many the engines
 * run at once in the whole process (`concurrentCalls`), and how wide (`maxLogBlockRange`, reth's
 * `--rpc.max-blocks-per-filter`) and how full (`maxLogResults`, the ZKsync server's
 * `req_entities_limit`) one `eth_getLogs` answer may be.
 *
 * Why gas is what must be bounded (measured on EDR 0.22, 2 vCPUs; docs/security.md has the table):
 * EDR records a trace of every EVM step of every call and transaction (for Hardhat's stack traces;
 * it cannot be turned off) and holds it until the call returns. An endless JUMP loop (`5b600056`) costs
 * ~120-300 B of memory per gas and runs at ~2.5-4 Mgas/s; the worst loop, JUMPDESTs at 1 gas per step,
 * ~500-800 B per gas at ~0.4-0.6 Mgas/s. The block gas limit (10^9) would take hundreds of GB and
 * minutes to hours: that is how one `eth_call` with gas 0x7fffffffffffffff grew a process to 24 GB until
 * the kernel killed every chain. A call cannot be interrupted inside EDR, so the gas cap (with the
 * gate) is what bounds both memory and engine time; the timeout answers the caller in time and sheds
 * calls that are still waiting for their turn, but a call already running finishes its (capped) gas.
 * How a call is run within these bounds: boundedCall.ts; log queries: logQuery.ts. This module loads
 * no engine, so the CLI can show the defaults.
 */
import { InvalidArgumentError } from '../../errors.ts';
import { ExecutionGate } from './executionGate.ts';

/** The limits themselves (see module header); `resolveRequestLimits` fills in the defaults. */
export type RequestLimits = {
  /**
   * most gas a call or estimate runs with (a request for more, or for none, gets this much, as geth
   * does); also the most an RPC caller's transaction may declare, and the most RPC callers'
   * transactions of one block may declare together (ChainNode's `blockGasBudget`)
   */
  gasCap: bigint;
  /** how long a remote caller waits for a call or estimate, its turn included (ms); 0 = as long as it takes */
  timeoutMs: number;
  /** calls and estimates the engines run at once in this process; later ones wait their turn */
  concurrentCalls: number;
  /** most blocks one eth_getLogs / eth_getFilterLogs range may span */
  maxLogBlockRange: number;
  /** most logs one eth_getLogs / eth_getFilterLogs over more than one block may return */
  maxLogResults: number;
};

/**
 * The defaults. `gasCap` 10,000,000: the largest contract EIP-170 allows deploys for ~5.4M, so any
 * deployment estimates with room to spare; the worst endless loop then costs ~5 GB and ~26 s of one
 * engine, a plain one ~2 GB and ~4 s, once per process at a time (`concurrentCalls` 1). `timeoutMs`
 * 5,000 as geth. Logs: scanning a block costs EDR ~0.3-0.5 µs and a matching log ~10 µs, so 100,000
 * blocks (reth's default) and 10,000 logs (the ZKsync server's and Infura's) are each ~50-100 ms.
 */
export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = Object.freeze({
  gasCap: 10_000_000n,
  timeoutMs: 5_000,
  concurrentCalls: 1,
  maxLogBlockRange: 100_000,
  maxLogResults: 10_000,
});

/** The lowest gas cap accepted: a plain transfer's intrinsic gas. */
const MIN_GAS_CAP = 21_000n;

/**
 * The limits with defaults for what `overrides` leaves out, checked.
 * @throws InvalidArgumentError for a gas cap below 21,000, a negative timeout, or a count below 1
 * @example resolveRequestLimits({ gasCap: 50_000_000n }).timeoutMs // 5000
 */
export function resolveRequestLimits(overrides: Partial<RequestLimits> = {}): RequestLimits {
  const limits: RequestLimits = { ...DEFAULT_REQUEST_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof RequestLimits, RequestLimits[keyof RequestLimits] | undefined][]) {
    if (value !== undefined) (limits as Record<string, unknown>)[key] = value;
  }
  if (limits.gasCap < MIN_GAS_CAP) throw new InvalidArgumentError(`the RPC gas cap must be at least ${MIN_GAS_CAP}, got ${limits.gasCap}`);
  if (!Number.isFinite(limits.timeoutMs) || limits.timeoutMs < 0) throw new InvalidArgumentError(`the RPC timeout must be 0 (none) or more milliseconds, got ${limits.timeoutMs}`);
  for (const key of ['concurrentCalls', 'maxLogBlockRange', 'maxLogResults'] as const) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 1) throw new InvalidArgumentError(`request limit ${key} must be a whole number of at least 1, got ${limits[key]}`);
  }
  return limits;
}

/** The limits and the one gate every chain of a process shares (`createRequestBounds`). */
export type RequestBounds = { readonly limits: RequestLimits; readonly gate: ExecutionGate };

/**
 * Limits plus a gate of `concurrentCalls` slots; a network makes one and hands it to every chain's
 * namespaces, so the ceiling holds for the process, not per chain.
 * @throws InvalidArgumentError as `resolveRequestLimits`
 * @example const bounds = createRequestBounds({ timeoutMs: 10_000 }); ethNamespace(node, bounds)
 */
export function createRequestBounds(overrides: Partial<RequestLimits> = {}): RequestBounds {
  const limits = resolveRequestLimits(overrides);
  return { limits, gate: new ExecutionGate(limits.concurrentCalls) };
}
