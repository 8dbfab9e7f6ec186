import { describe, expect, it } from 'vitest';
import { RpcClientError, type RpcClient } from './client.ts';
import { getLogsInPages, type LogPage } from './getLogsInPages.ts';

type Log = { blockNumber: number };

/**
 * A node over `logs` (one per listed block number) that refuses, as this node does, ranges wider than
 * `maxRange` blocks and more than `maxResults` logs over more than one block (with the ZKsync server's
 * suggested range when `suggest`); it records every range it was asked.
 */
function fakeNode(logs: number[], options: { maxRange: number; maxResults: number; suggest?: boolean }) {
  const asked: [number, number][] = [];
  const client: RpcClient = {
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      expect(method).toBe('eth_getLogs');
      const { fromBlock, toBlock } = params[0] as { fromBlock: string; toBlock: string };
      const from = Number(fromBlock);
      const to = Number(toBlock);
      asked.push([from, to]);
      if (to - from + 1 > options.maxRange) throw new RpcClientError(method, -32602, `query exceeds max block range ${options.maxRange}`);
      const found = logs.filter((b) => b >= from && b <= to).map((blockNumber) => ({ blockNumber }));
      if (from !== to && found.length > options.maxResults) {
        const fits = Math.max(from, found[options.maxResults]!.blockNumber - 1);
        const hint = options.suggest ? ` Try with this block range [0x${from.toString(16)}, 0x${fits.toString(16)}].` : '';
        throw new RpcClientError(method, -32602, `Query returned more than ${options.maxResults} results.${hint}`);
      }
      return found as T;
    },
  };
  return { client, asked };
}

async function collect(pages: AsyncGenerator<LogPage<Log>>): Promise<LogPage<Log>[]> {
  const out: LogPage<Log>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('getLogsInPages', () => {
  it('default: reads every block once, oldest first, in pages the node accepts', async () => {
    const logs = [0, 5, 17, 18, 40, 99];
    const node = fakeNode(logs, { maxRange: 10, maxResults: 100 });
    const pages = await collect(getLogsInPages<Log>(node.client, { filter: {}, fromBlock: 0, toBlock: 99, pageBlocks: 25 }));
    expect(pages.flatMap((p) => p.logs.map((l) => l.blockNumber))).toEqual(logs);
    expect(pages[0]!.fromBlock).toBe(0);
    expect(pages.at(-1)!.toBlock).toBe(99);
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.fromBlock).toBe(pages[i - 1]!.toBlock + 1);
    expect(pages.every((p) => p.toBlock - p.fromBlock + 1 <= 10)).toBe(true);
  });

  it('behavior: narrows a page with too many logs to the range the node suggests', async () => {
    const logs = [1, 2, 3, 4, 5, 6, 7, 8];
    const node = fakeNode(logs, { maxRange: 1_000, maxResults: 3, suggest: true });
    const pages = await collect(getLogsInPages<Log>(node.client, { filter: {}, fromBlock: 0, toBlock: 20 }));
    expect(pages.flatMap((p) => p.logs.map((l) => l.blockNumber))).toEqual(logs);
    expect(node.asked).toContainEqual([0, 3]);
  });

  it('behavior: halves a refused page when the node suggests nothing, and never splits a block', async () => {
    const logs = [3, 3, 3, 3, 3, 9];
    const node = fakeNode(logs, { maxRange: 1_000, maxResults: 2 });
    const pages = await collect(getLogsInPages<Log>(node.client, { filter: {}, fromBlock: 0, toBlock: 15 }));
    expect(pages.flatMap((p) => p.logs.map((l) => l.blockNumber))).toEqual(logs);
    expect(pages.find((p) => p.logs.length === 5)).toMatchObject({ fromBlock: 3, toBlock: 3 });
  });

  it('behavior: newest first, stopping where the caller stops', async () => {
    const node = fakeNode([2, 50, 95], { maxRange: 10, maxResults: 100 });
    for await (const page of getLogsInPages<Log>(node.client, { filter: {}, fromBlock: 0, toBlock: 99, newestFirst: true })) {
      if (page.logs.length > 0) {
        expect(page.logs).toEqual([{ blockNumber: 95 }]);
        break;
      }
    }
    const accepted = node.asked.filter(([from, to]) => to - from + 1 <= 10);
    expect(accepted.every(([from]) => from >= 90)).toBe(true);
  });

  it('error: passes on other errors as they are', async () => {
    const client: RpcClient = { request: () => Promise.reject(new RpcClientError('eth_getLogs', -32000, 'cannot reach the node')) };
    await expect(collect(getLogsInPages<Log>(client, { filter: {}, fromBlock: 0, toBlock: 5 }))).rejects.toThrow('cannot reach the node');
  });
});
