/**
 * The explorer's server side, without a browser: the router port serves the built page at `/` beside
 * JSON-RPC, `/network` answers the layout, and every node answers the explorer's reads
 * (`zkinterop_chainSummary`, `zkinterop_listBatches`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import type { BatchListPage, ChainSummary, NetworkConfig } from '../../src/wire/types.ts';
import { buildExplorer } from '../../scripts/buildExplorer.mjs';
import { sendMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

let net: Network;

async function call<T>(path: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(`${net.routerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.result as T;
}

let dir: string;

beforeAll(async () => {
  // Its own build, so test files building at once do not share a folder.
  dir = mkdtempSync(path.join(os.tmpdir(), 'zkinterop-explorer-'));
  await buildExplorer(path.join(dir, 'explorer'));
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], profile: 'instant', routerPort: 0, l1: false, explorer: { dir: path.join(dir, 'explorer') }, onError: () => undefined });
});

afterAll(async () => {
  await net?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the router port', () => {
  test('GET / answers the explorer page, which loads only its own scripts and styles', async () => {
    const response = await fetch(`${net.routerUrl}/`);
    const html = await response.text();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${net.routerUrl}/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await script.text()).length).toBeGreaterThan(10_000);
  });

  test('JSON-RPC on /chains/<id> still answers beside the page', async () => {
    expect(await call<string>('/chains/271', 'eth_chainId')).toBe('0x10f');
  });

  test('/network answers the network layout before any chain id is known', async () => {
    const config = await call<NetworkConfig>('/network', 'zkinterop_networkConfig');
    expect(config.chains.map((c) => c.chainId)).toEqual([271, 272]);
    expect(config.gateway.routedUrl).toBe(`${net.routerUrl}/chains/506`);
  });

  test('/network serves nothing but the layout', async () => {
    await expect(call('/network', 'zkinterop_addChain', [])).rejects.toMatchObject({ code: -32601 });
  });
});

describe('without the explorer (up --no-explorer)', () => {
  test('the router serves no page at /, only JSON-RPC', async () => {
    const bare = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant', routerPort: 0, l1: false, explorer: false, autorelay: false, onError: () => undefined });
    try {
      expect((await fetch(`${bare.routerUrl}/`)).status).toBe(405);
      expect(bare.explorerServed).toBe(false);
    } finally {
      await bare.stop();
    }
  });
});

describe('the explorer reads', () => {
  test('a chain summary counts the batch a message went through up to executed', async () => {
    const sent = await sendMessage(net.chains[0]!, 'summary');
    const summary = await pollUntil(async () => {
      const s = await call<ChainSummary>('/chains/271', 'zkinterop_chainSummary');
      return s.lastExecutedBatch >= sent.batchNumber ? s : undefined;
    }, { what: 'the batch to execute' });
    expect(summary).toMatchObject({ chainId: 271, role: 'chain', health: 'ok', settlementLagBatches: 0 });
    expect(summary.blockNumber).toBeGreaterThanOrEqual(1);
    expect(summary.openBatch).toBe(summary.lastSealedBatch + 1);
  });

  test('a chain imports the interop root of the Gateway block that executed another chain\'s batch, and its summary says so', async () => {
    const summary = await pollUntil(async () => {
      const s = await call<ChainSummary>('/chains/272', 'zkinterop_chainSummary');
      return s.lastImportedRoot ? s : undefined;
    }, { what: 'chain 272 to import a root' });
    expect(summary.lastImportedRoot).toMatchObject({ chainId: 506 });
  });

  test('listBatches pages batches newest first with their settlement transactions on Gateway', async () => {
    const first = await call<BatchListPage>('/chains/271', 'zkinterop_listBatches', [{ limit: 2 }]);
    expect(first.batches[0]!.number).toBe(first.total - 1);
    expect(first.batches[0]!.stage).toBe('open');
    const executed = (await call<BatchListPage>('/chains/271', 'zkinterop_listBatches', [{ limit: 1000 }])).batches.find((b) => b.stage === 'executed' && b.number > 0);
    expect(executed).toMatchObject({ settlementLayerChainId: 506, executeTxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    const second = await call<BatchListPage>('/chains/271', 'zkinterop_listBatches', [{ limit: 2, offset: 1 }]);
    expect(second.batches[0]!.number).toBe(first.batches[1]!.number);
  });

  test('listBatches refuses a page over 1,000 batches with -32602', async () => {
    await expect(call('/chains/271', 'zkinterop_listBatches', [{ limit: 1001 }])).rejects.toMatchObject({ code: -32602 });
  });
});
