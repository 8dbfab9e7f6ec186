/**
 * The load generator of bench/proofService, run as its own process so that the client's CPU is not
 * taken from the server it measures (as a real client's would not be): `concurrency` keep-alive
 * clients pull zks_getL2ToL1LogProof requests from one queue and the timings go to stdout as JSON.
 *
 *   echo '{"url":…,"targets":[[txHash, index], …],"concurrency":16}' | node --import tsx bench/proofLoad.ts
 */
import type { Hex } from 'viem';
import { benchRpc } from './httpRpc.ts';

/** What the load generator prints. */
export type ProofLoadResult = { requests: number; seconds: number; timesMs: number[] };

/** Sends every target once, `concurrency` at a time; throws if a proof comes back null. */
export async function proofLoad(url: string, targets: readonly (readonly [Hex, number])[], concurrency: number): Promise<ProofLoadResult> {
  const rpc = benchRpc(url, concurrency);
  try {
    // Open the sockets and warm the client before the clock starts.
    await Promise.all(Array.from({ length: concurrency }, (_, i) => rpc.request('zks_getL2ToL1LogProof', [...targets[i % targets.length]!, 'proof_based_gw'])));
    const timesMs: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < targets.length) {
          const [hash, index] = targets[next++]!;
          const t = performance.now();
          const proof = await rpc.request<{ proof: Hex[] } | null>('zks_getL2ToL1LogProof', [hash, index, 'proof_based_gw']);
          timesMs.push(performance.now() - t);
          if (!proof) throw new Error('the proof service answered null for an executed batch');
        }
      }),
    );
    return { requests: targets.length, seconds: (performance.now() - started) / 1000, timesMs };
  } finally {
    rpc.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const { url, targets, concurrency } = JSON.parse(input) as { url: string; targets: [Hex, number][]; concurrency: number };
  process.stdout.write(`${JSON.stringify(await proofLoad(url, targets, concurrency))}\n`);
}
