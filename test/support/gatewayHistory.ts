/**
 * Random settlement histories played on a real Gateway engine and on the TS MessageRootModel side
 * by side (support for the differential tests). Chains register on Gateway the way genesis does
 * (`registerSettlingChain`); each batch of random size settles either through its ChainSettlement
 * (commit, prove, execute) or straight into MessageRoot from the settlement contract's address
 * (impersonated), and several batches can land in one Gateway block. Batch contents are derived
 * from (chain, batch number, seed), so no two batches share a chain batch root.
 */
import fc from 'fast-check';
import { bytesToHex, type Address, type Hex } from 'viem';
import type { Engine } from '../../src/chain/engine.ts';
import { registerSettlingChain } from '../../src/chain/genesis.ts';
import {
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  chainSettlementAbi,
  chainSettlementAddress,
  l2InteropRootStorageAbi,
  messageRootAbi,
} from '../../src/contracts/index.ts';
import {
  LocalLogsTree,
  MessageRootModel,
  buildFinalProof,
  buildGatewayProof,
  emptyAggregatedRoot,
  keccak256,
  l2MessageToLog,
  u256Bytes,
  type InteropRootReader,
  type L2Message,
} from '../../src/protocol/index.ts';
import { ZERO_WORD, storedBatchHash } from '../../src/protocol/settlement.ts';
import { TEST_ACCOUNT, asBootloader, calldata, readContract } from './systemChain.ts';

/** How a chain's batches reach MessageRoot. */
export type SettlementRoute = 'settlement' | 'direct';

/** A chain of a plan: its id, its route, and whether it registers before the first block. */
export type ChainPlan = { chainId: number; route: SettlementRoute; eager: boolean };

/** One batch of a plan: which chain (index modulo the chains), how many logs, content seed, batch-number step (direct route only). */
export type BatchPlan = { chainPick: number; logCount: number; seed: number; batchGap: number };

/** A history: chains, then Gateway blocks, each with the batches settled in it (possibly none). */
export type HistoryPlan = { chains: ChainPlan[]; blocks: BatchPlan[][] };

/** A batch settled on Gateway, with everything needed to prove its messages. */
export type SettledBatch = {
  chainId: bigint;
  batchNumber: bigint;
  messages: L2Message[];
  tree: LocalLogsTree;
  /** The chain's own `getAggregatedRoot()` (nothing settles on it). */
  aggregatedRoot: Hex;
  chainBatchRoot: Hex;
  gatewayBlock: bigint;
};

/** A played history: the model next to the engine it mirrors. */
export type PlayedHistory = {
  model: MessageRootModel;
  batches: SettledBatch[];
  /** Every Gateway block the plan mined (registration blocks excluded), ascending. */
  blocks: bigint[];
};

/** A root a target chain stores in L2InteropRootStorage under (chainId, block or batch number). */
export type StoredRoot = { chainId: bigint; blockOrBatchNumber: bigint; root: Hex };

const MAX_LOGS = 16_384;

/**
 * Log counts: mostly a handful, sometimes hundreds or thousands, now and then a full batch.
 * @example fc.sample(logCountArb(), 5)
 */
export function logCountArb(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.integer({ min: 1, max: 24 }) },
    { weight: 1, arbitrary: fc.integer({ min: 25, max: MAX_LOGS - 1 }) },
    { weight: 1, arbitrary: fc.constant(MAX_LOGS) },
  );
}

/**
 * Random history plans for a Gateway with chain id `gatewayChainId`.
 * @param options.maxChains most chains (default 5)
 * @param options.maxBlocks most Gateway blocks (default 6)
 * @param options.maxBatchesPerBlock most batches in one block (default 4)
 */
export function historyPlanArb(gatewayChainId: number, options: { maxChains?: number; maxBlocks?: number; maxBatchesPerBlock?: number } = {}): fc.Arbitrary<HistoryPlan> {
  const chainId = fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 2 ** 40 })).filter((id) => id !== gatewayChainId);
  const chain: fc.Arbitrary<ChainPlan> = fc.record({ chainId, route: fc.constantFrom<SettlementRoute>('settlement', 'direct'), eager: fc.boolean() });
  const batch: fc.Arbitrary<BatchPlan> = fc.record({
    chainPick: fc.nat(),
    logCount: logCountArb(),
    seed: fc.nat(),
    batchGap: fc.integer({ min: 1, max: 3 }),
  });
  return fc.record({
    chains: fc.uniqueArray(chain, { minLength: 1, maxLength: options.maxChains ?? 5, selector: (c) => c.chainId }),
    blocks: fc.array(fc.array(batch, { minLength: 0, maxLength: options.maxBatchesPerBlock ?? 4 }), { minLength: 1, maxLength: options.maxBlocks ?? 6 }),
  });
}

/**
 * The messages of a batch, derived from its identity: log i is sent by a pseudo-random sender with
 * 0–32 pseudo-random bytes, in transaction `i >> (seed % 3)` (several logs per transaction).
 */
export function batchMessages(chainId: bigint, batchNumber: bigint, logCount: number, seed: number): L2Message[] {
  const input = new Uint8Array(128);
  input.set(u256Bytes(chainId), 0);
  input.set(u256Bytes(batchNumber), 32);
  input.set(u256Bytes(BigInt(seed)), 64);
  const messages: L2Message[] = [];
  for (let i = 0; i < logCount; i++) {
    input.set(u256Bytes(BigInt(i)), 96);
    const digest = keccak256(input);
    messages.push({
      txNumberInBatch: i >> (seed % 3),
      sender: bytesToHex(digest.subarray(12)) as Address,
      data: bytesToHex(digest.subarray(0, (i * 7 + seed) % 33)),
    });
  }
  return messages;
}

/**
 * Plays `plan` on `gateway` (an automine-off Gateway engine with system contracts and no settling
 * chains) and on a fresh model, mining one Gateway block per planned block.
 * @param afterBlock awaited after every planned block is mined and mirrored in the model
 * @throws Error when a settlement transaction reverts or a block does not hold exactly the queued ones
 */
export async function playHistory(
  gateway: Engine,
  plan: HistoryPlan,
  afterBlock?: (played: PlayedHistory, block: bigint) => Promise<void>,
): Promise<PlayedHistory> {
  const played: PlayedHistory = { model: new MessageRootModel(gateway.chainId), batches: [], blocks: [] };
  const lastBatch = new Map<bigint, bigint>();
  const lastBatchHash = new Map<bigint, Hex>();
  const register = async (chain: ChainPlan) => {
    if (played.model.isRegistered(chain.chainId)) return;
    await registerSettlingChain(gateway, { chainId: chain.chainId, operator: TEST_ACCOUNT.address });
    played.model.registerChain(chain.chainId);
  };
  for (const chain of plan.chains) if (chain.eager) await register(chain);

  for (const blockPlan of plan.blocks) {
    const chainsOf = blockPlan.map((b) => plan.chains[b.chainPick % plan.chains.length]!);
    // Registration mines blocks of its own, so it happens before this block's transactions queue.
    for (const chain of chainsOf) await register(chain);

    const queued: { hashes: Hex[]; batch: Omit<SettledBatch, 'gatewayBlock'> }[] = [];
    for (const [i, batchPlan] of blockPlan.entries()) {
      const chain = chainsOf[i]!;
      const chainId = BigInt(chain.chainId);
      const step = chain.route === 'settlement' ? 1n : BigInt(batchPlan.batchGap);
      const batchNumber = (lastBatch.get(chainId) ?? 0n) + step;
      lastBatch.set(chainId, batchNumber);
      const messages = batchMessages(chainId, batchNumber, batchPlan.logCount, batchPlan.seed);
      const tree = LocalLogsTree.fromLogs(messages.map(l2MessageToLog));
      const aggregatedRoot = emptyAggregatedRoot(chainId);
      const chainBatchRoot = tree.chainBatchRoot(aggregatedRoot);
      const hashes =
        chain.route === 'settlement'
          ? await queueSettlement(gateway, chainId, batchNumber, chainBatchRoot, lastBatchHash)
          : [await queueDirectAppend(gateway, chainId, batchNumber, chainBatchRoot)];
      queued.push({ hashes, batch: { chainId, batchNumber, messages, tree, aggregatedRoot, chainBatchRoot } });
    }

    const mined = await gateway.mine();
    const expectedHashes = queued.flatMap((q) => q.hashes);
    if (mined.transactionHashes.length !== expectedHashes.length) {
      throw new Error(`Gateway block ${mined.number} holds ${mined.transactionHashes.length} transactions, ${expectedHashes.length} were queued (is automine on?)`);
    }
    const receipts = await Promise.all(expectedHashes.map((hash) => gateway.getReceipt(hash)));
    receipts.forEach((receipt, i) => {
      if (receipt?.status !== 'success') throw new Error(`settlement transaction ${expectedHashes[i]} in Gateway block ${mined.number} did not succeed`);
    });
    for (const { batch } of queued) {
      played.model.addChainBatchRoot(batch.chainId, batch.batchNumber, batch.chainBatchRoot, Number(mined.number));
      played.batches.push({ ...batch, gatewayBlock: mined.number });
    }
    played.blocks.push(mined.number);
    await afterBlock?.(played, mined.number);
  }
  return played;
}

/** Queues commit, prove and execute of one batch by the chain's operator; returns their hashes. */
async function queueSettlement(gateway: Engine, chainId: bigint, batchNumber: bigint, chainBatchRoot: Hex, lastBatchHash: Map<bigint, Hex>): Promise<Hex[]> {
  const to = chainSettlementAddress(chainId);
  const from = TEST_ACCOUNT.address;
  const previous = lastBatchHash.get(chainId) ?? ZERO_WORD;
  lastBatchHash.set(chainId, storedBatchHash(batchNumber, chainBatchRoot, ZERO_WORD, previous));
  return [
    await gateway.sendAs({ from, to, data: calldata(chainSettlementAbi, 'commit', [batchNumber, chainBatchRoot, ZERO_WORD, previous]) }),
    await gateway.sendAs({ from, to, data: calldata(chainSettlementAbi, 'prove', [batchNumber]) }),
    await gateway.sendAs({ from, to, data: calldata(chainSettlementAbi, 'execute', [batchNumber, []]) }),
  ];
}

/** Queues `addChainBatchRoot` sent as the chain's settlement contract itself. */
function queueDirectAppend(gateway: Engine, chainId: bigint, batchNumber: bigint, chainBatchRoot: Hex): Promise<Hex> {
  return gateway.sendAs({
    from: chainSettlementAddress(chainId),
    to: MESSAGE_ROOT_ADDRESS,
    data: calldata(messageRootAbi, 'addChainBatchRoot', [chainId, batchNumber, chainBatchRoot]),
  });
}

/**
 * The interop roots Gateway published for the blocks that settled batches, as the Solidity
 * MessageRoot stored them (`historicalRoot`), keyed (Gateway chain id, block).
 */
export async function gatewayRoots(gateway: Engine, played: PlayedHistory): Promise<StoredRoot[]> {
  const blocks = [...new Set(played.batches.map((b) => b.gatewayBlock))];
  const roots = await Promise.all(
    blocks.map((block) => readContract(gateway, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'historicalRoot', args: [block] })),
  );
  return blocks.map((block, i) => ({ chainId: BigInt(gateway.chainId), blockOrBatchNumber: block, root: roots[i]! }));
}

/** Every batch's chain batch root keyed (chainId, batchNumber): what final proofs end at. */
export function batchRoots(batches: readonly SettledBatch[]): StoredRoot[] {
  return batches.map((b) => ({ chainId: b.chainId, blockOrBatchNumber: b.batchNumber, root: b.chainBatchRoot }));
}

/** Stores `roots` in a chain's L2InteropRootStorage as the bootloader does (one block each). */
export async function importRoots(target: Engine, roots: readonly StoredRoot[]): Promise<void> {
  for (const { chainId, blockOrBatchNumber, root } of roots) {
    await asBootloader(target, L2_INTEROP_ROOT_STORAGE_ADDRESS, calldata(l2InteropRootStorageAbi, 'addInteropRoot', [chainId, blockOrBatchNumber, [root]]));
  }
}

/** The TS verifier's view of a chain that stored exactly `roots`. */
export function storedRootReader(roots: readonly StoredRoot[]): InteropRootReader {
  const byKey = new Map(roots.map((r) => [`${r.chainId}:${r.blockOrBatchNumber}`, r.root]));
  return (chainId, blockOrBatchNumber) => byKey.get(`${chainId}:${blockOrBatchNumber}`);
}

/** A `proof_based_gw` proof of message `index` of a settled batch, built from the model. */
export function gatewayProofOf(played: PlayedHistory, batch: SettledBatch, index: number): Hex[] {
  return buildGatewayProof({
    logLeafPath: batch.tree.pathToChainBatchRoot(index, batch.aggregatedRoot),
    gatewayChainId: played.model.hostChainId,
    ...played.model.batchInclusion(batch.chainId, batch.batchNumber),
  });
}

/** A final proof of message `index`, against the batch's chain batch root stored under (chainId, batchNumber). */
export function finalProofOf(batch: SettledBatch, index: number): Hex[] {
  return buildFinalProof(batch.tree.pathToChainBatchRoot(index, batch.aggregatedRoot));
}
