/**
 * bench/protocol: the protocol core's hot paths, each against a baseline measured in the same run.
 * - Building the local logs tree of a full batch (16,384 leaves): vs the same 16,383 pair hashes
 *   with viem's keccak256 (the gain of hash-wasm), and vs bare hash-wasm pair hashing with no tree
 *   bookkeeping (the cost of the bookkeeping).
 * - Gateway proofs built per second from a sealed full batch (path lookup, MessageRoot model
 *   inclusion, buildGatewayProof) vs rebuilding the batch's tree for every proof; TS verifications
 *   per second vs eth_call of the Solidity verifier on the in-process EVM.
 * - Gas (eth_estimateGas) of proveL2MessageInclusionShared with a Gateway proof when 2, 8 and 64
 *   chains settle on Gateway (the shared tree deepens), vs a final proof of the same message.
 *
 * Run: npx tsx bench/protocol.ts [--json] [--write]   (--write updates BENCHMARKS.md)
 */
import { loadavg } from 'node:os';
import { createKeccak } from 'hash-wasm';
import { bytesToHex, encodeFunctionData, hexToBytes, keccak256 as viemKeccak256, numberToHex, type Address, type Hex } from 'viem';
import { createEngine, type Engine } from '../src/chain/engine.ts';
import { installSystemContracts } from '../src/chain/genesis.ts';
import {
  BOOTLOADER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  chainSettlementAbi,
  chainSettlementAddress,
  l2InteropRootStorageAbi,
  l2MessageVerificationAbi,
  messageRootAbi,
} from '../src/contracts/index.ts';
import {
  LOCAL_LOGS_TREE_LEAVES,
  LocalLogsTree,
  MessageRootModel,
  buildFinalProof,
  buildGatewayProof,
  emptyAggregatedRoot,
  keccakHex,
  l2MessageToLog,
  l2ToL1LogLeaf,
  proveL2MessageInclusionShared,
  treeHeight,
  type InteropRootReader,
  type L2Message,
} from '../src/protocol/index.ts';
import { ZERO_WORD, storedBatchHash } from '../src/protocol/settlement.ts';
import { machineLine, upsertBenchmarksSection } from './benchmarksFile.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

/** Everything the protocol bench measured (JSON-able). */
export type ProtocolBenchResult = {
  /** 1-minute load average when the run started: how shared the machine was */
  loadAverage: number;
  tree: {
    leaves: number;
    pairHashes: number;
    /** LocalLogsTree.fromLeaves, median ms */
    fromLeavesMs: number;
    /** LocalLogsTree.fromLogs (leaf hashing included), median ms */
    fromLogsMs: number;
    /** the same pair hashes with viem's keccak256, median ms */
    viemPairHashesMs: number;
    /** the same pair hashes with a bare hash-wasm hasher, no tree bookkeeping, median ms */
    rawHashWasmMs: number;
    /** viemPairHashesMs / fromLeavesMs */
    speedupVsViem: number;
    /** fromLeavesMs / rawHashWasmMs */
    overheadVsRawHashWasm: number;
  };
  proofs: {
    /** Gateway proofs per second from a sealed full batch */
    builtPerSecond: number;
    /** baseline: Gateway proofs per second when each one rebuilds the batch's tree */
    rebuildPerSecond: number;
    /** builtPerSecond / rebuildPerSecond */
    speedupVsRebuild: number;
    /** TS verifications of Gateway proofs per second */
    tsVerificationsPerSecond: number;
    /** baseline: eth_call verifications per second on the in-process EVM */
    evmVerificationsPerSecond: number;
    /** tsVerificationsPerSecond / evmVerificationsPerSecond */
    tsVsEvm: number;
  };
  gas: {
    /** eth_estimateGas of a final proof of the same message (baseline) */
    finalProof: { gas: number; proofWords: number };
    gateway: { settlingChains: number; sharedTreeLeaves: number; sharedTreeDepth: number; proofWords: number; gas: number; vsFinal: number }[];
  };
};

const GATEWAY = 506;
const TARGET = 272;
const NETWORK_SIZES = [2, 8, 64] as const;
/** Earlier batches of the measured chain, so its chain-tree path is not empty. */
const EARLIER_BATCHES = 5;
const OPERATOR_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const OPERATOR: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/**
 * Runs the protocol bench (about 20–40 s on two cores).
 * @param options.repetitions timed repetitions of each tree build (median reported), default 15
 */
export async function runProtocolBench(options: { repetitions?: number } = {}): Promise<ProtocolBenchResult> {
  const repetitions = options.repetitions ?? 15;
  const loadAverage = round(loadavg()[0] ?? 0, 1);
  const batch = fullBatch();
  const tree = await treeBench(batch, repetitions);
  const proofs = await proofBench(batch);
  const gas = await gasBench(batch);
  progressDone();
  return { loadAverage, tree, proofs, gas };
}

/** A full batch: 16,384 messages from distinct senders, 32 bytes each. */
function fullBatch(): { messages: L2Message[]; leaves: Hex[] } {
  const messages = Array.from({ length: LOCAL_LOGS_TREE_LEAVES }, (_, i): L2Message => {
    const digest = keccakHex(hexToBytes(numberToHex(i, { size: 32 })));
    return { txNumberInBatch: i >> 2, sender: `0x${digest.slice(26)}` as Address, data: keccakHex(hexToBytes(digest)) };
  });
  return { messages, leaves: messages.map((m) => l2ToL1LogLeaf(l2MessageToLog(m))) };
}

async function treeBench(batch: { messages: L2Message[]; leaves: Hex[] }, repetitions: number): Promise<ProtocolBenchResult['tree']> {
  const logs = batch.messages.map(l2MessageToLog);
  const packed = new Uint8Array(batch.leaves.length * 32);
  batch.leaves.forEach((leaf, i) => packed.set(hexToBytes(leaf), 32 * i));
  const expectedRoot = LocalLogsTree.fromLeaves(batch.leaves).root;
  const rawHasher = await rawHashWasmPairHash();
  // Interleaved: each repetition times every variant back to back, so a burst of load on a
  // shared machine hits the measurement and its baselines alike. viem is ~10× slower: every third.
  const samples = timeInterleaved(
    repetitions,
    {
      fromLeaves: () => LocalLogsTree.fromLeaves(batch.leaves),
      fromLogs: () => LocalLogsTree.fromLogs(logs),
      raw: () => check(pairHashRoot(packed, rawHasher), expectedRoot),
      viem: (repetition) => repetition % 3 === 0 && check(pairHashRoot(packed, viemPairHash), expectedRoot),
    },
    'tree',
  );
  const fromLeavesMs = quantile(samples.fromLeaves, 0.5);
  const viemPairHashesMs = quantile(samples.viem.filter((_, r) => r % 3 === 0), 0.5);
  const rawHashWasmMs = quantile(samples.raw, 0.5);
  return {
    leaves: batch.leaves.length,
    pairHashes: batch.leaves.length - 1,
    fromLeavesMs: round(fromLeavesMs),
    fromLogsMs: round(quantile(samples.fromLogs, 0.5)),
    viemPairHashesMs: round(viemPairHashesMs),
    rawHashWasmMs: round(rawHashWasmMs),
    speedupVsViem: round(viemPairHashesMs / fromLeavesMs, 1),
    overheadVsRawHashWasm: round(fromLeavesMs / rawHashWasmMs, 2),
  };
}

type PairHash = (pair: Uint8Array) => Uint8Array;

const viemPairHash: PairHash = (pair) => viemKeccak256(pair, 'bytes');

/** hash-wasm pair hashing with nothing around it: one hasher, init/update/digest. */
async function rawHashWasmPairHash(): Promise<PairHash> {
  const hasher = await createKeccak(256);
  return (pair) => {
    hasher.init();
    hasher.update(pair);
    return hasher.digest('binary');
  };
}

/** Root of a full power-of-two tree over packed leaves, reduced in place level by level. */
function pairHashRoot(packed: Uint8Array, hash: PairHash): Hex {
  const nodes = packed.slice();
  for (let width = nodes.length / 32; width > 1; width /= 2) {
    for (let j = 0; j < width / 2; j++) nodes.set(hash(nodes.subarray(64 * j, 64 * j + 64)), 32 * j);
  }
  return bytesToHex(nodes.subarray(0, 32));
}

async function proofBench(batch: { messages: L2Message[]; leaves: Hex[] }): Promise<ProtocolBenchResult['proofs']> {
  const network = await settledNetwork(8, batch);
  const { model, sealed, chainId, batchNumber, aggregatedRoot } = network;
  const indexes = Array.from({ length: 4_000 }, (_, i) => (i * 7_919) % LOCAL_LOGS_TREE_LEAVES);
  const build = (tree: LocalLogsTree, index: number) =>
    buildGatewayProof({ logLeafPath: tree.pathToChainBatchRoot(index, aggregatedRoot), gatewayChainId: GATEWAY, ...model.batchInclusion(chainId, batchNumber) });

  // Rounds of one rebuilt proof and 200 sealed ones, timed separately and summed (interleaved for
  // the same reason as the tree bench).
  const rounds = 20;
  const perRound = indexes.length / rounds;
  const building = timeInterleaved(
    rounds,
    {
      sealed: (r) => indexes.slice(r * perRound, (r + 1) * perRound).forEach((i) => build(sealed, i)),
      rebuild: (r) => build(LocalLogsTree.fromLeaves(batch.leaves), indexes[r]!),
    },
    'proofs: building',
  );
  const builtPerSecond = indexes.length / (sum(building.sealed) / 1000);
  const rebuildPerSecond = rounds / (sum(building.rebuild) / 1000);

  const proofs = indexes.slice(0, 2_000).map((i) => ({ index: i, proof: build(sealed, i) }));
  const reader: InteropRootReader = (id, block) => (id === BigInt(GATEWAY) ? model.historicalRoot(Number(block)) : undefined);
  const verifyInTs = ({ index, proof }: { index: number; proof: Hex[] }) => {
    if (!proveL2MessageInclusionShared(chainId, batchNumber, index, batch.messages[index]!, proof, reader)) throw new Error(`proof of log ${index} does not verify`);
  };
  const calls = proofs.map(({ index, proof }) => ({
    to: L2_MESSAGE_VERIFICATION_ADDRESS,
    data: encodeFunctionData({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', args: [chainId, batchNumber, BigInt(index), batch.messages[index]!, proof] }),
  }));
  const verifyOnEvm = async (call: { to: Address; data: Hex }) => {
    if (BigInt(await network.target.call(call)) !== 1n) throw new Error('the Solidity verifier rejected a valid proof');
  };
  // Rounds of 100 TS verifications and 20 sequential eth_calls, timed separately and summed.
  const verifyRounds = 20;
  const tsTimes: number[] = [];
  const evmTimes: number[] = [];
  for (let r = -1; r < verifyRounds; r++) {
    progress(`proofs: verifying ${r + 1}/${verifyRounds}`);
    const round0 = Math.max(r, 0);
    let started = performance.now();
    proofs.slice(round0 * 100, round0 * 100 + 100).forEach(verifyInTs);
    const ts = performance.now() - started;
    started = performance.now();
    for (const call of calls.slice(round0 * 20, round0 * 20 + 20)) await verifyOnEvm(call);
    const evm = performance.now() - started;
    if (r >= 0) tsTimes.push(ts), evmTimes.push(evm); // round -1 is the warm-up
  }
  const tsVerificationsPerSecond = (100 * verifyRounds) / (sum(tsTimes) / 1000);
  const evmVerificationsPerSecond = (20 * verifyRounds) / (sum(evmTimes) / 1000);

  return {
    builtPerSecond: Math.round(builtPerSecond),
    rebuildPerSecond: round(rebuildPerSecond, 1),
    speedupVsRebuild: Math.round(builtPerSecond / rebuildPerSecond),
    tsVerificationsPerSecond: Math.round(tsVerificationsPerSecond),
    evmVerificationsPerSecond: Math.round(evmVerificationsPerSecond),
    tsVsEvm: round(tsVerificationsPerSecond / evmVerificationsPerSecond, 1),
  };
}

async function gasBench(batch: { messages: L2Message[]; leaves: Hex[] }): Promise<ProtocolBenchResult['gas']> {
  const index = 12_345;
  const message = batch.messages[index]!;
  const gateway: ProtocolBenchResult['gas']['gateway'] = [];
  let finalProof: ProtocolBenchResult['gas']['finalProof'] | undefined;
  for (const size of NETWORK_SIZES) {
    progress(`gas: network of ${size} settling chains`);
    const network = await settledNetwork(size, batch);
    const { model, sealed, chainId, batchNumber, aggregatedRoot } = network;
    const logLeafPath = sealed.pathToChainBatchRoot(index, aggregatedRoot);
    const gatewayProof = buildGatewayProof({ logLeafPath, gatewayChainId: GATEWAY, ...model.batchInclusion(chainId, batchNumber) });
    const gas = await estimateVerification(network.target, chainId, batchNumber, index, message, gatewayProof);
    if (!finalProof) {
      const proof = buildFinalProof(logLeafPath);
      finalProof = { gas: await estimateVerification(network.target, chainId, batchNumber, index, message, proof), proofWords: proof.length };
    }
    gateway.push({
      settlingChains: size,
      sharedTreeLeaves: model.chainCount,
      sharedTreeDepth: treeHeight(model.chainCount),
      proofWords: gatewayProof.length,
      gas,
      vsFinal: round(gas / finalProof.gas, 2),
    });
  }
  return { finalProof: finalProof!, gateway };
}

/** eth_estimateGas of proveL2MessageInclusionShared, after checking with eth_call that it returns true. */
async function estimateVerification(target: Engine, chainId: bigint, batchNumber: bigint, index: number, message: L2Message, proof: Hex[]): Promise<number> {
  const data = encodeFunctionData({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', args: [chainId, batchNumber, BigInt(index), message, proof] });
  if (BigInt(await target.call({ to: L2_MESSAGE_VERIFICATION_ADDRESS, data })) !== 1n) throw new Error(`the Solidity verifier rejected a valid ${proof.length}-word proof`);
  return Number(BigInt(await target.request<Hex>('eth_estimateGas', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }])));
}

/**
 * A Gateway with `settlingChains` chains (271, 272, …); the last one settles EARLIER_BATCHES dummy
 * batches and then the full batch through ChainSettlement, mirrored in the model. A target chain
 * imports the Gateway root of that block and, for final proofs, the batch's chain batch root.
 */
async function settledNetwork(settlingChains: number, batch: { leaves: Hex[] }) {
  const accounts = [{ privateKey: OPERATOR_KEY, balance: 10n ** 24n }];
  const gateway = await createEngine({ chainId: GATEWAY, accounts });
  const chains = Array.from({ length: settlingChains }, (_, i) => ({ chainId: 271 + i, operator: OPERATOR }));
  await installSystemContracts(gateway, { isGateway: true, settlingChains: chains });
  const model = new MessageRootModel(GATEWAY);
  for (const chain of chains) model.registerChain(chain.chainId);

  const chainId = BigInt(chains.at(-1)!.chainId);
  const aggregatedRoot = emptyAggregatedRoot(chainId);
  const sealed = LocalLogsTree.fromLeaves(batch.leaves);
  let previousHash = ZERO_WORD;
  let block = 0n;
  const batchNumber = BigInt(EARLIER_BATCHES + 1);
  for (let n = 1n; n <= batchNumber; n++) {
    const root = n === batchNumber ? sealed.chainBatchRoot(aggregatedRoot) : keccakHex(hexToBytes(numberToHex(n, { size: 32 })));
    const to = chainSettlementAddress(chainId);
    const send = (data: Hex) => gateway.execute({ from: OPERATOR, to, data });
    await send(encodeFunctionData({ abi: chainSettlementAbi, functionName: 'commit', args: [n, root, ZERO_WORD, previousHash] }));
    await send(encodeFunctionData({ abi: chainSettlementAbi, functionName: 'prove', args: [n] }));
    block = (await send(encodeFunctionData({ abi: chainSettlementAbi, functionName: 'execute', args: [n, []] }))).blockNumber;
    previousHash = storedBatchHash(n, root, ZERO_WORD, previousHash);
    model.addChainBatchRoot(chainId, n, root, Number(block));
  }
  const interopRoot = await gateway.call({ to: MESSAGE_ROOT_ADDRESS, data: encodeFunctionData({ abi: messageRootAbi, functionName: 'historicalRoot', args: [block] }) });
  if (interopRoot !== model.historicalRoot(Number(block))) throw new Error('the MessageRoot model and the Solidity MessageRoot disagree');

  const target = await createEngine({ chainId: TARGET, accounts });
  await installSystemContracts(target, { isGateway: false });
  const store = (key: [bigint, bigint], root: Hex) =>
    target.execute({ from: BOOTLOADER_ADDRESS, to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'addInteropRoot', args: [...key, [root]] }) });
  await store([BigInt(GATEWAY), block], interopRoot);
  await store([chainId, batchNumber], sealed.chainBatchRoot(aggregatedRoot));
  await gateway.close();
  return { model, sealed, chainId, batchNumber, aggregatedRoot, target };
}

/**
 * Times each variant once per repetition, back to back, after one untimed warm-up repetition.
 * @returns the ms samples of each variant, indexed by repetition
 */
function timeInterleaved<K extends string>(repetitions: number, variants: Record<K, (repetition: number) => unknown>, label: string): Record<K, number[]> {
  const names = Object.keys(variants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let r = -1; r < repetitions; r++) {
    progress(`${label} ${r + 1}/${repetitions}`);
    for (const name of names) {
      const started = performance.now();
      variants[name](Math.max(r, 0));
      if (r >= 0) samples[name].push(performance.now() - started);
    }
  }
  return samples;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function check(root: Hex, expected: Hex): void {
  if (root !== expected) throw new Error(`baseline root ${root} differs from LocalLogsTree's ${expected}`);
}

/** The "Protocol (issue 2)" section of BENCHMARKS.md for a result. */
export function protocolBenchMarkdown(result: ProtocolBenchResult): string {
  const { loadAverage, tree, proofs, gas } = result;
  const rows = [
    '| Measurement | Value | Baseline (same run) | Ratio |',
    '| --- | ---: | --- | ---: |',
    `| Local logs tree of a full batch (${tree.leaves.toLocaleString('en')} leaves), \`LocalLogsTree.fromLeaves\` | ${tree.fromLeavesMs} ms | the same ${tree.pairHashes.toLocaleString('en')} pair hashes with viem \`keccak256\`: ${tree.viemPairHashesMs} ms | ${tree.speedupVsViem}× faster |`,
    `| ″ | ${tree.fromLeavesMs} ms | the same pair hashes, bare hash-wasm, no tree bookkeeping: ${tree.rawHashWasmMs} ms | ${tree.overheadVsRawHashWasm}× the bare hashing |`,
    `| ″ from the logs (\`fromLogs\`, 16,384 leaf hashes included) | ${tree.fromLogsMs} ms | | |`,
    `| Gateway proofs built from a sealed full batch (path + model inclusion + \`buildGatewayProof\`) | ${proofs.builtPerSecond.toLocaleString('en')} /s | rebuilding the batch tree per proof: ${proofs.rebuildPerSecond} /s | ${proofs.speedupVsRebuild.toLocaleString('en')}× |`,
    `| TS verifications of Gateway proofs (\`proveL2MessageInclusionShared\`) | ${proofs.tsVerificationsPerSecond.toLocaleString('en')} /s | eth_call of L2MessageVerification on the in-process EVM: ${proofs.evmVerificationsPerSecond.toLocaleString('en')} /s | ${proofs.tsVsEvm}× |`,
    ...gas.gateway.map(
      (g) =>
        `| Gas of \`proveL2MessageInclusionShared\`, Gateway proof, ${g.settlingChains} chains settling (shared tree ${g.sharedTreeLeaves} leaves, depth ${g.sharedTreeDepth}; ${g.proofWords} words) | ${g.gas.toLocaleString('en')} | final proof of the same message (${gas.finalProof.proofWords} words): ${gas.finalProof.gas.toLocaleString('en')} | ${g.vsFinal}× |`,
    ),
  ];
  return [
    `Measured ${machineLine()} (load average ${loadAverage} at the start) with \`npx tsx bench/protocol.ts --write\`.`,
    'Each measurement is interleaved with its baseline, so ratios hold better than absolute times on a',
    'shared machine. Tree times are medians; rates are totals over interleaved rounds; gas is `eth_estimateGas`',
    'on the real contract (21,000 intrinsic gas and calldata included).',
    '',
    ...rows,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runProtocolBench();
  if (process.argv.includes('--write')) upsertBenchmarksSection('Protocol (issue 2)', protocolBenchMarkdown(result));
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else console.log(protocolBenchMarkdown(result));
}
