/**
 * The internal methods of a settlement layer (Gateway, the L1): what the processes of one network ask of
 * each other that acts as the bootloader (issue 16, docs/design/processes.md §5). For now one:
 * `zkinterop_registerChain`, which registers a chain that will run in its own process (on Gateway its
 * settlement contract, MessageRoot and Bridgehub entries; on the L1 its ZK chain contract), journaled on
 * the layer like `zkinterop_addChain`'s registration. Served only when the network has an internal
 * token (`NetworkOptions.internalToken`: random, handed to its own processes, never printed), and answered
 * only to calls that pass `{ "internalToken": "<token>" }` as their last param (internalGate.ts: any other
 * call gets method not found, as on a network without a token), so nothing changes for a network in one
 * process. The internal methods of every node (quiesce, snapshots, dumps, fault controls) are in
 * nodeInternalNamespace.ts.
 */
import { decodeFunctionResult, encodeFunctionData, type Address } from 'viem';
import { z } from 'zod';
import type { ChainNode } from '../chain/chainNode.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, chainSettlementAbi, chainSettlementAddress } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import { address } from '../rpc/schemas.ts';
import { DEV_BALANCE } from './accounts.ts';
import type { RunOneAtATime } from './operationQueue.ts';
import { internalGate } from './internalGate.ts';

const chainId = z.number({ error: 'expected a chain id (a JSON number)' }).int().positive();

export type InternalNamespaceOptions = {
  /** the network's internal token; none = no internal methods */
  token: string | undefined;
  /** the chain ids of the network's own nodes (none of them can be registered as a settling chain) */
  nodeChainIds: () => readonly number[];
  /** runs the registration one at a time with the network's other admin operations */
  oneAtATime: RunOneAtATime;
};

/**
 * The internal methods of layer `node` (role gateway or l1).
 * @example createMethodTable([...methods, ...layerInternalNamespace(gateway, { token, nodeChainIds, oneAtATime })])
 */
export function layerInternalNamespace(node: ChainNode, options: InternalNamespaceOptions): RpcMethod[] {
  const { token } = options;
  if (token === undefined || node.role === 'chain') return [];
  return internalGate(token, [
    defineMethod({
      name: 'zkinterop_registerChain',
      params: z.tuple([
        z.strictObject(
          {
            chainId,
            operator: address,
            // on the L1: the layer the chain settles on (Gateway), absent for a chain settling on the L1 itself
            settlementLayer: chainId.optional(),
          },
          { error: 'expected { chainId, operator, settlementLayer? }' },
        ),
      ]),
      paramNames: ['chain'],
      handler: async ([chain]) => options.oneAtATime(() => registerChain(node, chain, options.nodeChainIds())),
    }),
  ]);
}

/** Registers `chain` on `node` unless it is already, with the same operator. */
async function registerChain(node: ChainNode, chain: { chainId: number; operator: string; settlementLayer?: number }, nodeChainIds: readonly number[]): Promise<{ registered: boolean }> {
  const operator = chain.operator as Address;
  if (nodeChainIds.includes(chain.chainId)) throw new InvalidArgumentError(`chain ${chain.chainId} is a node of this network (${nodeChainIds.join(', ')}); register another chain id`);
  if (node.role === 'gateway' && chain.settlementLayer !== undefined) throw new InvalidArgumentError('Gateway registers only the chains settling on it: leave settlementLayer out');
  const existing = await registeredOperator(node, chain.chainId);
  if (existing !== undefined) {
    if (existing.toLowerCase() !== operator.toLowerCase()) throw new InvalidArgumentError(`chain ${chain.chainId} is already registered on chain ${node.chainId} with operator ${existing}; register another chain id`);
    return { registered: false };
  }
  await node.registerChain(chain.chainId, operator, node.role === 'l1' && chain.settlementLayer !== undefined ? 0n : DEV_BALANCE, chain.settlementLayer);
  return { registered: true };
}

/** The operator of `chainId`'s contract on `node`, if its Bridgehub names one. */
async function registeredOperator(node: ChainNode, id: number): Promise<Address | undefined> {
  const zkChain = await node.engine.call({ to: BRIDGEHUB_ADDRESS, data: encodeFunctionData({ abi: bridgehubAbi, functionName: 'getZKChain', args: [BigInt(id)] }) });
  if (BigInt(zkChain) === 0n) return undefined;
  const data = await node.engine.call({ to: chainSettlementAddress(id), data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'operator' }) });
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName: 'operator', data });
}
