/**
 * kill -9 of the L1's process under load in `up --processes --no-restart` (issue 16 item 4): while it is
 * down Gateway goes on producing blocks and the chains go on settling on Gateway; started again by
 * zkinterop_restartNode, Gateway's settlement on the L1 resumes, each Gateway batch is executed on the L1
 * once, and every acknowledged message verifies on the other chain under the L1 finality rule (a chain
 * imports only Gateway roots of blocks whose batch the L1 executed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchListPage } from '../../src/wire/types.ts';
import { rpc } from '../support/childNetwork.ts';
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
const L1 = 9;

describe('kill -9 of the L1\'s process under load', () => {
  it('leaves Gateway and the chains going, and once the L1 is back Gateway settles on and every message verifies', async () => {
    up = await startProcessesChild(processesFixture(), ['--no-restart']);
    const net = up;
    const acked: Acked[] = [];
    const sending = load(net, acked, 0);
    await pollUntil(() => CHAINS.every((c) => acked.filter((a) => a.chainId === c).length >= 20), { what: '20 acknowledged messages on each chain', timeoutMs: 60_000, intervalMs: 5 });
    const pid = await killNode(net, L1);

    // L1 down: Gateway seals blocks and the chains' batches execute on it.
    const gateway = await progressOf(net.url(506));
    const chains = await Promise.all(CHAINS.map((c) => progressOf(net.url(c))));
    await pollUntil(
      async () => {
        const now = await Promise.all(CHAINS.map((c) => progressOf(net.url(c))));
        return now.every((p, i) => p.lastExecutedBatch >= chains[i]!.lastExecutedBatch + 2) && (await progressOf(net.url(506))).lastSealedBatch >= gateway.lastSealedBatch + 2;
      },
      { what: 'the chains to execute two more batches on Gateway, and Gateway to seal two more, while the L1 is down', timeoutMs: 120_000, intervalMs: 100 },
    );
    expect(await net.pidOf(L1)).toBeUndefined();
    expect(up.stderr()).toContain(`l1 ${L1} (pid ${pid}) was killed (SIGKILL)`);
    sending.stop();
    await sending.done;

    await net.network('zkinterop_restartNode', [L1]);
    const sealed = (await progressOf(net.url(506))).lastSealedBatch;
    await pollUntil(async () => (await progressOf(net.url(506))).lastExecutedBatch >= sealed, { what: `Gateway's batches up to ${sealed} executed on the L1`, timeoutMs: 120_000, intervalMs: 100 });
    await expectEveryMessageVerifies(net, acked);
    await expectExecutedOnce(net.url(L1), [{ chainId: 506, url: net.url(506) }]);

    // The L1 finality rule: no chain imported a root of a Gateway block past Gateway's last batch executed on the L1.
    for (const c of CHAINS) {
      const imported = (await progressOf(net.url(c))).lastImportedRoot!.blockNumber;
      const executed = (await progressOf(net.url(506))).lastExecutedBatch;
      const page = await rpc<BatchListPage>(net.url(506), 'zkinterop_listBatches', [{ limit: 100 }]);
      const lastFinal = page.batches.find((b) => b.number === executed)!.lastBlock;
      expect(imported, `chain ${c}'s last imported Gateway root`).toBeLessThanOrEqual(lastFinal);
    }
  }, 300_000);
});
