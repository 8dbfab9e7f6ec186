/**
 * Robustness: 10,000 real proofs from a running network, checked on-chain. 5,000 messages are sent
 * on each of 271 and 272 in waves of concurrent transactions, each wave sealed into one batch
 * (about 10 batches per chain, of random sizes); once every batch is executed on Gateway and the
 * other chain imported Gateway's roots, L2MessageVerification (0x…10009) on the other chain is asked
 * about every message with its `proof_based_gw` proof (eth_call, in JSON-RPC batches over HTTP) and
 * with one mutation of it, the mutation kind rotating over proof words, metadata bytes, masks,
 * Gateway block and chain id, index, data, sender, txNumberInBatch, chain id and batch number
 * (test/support/proofMutations.ts). Every tenth message is also checked with its final-mode proof
 * against its chain batch root, stored for the call by a state override. The network runs without an
 * L1 (`l1: false`), where the proof without a mode is that final one; with an L1 it is the recursive
 * proof to the L1, whose mutations test/contracts/l1MessageProofs.test.ts checks on the L1's Bridgehub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeAbiParameters, encodeFunctionData, keccak256, toHex, type Address, type Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS, MESSAGE_ROOT_ADDRESS, l1MessengerAbi, l2MessageVerificationAbi, messageRootAbi } from '../../src/contracts/index.ts';
import { proofLayout, rejectedMutations, type ClaimVariant, type ProofKind } from '../support/proofMutations.ts';
import type { MessageClaim } from '../support/verifierOutcome.ts';
import { waitInteropRoot, type LogProof } from '../support/interop.ts';

const CHAINS = [271, 272] as const;
const GATEWAY = 506;
const PER_CHAIN = 5_000;
const SEED = 20_250_612;
/** Every FINAL_EVERY-th message is also checked with its final-mode proof. */
const FINAL_EVERY = 10;
const CALLS_PER_BATCH = 250;
const BATCHES_IN_FLIGHT = 8;

/** Mutation kinds, in rotation order; a proof gets the kind of its position (skipping kinds it has none of). */
const KINDS = ['proof word', 'metadata byte', 'mask', 'settlement word', 'index', 'message data', 'sender', 'txNumberInBatch', 'chain id', 'batch number'] as const;
type Kind = (typeof KINDS)[number];

/** One message as sent, with what the node said about it. */
type Sent = { chainId: number; txHash: Hex; sender: Address; data: Hex; txNumberInBatch: number; batchNumber: number; gatewayProof: LogProof; finalProof?: LogProof };
type Verdict = 'accepted' | 'rejected' | { error: string };

let net: TestNetwork;
let sent: Sent[];
/** Chain batch root per chain and batch, as Gateway's MessageRoot recorded it (AppendedChainBatchRoot). */
const batchRoots = new Map<string, Hex>();
/** Root imported on the other chain per Gateway block. */
const importedRoots = new Map<number, Hex>();
const timings: Record<string, number> = {};

beforeAll(async () => {
  net = await createNetwork({ chains: [...CHAINS], l1: false });
  // Batches close only when a wave is sealed, so each wave is one batch.
  net.network.setDelays({ batchTimeMs: 3_600_000 });
  const waves = waveSizes();
  let t = performance.now();
  const hashes = await Promise.all(CHAINS.map((chainId) => sendWaves(chainId, waves)));
  timings.send = performance.now() - t;

  t = performance.now();
  sent = (await Promise.all(CHAINS.map((chainId, i) => describeMessages(chainId, hashes[i]!)))).flat();
  timings.proofs = performance.now() - t;

  t = performance.now();
  const waits = new Map(sent.map((m) => [`${otherChain(m.chainId)}/${gatewayBlockOf(m.gatewayProof)}`, { target: otherChain(m.chainId), block: gatewayBlockOf(m.gatewayProof) }]));
  for (const { target, block } of waits.values()) importedRoots.set(block, await waitInteropRoot(net.network.node(target), GATEWAY, block));
  timings.import = performance.now() - t;
  console.log(
    `[robustness] ${sent.length} messages in ${new Set(sent.map((m) => `${m.chainId}/${m.batchNumber}`)).size} batches, ${importedRoots.size} Gateway blocks; ` +
      `sent in ${ms(timings.send)}, receipts and proofs in ${ms(timings.proofs)}, roots imported after ${ms(timings.import)} more`,
  );
});

afterAll(async () => {
  await net?.stop();
});

// ---------------------------------------------------------------- setup helpers

const ms = (value: number | undefined) => `${Math.round(value ?? 0)} ms`;

/** Wave sizes summing to PER_CHAIN (deterministic). */
function waveSizes(): number[] {
  const sizes: number[] = [];
  let left = PER_CHAIN;
  for (const size of fc.sample(fc.integer({ min: 150, max: 900 }), { seed: SEED, numRuns: 100 })) {
    if (left === 0) break;
    sizes.push(Math.min(size, left));
    left -= sizes.at(-1)!;
  }
  return sizes;
}

/** Message i of a chain: mostly short text, now and then empty or 200 bytes long. */
function messageData(chainId: number, i: number): Hex {
  if (i % 101 === 0) return '0x';
  if (i % 37 === 0) return toHex(`${chainId}:${i}:`.padEnd(200, '#'));
  return toHex(`message ${i} from ${chainId}`);
}

const SENDERS = devAccounts().slice(0, 10).map((a) => a.address);

/** Sends every wave as concurrent transactions, sealing a batch after each; returns hashes in message order. */
async function sendWaves(chainId: number, waves: readonly number[]): Promise<Hex[]> {
  const node = net.network.node(chainId);
  const hashes: Hex[] = [];
  for (const size of waves) {
    const first = hashes.length;
    hashes.push(
      ...(await Promise.all(
        Array.from({ length: size }, (_, j) =>
          node.client.request<Hex>('eth_sendTransaction', [
            { from: SENDERS[(first + j) % SENDERS.length], to: L1_MESSENGER_ADDRESS, data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [messageData(chainId, first + j)] }) },
          ]),
        ),
      )),
    );
    await node.client.request('zkinterop_sealBatch');
  }
  return hashes;
}

type RpcAnswer = { id: number; result?: unknown; error?: { code: number; message: string } };

/**
 * POSTs a batch of read-only calls, trying again on a connection reset: a reused keep-alive socket can
 * be closed under a client whose event loop was busy for seconds; reads are safe to repeat.
 */
async function postReadOnly(url: string, body: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return await res.json();
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 3 || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw error;
    }
  }
}

/** Sends calls as JSON-RPC batches over HTTP, a few batches in flight; answers in call order. */
async function rpcBatches(url: string, calls: readonly { method: string; params: unknown[] }[]): Promise<RpcAnswer[]> {
  const answers = new Array<RpcAnswer>(calls.length);
  const chunks = Array.from({ length: Math.ceil(calls.length / CALLS_PER_BATCH) }, (_, i) => i * CALLS_PER_BATCH);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const start = chunks[next++]!;
      const body = calls.slice(start, start + CALLS_PER_BATCH).map((c, k) => ({ jsonrpc: '2.0', id: start + k, ...c }));
      const batch = (await postReadOnly(url, JSON.stringify(body))) as RpcAnswer[];
      if (!Array.isArray(batch)) throw new Error(`batch answered with ${JSON.stringify(batch).slice(0, 300)}`);
      for (const answer of batch) answers[answer.id] = answer;
    }
  };
  await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, worker));
  return answers;
}

function resultOf<T>(answer: RpcAnswer | undefined, what: string): T {
  if (!answer || answer.error || answer.result === undefined) throw new Error(`${what}: ${JSON.stringify(answer)}`);
  return answer.result as T;
}

/** Receipts, Gateway proofs (polled until every batch is executed), some final proofs, batch roots. */
async function describeMessages(chainId: number, hashes: readonly Hex[]): Promise<Sent[]> {
  const url = net.chain(chainId).rpcUrl;
  const receipts = await rpcBatches(url, hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })));
  let proofs: RpcAnswer[] = [];
  for (let pending = hashes.map((_, i) => i); pending.length > 0; ) {
    const answers = await rpcBatches(url, pending.map((i) => ({ method: 'zks_getL2ToL1LogProof', params: [hashes[i], 0, 'proof_based_gw'] })));
    pending.forEach((i, k) => (proofs[i] = answers[k]!));
    pending = pending.filter((i) => proofs[i]!.result === null);
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const finalIndexes = hashes.map((_, i) => i).filter((i) => i % FINAL_EVERY === 0);
  const finals = await rpcBatches(url, finalIndexes.map((i) => ({ method: 'zks_getL2ToL1LogProof', params: [hashes[i], 0] })));
  const messages = hashes.map((txHash, i): Sent => {
    const receipt = resultOf<{ status: Hex; l1BatchNumber: Hex; l1BatchTxIndex: Hex }>(receipts[i], `receipt of ${txHash}`);
    if (receipt.status !== '0x1') throw new Error(`sendToL1 ${txHash} failed`);
    return {
      chainId,
      txHash,
      sender: SENDERS[i % SENDERS.length]!,
      data: messageData(chainId, i),
      txNumberInBatch: Number(BigInt(receipt.l1BatchTxIndex)),
      batchNumber: Number(BigInt(receipt.l1BatchNumber)),
      gatewayProof: resultOf<LogProof>(proofs[i], `Gateway proof of ${txHash}`),
    };
  });
  finalIndexes.forEach((i, k) => (messages[i]!.finalProof = resultOf<LogProof>(finals[k], `final proof of ${hashes[i]}`)));
  // The chain batch root each batch settled with, read from Gateway's own record of it (every batch of
  // a message with a Gateway proof is executed).
  const appended = await net.gateway.client.getContractEvents({ address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, eventName: 'AppendedChainBatchRoot', args: { chainId: BigInt(chainId) }, fromBlock: 0n });
  for (const log of appended) batchRoots.set(`${chainId}/${log.args.batchNumber}`, log.args.chainBatchRoot!);
  return messages;
}

// ---------------------------------------------------------------- verification

const otherChain = (chainId: number) => CHAINS.find((c) => c !== chainId)!;
const gatewayBlockOf = (proof: LogProof) => Number(BigInt(proof.proof[proofLayout(proof.proof, 'gateway').settlementWord!]!) >> 128n);

function claimOf(m: Sent, kind: ProofKind): MessageClaim {
  const proof = kind === 'gateway' ? m.gatewayProof : m.finalProof!;
  return { chainId: BigInt(m.chainId), batchNumber: BigInt(proof.batchNumber), index: BigInt(proof.id), message: { txNumberInBatch: m.txNumberInBatch, sender: m.sender, data: m.data }, proof: proof.proof };
}

/** `L2InteropRootStorage.interopRoots[chainId][batchNumber]` set to `root` for one call (mapping at slot 0). */
function rootOverride(chainId: bigint, batchNumber: bigint, root: Hex) {
  const inner = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [chainId, 0n]));
  const slot = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [batchNumber, inner]));
  return { [L2_INTEROP_ROOT_STORAGE_ADDRESS]: { stateDiff: { [slot]: root } } };
}

/** Asks L2MessageVerification on each claim's target chain, in JSON-RPC batches; false or a revert = rejected. */
async function verify(items: readonly { target: number; claim: MessageClaim; overrides?: object }[]): Promise<Verdict[]> {
  const verdicts = new Array<Verdict>(items.length);
  await Promise.all(
    CHAINS.map(async (target) => {
      const mine = items.map((item, i) => ({ item, i })).filter(({ item }) => item.target === target);
      const calls = mine.map(({ item: { claim, overrides } }) => {
        const data = encodeFunctionData({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', args: [claim.chainId, claim.batchNumber, claim.index, claim.message, claim.proof] });
        const params: unknown[] = [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }, 'latest'];
        if (overrides) params.push(overrides);
        return { method: 'eth_call', params };
      });
      const answers = await rpcBatches(net.chain(target).rpcUrl, calls);
      mine.forEach(({ i }, k) => (verdicts[i] = verdictOf(answers[k])));
    }),
  );
  return verdicts;
}

function verdictOf(answer: RpcAnswer | undefined): Verdict {
  if (answer?.error) return answer.error.code === 3 ? 'rejected' : { error: `${answer.error.code} ${answer.error.message}` };
  if (typeof answer?.result !== 'string') return { error: `no answer: ${JSON.stringify(answer)}` };
  const value = BigInt(answer.result);
  return value === 1n ? 'accepted' : value === 0n ? 'rejected' : { error: `not a bool: ${answer.result}` };
}

function kindOf(variant: ClaimVariant): Kind {
  const { name } = variant;
  if (name.startsWith('metadata word')) return 'metadata byte';
  if (name.startsWith('word') || name.startsWith('truncated')) return 'proof word';
  if (name.includes('mask')) return 'mask';
  if (name.startsWith('Gateway')) return 'settlement word';
  if (name.startsWith('index')) return 'index';
  if (name.startsWith('data')) return 'message data';
  if (name.startsWith('sender')) return 'sender';
  if (name.startsWith('txNumberInBatch')) return 'txNumberInBatch';
  if (name.startsWith('chain id')) return 'chain id';
  if (name.startsWith('batch number')) return 'batch number';
  throw new Error(`mutation "${name}" has no kind here`);
}

/** The mutation message `position` gets: its kind rotates over KINDS, the variant within the kind varies too. */
function mutationFor(m: Sent, position: number, kind: ProofKind): { kind: Kind; variant: ClaimVariant } {
  const claim = claimOf(m, kind);
  const sameChainBatches = [...batchRoots.keys()].filter((k) => k.startsWith(`${m.chainId}/`)).map((k) => BigInt(k.split('/')[1]!));
  const variants = rejectedMutations(claim, kind, position, { chainIds: [...CHAINS.map(BigInt), BigInt(GATEWAY)], batchNumbers: sameChainBatches });
  const byKind = new Map<Kind, ClaimVariant[]>();
  for (const v of variants) byKind.set(kindOf(v), [...(byKind.get(kindOf(v)) ?? []), v]);
  const available = KINDS.filter((k) => byKind.has(k));
  const chosen = available[position % available.length]!;
  const group = byKind.get(chosen)!;
  return { kind: chosen, variant: group[Math.floor(position / available.length) % group.length]! };
}

/**
 * `items.map(fn)` that lets the event loop run every 200 items: the network keeps working, and no
 * HTTP keep-alive socket times out on both ends at once (the next request on it would be reset).
 */
async function mapYielding<T, R>(items: readonly T[], fn: (item: T, index: number) => R): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
    out.push(fn(items[i]!, i));
  }
  return out;
}

function tally<T extends string>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const failures = (verdicts: readonly Verdict[], want: 'accepted' | 'rejected', label: (i: number) => string) =>
  verdicts.flatMap((v, i) => (v === want ? [] : [`${label(i)}: ${typeof v === 'string' ? v : v.error}`]));

// ---------------------------------------------------------------- tests

describe(`${(2 * PER_CHAIN).toLocaleString('en')} real proofs from a running network, checked by L2MessageVerification on the other chain`, () => {
  it('settles every message sent on 271 and 272 in 10 to 40 batches, each message with a Gateway proof of its own batch', () => {
    expect(sent).toHaveLength(2 * PER_CHAIN);
    const batches = new Set(sent.map((m) => `${m.chainId}/${m.batchNumber}`));
    expect(batches.size).toBeGreaterThanOrEqual(10);
    expect(batches.size).toBeLessThanOrEqual(40);
    expect(sent.filter((m) => m.gatewayProof.batchNumber !== m.batchNumber)).toEqual([]);
  });

  it('names as the root of every Gateway proof its chain batch root, as the real server does', () => {
    expect(sent.filter((m) => m.gatewayProof.root !== batchRoots.get(`${m.chainId}/${m.batchNumber}`)).map((m) => m.txHash)).toEqual([]);
  });

  it('accepts every valid Gateway proof (0 valid proofs rejected)', async () => {
    const t = performance.now();
    const verdicts = await verify(sent.map((m) => ({ target: otherChain(m.chainId), claim: claimOf(m, 'gateway') })));
    console.log(`[robustness] ${verdicts.length} valid Gateway proofs: ${JSON.stringify(tally(verdicts.map((v) => (typeof v === 'string' ? v : 'error'))))} in ${ms(performance.now() - t)}`);
    expect(failures(verdicts, 'accepted', (i) => sent[i]!.txHash).slice(0, 10)).toEqual([]);
  });

  it('rejects a mutation of every Gateway proof, the mutation kind rotating over all ten kinds (100 %)', async () => {
    const t = performance.now();
    const mutations = await mapYielding(sent, (m, i) => mutationFor(m, i, 'gateway'));
    const built = performance.now() - t;
    const verdicts = await verify(sent.map((m, i) => ({ target: otherChain(m.chainId), claim: mutations[i]!.variant.claim })));
    const kinds = tally(mutations.map((x) => x.kind));
    const rejected = verdicts.filter((v) => v === 'rejected').length;
    console.log(`[robustness] ${verdicts.length} mutated Gateway proofs, ${rejected} rejected (${((100 * rejected) / verdicts.length).toFixed(2)} %) by kind ${JSON.stringify(kinds)}; built in ${ms(built)}, checked in ${ms(performance.now() - t - built)}`);
    expect(Object.keys(kinds).sort()).toEqual([...KINDS].sort());
    expect(failures(verdicts, 'rejected', (i) => `${sent[i]!.txHash} with ${mutations[i]!.variant.name}`).slice(0, 10)).toEqual([]);
  });

  it('accepts every valid final-mode proof against its chain batch root, which is the root Gateway recorded for the batch', async () => {
    const finals = sent.filter((m) => m.finalProof);
    expect(finals.length).toBe((2 * PER_CHAIN) / FINAL_EVERY);
    expect(finals.filter((m) => m.finalProof!.root !== batchRoots.get(`${m.chainId}/${m.batchNumber}`)).map((m) => m.txHash)).toEqual([]);
    const verdicts = await verify(finals.map((m) => ({ target: otherChain(m.chainId), claim: claimOf(m, 'final'), overrides: rootOverride(BigInt(m.chainId), BigInt(m.batchNumber), m.finalProof!.root) })));
    console.log(`[robustness] ${verdicts.length} valid final-mode proofs: ${JSON.stringify(tally(verdicts.map((v) => (typeof v === 'string' ? v : 'error'))))}`);
    expect(failures(verdicts, 'accepted', (i) => finals[i]!.txHash).slice(0, 10)).toEqual([]);
  });

  it('rejects a mutation of every final-mode proof, the kind rotating over the eight kinds a final proof has (100 %)', async () => {
    const finals = sent.filter((m) => m.finalProof);
    const mutations = await mapYielding(finals, (m, i) => mutationFor(m, i, 'final'));
    const verdicts = await verify(finals.map((m, i) => ({ target: otherChain(m.chainId), claim: mutations[i]!.variant.claim, overrides: rootOverride(BigInt(m.chainId), BigInt(m.batchNumber), m.finalProof!.root) })));
    const rejected = verdicts.filter((v) => v === 'rejected').length;
    console.log(`[robustness] ${verdicts.length} mutated final-mode proofs, ${rejected} rejected by kind ${JSON.stringify(tally(mutations.map((x) => x.kind)))}`);
    expect(new Set(mutations.map((x) => x.kind)).size).toBe(8);
    expect(failures(verdicts, 'rejected', (i) => `${finals[i]!.txHash} with ${mutations[i]!.variant.name}`).slice(0, 10)).toEqual([]);
  });
});
