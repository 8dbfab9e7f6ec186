/**
 * The fault-injection part of the `zkinterop_*` dev namespace (docs/dev-rpc.md, "Faults"), served on
 * every endpoint. Off unless the network was started with `dev: true` (`up --dev`) or a dev token
 * (`up --dev-token <t>`): then each call passes `{ "devToken": "<t>" }` as its last param. A token in
 * the params (not a header) works the same over HTTP, WebSocket and in-process clients.
 * `zkinterop_listFaults` only reads, so it is always served.
 * Every fault method but `zkinterop_resumeGateway` and `zkinterop_resumeL1` runs through the network's
 * `oneAtATime`, one at a time with the other admin operations. Resuming only lets Gateway (or the L1)
 * seal again, and operations in that queue (a manual-mode commit) may be waiting for exactly that, so it
 * never queues behind them. The L1 methods answer INVALID_ARGUMENT in a network without an L1.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import { InvalidParamsError, RpcError, RpcErrorCode } from '../rpc/errors.ts';
import { hash32 } from '../rpc/schemas.ts';
import type { NetworkFaults } from './faults.ts';
import type { RunOneAtATime } from './operationQueue.ts';

const chainId = z.number({ error: 'expected a chain id (a JSON number)' }).int().positive();
const block = z.number({ error: 'expected a Gateway block number (a JSON number)' }).int().nonnegative();
const ms = z.number({ error: 'expected milliseconds (a JSON number ≥ 0)' }).int().nonnegative().max(3_600_000);
const nonZeroRoot = hash32.refine((h) => BigInt(h) !== 0n, { error: 'a zero root is no root: L2InteropRootStorage refuses it (MessageRootIsZero)' });

/** How fault methods are unlocked. */
export type FaultGate = { dev: boolean; devToken?: string };

/**
 * The fault methods, bound to one network's faults.
 * @param run runs a fault one at a time with the network's other admin operations (`network.oneAtATime`)
 * @example createMethodTable([...chainMethods, ...faultNamespace(faults, { dev: true }, network.oneAtATime)])
 */
export function faultNamespace(faults: NetworkFaults, gate: FaultGate, run: RunOneAtATime = async (operation) => operation()): RpcMethod[] {
  const guarded = (method: RpcMethod) => guardFaultMethod(method, gate);
  return [
    defineMethod({ name: 'zkinterop_listFaults', params: z.tuple([]), handler: () => faults.report() }),
    guarded(defineMethod({ name: 'zkinterop_pauseGateway', params: z.tuple([]), handler: () => run(() => faults.pauseGateway()) })),
    guarded(defineMethod({ name: 'zkinterop_resumeGateway', params: z.tuple([]), handler: () => faults.resumeGateway() })),
    guarded(defineMethod({ name: 'zkinterop_pauseL1', params: z.tuple([]), handler: () => run(() => faults.pauseL1()) })),
    guarded(defineMethod({ name: 'zkinterop_resumeL1', params: z.tuple([]), handler: () => faults.resumeL1() })),
    guarded(defineMethod({ name: 'zkinterop_rejectNextL1Batch', params: z.tuple([]), handler: () => run(() => faults.rejectNextL1Batch()) })),
    guarded(
      defineMethod({
        name: 'zkinterop_delayInteropRoots',
        params: z.tuple([chainId, ms]),
        paramNames: ['chainId', 'ms'],
        handler: ([id, delay]) => run(() => faults.delayInteropRoots(id, delay)),
      }),
    ),
    guarded(
      defineMethod({
        name: 'zkinterop_dropInteropRoot',
        params: z.tuple([chainId, block]),
        paramNames: ['chainId', 'gatewayBlock'],
        handler: ([id, gatewayBlock]) => run(() => faults.dropInteropRoot(id, gatewayBlock)),
      }),
    ),
    guarded(
      defineMethod({
        name: 'zkinterop_offerForgedRoot',
        params: z.tuple([chainId, block, nonZeroRoot]),
        paramNames: ['chainId', 'gatewayBlock', 'root'],
        handler: ([id, gatewayBlock, root]) => run(() => faults.offerForgedRoot(id, gatewayBlock, root as `0x${string}`)),
      }),
    ),
    guarded(
      defineMethod({
        name: 'zkinterop_forceForgedRoot',
        params: z.tuple([chainId, block, nonZeroRoot]),
        paramNames: ['chainId', 'gatewayBlock', 'root'],
        handler: ([id, gatewayBlock, root]) => run(() => faults.offerForgedRoot(id, gatewayBlock, root as `0x${string}`, true)),
      }),
    ),
    guarded(defineMethod({ name: 'zkinterop_killSettlement', params: z.tuple([chainId]), paramNames: ['chainId'], handler: ([id]) => run(() => faults.killSettlement(id)) })),
    guarded(defineMethod({ name: 'zkinterop_restartSettlement', params: z.tuple([chainId]), paramNames: ['chainId'], handler: ([id]) => run(() => faults.restartSettlement(id)) })),
  ];
}

/** Wraps a fault (or other dev) method: refuses it unless dev mode is on, checks and strips the trailing token. */
export function guardFaultMethod(method: RpcMethod, gate: FaultGate): RpcMethod {
  return {
    name: method.name,
    paramNames: method.paramNames,
    async invoke(rawParams, ctx) {
      if (!gate.dev && gate.devToken === undefined) {
        throw new RpcError(
          RpcErrorCode.MethodNotFound,
          `${method.name} injects faults and fault injection is off: start the network with \`zkinterop up --dev\` (or \`--dev-token <token>\` and pass {"devToken": "<token>"} as the last param); in code, startNetwork({ dev: true })`,
          { code: 'DEV_MODE_OFF' },
        );
      }
      const params = Array.isArray(rawParams) ? [...(rawParams as unknown[])] : rawParams;
      const last = Array.isArray(params) ? params[params.length - 1] : undefined;
      const given = isTokenParam(last) ? last.devToken : undefined;
      if (isTokenParam(last)) (params as unknown[]).pop();
      if (gate.devToken !== undefined) {
        if (given === undefined) {
          throw new InvalidParamsError(`${method.name} needs the dev token: this network was started with --dev-token, so pass {"devToken": "<token>"} as the last param`, { code: 'DEV_TOKEN_REQUIRED' });
        }
        if (!sameToken(given, gate.devToken)) {
          throw new InvalidParamsError(`${method.name}: wrong dev token (the one given to \`zkinterop up --dev-token\`)`, { code: 'DEV_TOKEN_WRONG' });
        }
      }
      return method.invoke(params, ctx);
    },
  };
}

function isTokenParam(value: unknown): value is { devToken: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { devToken?: unknown }).devToken === 'string';
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
