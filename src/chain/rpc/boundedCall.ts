/**
 * Runs an eth_call / eth_estimateGas / zks_estimateFee within the request limits (requestLimits.ts,
 * docs/security.md "Request limits"): its gas lowered to the cap when it asks for more or for none (as
 * geth does), and for a remote caller a turn at the process's gate and a timeout (geth's "execution
 * aborted (timeout = 5s)", -32000). A call that runs out of gas at the cap says so, with the flag that
 * raises it. Components of this process calling through the in-process table client are capped alike
 * but take no turn and no timeout: the settlement loop halts on any error, and its calls are cheap.
 */
import type { z } from 'zod';
import { RpcError, RpcErrorCode } from '../../rpc/errors.ts';
import type { RpcContext } from '../../rpc/methodTable.ts';
import { EngineRpcError } from '../engine.ts';
import { toEngineRequest, type callRequest } from './params.ts';
import type { RequestBounds } from './requestLimits.ts';

type CallRequest = z.output<typeof callRequest>;

/** A call or estimate the node stopped waiting for (geth's wording and code, -32000). */
export class ExecutionTimeoutError extends RpcError {
  override name = 'ExecutionTimeoutError';
  constructor(method: string, timeoutMs: number, started: boolean) {
    super(
      RpcErrorCode.InvalidInput,
      `execution aborted (timeout = ${formatMs(timeoutMs)}): ${method} ${started ? 'ran' : 'waited for its turn'} longer than this node allows ` +
        '(calls take turns; lower its gas, or raise the limit with zkinterop up --rpc-timeout <ms>)',
      { code: 'EXECUTION_TIMEOUT' },
    );
  }
}

/** A call or estimate that ran out of gas at the node's cap rather than at the caller's own limit (-32000). */
export class GasCapExceededError extends RpcError {
  override name = 'GasCapExceededError';
  constructor(method: string, gasCap: bigint, cause: unknown) {
    const hint = `this node runs ${method} with at most ${gasCap} gas (zkinterop up --rpc-gas-cap <gas> allows more)`;
    // geth's words: "out of gas" for a call, "gas required exceeds allowance (cap)" for an estimate.
    super(RpcErrorCode.InvalidInput, method === 'eth_call' ? `out of gas: ${hint}` : `gas required exceeds allowance (${gasCap}): ${hint}`, {
      code: 'GAS_CAP_EXCEEDED',
      cause,
    });
  }
}

/**
 * Runs a call or estimate within the bounds: the request's gas at most the cap (none given or more →
 * the cap, as geth lowers it), then, for a remote caller, its turn at the gate and the timeout; a
 * component of this process (`transport: 'in-process'`) goes straight to the engine, capped alike.
 * @param run sends the engine request (quantities as hex, gas set) to the engine
 * @returns what `run` returns
 * @throws ExecutionTimeoutError past the timeout; GasCapExceededError when it ran out of gas at the cap;
 *   whatever `run` throws otherwise
 * @example await boundedCall(bounds, ctx, 'eth_call', request, (tx) => forwardToEngine(engine, 'eth_call', [tx, 'latest']))
 */
export async function boundedCall<T>(
  bounds: RequestBounds,
  ctx: RpcContext,
  method: string,
  request: CallRequest,
  run: (engineRequest: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const { gasCap, timeoutMs } = bounds.limits;
  const byCap = request.gas === undefined || request.gas >= gasCap;
  const engineRequest = toEngineRequest(byCap ? { ...request, gas: gasCap } : request);
  try {
    if (ctx.transport === 'in-process') return await run(engineRequest);
    return await bounds.gate.run(() => run(engineRequest), timeoutMs, (started) => new ExecutionTimeoutError(method, timeoutMs, started));
  } catch (error) {
    if (byCap && ranOutOfGas(error)) throw new GasCapExceededError(method, gasCap, error);
    throw error;
  }
}

/** Whether the engine refused a call because it ran out of gas (EDR: -32000, `data.reason.OutOfGas`). */
function ranOutOfGas(error: unknown): boolean {
  const engineError = error instanceof RpcError ? error.cause : error;
  if (!(engineError instanceof EngineRpcError)) return false;
  const reason = (engineError.data as { reason?: unknown } | null | undefined)?.reason;
  return (typeof reason === 'object' && reason !== null && 'OutOfGas' in reason) || /ran out of gas/i.test(engineError.message);
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
