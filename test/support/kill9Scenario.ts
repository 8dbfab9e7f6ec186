/**
 * The kill -9 scenario (run per store by test/durability/kill9*.test.ts): kill -9 during load, restart from the same store, ten times; then every acknowledged message must
 * be there, settle, and verify on the other chain; no interop root imported twice; batch numbers
 * continuous. Against SQLite, and PostgreSQL when a server can be started. Its load (`load`) and its
 * final check (`expectEveryMessageVerifies`) also serve the kill -9 tests of node processes (test/processes/).
 */
import { expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeFunctionData, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { l1MessengerAbi, l2InteropRootStorageAbi, l2MessageVerificationAbi } from '../../src/contracts/index.ts';
import { EVENT_TOPICS, L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS } from '../../src/protocol/constants.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import type { StoreBackend } from './stores.ts';
import { rpc, rpcBatch, startChildNetwork, writeChildConfig, type ChildNetwork } from './childNetwork.ts';
import { pollUntil } from './poll.ts';

/** How many kill -9 and restart rounds a scenario runs. */
export const ROUNDS = 10;
const CHAINS = [271, 272];

/** Deterministic PRNG (mulberry32), seed printed so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A message whose transaction a chain acknowledged (its hash answered to eth_sendRawTransaction). */
export type Acked = { chainId: number; sender: Hex; hash: Hex; text: string };
/** Where each chain of a network answers JSON-RPC. */
export type ChainUrls = { url(chainId: number): string };
/** Eight senders, each its own account on one chain, sending one transaction at a time like a wallet. */
const WORKERS = Array.from({ length: 8 }, (_, w) => ({ account: privateKeyToAccount(RICH_WALLET_KEYS[2 + w]!), chainId: CHAINS[w % CHAINS.length]! }));

/**
 * Sends messages with every worker (four per chain of 271 and 272) until `stop()`; records every
 * acknowledged hash. A worker whose chain stops answering stops sending (that send was never acknowledged).
 */
export function load(net: ChainUrls, acked: Acked[], round: number) {
  let stopped = false;
  const worker = async ({ account, chainId }: (typeof WORKERS)[number], w: number) => {
    let nonce = Number(BigInt(await rpc<Hex>(net.url(chainId), 'eth_getTransactionCount', [account.address, 'pending'])));
    for (let n = 0; !stopped; n++) {
      const text = `r${round} w${w} n${n}`;
      const raw = await account.signTransaction({
        type: 'eip1559', chainId, nonce, to: L1_MESSENGER_ADDRESS, gas: 200_000n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n,
        data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(text)] }),
      });
      try {
        const hash = await rpc<Hex>(net.url(chainId), 'eth_sendRawTransaction', [raw]);
        acked.push({ chainId, sender: account.address, hash, text });
        nonce++;
      } catch {
        return; // killed mid-request: that send was never acknowledged
      }
    }
  };
  const done = Promise.all(WORKERS.map((w, i) => worker(w, i).catch(() => undefined)));
  return { stop: () => (stopped = true), done };
}

/**
 * Runs the scenario against one backend; `storeArgs` turns a location into the `up` flags.
 * @returns the number of acknowledged messages checked
 */
export async function killNineScenario(name: string, backend: StoreBackend, storeArgs: (location: string) => string[]): Promise<number> {
  {
    const seed = Number(process.env.ZKINTEROP_KILL_SEED ?? Date.now() % 100_000);
    console.log(`[kill9 ${name}] seed ${seed} (ZKINTEROP_KILL_SEED to replay)`);
    const random = prng(seed);
    const location = await backend.location();
    const config = writeChildConfig(mkdtempSync(path.join(tmpdir(), 'zkinterop-kill-')), CHAINS, 20);
    const acked: Acked[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const net = await startChildNetwork(config, storeArgs(location));
      // Everything acknowledged before this start must still be there.
      for (const chainId of CHAINS) {
        const mine = acked.filter((a) => a.chainId === chainId);
        const receipts = await rpcBatch(net.url(chainId), mine.map((a) => ({ method: 'eth_getTransactionReceipt', params: [a.hash] })));
        expect(receipts.filter((r) => !r.result).length, `receipts missing on ${chainId} after restart ${round}`).toBe(0);
      }
      const target = acked.length + 100 + Math.floor(random() * 40);
      const sending = load(net, acked, round);
      await pollUntil(() => acked.length >= target, { what: `${target} acknowledged messages`, timeoutMs: 60_000, intervalMs: 1 });
      net.process.kill('SIGKILL');
      sending.stop();
      await net.exited;
      await sending.done;
    }
    expect(acked.length).toBeGreaterThanOrEqual(1_000);

    const net = await startChildNetwork(config, storeArgs(location));
    try {
      await expectEveryMessageVerifies(net, acked);
      console.log(`[kill9 ${name}] ${ROUNDS} kills survived, ${acked.length} acknowledged messages checked`);
      return acked.length;
    } finally {
      net.process.kill('SIGKILL');
      await net.exited;
    }
  }
}

/**
 * Every acknowledged message of 271 and 272 settles (its proof through Gateway 506), its Gateway root
 * reaches the other chain, and it verifies there; no chain imported a root twice, and each chain's batches
 * are numbered without gaps.
 */
export async function expectEveryMessageVerifies(net: ChainUrls, acked: readonly Acked[], timeoutMs = 120_000): Promise<void> {
  for (const chainId of CHAINS) {
    const other = CHAINS.find((c) => c !== chainId)!;
    const mine = acked.filter((a) => a.chainId === chainId);
    const proofs = await pollUntil(
      async () => {
        const answers = await rpcBatch(net.url(chainId), mine.map((a) => ({ method: 'zks_getL2ToL1LogProof', params: [a.hash, 0, 'proof_based_gw'] })));
        return answers.every((a) => a.result) ? answers.map((a) => a.result as { id: number; proof: Hex[]; batchNumber: number }) : undefined;
      },
      { what: `proofs of all ${mine.length} messages of ${chainId}`, timeoutMs, intervalMs: 200 },
    );
    const receipts = await rpcBatch(net.url(chainId), mine.map((a) => ({ method: 'eth_getTransactionReceipt', params: [a.hash] })));
    // The Gateway block is the high half of the word after the log path, mask and batch-leaf path.
    const gatewayBlocks = proofs.map((p) => {
      const logLen = parseInt(p.proof[0]!.slice(4, 6), 16);
      const batchLen = parseInt(p.proof[0]!.slice(6, 8), 16);
      return Number(BigInt(p.proof[1 + logLen + 1 + batchLen]!) >> 128n);
    });
    await pollUntil(
      async () => {
        const roots = await rpcBatch(net.url(other), [...new Set(gatewayBlocks)].map((b) => ({ method: 'eth_call', params: [{ to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [506n, BigInt(b)] }) }, 'latest'] })));
        return roots.every((r) => r.result && BigInt(r.result as Hex) !== 0n);
      },
      { what: `interop roots of ${chainId}'s batches on ${other}`, timeoutMs, intervalMs: 100 },
    );
    const verdicts = await rpcBatch(
      net.url(other),
      mine.map((a, i) => ({
        method: 'eth_call',
        params: [
          {
            to: L2_MESSAGE_VERIFICATION_ADDRESS,
            data: encodeFunctionData({
              abi: l2MessageVerificationAbi,
              functionName: 'proveL2MessageInclusionShared',
              args: [BigInt(chainId), BigInt(proofs[i]!.batchNumber), BigInt(proofs[i]!.id), { txNumberInBatch: Number(BigInt((receipts[i]!.result as { l1BatchTxIndex: Hex }).l1BatchTxIndex)), sender: a.sender, data: toHex(a.text) }, proofs[i]!.proof],
            }),
          },
          'latest',
        ],
      })),
    );
    expect(verdicts.filter((v) => v.result !== `0x${'0'.repeat(63)}1`).length, `messages of ${chainId} that do not verify on ${other}`).toBe(0);

    // No root imported twice, and batches numbered without gaps.
    const added = await rpc<{ topics: Hex[] }[]>(net.url(chainId), 'eth_getLogs', [{ address: L2_INTEROP_ROOT_STORAGE_ADDRESS, topics: [EVENT_TOPICS.InteropRootAdded], fromBlock: '0x0', toBlock: 'latest' }]);
    const keys = added.map((l) => `${l.topics[1]}:${l.topics[2]}`);
    expect(new Set(keys).size).toBe(keys.length);
    const last = Number(BigInt(await rpc<Hex>(net.url(chainId), 'zks_L1BatchNumber')));
    const details = await rpcBatch(net.url(chainId), Array.from({ length: last }, (_, i) => ({ method: 'zks_getL1BatchDetails', params: [i + 1] })));
    expect(details.map((d) => (d.result as { number: number } | null)?.number)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  }
}
