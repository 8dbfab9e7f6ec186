/**
 * The internal methods every node serves to the other processes of its network (issue 16,
 * docs/design/processes.md §1 #10–#14, #17, §5): what `Network` does to its nodes' objects in one process,
 * asked of one node over JSON-RPC by a coordinator in another. All behind the network's internal token
 * (internalGate.ts: a call without it, or with another, gets method not found):
 *
 * - `zkinterop_registerInteropChain(chainId)` (chains): makes `chainId` a bundle destination (journaled, idempotent)
 * - `zkinterop_quiesce()` / `zkinterop_release()`: stop its watcher, hold its settlement loop, wait for its
 *   block in flight / the reverse. A coordinator quiesces the chains first, then Gateway, then the L1
 *   (a chain's settlement step in flight lands on Gateway before Gateway is seen idle), and releases in reverse.
 * - `zkinterop_nodeSnapshot()` → id (quiesced only): its state, its inclusion index (L1, Gateway), its
 *   watcher's position (chains) and its journal's length, kept in this process's memory
 * - `zkinterop_nodeRevert(id)` → false for an unknown id (quiesced only); that id and later ones are used up
 * - `zkinterop_setNodeDelays({ batchTimeMs?, commitMs?, proveMs?, executeMs?, watcherPollMs? })` (a node
 *   that settles: chains, Gateway on an L1) → the delays in force on it
 * - `zkinterop_dumpNode()` → its journal and its own meta keys (src/store/nodeDump.ts; quiesced by the caller)
 * - `zkinterop_faultControl(op, args)`: the fault controls of faults.ts's `FaultTarget` that act on this node
 *   (`FAULT_OPS` below), which faultTargetOverRpc.ts calls; its own outcome record is op `outcomes`.
 *
 * Each but the fault controls runs one at a time with the node's other operations (`oneAtATime`); the fault
 * controls run at once, as in one process (the caller's NetworkFaults queues the faults themselves).
 */
import { z } from 'zod';
import type { ChainNode } from '../chain/chainNode.ts';
import type { CommitRevertControl } from '../chain/settlementClient.ts';
import { InvalidArgumentError } from '../errors.ts';
import type { InclusionIndex } from '../gateway/inclusionIndex.ts';
import type { RootRelayControl } from '../relay/rootRelay.ts';
import { defineMethod, type RpcMethod } from '../rpc/methodTable.ts';
import { hash32 } from '../rpc/schemas.ts';
import type { Store } from '../store/journal.ts';
import { nodeMetaOf, type NodeDump } from '../store/nodeDump.ts';
import type { Watcher } from '../watcher/watcher.ts';
import type { FaultOutcomes } from './faults.ts';
import { settlingChainControl } from './faultTarget.ts';
import { internalGate } from './internalGate.ts';
import type { RunOneAtATime } from './operationQueue.ts';

/** One node's parts the internal methods act on (read on every call: the node may still be starting). */
export type NodeInternalParts = {
  node: ChainNode;
  /** where its journal and meta are (in one process, shared with the other nodes: it touches only its own) */
  store: Store;
  /** its inclusion index (L1, Gateway) */
  index?: InclusionIndex;
  /** its watcher of Gateway's roots (a chain under Gateway) */
  watcher?: Watcher;
  /** its root relay (a chain under Gateway) */
  relay?: RootRelayControl;
  /** Gateway on an L1: its settlement client there (arms a commit revert) */
  gatewayOnL1?: CommitRevertControl;
  /** the outcomes it recorded of faults (faultOutcomes.ts) */
  outcomes?: () => FaultOutcomes;
  /** the delays its unit reads again (a chain's layer-finality poll reads `watcherPollMs`): updated in place by zkinterop_setNodeDelays */
  delays?: { watcherPollMs: number };
};

export type NodeInternalOptions = {
  /** the network's internal token; none = no internal methods */
  token: string | undefined;
  /** runs each method one at a time with the node's other operations */
  oneAtATime: RunOneAtATime;
};

/** What a node keeps of itself for `zkinterop_nodeRevert`. */
type NodeSnapshot = {
  state: Awaited<ReturnType<ChainNode['saveState']>>;
  index?: ReturnType<InclusionIndex['saveState']>;
  watcher?: number;
  journal: number;
};

const ms = z.number({ error: 'expected milliseconds (a JSON number ≥ 0)' }).int().nonnegative().max(3_600_000);
const chainId = z.number({ error: 'expected a chain id (a JSON number)' }).int().positive();
const blockNumber = z.number({ error: 'expected a block number (a JSON number)' }).int().nonnegative();
const snapshotId = z.string({ error: 'expected a snapshot id from zkinterop_nodeSnapshot (a string)' });

/** Who serves an op: every node, a settling chain, a chain with a root relay, or Gateway on an L1. */
type OpScope = 'any' | 'chain' | 'relay' | 'gatewayOnL1';

/** A fault control op: who serves it, its args, what it does. */
type FaultOp = { scope: OpScope; args: z.ZodType<readonly unknown[]>; run: (parts: NodeInternalParts, args: never) => unknown };

const none = z.tuple([]);
const rootAt = z.tuple([chainId, blockNumber]);

/**
 * The fault controls a node serves (`zkinterop_faultControl(op, args)`), one per control of faults.ts's
 * `FaultTarget` that reads or steers this node. Plain data in and out; `undefined` answers null.
 */
export const FAULT_OPS = {
  blockNumber: { scope: 'any', args: none, run: (p) => p.node.blockNumber },
  queuedTransactions: { scope: 'any', args: none, run: (p) => p.node.queuedTransactions },
  holdBlocks: { scope: 'any', args: none, run: (p) => p.node.holdBlockProduction() },
  releaseBlocks: { scope: 'any', args: none, run: (p) => p.node.releaseBlockProduction() },
  outcomes: { scope: 'any', args: none, run: (p) => p.outcomes?.() ?? { events: [], l1Rejections: [] } },
  revertNextCommit: { scope: 'gatewayOnL1', args: none, run: (p) => p.gatewayOnL1!.revertNextCommit() },
  commitRevertArmed: { scope: 'gatewayOnL1', args: none, run: (p) => p.gatewayOnL1!.commitRevertArmed },
  holdsRoot: { scope: 'chain', args: rootAt, run: (p, [id, block]: [number, number]) => settlingChainControl(p.node).holdsRoot(id, block) },
  importedRoot: { scope: 'chain', args: rootAt, run: (p, [id, block]: [number, number]) => settlingChainControl(p.node).importedRoot(id, block) },
  blocksIdle: { scope: 'chain', args: none, run: (p) => p.node.idle() },
  backlog: { scope: 'chain', args: none, run: (p) => settlingChainControl(p.node).backlog() },
  settlementStatus: { scope: 'chain', args: none, run: (p) => settlement(p).status() },
  stopSettlement: { scope: 'chain', args: none, run: (p) => settlement(p).stop() },
  restartSettlement: { scope: 'chain', args: none, run: (p) => settlement(p).restart() },
  setRootDelay: { scope: 'relay', args: z.tuple([ms]), run: (p, [delay]: [number]) => p.relay!.setRootDelay(delay) },
  dropRoot: { scope: 'relay', args: z.tuple([blockNumber]), run: (p, [block]: [number]) => p.relay!.dropRoot(block) },
  offerRoots: {
    scope: 'relay',
    args: z.tuple([z.array(z.strictObject({ chainId, blockNumber, root: hash32 }), { error: 'expected [{ chainId, blockNumber, root }]' })]),
    run: (p, [roots]: [{ chainId: number; blockNumber: number; root: `0x${string}` }[]]) => p.relay!.offerRoots(roots),
  },
  forgetWaiting: { scope: 'relay', args: none, run: (p) => p.relay!.forgetWaiting() },
  relayStatus: { scope: 'relay', args: none, run: (p) => p.relay!.status() },
} satisfies Record<string, FaultOp>;

/** The op names of `zkinterop_faultControl`. */
export type FaultOpName = keyof typeof FAULT_OPS;

/**
 * The internal methods of one node (see module header); none without a token.
 * @param parts the node's parts, read on every call
 * @example createMethodTable([...methods, ...nodeInternalNamespace(() => ({ node, store }), { token, oneAtATime })])
 */
export function nodeInternalNamespace(parts: () => NodeInternalParts, options: NodeInternalOptions): RpcMethod[] {
  const { oneAtATime } = options;
  const snapshots = new Map<string, NodeSnapshot>();
  let nextSnapshot = 1;
  /** whether this node is quiesced, and whether its watcher ran when it was */
  let quiesced: { watcherWasRunning: boolean } | undefined;

  const assertQuiesced = (method: string) => {
    if (!quiesced) throw new InvalidArgumentError(`${method} needs the node quiesced: call zkinterop_quiesce first (and zkinterop_release after)`);
  };

  return internalGate(options.token, [
    defineMethod({
      name: 'zkinterop_registerInteropChain',
      params: z.tuple([chainId]),
      paramNames: ['chainId'],
      handler: ([id]) =>
        oneAtATime(async () => {
          const { node } = parts();
          if (node.role !== 'chain') throw new InvalidArgumentError(`chain ${node.chainId} is the ${node.role === 'l1' ? 'L1' : 'Gateway'}: bundle destinations are registered on settling chains`);
          return { registered: await node.registerInteropChain(id) };
        }),
    }),
    defineMethod({
      name: 'zkinterop_quiesce',
      params: none,
      handler: () =>
        oneAtATime(async () => {
          const { node, watcher } = parts();
          if (!quiesced) {
            quiesced = { watcherWasRunning: watcher?.running ?? false };
            await watcher?.stop();
            // Held still (not only idle once): a step started after it was seen idle would land a stage
            // on the layer that a snapshot of the layer keeps while this node's books miss it.
            await node.pauseSettlement();
          }
          await node.idle();
          return null;
        }),
    }),
    defineMethod({
      name: 'zkinterop_release',
      params: none,
      handler: () =>
        oneAtATime(async () => {
          const { node, watcher } = parts();
          if (quiesced) {
            const { watcherWasRunning } = quiesced;
            quiesced = undefined;
            node.resumeSettlement();
            if (watcherWasRunning) watcher?.start();
          }
          return null;
        }),
    }),
    defineMethod({
      name: 'zkinterop_nodeSnapshot',
      params: none,
      handler: () =>
        oneAtATime(async () => {
          assertQuiesced('zkinterop_nodeSnapshot');
          const { node, index, watcher, store } = parts();
          const snap: NodeSnapshot = {
            state: await node.saveState(),
            ...(index ? { index: index.saveState() } : {}),
            ...(watcher ? { watcher: watcher.position } : {}),
            journal: await store.length(node.chainId),
          };
          const id = `0x${(nextSnapshot++).toString(16)}`;
          snapshots.set(id, snap);
          return id;
        }),
    }),
    defineMethod({
      name: 'zkinterop_nodeRevert',
      params: z.tuple([snapshotId]),
      paramNames: ['id'],
      handler: ([id]) =>
        oneAtATime(async () => {
          assertQuiesced('zkinterop_nodeRevert');
          const snap = snapshots.get(id);
          if (!snap) return false;
          const { node, index, watcher, relay, store } = parts();
          await node.restoreState(snap.state);
          if (snap.index) index?.restoreState(snap.index);
          if (snap.watcher !== undefined) watcher?.reset(snap.watcher);
          await store.truncate(node.chainId, snap.journal);
          // Roots waiting for a delay belong to the abandoned history.
          relay?.forgetWaiting();
          for (const key of [...snapshots.keys()]) if (Number(key) >= Number(id)) snapshots.delete(key);
          return true;
        }),
    }),
    defineMethod({
      name: 'zkinterop_setNodeDelays',
      params: z.tuple([
        z.strictObject(
          { batchTimeMs: ms.optional(), commitMs: ms.optional(), proveMs: ms.optional(), executeMs: ms.optional(), watcherPollMs: ms.min(1).optional() },
          { error: 'expected { batchTimeMs?, commitMs?, proveMs?, executeMs?, watcherPollMs? } in ms' },
        ),
      ]),
      paramNames: ['delays'],
      handler: ([delays]) =>
        oneAtATime(async () => {
          const { node, watcher, delays: held } = parts();
          if (node.settlementControl() === undefined) {
            throw new InvalidArgumentError(`chain ${node.chainId} settles nowhere (the L1, or Gateway without an L1): it has no batch time or stage delays to set`);
          }
          const { watcherPollMs, ...own } = delays;
          if (watcherPollMs !== undefined && !watcher) throw new InvalidArgumentError(`chain ${node.chainId} runs no watcher: leave watcherPollMs out`);
          node.setDelays(own);
          if (watcherPollMs !== undefined) {
            watcher!.setPollMs(watcherPollMs);
            if (held) held.watcherPollMs = watcherPollMs;
          }
          return { ...node.delays(), ...(watcher ? { watcherPollMs: watcher.pollMs } : {}) };
        }),
    }),
    defineMethod({
      name: 'zkinterop_dumpNode',
      params: none,
      handler: () =>
        oneAtATime(async (): Promise<NodeDump> => {
          const { node, store } = parts();
          return { chainId: node.chainId, entries: await store.load(node.chainId), meta: nodeMetaOf(await store.allMeta(), node.chainId) };
        }),
    }),
    defineMethod({
      name: 'zkinterop_faultControl',
      params: z.tuple([
        z.enum(Object.keys(FAULT_OPS) as [FaultOpName, ...FaultOpName[]], { error: `expected an op: ${Object.keys(FAULT_OPS).join(', ')}` }),
        z.array(z.unknown(), { error: 'expected the op\'s args (a JSON array)' }).optional(),
      ]),
      paramNames: ['op', 'args'],
      handler: async ([name, rawArgs]) => {
        const op: FaultOp = FAULT_OPS[name];
        const p = parts();
        assertScope(p, name, op.scope);
        const args = op.args.safeParse(rawArgs ?? []);
        if (!args.success) throw new InvalidArgumentError(`zkinterop_faultControl ${name}: ${args.error.issues.map((i) => i.message).join('; ')}`);
        // Not queued here: the caller's NetworkFaults runs faults one at a time with its network's admin
        // operations, and a control must not wait behind a step that waits for it (a commit on a held Gateway).
        return (await op.run(p, args.data as never)) ?? null;
      },
    }),
  ]);
}

/** The settlement loop control of a settling chain. */
function settlement(parts: NodeInternalParts) {
  const control = settlingChainControl(parts.node).settlement;
  if (!control) throw new InvalidArgumentError(`chain ${parts.node.chainId} has no settlement loop`);
  return control;
}

/** Refuses an op this node does not serve, saying which nodes do. */
function assertScope(parts: NodeInternalParts, name: string, scope: OpScope): void {
  const { node } = parts;
  const ok = scope === 'any' || (scope === 'chain' && node.role === 'chain') || (scope === 'relay' && node.role === 'chain' && parts.relay !== undefined) || (scope === 'gatewayOnL1' && parts.gatewayOnL1 !== undefined);
  if (ok) return;
  const who = { chain: 'settling chains', relay: 'chains under Gateway (with a root relay)', gatewayOnL1: 'Gateway on an L1', any: 'every node' }[scope];
  throw new InvalidArgumentError(`zkinterop_faultControl ${name} acts on ${who}; chain ${node.chainId} (${node.role}) is not one`);
}
