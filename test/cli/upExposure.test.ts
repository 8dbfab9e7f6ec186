/**
 * `zkinterop up` beyond loopback, as users run it (a child process): `--host 0.0.0.0` warns on stderr
 * and describes where it is reachable; `--allow-origin` reaches the endpoints; bad flags are refused.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildNetwork, writeChildConfig, type ChildNetwork } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { runCli } from './runCli.ts';

type Described = {
  gateway: { rpcUrl: string };
  warnings: string[];
  exposure: { host: string; exposed: boolean; addresses: string[]; nodes: { chainId: number; rpcUrls: string[] }[] };
};

describe('zkinterop up --host 0.0.0.0 --allow-origin https://app.example', () => {
  let net: ChildNetwork;
  beforeAll(async () => {
    const config = writeChildConfig(await mkdtemp(path.join(tmpdir(), 'zkinterop-exposure-')), [271], 50);
    net = await startChildNetwork(config, ['--host', '0.0.0.0', '--allow-origin', 'https://app.example']);
  });
  afterAll(async () => {
    net?.process.kill('SIGTERM');
    await net?.exited;
  });

  it('warns on stderr that the dev accounts and admin methods are open to whoever reaches the ports', async () => {
    const stderr = await pollUntil(() => net.stderr().includes('Bind 127.0.0.1') && net.stderr(), { what: 'the exposure warning on stderr' });
    expect(stderr).toContain('WARNING: --host 0.0.0.0');
    expect(stderr).toContain('eth_sendTransaction');
    expect(stderr).toContain('zkinterop_revert');
  });

  it('describes in --json where each endpoint is reachable, 127.0.0.1 last, and keeps rpcUrl a local URL', () => {
    const described = net.endpoints as unknown as Described;
    expect(described.warnings).toHaveLength(1);
    expect(described.exposure).toMatchObject({ host: '0.0.0.0', exposed: true });
    expect(described.exposure.addresses.at(-1)).toBe('127.0.0.1');
    expect(described.exposure.nodes.find((n) => n.chainId === 271)!.rpcUrls.at(-1)).toBe(net.url(271));
    expect(described.gateway.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the allowed origin and refuses other pages', async () => {
    const call = (origin: string) =>
      fetch(net.url(271), { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    const allowed = await call('https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(((await allowed.json()) as { result: string }).result).toBe('0x10f');
    expect((await call('https://evil.example')).status).toBe(403);
  });
});

describe('zkinterop up flags', () => {
  it('refuses an --allow-origin that is not an origin, naming the flag', async () => {
    const result = await runCli(['up', '--allow-origin', 'app.example/path']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--allow-origin/);
  });

  it('documents --allow-origin, --allow-host and what --host 0.0.0.0 exposes in its help', async () => {
    const result = await runCli(['up', '--help']);
    expect(result.stdout).toMatch(/--allow-origin <origins>/);
    expect(result.stdout).toMatch(/--allow-host <hosts>/);
    expect(result.stdout).toMatch(/0\.0\.0\.0 exposes the dev accounts/);
  });
});
