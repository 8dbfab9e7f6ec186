/**
 * The coordinator's newHeads subscriptions (src/network/headsFollower.ts) against a real RPC server whose
 * heads the test emits: a head reaches `onHead`, and after the server stops and starts again on its port
 * (a node process restarting) the follower subscribes again and says so, so the blocks sealed meanwhile
 * are read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../../src/testing/freePorts.ts';
import { z } from 'zod';
import { HeadsFollower } from '../../src/network/headsFollower.ts';
import { createMethodTable, defineMethod, requireConnection } from '../../src/rpc/methodTable.ts';
import { createRpcServer, type RpcServer } from '../../src/rpc/server.ts';
import { pollUntil } from '../support/poll.ts';

const emitters = new Set<(head: unknown) => void>();
let server: RpcServer | undefined;
let follower: HeadsFollower | undefined;

afterEach(async () => {
  follower?.stop();
  await server?.stop();
});

async function headsServer(): Promise<RpcServer> {
  const methods = createMethodTable([
    defineMethod({
      name: 'eth_subscribe',
      params: z.tuple([z.literal('newHeads')]),
      handler: (_params, ctx) =>
        requireConnection(ctx).subscribe((emit) => {
          emitters.add(emit);
          return () => emitters.delete(emit);
        }),
    }),
  ]);
  const s = createRpcServer({ port: (await freePorts(1))[0]!, methods });
  await s.start();
  return s;
}

describe('the newHeads follower', () => {
  it('tells of each head of a chain it follows', async () => {
    server = await headsServer();
    const heads: number[] = [];
    follower = new HeadsFollower({ onHead: (chainId) => heads.push(chainId) });
    follower.follow(271, server.wsUrl);
    // Once subscribed, it says so (what was sealed before is read on that turn).
    await pollUntil(() => emitters.size === 1 && heads.length === 1 || undefined, { what: 'the subscription' });
    for (const emit of emitters) emit({ number: '0x1' });
    await pollUntil(() => heads.length === 2 || undefined, { what: 'the head' });
    expect(heads).toEqual([271, 271]);
  });

  it('subscribes again once a node that went away is back on its port', async () => {
    server = await headsServer();
    const heads: number[] = [];
    follower = new HeadsFollower({ onHead: (chainId) => heads.push(chainId), retryMs: 20 });
    follower.follow(272, server.wsUrl);
    await pollUntil(() => heads.length === 1 || undefined, { what: 'the first subscription' });
    await server.stop();
    emitters.clear();
    await server.start();
    await pollUntil(() => heads.length === 2 || undefined, { what: 'the second subscription' });
    for (const emit of emitters) emit({ number: '0x2' });
    await pollUntil(() => heads.length === 3 || undefined, { what: 'a head after the restart' });
    expect(emitters.size).toBe(1);
  });
});
