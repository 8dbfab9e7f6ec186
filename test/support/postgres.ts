/**
 * A real PostgreSQL server for tests: a throwaway cluster (initdb) on a free port, started with
 * pg_ctl and removed afterwards. Runs the server binaries as the `postgres` user when the tests run as
 * root (PostgreSQL refuses root). When no server can be started (binaries missing), `startPostgres`
 * says why, and the caller skips with that message.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RunningPostgres = { url: string; stop(): void };

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts a PostgreSQL cluster, or returns the reason it cannot.
 * @returns a connection URL and `stop()`, or `{ skip: reason }`
 */
export async function startPostgres(): Promise<RunningPostgres | { skip: string }> {
  const bin = binDir();
  if (!bin) return { skip: 'no PostgreSQL server binaries under /usr/lib/postgresql (install the Debian package postgresql; .ci/run does)' };
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const file = path.join(bin, tool);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
    else execFileSync(file, args, { stdio: 'pipe' });
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'zkinterop', '--no-sync']);
    run('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skip: `PostgreSQL could not be started: ${stderr || (error instanceof Error ? error.message : String(error))}` };
  }
  return {
    url: `postgres://zkinterop@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
