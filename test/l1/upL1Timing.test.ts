/** `zkinterop up --l1-port 0 --profile realistic` with L1 delays in its config file: `--json` shows the L1's delays. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { L1_PROFILES } from '../../src/network/profiles.ts';
import type { NetworkConfig } from '../../src/wire/types.ts';
import { rpc, startChildNetwork, type ChildNetwork } from '../support/childNetwork.ts';

describe('zkinterop up --l1-port 0 --profile realistic, with delays.l1 in its config file', () => {
  let net: ChildNetwork;
  beforeAll(async () => {
    const config = path.join(await mkdtemp(path.join(tmpdir(), 'zkinterop-l1-timing-')), 'network.json');
    await writeFile(config, JSON.stringify({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], routerPort: null, delays: { l1: { blockTimeMs: 600 } } }));
    net = await startChildNetwork(config, ['--l1-port', '0', '--profile', 'realistic']);
  });
  afterAll(async () => {
    net?.process.kill('SIGTERM');
    await net?.exited;
  });

  it("shows the L1's delays in --json: the profile's, with the file's block time", () => {
    expect((net.endpoints as unknown as NetworkConfig).delays.l1).toEqual({ ...L1_PROFILES.realistic, blockTimeMs: 600 });
  });

  it('answers the same delays in zkinterop_networkConfig', async () => {
    const config = (await rpc(net.endpoints.chains[0]!.rpcUrl, 'zkinterop_networkConfig')) as NetworkConfig;
    expect(config.delays.l1).toEqual({ ...L1_PROFILES.realistic, blockTimeMs: 600 });
  });
});
