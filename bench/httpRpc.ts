/**
 * A lean JSON-RPC client over HTTP for benchmarks: node:http with a keep-alive agent (one socket per
 * concurrent caller), so the client's own cost stays small next to the server's. `fetch` would work
 * too, but on two cores its per-request overhead would show up in the numbers we want to measure.
 */
import { Agent, request } from 'node:http';

/** A JSON-RPC client of one endpoint; `close()` frees its sockets. */
export type BenchRpc = {
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
  close(): void;
};

/**
 * Client for `url` keeping up to `maxSockets` connections open.
 * @throws Error carrying the JSON-RPC error message when the node answers with an error
 */
export function benchRpc(url: string, maxSockets = 64): BenchRpc {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  let nextId = 1;
  return {
    request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      const body = JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params });
      return new Promise<T>((resolve, reject) => {
        const req = request(
          { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              try {
                const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { result?: T; error?: { message: string } };
                if (answer.error) reject(new Error(`${method}: ${answer.error.message}`));
                else resolve(answer.result as T);
              } catch (error) {
                reject(error);
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
