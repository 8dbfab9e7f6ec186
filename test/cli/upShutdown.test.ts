/**
 * `zkinterop up` (a child process, as users run it) stops on SIGTERM while the engine runs a request it
 * cannot interrupt: an eth_call looping over JUMPDESTs until the gas cap is spent (the slowest loop
 * there is, ~0.4-0.6 Mgas/s: ~26 s at the default cap). The network stops, or if something waits for
 * the busy engine past the grace period, the process exits anyway (src/cli/shutdown.test.ts covers
 * that path on its own). The test's own timeout is generous: it asserts that the process exits, not
 * how fast.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startChildNetwork, writeChildConfig, type ChildNetwork } from '../support/childNetwork.ts';
import { OVERRIDDEN } from '../support/requestLimits.ts';
import { post } from '../support/httpRpc.ts';

/** 4,000 JUMPDESTs, then back to the start: ~1 gas per EVM step. */
const JUMPDEST_SLED: Hex = `0x${'5b'.repeat(4_000)}600056`;

describe('zkinterop up and SIGTERM during a request the engine cannot interrupt', () => {
  let net: ChildNetwork | undefined;
  afterAll(async () => {
    if (net && net.process.exitCode === null) {
      net.process.kill('SIGKILL');
      await net.exited;
    }
  });

  it('exits on SIGTERM while an endless-loop eth_call runs in the engine', { timeout: 180_000 }, async () => {
    const config = writeChildConfig(await mkdtemp(path.join(tmpdir(), 'zkinterop-shutdown-')), [271], 50);
    // A short timeout tells the test when the engine is running the loop: the answer says "ran longer".
    net = await startChildNetwork(config, ['--rpc-timeout', '200']);
    const url = net.url(271);
    const answer = await post(url, 'eth_call', [{ to: OVERRIDDEN, gas: '0x7fffffffffffffff' }, 'latest', { [OVERRIDDEN]: { code: JUMPDEST_SLED } }]);
    expect(answer.error?.message).toMatch(/^execution aborted \(timeout = 200ms\): eth_call ran longer/);

    net.process.kill('SIGTERM');
    const code = await net.exited;
    expect([0, 1]).toContain(code);
    expect(net.stderr()).toContain('zkinterop: stopping (SIGTERM)');
    if (code === 1) expect(net.stderr()).toMatch(/did not stop within \d+ ms .* exiting anyway/);
  });
});
