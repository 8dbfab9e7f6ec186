/**
 * The load generator of bench/proofService, run as its own process so that the client's CPU is not
 * taken from the server it measures (as a real client's would not be). For each concurrency level,
 * that many keep-alive connections (bench/httpConnection.ts) pull zks_getL2ToL1LogProof requests
 * from one queue; every answer is checked against the proof the parent computed beforehand, and
 * wrong answers are counted, never skipped. Speaks JSON lines on stdout: `{"starting":c}` when the
 * timed part of a level begins (so the parent can read its own CPU), then that level's result.
 *
 *   echo '{"url":…,"proofs":[{"hash":…,"index":…,"result":{…}}, …],"levels":[1,4,16],"requests":20000}' \
 *     | node --import tsx bench/proofLoad.ts
 */
import type { Hex } from 'viem';
import { openHttpConnection, type HttpConnection } from './httpConnection.ts';
import { quantile, round } from './stats.ts';

/** A request to make and the answer it must get. */
export type ExpectedProof = { hash: Hex; index: number; result: { id: number; proof: Hex[]; root: Hex; batchNumber: number } };

/** What the parent sends on stdin. */
export type ProofLoadInput = { url: string; proofs: ExpectedProof[]; levels: number[]; requests: number };

/** One concurrency level as measured by the client. */
export type ProofLoadLevel = {
  concurrency: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** answers that were not the expected proof (an error, another proof, a bad HTTP status) */
  errors: number;
  /** the first of them, for the report */
  firstError?: string;
  /** the load generator's own CPU (user + system) per request */
  clientCpuUsPerRequest: number;
};

const METHOD = 'zks_getL2ToL1LogProof';

/**
 * Runs one level: `concurrency` connections send `requests` requests, request k asking for
 * `proofs[k % proofs.length]`. Resolves once every answer came back and was checked.
 */
export async function proofLoadLevel(url: string, proofs: readonly ExpectedProof[], concurrency: number, requests: number, onStart: () => void = () => {}): Promise<ProofLoadLevel> {
  const connections = await Promise.all(Array.from({ length: concurrency }, () => openHttpConnection(url)));
  try {
    let errors = 0;
    let firstError: string | undefined;
    let nextId = 1;
    const ask = async (connection: HttpConnection, expected: ExpectedProof): Promise<void> => {
      const id = nextId++;
      const wrong = check(await connection.post(requestBody(id, expected)), id, expected);
      if (wrong !== undefined) {
        errors++;
        firstError ??= `${expected.hash}#${expected.index}: ${wrong}`;
      }
    };
    // Warm the connections (and the server's paths) before the clock starts; checked all the same.
    await Promise.all(connections.map((c, i) => ask(c, proofs[i % proofs.length]!)));
    const timesMs: number[] = [];
    let next = 0;
    onStart();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      connections.map(async (connection) => {
        while (next < requests) {
          const expected = proofs[next++ % proofs.length]!;
          const t = performance.now();
          await ask(connection, expected);
          timesMs.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      concurrency,
      requests,
      seconds: round(seconds, 3),
      perSecond: Math.round(requests / seconds),
      p50Ms: round(quantile(timesMs, 0.5), 3),
      p99Ms: round(quantile(timesMs, 0.99), 3),
      errors,
      ...(firstError === undefined ? {} : { firstError }),
      clientCpuUsPerRequest: Math.round((used.user + used.system) / requests),
    };
  } finally {
    for (const connection of connections) connection.close();
  }
}

function requestBody(id: number, expected: ExpectedProof): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: METHOD, params: [expected.hash, expected.index, 'proof_based_gw'] });
}

/** What is wrong with an answer, or undefined when it is exactly the expected proof. */
function check(answer: { status: number; body: string }, id: number, expected: ExpectedProof): string | undefined {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  let parsed: { jsonrpc?: unknown; id?: unknown; result?: ExpectedProof['result'] | null; error?: { code: number; message: string } };
  try {
    parsed = JSON.parse(answer.body) as typeof parsed;
  } catch {
    return `not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (parsed.error !== undefined) return `error ${parsed.error.code}: ${parsed.error.message}`;
  if (parsed.jsonrpc !== '2.0' || parsed.id !== id) return `not the answer to request ${id}: ${answer.body.slice(0, 200)}`;
  const got = parsed.result;
  const want = expected.result;
  if (!got) return 'null: the proof service had no proof for a log of an executed batch';
  if (got.id !== want.id || got.root !== want.root || got.batchNumber !== want.batchNumber) return `wrong id, root or batch: ${answer.body.slice(0, 200)}`;
  if (!Array.isArray(got.proof) || got.proof.length !== want.proof.length || got.proof.some((word, i) => word !== want.proof[i])) return 'wrong proof words';
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const { url, proofs, levels, requests } = JSON.parse(input) as ProofLoadInput;
  for (const concurrency of levels) {
    const level = await proofLoadLevel(url, proofs, concurrency, requests, () => process.stdout.write(`${JSON.stringify({ starting: concurrency })}\n`));
    process.stdout.write(`${JSON.stringify(level)}\n`);
  }
}
