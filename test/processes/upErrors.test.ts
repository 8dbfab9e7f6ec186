/**
 * `zkinterop up --processes` explains itself and refuses what it cannot do (issue 16): its help names the
 * flag and an example; both stores at once exit 2; a node that cannot start (its port taken) stops the
 * others and exits 1 naming that node and why; a dump loaded into a data dir that holds a network is
 * refused with what to do.
 */
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli.ts';
import { startProcessUp, tempDir, writeProcessConfig } from '../support/processNetwork.ts';

describe('up --processes', () => {
  it('--help names --processes and shows an example of it', async () => {
    const help = await runCli(['up', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--processes\s+run every node in its own process/);
    expect(help.stdout).toContain('$ zkinterop up --processes');
  });

  it('with both --data-dir and --db exits 2 saying to give one', async () => {
    const result = await runCli(['up', '--processes', '--data-dir', tempDir(), '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/INVALID_ARGUMENT: give either --data-dir \(SQLite\) or --db \(PostgreSQL\), not both/);
  });

  describe('a chain whose port is taken', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('stops the nodes already started and exits 1 naming the chain and the port', async () => {
      const config = path.join(tempDir(), 'busy.json');
      writeFileSync(config, JSON.stringify({ gateway: { chainId: 506, port: 0 }, l1: { port: 0 }, chains: [{ chainId: 271, port }, { chainId: 272, port: 0 }] }));
      const result = await runCli(['up', '--processes', '--port', '0', '--config', config]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('NODE_PROCESS_EXITED: node chain 271 exited (1) before it was ready');
      expect(result.stderr).toContain(`PORT_IN_USE: port ${port} on 127.0.0.1 is already in use`);
    });
  });

  it('refuses to load a dump into a data dir that already holds a network', async () => {
    const dataDir = tempDir();
    const net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }), ['--data-dir', dataDir]);
    expect(await net.stop(), net.stderr()).toBe(0);
    const dump = path.join(tempDir(), 'empty-dump.json');
    writeFileSync(dump, JSON.stringify({ format: 'zkinterop-dump', version: 1, meta: {}, journals: {} }));
    const result = await runCli(['up', '--processes', '--port', '0', '--config', writeProcessConfig(tempDir()), '--data-dir', dataDir, '--load', dump]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/the store already holds a network: load a dump into an empty data dir or database/);
  });
});
