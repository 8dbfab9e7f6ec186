/**
 * `eth_subscribe('zkinterop_blockTags')` (src/chain/rpc/ethSubscribe.ts), what watchers and a chain's layer
 * finality follow instead of polling: over Gateway's WebSocket and through Gateway's in-process client
 * (`followTags`), a message settled on Gateway and Gateway's batch executed on the L1 are pushed as
 * Gateway's `finalized` block reaching the block that holds the message batch's execute; tags are pushed
 * only when one moved, and never go back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { createHttpRpcClient, parseBlockTags, type BlockTags, type TagsEvent } from '../../src/rpc/client.ts';
import { pollUntil } from '../support/poll.ts';
import { sendMessage, waitSettled } from '../support/interop.ts';

let net: Network;
beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant' });
});
afterAll(async () => {
  await net?.stop();
});

/** Every push of one subscription over a socket to `wsUrl`. */
async function subscribeOverWs(wsUrl: string): Promise<{ pushes: BlockTags[]; close: () => void }> {
  const ws = new WebSocket(wsUrl);
  const pushes: BlockTags[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['zkinterop_blockTags'] })));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown; params?: { result?: unknown } };
      if (message.id === 1) return message.error ? reject(new Error(JSON.stringify(message.error))) : resolve();
      const tags = parseBlockTags(message.params?.result);
      if (tags) pushes.push(tags);
    });
  });
  return { pushes, close: () => ws.terminate() };
}

/** Waits for a push with finalized at `block`, then checks every push moved a tag and none went back. */
async function expectPushedPast(read: () => BlockTags[], block: number): Promise<void> {
  await pollUntil(() => read().some((t) => t.finalized >= block), { what: "Gateway's finalized block past the execute" });
  const tags = read();
  for (let i = 1; i < tags.length; i++) {
    const [a, b] = [tags[i - 1]!, tags[i]!];
    expect(b.latest >= a.latest && b.safe >= a.safe && b.finalized >= a.finalized).toBe(true);
    expect(a.latest !== b.latest || a.safe !== b.safe || a.finalized !== b.finalized).toBe(true);
  }
}

describe("Gateway's block tags, pushed", () => {
  it("push Gateway's finalized block past a message's execute, over its WebSocket and its in-process client, each push a move, none going back", async () => {
    const gateway = net.node(506);
    const overWs = await subscribeOverWs(gateway.wsUrl);
    const inProcess: TagsEvent[] = [];
    const stop = gateway.client.followTags!((event) => inProcess.push(event));
    try {
      const settled = await waitSettled(net.node(271), gateway, await sendMessage(net.node(271), 'tags'));
      await expectPushedPast(() => overWs.pushes, settled.gatewayBlock);
      await expectPushedPast(() => inProcess.filter((e): e is BlockTags => typeof e === 'object'), settled.gatewayBlock);
      expect(inProcess[0]).toBe('subscribed');
    } finally {
      stop();
      overWs.close();
    }
  });

  it('reach an HTTP client given the WebSocket URL, which says when it is subscribed', async () => {
    const gateway = net.node(506);
    const client = createHttpRpcClient(gateway.rpcUrl, { wsUrl: gateway.wsUrl });
    const events: TagsEvent[] = [];
    const stop = client.followTags!((event) => events.push(event));
    try {
      await pollUntil(() => events.includes('subscribed'), { what: 'the subscription' });
      await waitSettled(net.node(271), gateway, await sendMessage(net.node(271), 'tags over http'));
      await pollUntil(() => events.some((e) => typeof e === 'object'), { what: 'a push' });
    } finally {
      stop();
    }
  });
});
