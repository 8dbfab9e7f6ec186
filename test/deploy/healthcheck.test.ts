/**
 * deploy/healthcheck.mjs, the image's health and start-order check: it finds the port in the main
 * process's command line, answers 0 only for a 200 from /health, and `--wait` returns once each URL
 * answers. Run as the container runs it: a child process.
 */
import { execFile } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOfCommandLine } from '../../deploy/healthcheck.mjs';
import { composeFile, ROOT } from './deployFiles.ts';

/** Runs the script; resolves with its exit code. */
function healthcheck(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'deploy', 'healthcheck.mjs'), ...args], (error) => resolve(error ? Number(error.code) : 0));
  });
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('deploy/healthcheck.mjs', () => {
  let healthy: Server;
  let healthyPort: number;
  let failing: Server;
  let failingPort: number;
  beforeAll(async () => {
    healthy = createHttpServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404).end('{"status":"ok"}'));
    failing = createHttpServer((_req, res) => res.writeHead(503).end());
    healthyPort = await listen(healthy);
    failingPort = await listen(failing);
  });
  afterAll(() => {
    healthy.close();
    failing.close();
  });

  it("reads the port of each compose service's command line, as it does from the container's main process", () => {
    for (const [name, s] of Object.entries(composeFile().services)) {
      if (!s.healthcheck?.test || s.command?.[0] === undefined || s.image?.startsWith('postgres')) continue;
      if (s.healthcheck.disable) continue;
      expect(portOfCommandLine(['node', 'bin/zkinterop.js', ...s.command]), name).toBe(Number(s.healthcheck.test.at(-1)));
    }
    expect(portOfCommandLine(['coordinator', '--port=3100'])).toBe(3100);
    expect(portOfCommandLine(['coordinator'])).toBe(3000);
  });

  it('exits 0 when /health answers 200 at the port', async () => {
    expect(await healthcheck(['--port', String(healthyPort)])).toBe(0);
  });

  it('exits 1 when /health answers another status', async () => {
    expect(await healthcheck(['--port', String(failingPort)])).toBe(1);
  });

  it('exits 1 when nothing listens at the port', async () => {
    const closed = createTcpServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    expect(await healthcheck(['--port', String(port)])).toBe(1);
  });

  it('returns from --wait once a node answers /health and a TCP port (PostgreSQL) accepts', async () => {
    const tcp = createTcpServer((socket) => socket.destroy());
    const tcpPort = await listen(tcp);
    try {
      expect(await healthcheck(['--wait', `tcp://127.0.0.1:${tcpPort}`, `http://127.0.0.1:${healthyPort}`])).toBe(0);
    } finally {
      tcp.close();
    }
  });
});
