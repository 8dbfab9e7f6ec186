/**
 * The laws of the verifier over random multi-chain histories built with the MessageRoot model:
 * every message of every settled batch is provable (no valid proof is rejected), and any single
 * meaningful change to a proof or its claim makes verification fail (false or a revert).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes, keccak256, toHex, type Address, type Hex } from 'viem';
import { chainIdLeaf, MessageRootModel } from './messageRoot.ts';
import { EMPTY_CHAIN_TREE_ROOT } from './constants.ts';
import { messageLog, type L2Message } from './l2ToL1Log.ts';
import { LocalLogsTree } from './localLogsTree.ts';
import { buildFinalProof, buildGatewayProof } from './proof.ts';
import { ProofRevertError } from './proofRevert.ts';
import { proveL2MessageInclusionShared, type InteropRootReader } from './verify.ts';

const GATEWAY = 506n;

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

type SettledBatch = { chainId: bigint; batchNumber: bigint; tree: LocalLogsTree; aggregatedRoot: Hex; messages: L2Message[] };
type History = { model: MessageRootModel; batches: SettledBatch[] };

const bytesHex = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => bytesToHex(b));
const messageArb: fc.Arbitrary<Omit<L2Message, 'txNumberInBatch'>> = fc.record({
  sender: bytesHex(20, 20) as fc.Arbitrary<Address>,
  data: bytesHex(0, 48),
});
const historyArb = fc.record({
  chainIds: fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }).filter((id) => BigInt(id) !== GATEWAY), { minLength: 1, maxLength: 4 }),
  steps: fc.array(
    fc.record({ chainPick: fc.nat(), blockStep: fc.integer({ min: 0, max: 2 }), messages: fc.array(messageArb, { minLength: 1, maxLength: 12 }) }),
    { minLength: 1, maxLength: 10 },
  ),
});

/** Settles the steps on a fresh Gateway; chains register on their first batch. */
function buildHistory({ chainIds, steps }: ValueOf<typeof historyArb>): History {
  const model = new MessageRootModel(GATEWAY);
  const batches: SettledBatch[] = [];
  const lastBatch = new Map<bigint, bigint>();
  let block = 1;
  for (const step of steps) {
    const chainId = BigInt(chainIds[step.chainPick % chainIds.length]!);
    if (!model.isRegistered(chainId)) model.registerChain(chainId);
    const batchNumber = (lastBatch.get(chainId) ?? 0n) + 1n;
    lastBatch.set(chainId, batchNumber);
    const messages = step.messages.map((m, i) => ({ ...m, txNumberInBatch: i }));
    const tree = LocalLogsTree.fromLogs(messages.map((m) => messageLog(m.sender, m.data, m.txNumberInBatch)));
    const aggregatedRoot = chainIdLeaf(EMPTY_CHAIN_TREE_ROOT, chainId);
    block += step.blockStep;
    model.addChainBatchRoot(chainId, batchNumber, tree.chainBatchRoot(aggregatedRoot), block);
    batches.push({ chainId, batchNumber, tree, aggregatedRoot, messages });
  }
  return { model, batches };
}

/** Reads interop roots as a chain that imported every Gateway root would. */
function gatewayReader(model: MessageRootModel): InteropRootReader {
  return (chainId, block) => (chainId === GATEWAY && block < 2n ** 53n ? model.historicalRoot(Number(block)) : undefined);
}

/** Reads chain batch roots keyed by (chainId, batchNumber), for final proofs. */
function batchRootReader(batches: readonly SettledBatch[]): InteropRootReader {
  return (chainId, batchNumber) => {
    const batch = batches.find((b) => b.chainId === chainId && b.batchNumber === batchNumber);
    return batch?.tree.chainBatchRoot(batch.aggregatedRoot);
  };
}

function gatewayProof(model: MessageRootModel, batch: SettledBatch, index: number): Hex[] {
  return buildGatewayProof({
    logLeafPath: batch.tree.pathToChainBatchRoot(index, batch.aggregatedRoot),
    gatewayChainId: GATEWAY,
    ...model.batchInclusion(batch.chainId, batch.batchNumber),
  });
}

type Claim = { chainId: bigint; batchNumber: bigint; index: bigint; message: L2Message; proof: Hex[] };

function verifies(claim: Claim, reader: InteropRootReader): boolean {
  try {
    return proveL2MessageInclusionShared(claim.chainId, claim.batchNumber, claim.index, claim.message, claim.proof, reader);
  } catch (e) {
    if (e instanceof ProofRevertError) return false;
    throw e;
  }
}

function flipBit(word: Hex, bit: number): Hex {
  // Bit b is bit (b mod 8) of byte floor(b / 8).
  const bytes = hexToBytes(word);
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytesToHex(bytes);
}

/** Indexes of the metadata words of a proof: the top one and, for a Gateway proof, the nested one. */
function metadataIndexes(proof: readonly Hex[], gateway: boolean): number[] {
  if (!gateway) return [0];
  const top = hexToBytes(proof[0]!);
  // metadata, log path, batch mask, batch path, packed word, Gateway chain id, nested metadata
  return [0, 1 + top[1]! + 1 + top[2]! + 2];
}

const mutationArb = fc.record({
  kind: fc.constantFrom('proofBit', 'metadataByte', 'finalFlag', 'index', 'data', 'sender', 'txNumber', 'chainId', 'batchNumber', 'dropWord', 'extraWord'),
  a: fc.nat(),
  b: fc.nat(),
});

/** One meaningful change to a valid claim. */
function mutate(claim: Claim, gateway: boolean, { kind, a, b }: ValueOf<typeof mutationArb>): Claim {
  const proof = [...claim.proof];
  const metas = metadataIndexes(proof, gateway);
  switch (kind) {
    case 'proofBit': {
      const w = a % proof.length;
      // The final flag byte is a boolean (any nonzero value is final): 'finalFlag' toggles it.
      const bit = metas.includes(w) && b % 256 >= 24 && b % 256 < 32 ? b % 24 : b % 256;
      proof[w] = flipBit(proof[w]!, bit);
      return { ...claim, proof };
    }
    case 'metadataByte': {
      const w = metas[a % metas.length]!;
      const bytes = hexToBytes(proof[w]!);
      const i = b % 3;
      bytes[i] = (bytes[i]! + 1 + (b % 200)) & 0xff;
      proof[w] = bytesToHex(bytes);
      return { ...claim, proof };
    }
    case 'finalFlag': {
      const w = metas[a % metas.length]!;
      const bytes = hexToBytes(proof[w]!);
      bytes[3] = bytes[3] === 0 ? 1 : 0;
      proof[w] = bytesToHex(bytes);
      return { ...claim, proof };
    }
    case 'index':
      return { ...claim, index: claim.index ^ BigInt(1 + (a % 0xffff)) };
    case 'data':
      return { ...claim, message: { ...claim.message, data: bytesToHex(new Uint8Array([...hexToBytes(claim.message.data), a & 0xff])) } };
    case 'sender':
      return { ...claim, message: { ...claim.message, sender: flipBit(claim.message.sender, a % 160) as Address } };
    case 'txNumber':
      return { ...claim, message: { ...claim.message, txNumberInBatch: (claim.message.txNumberInBatch + 1 + (a % 1000)) & 0xffff } };
    case 'chainId':
      return { ...claim, chainId: claim.chainId + 1n + BigInt(a % 5) };
    case 'batchNumber':
      return { ...claim, batchNumber: claim.batchNumber + 1n + BigInt(a % 5) };
    case 'dropWord': {
      // Without its metadata word, a final link is the same link in the legacy plain-path format.
      const finalMetadata = metas[metas.length - 1]!;
      const candidates = proof.map((_, i) => i).filter((i) => i !== finalMetadata);
      proof.splice(candidates[a % candidates.length]!, 1);
      return { ...claim, proof };
    }
    case 'extraWord':
      // Words after the last link's path are never read (as in the contract), so insert before the end.
      proof.splice(a % proof.length, 0, keccak256(toHex(b, { size: 32 })));
      return { ...claim, proof };
  }
}

describe('verifier laws', () => {
  test('every message of every settled batch verifies with a Gateway proof and with a final proof', () => {
    fc.assert(
      fc.property(historyArb, (input) => {
        const { model, batches } = buildHistory(input);
        const toGateway = gatewayReader(model);
        const toBatchRoot = batchRootReader(batches);
        for (const batch of batches) {
          batch.messages.forEach((message, i) => {
            const gw = gatewayProof(model, batch, i);
            expect(proveL2MessageInclusionShared(batch.chainId, batch.batchNumber, i, message, gw, toGateway)).toBe(true);
            const final = buildFinalProof(batch.tree.pathToChainBatchRoot(i, batch.aggregatedRoot));
            expect(proveL2MessageInclusionShared(batch.chainId, batch.batchNumber, i, message, final, toBatchRoot)).toBe(true);
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  test('any single change to a valid claim or its proof makes verification fail', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), fc.nat(), fc.boolean(), mutationArb, (input, batchPick, messagePick, gateway, mutation) => {
        const { model, batches } = buildHistory(input);
        const batch = batches[batchPick % batches.length]!;
        const index = messagePick % batch.messages.length;
        const proof = gateway ? gatewayProof(model, batch, index) : buildFinalProof(batch.tree.pathToChainBatchRoot(index, batch.aggregatedRoot));
        const reader = gateway ? gatewayReader(model) : batchRootReader(batches);
        const claim: Claim = { chainId: batch.chainId, batchNumber: batch.batchNumber, index: BigInt(index), message: batch.messages[index]!, proof };
        expect(verifies(claim, reader)).toBe(true);
        expect(verifies(mutate(claim, gateway, mutation), reader)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
