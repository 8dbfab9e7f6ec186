/**
 * The per-chain part of the `zkinterop_*` dev namespace (docs/dev-rpc.md): manual stage control,
 * message lifecycles and imported roots of one chain (their shapes: the wire contract, src/wire/types.ts).
 * Network-wide methods live in src/network.
 * With an L1, lifecycles also carry their steps on the L1 (`l1Steps`, src/chain/lifecycleOnL1.ts).
 * The methods that change the chain (seal, commit, prove, execute, import) run through the network's
 * per-chain queue (`Network.oneAtATimeOn`): one at a time on this chain, never beside adding a chain,
 * snapshots or faults, but beside other chains' steps (two executes may share a Gateway block); the
 * reads do not wait.
 */
import { z } from 'zod';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { hash32, optionalParam } from '../../rpc/schemas.ts';
import { ZkInteropError } from '../../errors.ts';
import type { ChainNode } from '../chainNode.ts';
import type { Batch } from '../types.ts';
import { LIFECYCLE_STAGES } from '../../wire/types.ts';
import type { LifecycleL1Steps } from '../lifecycleOnL1.ts';

const whole = z.number({ error: 'expected a JSON number' }).int().nonnegative();

/** The settlement stepping methods: wire name, the stage it runs, the stage a batch reaches. */
const STEPS = [
  { name: 'zkinterop_commitBatch', stage: 'commit', reached: 'committed' },
  { name: 'zkinterop_proveBatch', stage: 'prove', reached: 'proved' },
  { name: 'zkinterop_executeBatch', stage: 'execute', reached: 'executed' },
] as const;

/** Manual-mode guard: stage methods refuse to race the automatic pipeline. */
function requireManual(node: ChainNode, method: string): void {
  if (!node.manual) {
    throw new ZkInteropError('NOT_MANUAL', `${method} needs manual mode: start the network with \`zkinterop up --manual\` (in automatic mode every stage advances by itself)`);
  }
}

function settled(batch: Batch | undefined, stage: 'committed' | 'proved' | 'executed') {
  if (!batch) return null;
  const gatewayTxHash = stage === 'committed' ? batch.commitTxHash : stage === 'proved' ? batch.proveTxHash : batch.executeTxHash;
  return {
    batchNumber: batch.number,
    stage,
    gatewayTxHash: gatewayTxHash ?? null,
    ...(stage === 'executed' ? { gatewayBlockNumber: batch.gatewayInclusion?.gatewayBlockNumber ?? null } : {}),
  };
}

/**
 * The dev methods of one chain.
 * @param oneAtATime runs the methods that change the chain one at a time (the network's per-chain queue; default: at once)
 * @param l1Steps where the network runs an L1: adds the L1's part to the lifecycles answered (absent: as the chain builds them)
 * @example createMethodTable([...ethNamespace(node), ...devNamespace(node, network.oneAtATimeOn(node.chainId))])
 */
export function devNamespace(node: ChainNode, oneAtATime: <T>(operation: () => T | Promise<T>) => Promise<T> = async (operation) => operation(), l1Steps?: LifecycleL1Steps): RpcMethod[] {
  return [
    defineMethod({
      name: 'zkinterop_sealBatch',
      params: z.tuple([]),
      handler: () =>
        oneAtATime(async () => {
          const batch = await node.sealBatch();
          return batch ? { batchNumber: batch.number } : null;
        }),
    }),
    ...STEPS.map(({ name, stage, reached }) =>
      defineMethod({
        name,
        params: z.tuple([]),
        handler: async (_p, ctx) => {
          requireManual(node, ctx.method);
          return oneAtATime(async () => settled(await node.advanceSettlement(stage), reached));
        },
      }),
    ),
    defineMethod({
      name: 'zkinterop_importInteropRoots',
      params: z.tuple([]),
      handler: async (_p, ctx) => {
        requireManual(node, ctx.method);
        return oneAtATime(() => node.importWaitingRoots());
      },
    }),
    defineMethod({
      name: 'zkinterop_getMessageLifecycle',
      params: z.tuple([hash32, optionalParam(whole)]),
      paramNames: ['hash', 'index'],
      handler: async ([hash, index]) => {
        const lifecycle = node.messageLifecycle(hash as `0x${string}`, index ?? 0);
        if (!lifecycle) return null;
        return l1Steps ? (await l1Steps([lifecycle]))[0]! : lifecycle;
      },
    }),
    defineMethod({
      name: 'zkinterop_listMessages',
      params: z.tuple([
        optionalParam(
          z.strictObject({
            stage: z.enum(LIFECYCLE_STAGES, { error: `expected a stage: ${LIFECYCLE_STAGES.join(', ')}` }).optional(),
            limit: whole.max(10_000).optional(),
            offset: whole.optional(),
          }),
        ),
      ]),
      paramNames: ['filter'],
      handler: async ([filter]) => {
        const page = node.listMessages(filter ?? {});
        return l1Steps ? { ...page, messages: await l1Steps(page.messages) } : page;
      },
    }),
    defineMethod({
      name: 'zkinterop_getImportedRoot',
      params: z.tuple([whole, whole]),
      paramNames: ['chainId', 'blockNumber'],
      handler: ([chainId, blockNumber]) => node.importedRoot(chainId, blockNumber) ?? null,
    }),
  ];
}
