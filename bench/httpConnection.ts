/**
 * One keep-alive HTTP/1.1 connection on a raw TCP socket, for load generators whose own cost must
 * stay small next to the server's: each POST is written in one piece (Nagle off) and the answer is
 * read by its Content-Length, with none of node:http's agent, header objects and streams around it.
 * On two shared cores node:http's client took about as much CPU per request as the server it
 * measured; a compiled client (a relayer in Rust or Go) takes far less, so this one is closer to it.
 * One request is in flight at a time (no pipelining): concurrency comes from several connections.
 */
import net from 'node:net';

/** An HTTP answer: status code and body text. */
export type HttpAnswer = { status: number; body: string };

/** A connection to one HTTP endpoint; see module header. */
export type HttpConnection = {
  /** Sends `body` as `POST <path>` with `Content-Type: application/json`; resolves with the answer. */
  post(body: string): Promise<HttpAnswer>;
  /** Closes the socket; a pending post rejects. */
  close(): void;
};

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Opens a connection to `url` (http only).
 * @throws Error when the socket cannot connect
 */
export function openHttpConnection(url: string): Promise<HttpConnection> {
  const target = new URL(url);
  const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: `;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    let pending: { resolve: (answer: HttpAnswer) => void; reject: (error: Error) => void } | undefined;
    let received: Buffer | undefined;
    const fail = (error: Error) => {
      const waiting = pending;
      pending = undefined;
      waiting?.reject(error);
    };
    socket.on('data', (chunk: Buffer) => {
      received = received === undefined ? chunk : Buffer.concat([received, chunk]);
      const answer = takeAnswer(received);
      if (answer === undefined) return;
      if (answer instanceof Error) return void fail(answer);
      received = answer.rest.length > 0 ? answer.rest : undefined;
      const waiting = pending;
      pending = undefined;
      if (waiting === undefined) return void fail(new Error('an HTTP answer came without a request'));
      waiting.resolve({ status: answer.status, body: answer.body });
    });
    socket.on('error', (error) => fail(error));
    socket.on('close', () => fail(new Error('the server closed the connection')));
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve({
        post(body) {
          if (pending !== undefined) return Promise.reject(new Error('one request at a time on a connection'));
          return new Promise<HttpAnswer>((res, rej) => {
            pending = { resolve: res, reject: rej };
            socket.write(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
          });
        },
        close: () => void socket.destroy(),
      });
    });
    socket.once('error', reject);
  });
}

/** The first complete answer in `data`, undefined while incomplete, or an Error for what it cannot read. */
function takeAnswer(data: Buffer): { status: number; body: string; rest: Buffer } | Error | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const header = data.toString('latin1', 0, headerEnd).toLowerCase();
  const status = Number(header.slice(9, 12));
  if (!header.startsWith('http/1.1 ') || !Number.isInteger(status)) return new Error(`not an HTTP/1.1 answer: ${header.slice(0, 40)}`);
  const at = header.indexOf('\r\ncontent-length:');
  if (at < 0) return new Error('the answer has no Content-Length (chunked answers are not read here)');
  const lineEnd = header.indexOf('\r\n', at + 2);
  const length = Number.parseInt(header.slice(at + 17, lineEnd < 0 ? undefined : lineEnd), 10);
  if (!Number.isSafeInteger(length)) return new Error('the answer has an unreadable Content-Length');
  const bodyStart = headerEnd + HEADER_END.length;
  if (data.length < bodyStart + length) return undefined;
  return { status, body: data.toString('utf8', bodyStart, bodyStart + length), rest: data.subarray(bodyStart + length) };
}
