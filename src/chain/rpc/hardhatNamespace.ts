/**
 * The Hardhat / anvil dev methods of one chain (docs/dev-rpc.md, "Hardhat and anvil methods"), so the
 * tools dApp developers use (Hardhat's network helpers, viem's test actions, foundry scripts) work
 * unchanged: the block clock and mining (`evm_mine`, `evm_increaseTime`, `evm_setNextBlockTimestamp`,
 * `hardhat_mine` / `anvil_mine`), account cheats (`…setBalance`, `…setCode`, `…setNonce`,
 * `…setStorageAt`, `…impersonateAccount`, `…stopImpersonatingAccount`, each under both prefixes),
 * `hardhat_metadata`, and EDR's tracers (`debug_traceTransaction`, `debug_traceCall`). `evm_snapshot` /
 * `evm_revert` are network-wide: src/network/hardhatNetworkNamespace.ts.
 *
 * What keeps them safe (docs/security.md): the account cheats refuse system addresses and operators
 * (`AccountPolicy.protectionOf`, PROTECTED_ACCOUNT) unless the network runs with `--dev`; every change
 * runs between blocks and is journaled (devControls.ts), one at a time on the chain through the
 * network's per-chain queue; blocks are mined by the sequencer, at most MAX_MINE_PER_CALL per call;
 * tracing is bounded as `eth_call` is (gas cap, the process's call gate, timeout: boundedCall.ts), and
 * a transaction is traced only if it used at most the gas cap.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { numberToHex, toHex, type Address, type Hex } from 'viem';
import { defineMethod, type RpcContext, type RpcMethod } from '../../rpc/methodTable.ts';
import { address, blockId, hash32, hexData, optionalParam, quantity } from '../../rpc/schemas.ts';
import { LimitExceededError, ResourceNotFoundError } from '../../rpc/errors.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { AccountRefusedError } from '../accountPolicy.ts';
import type { ChainNode } from '../chainNode.ts';
import { boundedJson, callRequest, toEngineBlock } from './params.ts';
import { forwardToEngine } from './forwardToEngine.ts';
import { createRequestBounds, type RequestBounds } from './requestLimits.ts';
import { boundedCall, ExecutionTimeoutError } from './boundedCall.ts';
import { CLIENT_VERSION } from './clientVersion.ts';

/** Most blocks one `hardhat_mine` / `anvil_mine` mines: each is a real journaled block (~1-2 ms), so one call stays within seconds. */
export const MAX_MINE_PER_CALL = 10_000;

/** Latest timestamp a dev method may set (seconds): far beyond any test, safely an integer. */
const MAX_TIMESTAMP = 2 ** 40;

/** Seconds or a timestamp: a JSON number or a hex quantity, as Hardhat takes either. */
const seconds = z
  .union([z.number().int().nonnegative(), quantity], { error: 'expected whole seconds: a JSON number or a hex quantity such as "0x3c"' })
  .transform((value, ctx) => {
    const n = Number(value);
    if (n > MAX_TIMESTAMP) {
      ctx.issues.push({ code: 'custom', message: `expected at most ${MAX_TIMESTAMP} seconds`, input: value });
      return z.NEVER;
    }
    return n;
  });

/** A 32-byte storage word (shorter hex is padded on the left, as the network helpers pad it). */
const storageWord = hexData.refine((value) => value.length <= 66, { error: 'expected a storage value of at most 32 bytes' }).transform((value) => BigInt(value === '0x' ? 0 : value));

/** Tracer options (`{ tracer: "callTracer" }`, `{ disableStorage: true }` …), handed to EDR as they are. */
const traceOptions = z.record(z.string(), boundedJson, { error: 'expected tracer options, an object such as { "tracer": "callTracer" }' });

/** How the dev methods are served on one chain. */
export type HardhatNamespaceOptions = {
  /** the network runs with `--dev`: the account cheats may touch protected accounts (docs/security.md) */
  dev?: boolean;
  /** runs the methods that change the chain one at a time (the network's per-chain queue; default: at once) */
  oneAtATime?: <T>(operation: () => T | Promise<T>) => Promise<T>;
  /** request limits and the process's call gate (tracing is bounded like eth_call) */
  bounds?: RequestBounds;
};

/**
 * The Hardhat / anvil dev methods of one chain.
 * @example createMethodTable([...ethNamespace(node, bounds), ...hardhatNamespace(node, { dev, oneAtATime: network.oneAtATimeOn(node.chainId), bounds })])
 */
export function hardhatNamespace(node: ChainNode, options: HardhatNamespaceOptions = {}): RpcMethod[] {
  const oneAtATime = options.oneAtATime ?? (async (operation) => operation());
  const bounds = options.bounds ?? createRequestBounds();
  const instanceId = toHex(randomBytes(32));

  /** @throws AccountRefusedError PROTECTED_ACCOUNT for a system address or operator, outside `--dev` */
  const unprotected = (who: string, method: string): Address => {
    const protection = node.accounts.protectionOf(who as Address);
    if (protection && !options.dev) {
      throw new AccountRefusedError('PROTECTED_ACCOUNT', `${method} refused: ${protection}; dev methods never touch it unless the network runs with --dev (docs/security.md)`, who as Address);
    }
    return who as Address;
  };

  /** A remote caller's trace waits for its turn at the process's call gate and answers within the timeout. */
  const gated = <T>(ctx: RpcContext, method: string, run: () => Promise<T>): Promise<T> => {
    if (ctx.transport === 'in-process') return run();
    const { timeoutMs } = bounds.limits;
    return bounds.gate.run(run, timeoutMs, (started) => new ExecutionTimeoutError(method, timeoutMs, started));
  };

  /** The method under both prefixes: `hardhat_x` answers Hardhat's result, `anvil_x` anvil's (null). */
  const both = <S extends z.ZodType<readonly unknown[], readonly unknown[]>, R>(
    suffix: string,
    params: S,
    paramNames: string[],
    run: (params: z.output<S>, method: string) => Promise<R>,
    hardhatResult: (result: R) => unknown,
  ): RpcMethod[] =>
    (['hardhat', 'anvil'] as const).map((prefix) =>
      defineMethod({
        name: `${prefix}_${suffix}`,
        params,
        paramNames,
        handler: async (p, ctx) => {
          const result = await run(p, ctx.method);
          return prefix === 'hardhat' ? hardhatResult(result) : null;
        },
      }),
    );

  const mine = (count: number, interval: number): Promise<number> => {
    if (count > MAX_MINE_PER_CALL) {
      throw new InvalidArgumentError(`at most ${MAX_MINE_PER_CALL} blocks are mined per call (each is a real block, journaled); call again for more`);
    }
    return oneAtATime(() => node.dev.mine(count, interval));
  };

  return [
    defineMethod({
      name: 'evm_mine',
      params: z.tuple([optionalParam(seconds)]),
      paramNames: ['timestamp'],
      handler: async ([timestamp]) => {
        await oneAtATime(() => node.dev.mine(1, 0, timestamp));
        return '0x0';
      },
    }),
    defineMethod({
      name: 'evm_increaseTime',
      params: z.tuple([seconds]),
      paramNames: ['seconds'],
      // Hardhat answers the total offset as a decimal string.
      handler: async ([by]) => String(await oneAtATime(() => node.dev.increaseTime(by))),
    }),
    defineMethod({
      name: 'evm_setNextBlockTimestamp',
      params: z.tuple([seconds]),
      paramNames: ['timestamp'],
      handler: async ([timestamp]) => {
        await oneAtATime(() => node.dev.setNextBlockTimestamp(timestamp));
        return null;
      },
    }),
    ...(['hardhat_mine', 'anvil_mine'] as const).map((name) =>
      defineMethod({
        name,
        params: z.tuple([optionalParam(quantity), optionalParam(quantity)]),
        paramNames: ['blocks', 'interval'],
        handler: async ([count, interval]) => {
          await mine(Number(count ?? 1n), Number(interval ?? 1n));
          return name === 'hardhat_mine' ? true : null;
        },
      }),
    ),
    ...both('setBalance', z.tuple([address, quantity]), ['address', 'balance'], ([who, wei], method) => oneAtATime(() => node.dev.setBalance(unprotected(who, method), wei)), () => true),
    ...both('setCode', z.tuple([address, hexData]), ['address', 'code'], ([who, code], method) => oneAtATime(() => node.dev.setCode(unprotected(who, method), code as Hex)), () => true),
    ...both('setNonce', z.tuple([address, quantity]), ['address', 'nonce'], ([who, nonce], method) => oneAtATime(() => node.dev.setNonce(unprotected(who, method), nonce)), () => true),
    ...both(
      'setStorageAt',
      z.tuple([address, quantity, storageWord]),
      ['address', 'slot', 'value'],
      ([who, slot, value], method) => oneAtATime(() => node.dev.setStorageAt(unprotected(who, method), slot, value)),
      () => true,
    ),
    ...both('impersonateAccount', z.tuple([address]), ['address'], ([who], method) => oneAtATime(() => node.dev.impersonate(unprotected(who, method))), () => true),
    ...both('stopImpersonatingAccount', z.tuple([address]), ['address'], ([who], method) => oneAtATime(() => node.dev.stopImpersonating(unprotected(who, method))), (was) => was),
    defineMethod({
      name: 'hardhat_metadata',
      params: z.tuple([]),
      handler: async () => {
        const latestBlockNumber = node.blockNumber;
        const header = await node.engine.request<{ hash: Hex }>('eth_getBlockByNumber', [numberToHex(latestBlockNumber), false]);
        return { clientVersion: CLIENT_VERSION, chainId: node.chainId, instanceId, latestBlockNumber, latestBlockHash: header.hash };
      },
    }),
    defineMethod({
      name: 'debug_traceTransaction',
      params: z.tuple([hash32, optionalParam(traceOptions)]),
      paramNames: ['hash', 'options'],
      handler: async ([hash, traceWith], ctx) => {
        // A 0x71 transaction ran in the EVM under another hash (zksyncTxs.ts).
        const evmHash = node.evmHashOf(hash as Hex);
        const receipt = await node.engine.getReceipt(evmHash);
        // A root import's own hash names no transaction (bootloader work; present.ts).
        if (receipt && receipt.transactionIndex < node.rootImportTxs(Number(receipt.blockNumber))) throw new ResourceNotFoundError(`transaction ${hash} is not known on chain ${node.chainId}: check the hash`);
        if (!receipt) throw new ResourceNotFoundError(`transaction ${hash} is not in a block of chain ${node.chainId}: trace it once it has a receipt`);
        const { gasCap } = bounds.limits;
        if (ctx.transport !== 'in-process' && receipt.gasUsed > gasCap) {
          throw new LimitExceededError(
            `transaction ${hash} used ${receipt.gasUsed} gas; this node traces at most ${gasCap} (tracing holds every step in memory; zkinterop up --rpc-gas-cap <gas> allows more)`,
          );
        }
        return gated(ctx, ctx.method, () => forwardToEngine(node.engine, 'debug_traceTransaction', traceWith ? [evmHash, traceWith] : [evmHash]));
      },
    }),
    defineMethod({
      name: 'debug_traceCall',
      params: z.tuple([callRequest, optionalParam(blockId), optionalParam(traceOptions)]),
      paramNames: ['transaction', 'block', 'options'],
      // Gas at most the cap, a remote caller's turn and timeout, as eth_call (boundedCall.ts).
      handler: ([request, block, traceWith], ctx) =>
        boundedCall(bounds, ctx, ctx.method, request, (tx) =>
          forwardToEngine(node.engine, 'debug_traceCall', traceWith ? [tx, toEngineBlock(node, block), traceWith] : [tx, toEngineBlock(node, block)]),
        ),
    }),
  ];
}
