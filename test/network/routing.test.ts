import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';

async function rpc(url: string, method: string, params: unknown[] = [], headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
}

describe('single routed endpoint', () => {
  let net: Network;
  beforeAll(async () => {
    net = await startNetwork({
      gateway: { chainId: 506, port: 0 },
      chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }],
      routerPort: 0,
      profile: 'instant',
      allowedOrigins: ['https://app.example'],
    });
  });
  afterAll(() => net.stop());

  it('routes /chains/<id> to each chain and to Gateway', async () => {
    for (const id of [506, 271, 272]) {
      expect((await rpc(`${net.routerUrl}/chains/${id}`, 'eth_chainId')).result).toBe(`0x${id.toString(16)}`);
    }
  });

  it('answers an unknown chain path with a resource-not-found error', async () => {
    const answer = await rpc(`${net.routerUrl}/chains/999`, 'eth_chainId');
    expect(answer.error?.code).toBe(-32001);
  });

  it('lists routed URLs in the network config', async () => {
    const config = await net.node(271).client.request<{ chains: { chainId: number; routedUrl: string }[] }>('zkinterop_networkConfig');
    expect(config.chains.map((c) => c.routedUrl)).toEqual([`${net.routerUrl}/chains/271`, `${net.routerUrl}/chains/272`]);
  });

  it('serves the allowed origins on every node and on the routed endpoint, and refuses other pages', async () => {
    for (const url of [net.node(506).rpcUrl, net.node(271).rpcUrl, `${net.routerUrl}/chains/272`]) {
      expect((await rpc(url, 'eth_chainId', [], { origin: 'https://app.example' })).result).toMatch(/^0x/);
      expect((await rpc(url, 'eth_chainId', [], { origin: 'https://evil.example' })).error?.message).toContain('--allow-origin');
    }
  });
});
