/**
 * The watcher follows Gateway by push (src/watcher/watcher.ts, src/rpc/wakeLoop.ts): with a Gateway client
 * that pushes its tags and a poll interval of an hour, it reads once at start, once for a push that moves
 * the tag it follows past its position, not at all for a push that does not, once for a burst of pushes
 * that arrive while a read is in flight, and polls at `pollMs` again while its subscription is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Watcher } from '../../src/watcher/watcher.ts';
import type { RpcClient, TagsEvent } from '../../src/rpc/client.ts';
import { pollUntil } from '../support/poll.ts';

const HOUR = 3_600_000;

/** A Gateway with no roots whose finalized block the test sets, and whose tags the test pushes. */
function pushingGateway() {
  const state = { finalized: 0, reads: 0, hold: undefined as Promise<void> | undefined };
  const listeners = new Set<(event: TagsEvent) => void>();
  const client: RpcClient = {
    async request<T>(method: string): Promise<T> {
      if (method === 'eth_getBlockByNumber') {
        state.reads++;
        await state.hold;
        return { number: `0x${state.finalized.toString(16)}` } as T;
      }
      if (method === 'eth_getLogs') return [] as T;
      throw new Error(`unexpected ${method}`);
    },
    followTags(listener) {
      listeners.add(listener);
      queueMicrotask(() => listener('subscribed'));
      return () => listeners.delete(listener);
    },
  };
  const push = (event: TagsEvent) => {
    for (const l of listeners) l(event);
  };
  return { client, state, push, listeners };
}

let watcher: Watcher | undefined;
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
});

function watch(client: RpcClient, pollMs = HOUR): Watcher {
  watcher = new Watcher({ gateway: client, chainId: 271, pollMs, head: 'finalized', onRoots: () => undefined });
  watcher.start();
  return watcher;
}

/** Waits until no read is in flight and none is due (a read run by hand after any in flight). */
async function settle(w: Watcher): Promise<void> {
  await w.pollNow();
  await w.pollNow();
}

describe('the watcher, following Gateway by push', () => {
  it('reads at start, then once for a push that moves finalized past its position', async () => {
    const gw = pushingGateway();
    const w = watch(gw.client);
    await pollUntil(() => gw.state.reads >= 1 && gw.listeners.size === 1, { what: 'the first read' });
    await settle(w);
    const before = gw.state.reads;
    gw.state.finalized = 5;
    gw.push({ latest: 7, safe: 6, finalized: 5 });
    await pollUntil(() => w.position === 5, { what: 'the read after the push' });
    expect(gw.state.reads).toBe(before + 1);
  });

  it('does not read for a push that leaves finalized at its position', async () => {
    const gw = pushingGateway();
    const w = watch(gw.client);
    await pollUntil(() => gw.listeners.size === 1, { what: 'the subscription' });
    await settle(w);
    const before = gw.state.reads;
    gw.push({ latest: 9, safe: 0, finalized: 0 });
    gw.state.finalized = 3;
    gw.push({ latest: 10, safe: 3, finalized: 3 });
    await pollUntil(() => w.position === 3, { what: 'the read after the moving push' });
    await settle(w);
    // The moving push's read, and the two of `settle`.
    expect(gw.state.reads).toBe(before + 3);
  });

  it('reads once more, not once per push, for pushes that arrive while a read is in flight', async () => {
    const gw = pushingGateway();
    const w = watch(gw.client);
    await pollUntil(() => gw.listeners.size === 1, { what: 'the subscription' });
    await settle(w);
    let release!: () => void;
    gw.state.hold = new Promise((r) => (release = r));
    gw.state.finalized = 1;
    gw.push({ latest: 1, safe: 1, finalized: 1 });
    const inFlight = gw.state.reads;
    for (let n = 2; n <= 5; n++) {
      gw.state.finalized = n;
      gw.push({ latest: n, safe: n, finalized: n });
    }
    gw.state.hold = undefined;
    release();
    await pollUntil(() => w.position === 5, { what: 'the reads after the burst' });
    await settle(w);
    // The read in flight, one more for the burst, and the two of `settle`.
    expect(gw.state.reads).toBe(inFlight + 3);
  });

  it('polls at pollMs while its subscription is lost, and only on pushes once it is back', async () => {
    const gw = pushingGateway();
    const w = watch(gw.client, 5);
    await pollUntil(() => gw.listeners.size === 1, { what: 'the subscription' });
    await settle(w);
    gw.push('lost');
    gw.state.finalized = 4;
    // No push tells it of block 4: only its poll finds it.
    await pollUntil(() => w.position === 4, { what: 'the poll while the subscription is lost' });
    gw.push('subscribed');
    await settle(w);
    const reads = gw.state.reads;
    gw.state.finalized = 6;
    gw.push({ latest: 6, safe: 6, finalized: 6 });
    await pollUntil(() => w.position === 6, { what: 'the read after the push' });
    await settle(w);
    // With the subscription back, no poll every 5 ms: the push's read and the two of `settle` (the fallback poll is a second away).
    expect(gw.state.reads).toBe(reads + 3);
  });
});
