/**
 * kill -9 of `up --processes` itself (the supervisor and coordinator) under load (issue 16 item 4): its
 * node processes see their stdin pipe close and stop (none is left orphaned), and `up --processes` on the
 * same data dir starts the network again with every acknowledged message there and verifying.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectEveryMessageVerifies, load, type Acked } from '../support/kill9Scenario.ts';
import { pollUntil } from '../support/poll.ts';
import { alive, processesFixture, startProcessesChild, type ProcessesChild } from '../support/processesChild.ts';

let up: ProcessesChild | undefined;
afterEach(async () => {
  up?.process.kill('SIGTERM');
  await up?.exited;
  up = undefined;
});

describe('kill -9 of up --processes', () => {
  it('stops every node process it started, and a new up on the same data dir has every acknowledged message', async () => {
    const fixture = processesFixture();
    up = await startProcessesChild(fixture);
    const first = up;
    const pids = first.config.processes!.map((p) => p.pid);
    expect(pids).toHaveLength(4);
    const acked: Acked[] = [];
    const sending = load(first, acked, 0);
    await pollUntil(() => [271, 272].every((c) => acked.filter((a) => a.chainId === c).length >= 20), { what: '20 acknowledged messages on each chain', timeoutMs: 60_000, intervalMs: 5 });

    first.process.kill('SIGKILL');
    await first.exited;
    up = undefined;
    await pollUntil(() => pids.every((pid) => !alive(pid)), { what: `the node processes ${pids.join(', ')} to exit after their supervisor died`, timeoutMs: 60_000, intervalMs: 50 });
    sending.stop();
    await sending.done;

    up = await startProcessesChild(fixture);
    expect(up.config.processes!.map((p) => p.pid).some((pid) => pids.includes(pid))).toBe(false);
    await expectEveryMessageVerifies(up, acked);
  }, 300_000);
});
