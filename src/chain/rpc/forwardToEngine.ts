/**
 * Forwards a request built from a caller's params to the chain's EVM. When the EVM refuses those
 * params (-32602: a value it cannot read; -32000: a block that does not exist, fees that do not add
 * up, too little gas…), that is the caller's mistake: it reaches the caller with the EVM's code and
 * message, not as an internal error. Any other EVM failure stays internal.
 */
import { RpcError, RpcErrorCode } from '../../rpc/errors.ts';
import { EngineRpcError, type Engine } from '../engine.ts';
import type { ErrorCode } from '../../errors.ts';

/** EVM error codes that judge the request rather than the node, with the string code they carry. */
const CALLER_FAULTS: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [RpcErrorCode.InvalidParams, 'INVALID_PARAMS'],
  [RpcErrorCode.InvalidInput, 'INVALID_INPUT'],
]);

/**
 * `engine.request(method, params)` with the EVM's refusals of the params turned into caller errors.
 * @throws RpcError -32602 / -32000 when the EVM refuses the params; EngineRevertError on a revert
 * @example await forwardToEngine(node.engine, 'eth_getBalance', [address, 'latest'])
 */
export async function forwardToEngine<T = unknown>(engine: Pick<Engine, 'request'>, method: string, params: unknown[]): Promise<T> {
  try {
    return await engine.request<T>(method, params);
  } catch (error) {
    const code = error instanceof EngineRpcError ? CALLER_FAULTS.get(error.rpcCode) : undefined;
    if (code === undefined) throw error;
    const engineError = error as EngineRpcError;
    throw new RpcError(engineError.rpcCode, engineError.message.replace(/^EVM \S+ failed: /, `${method}: `), { code, cause: error });
  }
}
