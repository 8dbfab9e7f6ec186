/**
 * Differential property tests of the protocol: the pure TypeScript side (MessageRootModel,
 * LocalLogsTree, proof builders, the verifier twin) against the Solidity system contracts on the
 * real EVM, over random multi-chain settlement histories on a Gateway engine. Proofs end at roots
 * the Solidity MessageRoot produced, imported into separate target chains: one storing Gateway's
 * interop roots (for `proof_based_gw` proofs), one storing chain batch roots (for final proofs),
 * so a proof of one kind can never pass as the other.
 *
 * More runs: ZKINTEROP_PROPERTY_RUNS=100 npx vitest run test/contracts/differential.test.ts
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import type { Engine } from '../../src/chain/engine.ts';
import { MESSAGE_ROOT_ADDRESS, messageRootAbi } from '../../src/contracts/index.ts';
import type { InteropRootReader, MessageRootModel } from '../../src/protocol/index.ts';
import {
  batchRoots,
  finalProofOf,
  gatewayProofOf,
  gatewayRoots,
  historyPlanArb,
  importRoots,
  playHistory,
  storedRootReader,
  type HistoryPlan,
  type PlayedHistory,
  type SettledBatch,
} from '../support/gatewayHistory.ts';
import { equivalentRewrites, rejectedMutations, type ClaimVariant, type ProofKind } from '../support/proofMutations.ts';
import { propertyRuns } from '../support/propertyRuns.ts';
import { createSystemChain, readContract, type SystemChain } from '../support/systemChain.ts';
import { solidityOutcomes, tsOutcome, type MessageClaim } from '../support/verifierOutcome.ts';

const GATEWAY = 506;
/** Imports Gateway's interop roots, keyed (506, Gateway block). */
const GATEWAY_TARGET = 272;
/** Stores chain batch roots, keyed (chainId, batchNumber). */
const FINAL_TARGET = 273;

const messageRoot = { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi } as const;
const settlingPlanArb = historyPlanArb(GATEWAY).filter((plan) => plan.blocks.some((block) => block.length > 0));

/** An engine that each property run puts back to its genesis state. */
type ResettableEngine = { engine: Engine; reset(): Promise<void> };

async function resettable(chain: Promise<SystemChain>): Promise<ResettableEngine> {
  const { engine } = await chain;
  let snapshot = await engine.snapshot();
  return {
    engine,
    async reset() {
      await engine.revert(snapshot);
      snapshot = await engine.snapshot();
    },
  };
}

/** What MessageRoot exposes after a block: the aggregated root, that block's historical root, every chain root (host first). */
type MessageRootView = { aggregatedRoot: Hex; historicalRoot: Hex; chainRoots: Hex[] };

async function solidityView(gateway: Engine, chainIds: readonly bigint[], block: bigint): Promise<MessageRootView> {
  const [aggregatedRoot, historicalRoot, ...chainRoots] = await Promise.all([
    readContract(gateway, { ...messageRoot, functionName: 'getAggregatedRoot' }),
    readContract(gateway, { ...messageRoot, functionName: 'historicalRoot', args: [block] }),
    ...chainIds.map((id) => readContract(gateway, { ...messageRoot, functionName: 'getChainRoot', args: [id] })),
  ]);
  return { aggregatedRoot, historicalRoot, chainRoots };
}

function modelView(model: MessageRootModel, block: bigint): MessageRootView {
  return {
    aggregatedRoot: model.getAggregatedRoot(),
    historicalRoot: model.historicalRoot(Number(block)),
    chainRoots: model.chainIds.map((id) => model.getChainRoot(id)),
  };
}

/** A claim about message `index` of `batch`, with a proof of `kind`. */
function claimOf(played: PlayedHistory, batch: SettledBatch, index: number, kind: ProofKind): MessageClaim {
  return {
    chainId: batch.chainId,
    batchNumber: batch.batchNumber,
    index: BigInt(index),
    message: batch.messages[index]!,
    proof: kind === 'gateway' ? gatewayProofOf(played, batch, index) : finalProofOf(batch, index),
  };
}

/** What each verifier says about each variant, and the variant's name. */
async function judge(variants: readonly ClaimVariant[], reader: InteropRootReader, target: Engine) {
  const solidity = await solidityOutcomes(target, variants.map((v) => v.claim));
  return variants.map((v, i) => ({ name: v.name, ts: tsOutcome(v.claim, reader), solidity: solidity[i]! }));
}

describe('the TypeScript protocol and the Solidity contracts agree', () => {
  let gateway: ResettableEngine;
  let gatewayTarget: ResettableEngine;
  let finalTarget: ResettableEngine;
  beforeAll(async () => {
    [gateway, gatewayTarget, finalTarget] = await Promise.all([
      resettable(createSystemChain({ chainId: GATEWAY, automine: false })),
      resettable(createSystemChain({ chainId: GATEWAY_TARGET })),
      resettable(createSystemChain({ chainId: FINAL_TARGET })),
    ]);
  });

  /** Plays `plan` on a fresh Gateway, then stores its interop roots and batch roots on fresh target chains. */
  async function settleAndImport(plan: HistoryPlan) {
    await Promise.all([gateway.reset(), gatewayTarget.reset(), finalTarget.reset()]);
    const played = await playHistory(gateway.engine, plan);
    const toGateway = await gatewayRoots(gateway.engine, played);
    const toBatches = batchRoots(played.batches);
    await importRoots(gatewayTarget.engine, toGateway);
    await importRoots(finalTarget.engine, toBatches);
    const targets: Record<ProofKind, { engine: Engine; reader: InteropRootReader }> = {
      gateway: { engine: gatewayTarget.engine, reader: storedRootReader(toGateway) },
      final: { engine: finalTarget.engine, reader: storedRootReader(toBatches) },
    };
    return { played, targets };
  }

  it('after every Gateway block, the aggregated root, the historical root of that block and every chain root are the model’s', async () => {
    await fc.assert(
      fc.asyncProperty(historyPlanArb(GATEWAY), async (plan) => {
        await gateway.reset();
        let checkedBlocks = 0;
        const played = await playHistory(gateway.engine, plan, async ({ model }, block) => {
          expect(await solidityView(gateway.engine, model.chainIds, block)).toEqual(modelView(model, block));
          checkedBlocks++;
        });
        expect(checkedBlocks).toBe(plan.blocks.length);
        // Later writes never rewrite an earlier block's root (registration blocks have none).
        const last = played.blocks.at(-1)!;
        const blocks = Array.from({ length: Number(last) + 1 }, (_, i) => BigInt(i));
        const stored = await Promise.all(blocks.map((b) => readContract(gateway.engine, { ...messageRoot, functionName: 'historicalRoot', args: [b] })));
        expect(stored).toEqual(blocks.map((b) => played.model.historicalRoot(Number(b))));
      }),
      { numRuns: propertyRuns(8) },
    );
  });

  it('every Gateway proof and final proof built from the model verifies, in TypeScript and on the EVM', async () => {
    await fc.assert(
      fc.asyncProperty(settlingPlanArb, fc.array(fc.nat(), { maxLength: 2 }), async (plan, picks) => {
        const { played, targets } = await settleAndImport(plan);
        for (const kind of ['gateway', 'final'] as const) {
          const claims = played.batches.flatMap((batch) => {
            const size = batch.messages.length;
            const indexes = new Set([0, size - 1, ...picks.map((p) => p % size)]);
            return [...indexes].map((index) => claimOf(played, batch, index, kind));
          });
          const { engine, reader } = targets[kind];
          expect(claims.map((c) => tsOutcome(c, reader))).toEqual(claims.map(() => 'true'));
          expect(await solidityOutcomes(engine, claims)).toEqual(claims.map(() => 'true'));
        }
      }),
      { numRuns: propertyRuns(8) },
    );
  });

  it('every single mutation of a valid claim is rejected by both verifiers, which agree on false or on the same revert', async () => {
    await fc.assert(
      fc.asyncProperty(settlingPlanArb, fc.nat(), fc.nat(), fc.nat(), async (plan, batchPick, messagePick, salt) => {
        const { played, targets } = await settleAndImport(plan);
        const batch = played.batches[batchPick % played.batches.length]!;
        const index = messagePick % batch.messages.length;
        const others = {
          chainIds: played.model.chainIds,
          batchNumbers: played.batches.filter((b) => b.chainId === batch.chainId).map((b) => b.batchNumber),
        };
        for (const kind of ['gateway', 'final'] as const) {
          const claim = claimOf(played, batch, index, kind);
          const { engine, reader } = targets[kind];
          const [valid, ...mutated] = await judge([{ name: 'valid', claim }, ...rejectedMutations(claim, kind, salt, others)], reader, engine);
          expect(valid).toEqual({ name: 'valid', ts: 'true', solidity: 'true' });
          expect(mutated.filter((m) => m.ts !== m.solidity), `${kind} proof: disagreements`).toEqual([]);
          expect(mutated.filter((m) => m.ts === 'true'), `${kind} proof: accepted mutations`).toEqual([]);
        }
      }),
      { numRuns: propertyRuns(10) },
    );
  });

  it('the documented equivalent rewrites of a valid proof (trailing words, a final link without its metadata word, another nonzero final flag) verify in both', async () => {
    await fc.assert(
      fc.asyncProperty(settlingPlanArb, fc.nat(), fc.nat(), fc.nat(), async (plan, batchPick, messagePick, salt) => {
        const { played, targets } = await settleAndImport(plan);
        const batch = played.batches[batchPick % played.batches.length]!;
        const index = messagePick % batch.messages.length;
        for (const kind of ['gateway', 'final'] as const) {
          const { engine, reader } = targets[kind];
          const rewrites = await judge(equivalentRewrites(claimOf(played, batch, index, kind), kind, salt), reader, engine);
          expect(rewrites.filter((r) => r.ts !== 'true' || r.solidity !== 'true'), `${kind} proof`).toEqual([]);
        }
      }),
      { numRuns: propertyRuns(5) },
    );
  });
});
