/**
 * Gateway's own RPC methods: the Gateway part of a settled batch's proof, which each chain fetches
 * once after its execute transaction, and, where Gateway settles on an L1, the part of a chain's proof
 * to the L1 (zkinterop-specific; real Gateway nodes answer the equivalent through their own proof endpoints).
 */
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import { optionalParam } from '../rpc/schemas.ts';
import type { InclusionIndex } from './inclusionIndex.ts';
import { l1Inclusion, type L1InclusionSource } from './l1Inclusion.ts';

const id = z.number({ error: 'expected a JSON number' }).int().nonnegative();

/**
 * `zkinterop_getBatchInclusion(chainId, batchNumber, atBlock?)` → GatewayInclusion (src/wire/types.ts) | null; `atBlock`
 * anchors the paths at a later Gateway block's interop root (for a chain that lacks the settling one).
 * With `l1` (Gateway settling on an L1), also `zkinterop_getL1Inclusion(chainId, batchNumber)` →
 * GatewayL1Inclusion | null (src/gateway/l1Inclusion.ts).
 * @example await gateway.request('zkinterop_getBatchInclusion', [271, 3])
 */
export function gatewayNamespace(index: Pick<InclusionIndex, 'inclusion'>, l1?: L1InclusionSource): RpcMethod[] {
  return [
    ...(l1
      ? [
          defineMethod({
            name: 'zkinterop_getL1Inclusion',
            params: z.tuple([id, id]),
            paramNames: ['chainId', 'batchNumber'],
            handler: ([chainId, batchNumber]) => l1Inclusion(l1, chainId, batchNumber),
          }),
        ]
      : []),
    defineMethod({
      name: 'zkinterop_getBatchInclusion',
      params: z.tuple([id, id, optionalParam(id)]),
      paramNames: ['chainId', 'batchNumber', 'atBlock'],
      handler: ([chainId, batchNumber, atBlock]) => index.inclusion(chainId, batchNumber, atBlock),
    }),
  ];
}
