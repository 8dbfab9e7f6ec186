/**
 * `zkinterop up` and auto-relay (a child process, as users run it): by default `--json` names the
 * relayer's account; `--no-autorelay` prints "auto-relay: off" and `"autorelay": false` in a `--config`
 * file turns it off as well.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, startChildNetwork } from '../support/childNetwork.ts';

async function configFile(extra: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'zkinterop-autorelay-')), 'network.json');
  await writeFile(file, JSON.stringify({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], routerPort: null, l1: false, profile: 'instant', ...extra }));
  return file;
}

/** Runs `up` in text mode until it says it is ready, then stops it; resolves with what it printed by then. */
async function textOfUp(args: string[]): Promise<string> {
  const up = await spawnCli(['up', ...args], (out) => (out.includes('Ctrl-C to stop.') ? out : undefined));
  up.process.kill('SIGTERM');
  await up.exited;
  return up.ready;
}

describe('zkinterop up and auto-relay', () => {
  it('names the relayer account in --json by default', { timeout: 120_000 }, async () => {
    const net = await startChildNetwork(await configFile(), []);
    try {
      const { autorelay } = net.endpoints as unknown as { autorelay: { enabled: boolean; address: string | null } };
      expect(autorelay.enabled).toBe(true);
      expect(autorelay.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    } finally {
      net.process.kill('SIGTERM');
      await net.exited;
    }
  });

  it('prints "auto-relay: off" with --no-autorelay', { timeout: 120_000 }, async () => {
    expect(await textOfUp(['--config', await configFile(), '--no-autorelay'])).toContain('auto-relay: off');
  });

  it('turns it off with "autorelay": false in the config file', { timeout: 120_000 }, async () => {
    const net = await startChildNetwork(await configFile({ autorelay: false }), []);
    try {
      expect((net.endpoints as unknown as { autorelay: unknown }).autorelay).toEqual({ enabled: false, address: null });
    } finally {
      net.process.kill('SIGTERM');
      await net.exited;
    }
  });
});
