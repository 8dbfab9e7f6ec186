/**
 * The WebSocket behind an HTTP client's `followTags` (src/rpc/tagsSocket.ts) against a real RPC server whose
 * tags the test pushes: a push reaches the listener as numbers; when the server goes away the listener hears
 * `lost` (and polls meanwhile), and `subscribed` once it is back on its port; a node that refuses the
 * subscription is never reported subscribed, so its followers keep polling.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../../src/testing/freePorts.ts';
import { z } from 'zod';
import { TagsSocket } from '../../src/rpc/tagsSocket.ts';
import type { TagsEvent } from '../../src/rpc/client.ts';
import { InvalidParamsError } from '../../src/rpc/errors.ts';
import { createMethodTable, defineMethod, requireConnection } from '../../src/rpc/methodTable.ts';
import { createRpcServer, type RpcServer } from '../../src/rpc/server.ts';
import { pollUntil } from '../support/poll.ts';

const emitters = new Set<(tags: unknown) => void>();
let server: RpcServer | undefined;
let stopFollowing: (() => void) | undefined;

afterEach(async () => {
  stopFollowing?.();
  await server?.stop();
  emitters.clear();
});

/** A server whose `eth_subscribe('zkinterop_blockTags')` the test drives, or refuses (`refuse`). */
async function tagsServer(refuse = false): Promise<RpcServer> {
  const methods = createMethodTable([
    defineMethod({
      name: 'eth_subscribe',
      params: z.tuple([z.string()]),
      handler: (_params, ctx) => {
        if (refuse) throw new InvalidParamsError('unsupported subscription kind');
        return requireConnection(ctx).subscribe((emit) => {
          emitters.add(emit);
          return () => emitters.delete(emit);
        });
      },
    }),
  ]);
  const s = createRpcServer({ port: (await freePorts(1))[0]!, methods });
  await s.start();
  return s;
}

function follow(wsUrl: string): TagsEvent[] {
  const events: TagsEvent[] = [];
  stopFollowing = new TagsSocket(wsUrl, 20).follow((event) => events.push(event));
  return events;
}

describe("the tags socket of an HTTP client's followTags", () => {
  it('says when it is subscribed and hands each push on as numbers', async () => {
    server = await tagsServer();
    const events = follow(server.wsUrl);
    await pollUntil(() => events.includes('subscribed') && emitters.size === 1, { what: 'the subscription' });
    for (const emit of emitters) emit({ latest: '0x7', safe: '0x5', finalized: '0x3' });
    await pollUntil(() => events.length === 2, { what: 'the push' });
    expect(events).toEqual(['subscribed', { latest: 7, safe: 5, finalized: 3 }]);
  });

  it('says lost when the node goes away, and subscribed again once it is back on its port', async () => {
    server = await tagsServer();
    const events = follow(server.wsUrl);
    await pollUntil(() => events.includes('subscribed'), { what: 'the first subscription' });
    await server.stop();
    await pollUntil(() => events.includes('lost'), { what: 'lost' });
    await server.start();
    await pollUntil(() => events.filter((e) => e === 'subscribed').length === 2, { what: 'the second subscription' });
    expect(events).toEqual(['subscribed', 'lost', 'subscribed']);
  });

  it('never says subscribed to a node that refuses the subscription', async () => {
    server = await tagsServer(true);
    const events = follow(server.wsUrl);
    // A second, accepting server proves the socket would have said so by now had it been accepted.
    const other = await tagsServer();
    try {
      const otherEvents: TagsEvent[] = [];
      const stop = new TagsSocket(other.wsUrl, 20).follow((event) => otherEvents.push(event));
      await pollUntil(() => otherEvents.includes('subscribed'), { what: 'the other subscription' });
      stop();
    } finally {
      await other.stop();
    }
    expect(events).toEqual([]);
  });
});
