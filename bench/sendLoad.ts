/**
 * The senders of bench/traffic, run as their own process so that the clients' CPU (HTTP requests,
 * JSON) is not taken from the network's main thread, as real clients' would not be. Each sender sends
 * its signed transactions one after another, each awaited until the node answers (in a block), over
 * its own raw keep-alive connection (bench/httpConnection.ts: a lean client, so the load generator
 * takes little of the two cores it shares with the network). Every answer goes to stdout as it comes,
 * one JSON line per transaction, with times on the epoch clock (ms) so the parent can line them up.
 *
 *   node --import tsx bench/sendLoad.ts   (stdin: '{"senders":[{"url":…,"txs":["0x…",…]},…]}\n', then end)
 */
import type { Hex } from 'viem';
import { openHttpConnection, type HttpConnection } from './httpConnection.ts';

/** One sender: the node it sends to and its transactions, in nonce order. */
export type SendLoadSender = { url: string; txs: Hex[] };

/** One line of output: transaction `tx` of sender `sender` was answered. */
export type SendLoadLine =
  | { sender: number; tx: number; hash: Hex; sentAt: number; answeredAt: number }
  | { sender: number; tx: number; error: string }
  | { done: true; /** this process's CPU (ms, user + system) from the first send to the last answer */ cpuMs?: number };

/** Epoch time in ms with sub-ms precision (comparable across processes). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Opens one connection per sender (before the clock starts). */
export function connectSenders(senders: readonly SendLoadSender[]): Promise<HttpConnection[]> {
  return Promise.all(senders.map((s) => openHttpConnection(s.url)));
}

/** Runs every sender at once over its connection; `emit` gets each answer as it comes. */
export async function sendLoad(senders: readonly SendLoadSender[], connections: readonly HttpConnection[], emit: (line: SendLoadLine) => void): Promise<void> {
  try {
    await Promise.all(
      senders.map(async ({ txs }, sender) => {
        const connection = connections[sender]!;
        for (const [tx, raw] of txs.entries()) {
          const sentAt = epochNow();
          try {
            const answer = await connection.post(`{"jsonrpc":"2.0","id":${tx},"method":"eth_sendRawTransaction","params":["${raw}"]}`);
            const parsed = JSON.parse(answer.body) as { result?: Hex; error?: { message: string } };
            if (answer.status !== 200 || !parsed.result) throw new Error(parsed.error?.message ?? `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
            emit({ sender, tx, hash: parsed.result, sentAt, answeredAt: epochNow() });
          } catch (error) {
            emit({ sender, tx, error: error instanceof Error ? error.message : String(error) });
            return;
          }
        }
      }),
    );
  } finally {
    for (const connection of connections) connection.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Protocol: the work as one JSON line on stdin; `{"ready":true}` back once read; the sends start when
  // stdin ends (the parent's go), so process start-up and parsing stay out of the timed window.
  let input = '';
  let senders: SendLoadSender[] | undefined;
  let connections: HttpConnection[] = [];
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (!senders && input.includes('\n')) {
      senders = (JSON.parse(input.slice(0, input.indexOf('\n'))) as { senders: SendLoadSender[] }).senders;
      connections = await connectSenders(senders);
      process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    }
  }
  if (!senders) throw new Error('bench/sendLoad.ts: no work on stdin');
  let pending: string[] = [];
  // Lines are written in small groups: one write per answer would cost the sender process more than the sends.
  const flush = () => {
    if (pending.length === 0) return;
    process.stdout.write(pending.join(''));
    pending = [];
  };
  const timer = setInterval(flush, 2);
  const cpuAtGo = process.cpuUsage();
  await sendLoad(senders, connections, (line) => pending.push(`${JSON.stringify(line)}\n`));
  clearInterval(timer);
  const cpu = process.cpuUsage(cpuAtGo);
  pending.push(`${JSON.stringify({ done: true, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  flush();
}
