/**
 * Gateway's own RPC method: the Gateway part of a settled batch's proof, which each chain fetches
 * once after its execute transaction (zkinterop-specific; real Gateway nodes answer the equivalent
 * through their own proof endpoints).
 */
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import { optionalParam } from '../rpc/schemas.ts';
import type { InclusionIndex } from './inclusionIndex.ts';

const id = z.number({ error: 'expected a JSON number' }).int().nonnegative();

/**
 * `zkinterop_getBatchInclusion(chainId, batchNumber, atBlock?)` → GatewayInclusion (src/wire/types.ts) | null; `atBlock`
 * anchors the paths at a later Gateway block's interop root (for a chain that lacks the settling one).
 * @example await gateway.request('zkinterop_getBatchInclusion', [271, 3])
 */
export function gatewayNamespace(index: Pick<InclusionIndex, 'inclusion'>): RpcMethod[] {
  return [
    defineMethod({
      name: 'zkinterop_getBatchInclusion',
      params: z.tuple([id, id, optionalParam(id)]),
      paramNames: ['chainId', 'batchNumber', 'atBlock'],
      handler: ([chainId, batchNumber, atBlock]) => index.inclusion(chainId, batchNumber, atBlock),
    }),
  ];
}
