/**
 * kill -9 of Gateway's process under load in `up --processes --no-restart` (issue 16 item 4): while it is
 * down both chains go on acknowledging and sealing transactions (their settlement waits and retries);
 * started again by zkinterop_restartNode, every chain's settlement resumes, every acknowledged message
 * verifies on the other chain, and each batch was executed on Gateway once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectEveryMessageVerifies, load, type Acked } from '../support/kill9Scenario.ts';
import { pollUntil } from '../support/poll.ts';
import { expectExecutedOnce, killNode, processesFixture, progressOf, startProcessesChild, type ProcessesChild } from '../support/processesChild.ts';

let up: ProcessesChild | undefined;
afterEach(async () => {
  up?.process.kill('SIGTERM');
  await up?.exited;
  up = undefined;
});

const CHAINS = [271, 272];
const countOn = (acked: readonly Acked[], chainId: number) => acked.filter((a) => a.chainId === chainId).length;

describe('kill -9 of Gateway\'s process under load', () => {
  it('leaves the chains accepting transactions, and once Gateway is back every chain settles on and every message verifies', async () => {
    up = await startProcessesChild(processesFixture(), ['--no-restart']);
    const net = up;
    const acked: Acked[] = [];
    const sending = load(net, acked, 0);
    await pollUntil(() => CHAINS.every((c) => countOn(acked, c) >= 20), { what: '20 acknowledged messages on each chain', timeoutMs: 60_000, intervalMs: 5 });
    const pid = await killNode(net, 506);

    // Gateway down: each chain still acknowledges and seals what its senders send.
    const at = new Map(await Promise.all(CHAINS.map(async (c) => [c, { acked: countOn(acked, c), progress: await progressOf(net.url(c)) }] as const)));
    await pollUntil(
      async () => {
        for (const c of CHAINS) {
          const now = await progressOf(net.url(c));
          if (countOn(acked, c) < at.get(c)!.acked + 20 || now.lastSealedBatch < at.get(c)!.progress.lastSealedBatch + 2) return false;
        }
        return true;
      },
      { what: 'each chain to acknowledge 20 more messages and seal two more batches while Gateway is down', timeoutMs: 120_000, intervalMs: 50 },
    );
    expect(await net.pidOf(506)).toBeUndefined();
    expect(up.stderr()).toContain(`gateway 506 (pid ${pid}) was killed (SIGKILL)`);
    sending.stop();
    await sending.done;

    await net.network('zkinterop_restartNode', [506]);
    // Every chain settles what it sealed meanwhile.
    const sealed = await Promise.all(CHAINS.map(async (c) => (await progressOf(net.url(c))).lastSealedBatch));
    await pollUntil(async () => (await Promise.all(CHAINS.map((c) => progressOf(net.url(c))))).every((p, i) => p.lastExecutedBatch >= sealed[i]!), {
      what: `chains to execute their batches up to ${sealed.join(', ')} on Gateway`,
      timeoutMs: 120_000,
      intervalMs: 100,
    });
    await expectEveryMessageVerifies(net, acked);
    await expectExecutedOnce(net.url(506), CHAINS.map((chainId) => ({ chainId, url: net.url(chainId) })));
  }, 300_000);
});
