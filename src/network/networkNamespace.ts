/**
 * The network-wide part of the `zkinterop_*` dev namespace (docs/dev-rpc.md), served on every
 * endpoint with the same answer: configuration, delays, adding a chain, snapshots, and the network's v31
 * bundles (`zkinterop_getBundle`, `zkinterop_listBundles`, read from its bundle index). Everything but
 * the reads (`zkinterop_networkConfig` and the bundle methods) runs one at a time with the network's other admin operations
 * (`NetworkAdmin.oneAtATime`, networkAdmin.ts; addChain, snapshot, revert and dump queue themselves).
 */
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import { hash32, optionalParam } from '../rpc/schemas.ts';
import { BUNDLE_STAGES } from '../wire/types.ts';
import type { NetworkAdmin } from './networkAdmin.ts';

const ms = z.number({ error: 'expected milliseconds (a JSON number ≥ 0)' }).nonnegative().max(3_600_000);
const whole = z.number({ error: 'expected a JSON number' }).int().nonnegative();

/**
 * The network methods, bound to one network (in this process, or a coordinator of node processes).
 * @example createMethodTable([...chainMethods, ...networkNamespace(network)])
 */
export function networkNamespace<Added>(network: NetworkAdmin<Added>): RpcMethod[] {
  return [
    defineMethod({ name: 'zkinterop_networkConfig', params: z.tuple([]), handler: () => network.config() }),
    // v31 bundles, from the network's bundle index (src/relay/bundleIndex.ts); served with auto-relay off too.
    defineMethod({
      name: 'zkinterop_getBundle',
      params: z.tuple([hash32]),
      paramNames: ['bundleHash'],
      handler: ([bundleHash]) => network.bundleIndex?.get(bundleHash as `0x${string}`) ?? null,
    }),
    defineMethod({
      name: 'zkinterop_listBundles',
      params: z.tuple([
        optionalParam(
          z.strictObject(
            {
              stage: z.enum(BUNDLE_STAGES, { error: `expected a bundle stage: ${BUNDLE_STAGES.join(', ')}` }).optional(),
              sourceChainId: whole.min(1).optional(),
              destinationChainId: whole.min(1).optional(),
              limit: whole.max(10_000).optional(),
              offset: whole.optional(),
            },
            { error: 'expected { stage?, sourceChainId?, destinationChainId?, limit? (≤ 10,000), offset? }' },
          ),
        ),
      ]),
      paramNames: ['filter'],
      handler: ([filter]) => network.bundleIndex?.list(filter ?? {}) ?? { total: 0, bundles: [] },
    }),
    defineMethod({
      name: 'zkinterop_setStageDelays',
      params: z.tuple([
        z.strictObject(
          {
            batchTimeMs: ms.optional(),
            commitMs: ms.optional(),
            proveMs: ms.optional(),
            executeMs: ms.optional(),
            watcherPollMs: ms.min(1).optional(),
            // with an L1: Gateway's batch time and stage delays there (the L1's block time is fixed at start)
            l1: z
              .strictObject(
                { batchTimeMs: ms.optional(), commitMs: ms.optional(), proveMs: ms.optional(), executeMs: ms.optional() },
                { error: 'expected l1: { batchTimeMs?, commitMs?, proveMs?, executeMs? } in ms (the L1\'s block time is set at start)' },
              )
              .optional(),
          },
          { error: 'expected { batchTimeMs?, commitMs?, proveMs?, executeMs?, watcherPollMs?, l1? } in ms' },
        ),
      ]),
      paramNames: ['delays'],
      handler: ([delays]) => network.oneAtATime(() => network.setDelays(delays)),
    }),
    defineMethod({
      name: 'zkinterop_addChain',
      params: z
        .tuple([
          z
            .strictObject({
              chainId: whole.min(1).optional(),
              port: whole.max(65_535).optional(),
              // where the chain settles: Gateway (default) or, in a network with an L1, the L1 directly (SPEC §10)
              settlesOn: z.enum(['gateway', 'l1'], { error: 'expected "gateway" or "l1" (the L1 needs a network with an L1: not started with --no-l1)' }).optional(),
            })
            .nullish(),
        ])
        .or(z.tuple([])),
      paramNames: ['chain'],
      handler: async (params) => network.describe(await network.addChain(params[0] ?? {})),
    }),
    defineMethod({ name: 'zkinterop_snapshot', params: z.tuple([]), handler: () => network.snapshot() }),
    defineMethod({ name: 'zkinterop_dump', params: z.tuple([]), handler: () => network.dump() }),
    defineMethod({
      name: 'zkinterop_revert',
      params: z.tuple([z.string({ error: 'expected a snapshot id returned by zkinterop_snapshot' })]),
      paramNames: ['snapshotId'],
      handler: ([id]) => network.revert(id),
    }),
  ];
}
