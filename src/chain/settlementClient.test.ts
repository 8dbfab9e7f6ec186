import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { RpcClientError, type RpcClient } from '../rpc/client.ts';
import { createSettlementClient } from './settlementClient.ts';

const HEAD = 250_000;
const MAX_RANGE = 100_000;
const EXECUTE_TX: Hex = `0x${'ab'.repeat(32)}`;

describe('createSettlementClient', () => {
  it('behavior: finds a stage\'s Gateway transaction on a long Gateway, reading back from the head within its eth_getLogs range limit', async () => {
    const asked: [number, number][] = [];
    const gateway: RpcClient = {
      async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
        if (method === 'eth_blockNumber') return `0x${HEAD.toString(16)}` as T;
        expect(method).toBe('eth_getLogs');
        const { fromBlock, toBlock } = params[0] as { fromBlock: Hex; toBlock: Hex };
        const [from, to] = [Number(fromBlock), Number(toBlock)];
        asked.push([from, to]);
        if (to - from + 1 > MAX_RANGE) throw new RpcClientError(method, -32602, `query exceeds max block range ${MAX_RANGE}`);
        return (from <= HEAD - 3 && HEAD - 3 <= to ? [{ transactionHash: EXECUTE_TX }] : []) as T;
      },
    };
    const client = createSettlementClient({ settlementLayer: gateway, settlementLayerChainId: 506, chainId: 271, operatorKey: `0x${'11'.repeat(32)}` });
    expect(await client.stageTransaction(7, 'execute')).toBe(EXECUTE_TX);
    expect(asked.filter(([from, to]) => to - from + 1 <= MAX_RANGE)).toEqual([[HEAD - 9_999, HEAD]]);
  });
});
