/**
 * Robustness: 10,000 generated malformed requests (test/support/malformedRequests.ts) sent over
 * real HTTP to a running chain endpoint (271), bundled into JSON-RPC batches where their answers can
 * be matched by id, 32 HTTP requests in flight; then a sample of them over one WebSocket, and bodies
 * past the 5 MiB limit. Every answer must be well-formed JSON-RPC with its category's code, nothing
 * may be answered as an internal error, and the node must keep serving: it still answers
 * eth_blockNumber and mines a valid transaction, and the process saw no unhandled rejection.
 * The seed is printed; set ZKINTEROP_ROBUSTNESS_SEED to replay another one.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hexToBigInt, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import WebSocket from 'ws';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import {
  CATEGORIES,
  EXPECTED_CODE,
  generateMalformedCases,
  oversizedBody,
  signRawTemplates,
  type Category,
  type Expectation,
  type MalformedCase,
} from '../support/malformedRequests.ts';
import { pollUntil } from '../support/poll.ts';

const CHAIN_ID = 271;
const TOTAL = 10_000;
const SEED = Number(process.env.ZKINTEROP_ROBUSTNESS_SEED ?? 20_250_611);
const CONCURRENCY = 32;
const CALLS_PER_BATCH = 50;
/** Calls bigger than this go alone, so no batch body nears the 5 MiB limit. */
const ALONE_ABOVE_BYTES = 64 * 1024;
const WS_SAMPLE = 1_000;
const MAX_BODY_BYTES = 5 * 1024 * 1024;

type RpcError = { code: number; message: string; data?: unknown };
type Answer = { jsonrpc?: unknown; id?: unknown; result?: unknown; error?: RpcError };
/** What became of one case: undefined problem = answered as its category requires. */
type Outcome = { case: MalformedCase; problem?: string; codes: number[] };

let net: TestNetwork;
let url: string;
let wsUrl: string;
let cases: MalformedCase[];
let httpOutcomes: Outcome[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
const internalLogs: unknown[][] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const consoleError = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (String(args[0]).includes('internal error')) internalLogs.push(args);
    consoleError(...args);
  });
  net = await createNetwork({ chains: 1 });
  url = net.chain(CHAIN_ID).rpcUrl;
  wsUrl = net.chain(CHAIN_ID).wsUrl;
  cases = generateMalformedCases(await signRawTemplates(CHAIN_ID), { seed: SEED, total: TOTAL });
  const started = performance.now();
  httpOutcomes = await sendOverHttp(cases);
  printTotals(`HTTP, seed ${SEED}`, httpOutcomes, performance.now() - started);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  vi.restoreAllMocks();
  await net?.stop();
});

// ---------------------------------------------------------------- sending and judging

async function post(body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

/** Runs `work` on every item with at most `limit` in flight. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Groups the call cases into JSON-RPC batches (big ones alone) and the body cases into single posts. */
function plan(all: readonly MalformedCase[]): MalformedCase[][] {
  const units: MalformedCase[][] = [];
  let batch: MalformedCase[] = [];
  for (const c of all) {
    if (c.kind === 'body' || JSON.stringify(c.request).length > ALONE_ABOVE_BYTES) {
      units.push([c]);
      continue;
    }
    batch.push(c);
    if (batch.length === CALLS_PER_BATCH) {
      units.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) units.push(batch);
  return units;
}

/** The text to send for a unit: a body as is, a lone call as one object, several calls as a batch (ids = positions). */
function unitText(unit: readonly MalformedCase[]): string {
  const [first] = unit;
  if (unit.length === 1 && first!.kind === 'body') return first!.body;
  const requests = unit.map((c, id) => ({ ...(c as Extract<MalformedCase, { kind: 'call' }>).request, id }));
  return JSON.stringify(requests.length === 1 ? requests[0] : requests);
}

async function sendOverHttp(all: readonly MalformedCase[]): Promise<Outcome[]> {
  const units = plan(all);
  const judged = await inPool(units, CONCURRENCY, async (unit) => {
    const { status, text } = await post(unitText(unit));
    return judgeUnit(unit, status, text);
  });
  return judged.flat();
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function judgeUnit(unit: readonly MalformedCase[], status: number, text: string): Outcome[] {
  const answer = parse(text);
  if (status !== 200) return unit.map((c) => ({ case: c, problem: `HTTP ${status}: ${text.slice(0, 200)}`, codes: [] }));
  const [first] = unit;
  if (first!.kind === 'body') return [judgeBody(first!, answer)];
  if (unit.length === 1) return [judgeAnswer(first!, answer, 0)];
  if (!Array.isArray(answer)) return unit.map((c) => ({ case: c, problem: `batch answered with ${text.slice(0, 200)}`, codes: [] }));
  const byId = new Map<unknown, Answer[]>();
  for (const a of answer as Answer[]) byId.set(a?.id, [...(byId.get(a?.id) ?? []), a]);
  return unit.map((c, id) => {
    const answers = byId.get(id) ?? [];
    if (answers.length !== 1) return { case: c, problem: `id ${id} answered ${answers.length} times in its batch`, codes: [] };
    return judgeAnswer(c, answers[0], id);
  });
}

function judgeBody(c: Extract<MalformedCase, { kind: 'body' }>, answer: unknown): Outcome {
  if (c.answers === undefined) return judgeAnswer(c, answer, c.answerId);
  if (!Array.isArray(answer) || answer.length !== c.answers) return { case: c, problem: `expected an array of ${c.answers} answers, got ${JSON.stringify(answer)?.slice(0, 200)}`, codes: [] };
  const each = answer.map((a) => judgeAnswer(c, a, null));
  const bad = each.find((o) => o.problem);
  return { case: c, problem: bad?.problem, codes: each.flatMap((o) => o.codes) };
}

/** Checks one response object against the case's expectation. */
function judgeAnswer(c: MalformedCase, value: unknown, id: unknown): Outcome {
  const a = value as Answer;
  const codes = typeof a?.error?.code === 'number' ? [a.error.code] : [];
  const problem = wellFormedProblem(a, id) ?? expectationProblem(c.expect, a);
  return { case: c, problem: problem && `${problem} — answer ${JSON.stringify(value)?.slice(0, 300)}`, codes };
}

function wellFormedProblem(a: Answer, id: unknown): string | undefined {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return 'not a response object';
  if (a.jsonrpc !== '2.0') return 'jsonrpc is not "2.0"';
  if (a.id !== id) return `id ${JSON.stringify(a.id)} instead of ${JSON.stringify(id)}`;
  if (('result' in a) === ('error' in a)) return 'not exactly one of result and error';
  if ('error' in a && (!Number.isInteger(a.error?.code) || typeof a.error?.message !== 'string')) return 'error without an integer code and a message';
  return undefined;
}

function expectationProblem(expect: Expectation, a: Answer): string | undefined {
  if (expect === 'result') return 'result' in a ? undefined : 'expected a result';
  if (!a.error) return `expected error ${EXPECTED_CODE[expect]}, got a result`;
  return a.error.code === EXPECTED_CODE[expect] ? undefined : `expected error ${EXPECTED_CODE[expect]}, got ${a.error.code}`;
}

function printTotals(label: string, outcomes: readonly Outcome[], ms: number): void {
  const rows = CATEGORIES.map((category) => {
    const mine = outcomes.filter((o) => o.case.category === category);
    return `${category.padEnd(28)} ${String(mine.length).padStart(5)} sent ${String(mine.filter((o) => !o.problem).length).padStart(5)} as expected`;
  });
  console.log(`[robustness] ${outcomes.length} malformed requests over ${label} in ${Math.round(ms)} ms\n${rows.join('\n')}`);
}

function problemsOf(outcomes: readonly Outcome[], category?: Category): string[] {
  return outcomes.filter((o) => o.problem && (category === undefined || o.case.category === category)).map((o) => `${o.case.category}: ${o.problem} — sent ${describeCase(o.case)}`);
}

function describeCase(c: MalformedCase): string {
  return (c.kind === 'body' ? c.body : JSON.stringify(c.request)).slice(0, 300);
}

// ---------------------------------------------------------------- WebSocket

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one message and waits for the next message on the socket (one at a time: answers stay in order). */
function exchange(ws: WebSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onClose = (code: number) => reject(new Error(`socket closed with ${code}`));
    ws.once('message', (data) => {
      ws.off('close', onClose);
      resolve(String(data));
    });
    ws.once('close', onClose);
    ws.send(text);
  });
}

/** Valid transaction from an account nothing else here uses. */
async function sendValidTransfer(): Promise<Hex> {
  const account = privateKeyToAccount(RICH_WALLET_KEYS[7]!);
  const call = async <T>(method: string, params: unknown[]) => ((parse((await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))).text) as Answer).result as T);
  const nonce = Number(hexToBigInt(await call<Hex>('eth_getTransactionCount', [account.address, 'latest'])));
  const gasPrice = hexToBigInt(await call<Hex>('eth_gasPrice', []));
  const raw = await account.signTransaction({ chainId: CHAIN_ID, type: 'eip1559', nonce, to: '0x000000000000000000000000000000000000dEaD', value: 1n, gas: 21_000n, maxFeePerGas: gasPrice * 2n, maxPriorityFeePerGas: 0n });
  const { text } = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendRawTransaction', params: [raw] }));
  const answer = parse(text) as Answer;
  if (!answer.result) throw new Error(`the valid transaction was refused: ${text}`);
  return answer.result as Hex;
}

// ---------------------------------------------------------------- tests

describe(`a chain endpoint given ${TOTAL.toLocaleString('en')} generated malformed requests over HTTP`, () => {
  it('answers every request with well-formed JSON-RPC: an error with its category code, or a result for the valid controls, each id exactly once', () => {
    expect(httpOutcomes.length).toBe(cases.length);
    expect(problemsOf(httpOutcomes).slice(0, 10)).toEqual([]);
  });

  it.each(CATEGORIES.filter((c) => c !== 'valid control'))('answers every "%s" case with its error code', (category) => {
    const mine = httpOutcomes.filter((o) => o.case.category === category);
    expect(mine.length).toBeGreaterThan(0);
    expect(problemsOf(httpOutcomes, category).slice(0, 5)).toEqual([]);
  });

  it('answers every valid control request with a result', () => {
    expect(problemsOf(httpOutcomes, 'valid control').slice(0, 5)).toEqual([]);
  });

  it("never answers a caller's mistake with -32603 and logs no internal error", () => {
    const internal = httpOutcomes.filter((o) => o.codes.includes(-32603)).map((o) => describeCase(o.case));
    expect(internal.slice(0, 10)).toEqual([]);
    expect(internalLogs).toEqual([]);
  });

  it('still answers eth_blockNumber and mines a valid transaction afterwards', async () => {
    const { status, text } = await post('{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}');
    expect(status).toBe(200);
    expect((parse(text) as Answer).result).toMatch(/^0x[0-9a-f]+$/);
    const hash = await sendValidTransfer();
    const receipt = await pollUntil(() => net.chain(CHAIN_ID).request<{ status: Hex } | null>('eth_getTransactionReceipt', [hash]), { what: 'the receipt of the valid transfer' });
    expect(receipt.status).toBe('0x1');
  });

  it('refuses bodies over 5 MiB with HTTP 413 and -32005, whether they declare their length or stream it', async () => {
    const body = oversizedBody(MAX_BODY_BYTES + 1);
    const declared = await post(body);
    const streamed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 256 * 1024) controller.enqueue(new TextEncoder().encode(body.slice(at, at + 256 * 1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    for (const { status, text } of [declared, { status: streamed.status, text: await streamed.text() }]) {
      expect(status).toBe(413);
      expect(parse(text)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32005 } });
    }
  });

  it('saw no unhandled rejection or uncaught exception in the process', () => {
    expect(unhandled).toEqual([]);
  });
});

describe('a chain endpoint given the same malformed requests over WebSocket', () => {
  it(`answers ${WS_SAMPLE.toLocaleString('en')} of them on one socket with the same codes as over HTTP`, async () => {
    const sample = cases.filter((_, i) => i % Math.floor(cases.length / WS_SAMPLE) === 0).slice(0, WS_SAMPLE);
    const ws = await openSocket();
    const started = performance.now();
    const outcomes: Outcome[] = [];
    try {
      for (const unit of plan(sample)) outcomes.push(...judgeUnit(unit, 200, await exchange(ws, unitText(unit))));
    } finally {
      ws.close();
    }
    printTotals('one WebSocket', outcomes, performance.now() - started);
    expect(outcomes.length).toBe(sample.length);
    expect(problemsOf(outcomes).slice(0, 10)).toEqual([]);
  });

  it('closes a socket whose message exceeds 5 MiB with code 1009, and serves a new socket afterwards', async () => {
    const ws = await openSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.on('error', () => undefined);
    ws.send(oversizedBody(MAX_BODY_BYTES + 1));
    expect(await closed).toBe(1009);
    const fresh = await openSocket();
    try {
      expect(parse(await exchange(fresh, '{"jsonrpc":"2.0","id":7,"method":"eth_chainId"}'))).toEqual({ jsonrpc: '2.0', id: 7, result: '0x10f' });
    } finally {
      fresh.close();
    }
  });
});

describe('requests that broke the node before this suite (regressions)', () => {
  const MAX = `0x${'f'.repeat(64)}`;
  const FROM = '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049';
  const rpc = async (method: string, params: unknown[]) => parse((await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))).text) as Answer;

  it('answers eth_estimateGas, zks_estimateFee and a priced eth_call whose value + gas × price overflows with -32602 (EDR panicked and aborted the process)', async () => {
    for (const [method, params] of [
      ['eth_estimateGas', [{ from: FROM, to: FROM, value: MAX }]],
      ['zks_estimateFee', [{ from: FROM, to: FROM, value: `0x7${'f'.repeat(63)}`, gasPrice: `0x${'f'.repeat(32)}` }]],
      ['eth_call', [{ from: FROM, to: FROM, gasPrice: `0x${'f'.repeat(32)}` }, 'latest']],
    ] as const) {
      expect((await rpc(method, [...params])).error?.code, method).toBe(-32602);
    }
    expect((await rpc('eth_blockNumber', [])).result).toBeDefined();
  });

  it('passes on the EVM refusing a caller\'s params as -32000 / -32602, not -32603', async () => {
    expect((await rpc('eth_getBalance', [FROM, '0xffffff'])).error?.code).toBe(-32000);
    expect((await rpc('eth_call', [{ to: FROM, maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x2' }, 'latest'])).error?.code).toBe(-32000);
    expect((await rpc('eth_getLogs', [{ blockHash: `0x${'11'.repeat(32)}` }])).error?.code).toBe(-32602);
  });

  it('answers eth_getFilterChanges of a filter never installed with -32001', async () => {
    expect((await rpc('eth_getFilterChanges', ['0x99'])).error?.code).toBe(-32001);
  });

  it('answers a stepping dev method in automatic mode with -32601', async () => {
    expect((await rpc('zkinterop_commitBatch', [])).error?.code).toBe(-32601);
  });
});
