/**
 * kill -9 of one chain's process under load in `up --processes` (issue 16 item 4): while it is down the
 * other chain goes on producing blocks, settling and importing Gateway's roots, and Gateway goes on; back
 * (by zkinterop_restartNode with --no-restart, or by the supervisor's restart policy by default) it has
 * every transaction it acknowledged, every message verifies on the other chain, and Gateway executed each
 * batch once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectEveryMessageVerifies, load, type Acked } from '../support/kill9Scenario.ts';
import { pollUntil } from '../support/poll.ts';
import { alive, expectExecutedOnce, killNode, processesFixture, progressOf, startProcessesChild, type ProcessesChild } from '../support/processesChild.ts';

let up: ProcessesChild | undefined;
afterEach(async () => {
  up?.process.kill('SIGTERM');
  await up?.exited;
  up = undefined;
});

const bothChains = (net: ProcessesChild) => [271, 272].map((chainId) => ({ chainId, url: net.url(chainId) }));

/** Sends on both chains until `count` messages are acknowledged, then kills 271's process; returns the load (272's senders go on). */
async function killChainUnderLoad(net: ProcessesChild, acked: Acked[], count: number) {
  const sending = load(net, acked, 0);
  await pollUntil(() => acked.filter((a) => a.chainId === 271).length >= count && acked.filter((a) => a.chainId === 272).length >= count, { what: `${count} acknowledged messages on each chain`, timeoutMs: 60_000, intervalMs: 5 });
  return { sending, pid: await killNode(net, 271) };
}

describe('kill -9 of a chain process under load', () => {
  it('leaves the other chain and Gateway going, and the chain restarted by zkinterop_restartNode has every acknowledged message', async () => {
    const fixture = processesFixture();
    up = await startProcessesChild(fixture, ['--no-restart']);
    const net = up;
    const acked: Acked[] = [];
    const { sending, pid } = await killChainUnderLoad(net, acked, 30);
    const ackedBefore = acked.filter((a) => a.chainId === 271).length;

    // While 271 is down: 272 seals, settles on Gateway and imports Gateway's roots; Gateway produces blocks.
    const [other, gateway] = [await progressOf(net.url(272)), await progressOf(net.url(506))];
    await pollUntil(
      async () => {
        const now = await progressOf(net.url(272));
        return now.lastExecutedBatch >= other.lastExecutedBatch + 2 && (now.lastImportedRoot?.blockNumber ?? 0) > (other.lastImportedRoot?.blockNumber ?? 0);
      },
      { what: 'chain 272 to settle two more batches and import a newer root while 271 is down', timeoutMs: 120_000, intervalMs: 100 },
    );
    expect((await progressOf(net.url(506))).blockNumber).toBeGreaterThan(gateway.blockNumber);
    // --no-restart: nobody started it again.
    expect(await net.pidOf(271)).toBeUndefined();
    expect(up.stderr()).toContain(`chain 271 (pid ${pid}) was killed (SIGKILL); the other nodes keep running; start it again with zkinterop_restartNode(271)`);
    sending.stop();
    await sending.done;
    // No send to 271 was acknowledged after its kill.
    expect(acked.filter((a) => a.chainId === 271).length).toBe(ackedBefore);

    await net.network('zkinterop_restartNode', [271]);
    expect(await net.pidOf(271)).not.toBe(pid);
    await expectEveryMessageVerifies(net, acked);
    await expectExecutedOnce(net.url(506), bothChains(net));
  }, 300_000);

  it('is started again by the supervisor by default, reported on stderr, and catches up', async () => {
    const fixture = processesFixture();
    up = await startProcessesChild(fixture);
    const net = up;
    const acked: Acked[] = [];
    const { sending, pid } = await killChainUnderLoad(net, acked, 20);
    const restarted = await pollUntil(async () => {
      const now = await net.pidOf(271);
      return now !== undefined && now !== pid ? now : undefined;
    }, { what: 'chain 271 started again by the supervisor', timeoutMs: 60_000, intervalMs: 100 });
    expect(alive(restarted)).toBe(true);
    expect(up.stderr()).toMatch(new RegExp(`chain 271 \\(pid ${pid}\\) was killed \\(SIGKILL\\); the other nodes keep running; starting it again in \\d+ ms`));
    expect(up.stderr()).toContain(`chain 271 started again (pid ${restarted})`);
    sending.stop();
    await sending.done;
    await expectEveryMessageVerifies(net, acked);
    await expectExecutedOnce(net.url(506), bothChains(net));
  }, 300_000);
});
