/**
 * The load generator of bench/proofService, run as its own process so that the client's CPU is not
 * taken from the server it measures (as a real client's would not be). Each run opens `concurrency`
 * keep-alive connections (bench/httpConnection.ts) that pull from one queue of proofs to ask for, one
 * HTTP request in flight on each; a request carries one JSON-RPC call, or a batch of `batch` calls (as
 * ethers and viem batch). Every answer is checked against the proof the parent computed beforehand,
 * and wrong answers are counted, never skipped — except on a run with `check: false` (the bare
 * node:http server of the parent, whose answer is one constant text: only its status is checked).
 * Speaks JSON lines on stdout: `{"starting":"<name>"}` when the timed part of a run begins (so the
 * parent can read its own CPU), then that run's result.
 *
 *   echo '{"proofs":{"gateway":[…],"l1":[…]},"runs":[{"name":…,"url":…,"concurrency":4,"batch":1,"proofs":"gateway","check":true}],"requests":20000}' \
 *     | node --import tsx bench/proofLoad.ts
 */
import type { Hex } from 'viem';
import { openHttpConnection, type HttpConnection } from './httpConnection.ts';
import { quantile, round } from './stats.ts';

/** A request to make and the answer it must get; `mode` absent = the no-mode proof (to the L1). */
export type ExpectedProof = { hash: Hex; index: number; mode?: string; result: { id: number; proof: Hex[]; root: Hex; batchNumber: number } };

/** One measured run: where, how many connections, how many calls per HTTP request, which proofs. */
export type ProofLoadRun = {
  name: string;
  url: string;
  concurrency: number;
  /** JSON-RPC calls per HTTP request: 1 = a single request object, more = a batch array */
  batch: number;
  proofs: 'gateway' | 'l1';
  /** compare each answer with the expected proof (false: only the HTTP status) */
  check: boolean;
};

/** What the parent sends on stdin; `requests` is the number of proofs asked per run. */
export type ProofLoadInput = { proofs: { gateway: ExpectedProof[]; l1: ExpectedProof[] }; runs: ProofLoadRun[]; requests: number };

/** One run as measured by the client. */
export type ProofLoadResult = {
  name: string;
  concurrency: number;
  batch: number;
  /** proofs asked (JSON-RPC calls) */
  proofs: number;
  httpRequests: number;
  seconds: number;
  proofsPerSecond: number;
  /** per HTTP request */
  p50Ms: number;
  p99Ms: number;
  /** answers that were not the expected proof (an error, another proof, a bad HTTP status) */
  errors: number;
  /** the first of them, for the report */
  firstError?: string;
  /** the load generator's own CPU (user + system) per proof */
  clientCpuUsPerProof: number;
};

const METHOD = 'zks_getL2ToL1LogProof';

/**
 * Runs one run: its connections send `requests` proofs, proof k being `proofs[k % proofs.length]`,
 * `run.batch` per HTTP request. Resolves once every answer came back and was checked.
 */
export async function proofLoadRun(run: ProofLoadRun, proofs: readonly ExpectedProof[], requests: number, onStart: () => void = () => {}): Promise<ProofLoadResult> {
  const connections = await Promise.all(Array.from({ length: run.concurrency }, () => openHttpConnection(run.url)));
  try {
    let errors = 0;
    let firstError: string | undefined;
    let nextId = 1;
    const ask = async (connection: HttpConnection, wanted: readonly ExpectedProof[]): Promise<void> => {
      const ids = wanted.map(() => nextId++);
      const calls = wanted.map((expected, i) => requestBody(ids[i]!, expected));
      const answer = await connection.post(run.batch === 1 ? calls[0]! : `[${calls.join(',')}]`);
      const wrong = run.check ? check(answer, ids, wanted, run.batch > 1) : answer.status === 200 ? [] : [{ at: 0, why: `HTTP ${answer.status}` }];
      for (const { at, why } of wrong) {
        errors++;
        firstError ??= `${wanted[at]!.hash}#${wanted[at]!.index}: ${why}`;
      }
    };
    let next = 0;
    const take = (): ExpectedProof[] => Array.from({ length: run.batch }, () => proofs[next++ % proofs.length]!);
    // Warm the connections (and the server's paths) before the clock starts; checked all the same.
    await Promise.all(connections.map((c) => ask(c, take())));
    next = 0;
    const timesMs: number[] = [];
    onStart();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      connections.map(async (connection) => {
        while (next < requests) {
          const wanted = take();
          const t = performance.now();
          await ask(connection, wanted);
          timesMs.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const proofsAsked = timesMs.length * run.batch;
    return {
      name: run.name,
      concurrency: run.concurrency,
      batch: run.batch,
      proofs: proofsAsked,
      httpRequests: timesMs.length,
      seconds: round(seconds, 3),
      proofsPerSecond: Math.round(proofsAsked / seconds),
      p50Ms: round(quantile(timesMs, 0.5), 3),
      p99Ms: round(quantile(timesMs, 0.99), 3),
      errors,
      ...(firstError === undefined ? {} : { firstError }),
      clientCpuUsPerProof: round((used.user + used.system) / proofsAsked, 1),
    };
  } finally {
    for (const connection of connections) connection.close();
  }
}

function requestBody(id: number, expected: ExpectedProof): string {
  const params = expected.mode === undefined ? [expected.hash, expected.index] : [expected.hash, expected.index, expected.mode];
  return JSON.stringify({ jsonrpc: '2.0', id, method: METHOD, params });
}

type Wrong = { at: number; why: string };

/** What is wrong with an answer (one entry per wrong call, by position in `wanted`); empty when all are right. */
function check(answer: { status: number; body: string }, ids: readonly number[], wanted: readonly ExpectedProof[], batch: boolean): Wrong[] {
  if (answer.status !== 200) return wanted.map((_, at) => ({ at, why: `HTTP ${answer.status}: ${answer.body.slice(0, 200)}` }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return wanted.map((_, at) => ({ at, why: `not JSON: ${answer.body.slice(0, 200)}` }));
  }
  const entries = batch ? parsed : [parsed];
  if (!Array.isArray(entries) || entries.length !== wanted.length) return wanted.map((_, at) => ({ at, why: `not ${wanted.length} answers: ${answer.body.slice(0, 200)}` }));
  const wrong: Wrong[] = [];
  // A batch's answers may come in any order (JSON-RPC 2.0): each is matched by its id.
  const byId = new Map<unknown, unknown>(entries.map((e) => [(e as { id?: unknown }).id, e]));
  wanted.forEach((expected, at) => {
    const why = checkOne(byId.get(ids[at]!) as Answer | undefined, ids[at]!, expected);
    if (why !== undefined) wrong.push({ at, why });
  });
  return wrong;
}

type Answer = { jsonrpc?: unknown; id?: unknown; result?: ExpectedProof['result'] | null; error?: { code: number; message: string } };

function checkOne(parsed: Answer | undefined, id: number, expected: ExpectedProof): string | undefined {
  if (parsed === undefined) return `no answer to request ${id}`;
  if (parsed.error !== undefined) return `error ${parsed.error.code}: ${parsed.error.message}`;
  if (parsed.jsonrpc !== '2.0' || parsed.id !== id) return `not the answer to request ${id}: ${JSON.stringify(parsed).slice(0, 200)}`;
  const got = parsed.result;
  const want = expected.result;
  if (!got) return 'null: the proof service had no proof for a log of an executed batch';
  if (got.id !== want.id || got.root !== want.root || got.batchNumber !== want.batchNumber) return `wrong id, root or batch: ${JSON.stringify(got).slice(0, 200)}`;
  if (!Array.isArray(got.proof) || got.proof.length !== want.proof.length || got.proof.some((word, i) => word !== want.proof[i])) return 'wrong proof words';
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const { proofs, runs, requests } = JSON.parse(input) as ProofLoadInput;
  for (const run of runs) {
    const result = await proofLoadRun(run, proofs[run.proofs], requests, () => process.stdout.write(`${JSON.stringify({ starting: run.name })}\n`));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}
