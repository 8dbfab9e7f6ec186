/**
 * The client commands' failure exits (1) against a network in manual mode, where the test decides
 * how far the message has come: no proof yet, a wait that times out, a target that has not imported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { createChainClients, sendMessage } from '../../src/sdk/index.ts';
import { jsonOf, runCli, writeNetworkFile } from './runCli.ts';

const KEY: Hex = '0x7726827caac94a7f9e1b160f7ea819f172f7b6f9d2a97f992c38edeab82d4110';

let net: TestNetwork;
let config: string;
let included: Hex;
let executed: Hex;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, manual: true });
  config = await writeNetworkFile(net);
  const { walletClient } = await createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: KEY });
  executed = (await sendMessage(walletClient!, { message: 'executed, not imported' })).txHash;
  await net.advanceUntil(executed, 'executed');
  included = (await sendMessage(walletClient!, { message: 'only included' })).txHash;
});
afterAll(() => net?.stop());

describe.concurrent('commands exit 1 when the message is not far enough', () => {
  it('proof before the batch is executed fails with PROOF_NOT_READY', async () => {
    const result = await runCli(['proof', included, '--config', config, '--chain', '271', '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: { code: 'PROOF_NOT_READY' } });
  });

  it('wait past its timeout fails with WAIT_TIMEOUT', async () => {
    const result = await runCli(['wait', included, '--config', config, '--chain', '271', '--until', 'sealed', '--timeout', '100', '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: { code: 'WAIT_TIMEOUT', message: expect.stringContaining('last stage seen: included') } });
  });

  it('verify on a chain that has not imported the root prints verified false', async () => {
    const result = await runCli(['verify', executed, '--config', config, '--chain', '271', '--on', '272', '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ verified: false, on: 272 });
  });
});
