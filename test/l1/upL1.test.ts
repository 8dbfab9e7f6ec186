/** `zkinterop up --l1-port 0` as users run it (a child process): the L1 is in `--json` and answers as chain 9. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, startChildNetwork, writeChildConfig, type ChildNetwork } from '../support/childNetwork.ts';

describe('zkinterop up --l1-port 0', () => {
  let net: ChildNetwork;
  beforeAll(async () => {
    const config = writeChildConfig(await mkdtemp(path.join(tmpdir(), 'zkinterop-l1-')), [271], 50);
    net = await startChildNetwork(config, ['--l1-port', '0']);
  });
  afterAll(async () => {
    net?.process.kill('SIGTERM');
    await net?.exited;
  });

  it('describes the L1 in --json and serves it as chain 9', async () => {
    const l1 = (net.endpoints as unknown as { l1?: { chainId: number; role: string; rpcUrl: string } }).l1;
    expect(l1).toMatchObject({ chainId: 9, role: 'l1' });
    expect(await rpc(l1!.rpcUrl, 'eth_chainId')).toBe('0x9');
    expect(await rpc(net.endpoints.chains[0]!.rpcUrl, 'zks_L1ChainId')).toBe('0x9');
  });
});
