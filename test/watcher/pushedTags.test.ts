/**
 * The watcher follows Gateway by push (src/watcher/watcher.ts, src/rpc/wakeLoop.ts): with a Gateway client
 * that pushes its tags and a poll interval of an hour, a push that moves the tag it follows past its
 * position costs one request (the logs up to the pushed block: the tag itself is not asked again), a push
 * that does not costs none, a burst of pushes while a request is in flight costs one more, and while its
 * subscription is lost it polls at `pollMs` again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Watcher } from '../../src/watcher/watcher.ts';
import type { RpcClient, TagsEvent } from '../../src/rpc/client.ts';
import { pollUntil } from '../support/poll.ts';

const HOUR = 3_600_000;

/** A Gateway with no roots whose finalized block the test sets and whose tags it pushes; every request is recorded. */
function pushingGateway() {
  const state = { finalized: 0, requests: [] as string[], hold: undefined as Promise<void> | undefined };
  const listeners = new Set<(event: TagsEvent) => void>();
  const client: RpcClient = {
    async request<T>(method: string): Promise<T> {
      state.requests.push(method);
      await state.hold;
      if (method === 'eth_getBlockByNumber') return { number: `0x${state.finalized.toString(16)}` } as T;
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

/** A started watcher of `client`, once subscribed and done with its first reads. */
async function watch(client: RpcClient, gw: ReturnType<typeof pushingGateway>, pollMs = HOUR): Promise<Watcher> {
  const w = new Watcher({ gateway: client, chainId: 271, pollMs, head: 'finalized', onRoots: () => undefined });
  watcher = w;
  w.start();
  await pollUntil(() => gw.listeners.size === 1, { what: 'the subscription' });
  await settle(w);
  return w;
}

/** Waits until no read is in flight and none is due (a read run by hand after any in flight). */
async function settle(w: Watcher): Promise<void> {
  await w.pollNow();
  await w.pollNow();
}

describe('the watcher, following Gateway by push', () => {
  it('asks Gateway only for the logs up to the pushed block when a push moves finalized past its position', async () => {
    const gw = pushingGateway();
    const w = await watch(gw.client, gw);
    const before = gw.state.requests.length;
    gw.state.finalized = 5;
    gw.push({ latest: 7, safe: 6, finalized: 5 });
    await pollUntil(() => w.position === 5, { what: 'the read after the push' });
    await settle(w);
    expect(gw.state.requests.slice(before)).toEqual(['eth_getLogs']);
  });

  it('asks Gateway nothing for a push that leaves finalized at its position', async () => {
    const gw = pushingGateway();
    const w = await watch(gw.client, gw);
    const before = gw.state.requests.length;
    gw.push({ latest: 9, safe: 0, finalized: 0 });
    await settle(w);
    expect(gw.state.requests.slice(before)).toEqual([]);
  });

  it('reads once more, not once per push, for pushes that arrive while a read is in flight', async () => {
    const gw = pushingGateway();
    const w = await watch(gw.client, gw);
    const before = gw.state.requests.length;
    let release!: () => void;
    gw.state.hold = new Promise((r) => (release = r));
    gw.state.finalized = 1;
    gw.push({ latest: 1, safe: 1, finalized: 1 });
    await pollUntil(() => gw.state.requests.length === before + 1, { what: 'the read in flight' });
    for (let n = 2; n <= 5; n++) {
      gw.state.finalized = n;
      gw.push({ latest: n, safe: n, finalized: n });
    }
    gw.state.hold = undefined;
    release();
    await pollUntil(() => w.position === 5, { what: 'the reads after the burst' });
    await settle(w);
    expect(gw.state.requests.slice(before)).toEqual(['eth_getLogs', 'eth_getLogs']);
  });

  it('polls at pollMs while its subscription is lost, and asks only on pushes once it is back', async () => {
    const gw = pushingGateway();
    const w = await watch(gw.client, gw, 5);
    gw.push('lost');
    gw.state.finalized = 4;
    // No push tells it of block 4: only its poll finds it.
    await pollUntil(() => w.position === 4, { what: 'the poll while the subscription is lost' });
    gw.push('subscribed');
    await settle(w);
    const before = gw.state.requests.length;
    gw.state.finalized = 6;
    gw.push({ latest: 6, safe: 6, finalized: 6 });
    await pollUntil(() => w.position === 6, { what: 'the read after the push' });
    // Polling every 5 ms would ask for the finalized block again meanwhile.
    await new Promise((r) => setTimeout(r, 50));
    expect(gw.state.requests.slice(before)).toEqual(['eth_getLogs']);
  });
});
