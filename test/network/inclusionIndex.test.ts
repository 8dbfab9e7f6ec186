/**
 * Gateway's inclusion index reads Gateway only through a JSON-RPC client: an index built beside the
 * network's from nothing but Gateway's client (eth_blockNumber, eth_getLogs in pages, eth_call of
 * historicalRoot) answers what zkinterop_getBatchInclusion answers, and a page refused for its size is
 * asked again narrower.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import { InclusionIndex } from '../../src/gateway/inclusionIndex.ts';
import { RpcClientError, type RpcClient } from '../../src/rpc/client.ts';
import { sendMessage, waitSettled } from '../support/interop.ts';

let net: TestNetwork;
let a: NetworkNode;
let gateway: NetworkNode;

beforeAll(async () => {
  net = await createNetwork({ chains: 2 });
  a = net.network.node(271);
  gateway = net.network.gateway;
});

afterAll(async () => {
  await net?.stop();
});

it('answers from Gateway\'s RPC client alone what zkinterop_getBatchInclusion answers', async () => {
  const settled = await waitSettled(a, gateway, await sendMessage(a, 'index over rpc'));
  const methods = new Set<string>();
  const client: RpcClient = {
    request: (method, params) => {
      methods.add(method);
      return gateway.client.request(method, params);
    },
  };
  const index = await InclusionIndex.follow(client, gateway.chainId);
  expect(index.inclusion(271, settled.proof.batchNumber)).toEqual(await gateway.client.request('zkinterop_getBatchInclusion', [271, settled.proof.batchNumber]));
  expect([...methods].sort()).toEqual(['eth_blockNumber', 'eth_call', 'eth_getLogs']);
});

it('asks a page again narrower when Gateway refuses it for its size, and still checks every block', async () => {
  const settled = await waitSettled(a, gateway, await sendMessage(a, 'index in small pages'));
  let refused = 0;
  const client: RpcClient = {
    request: (method, params) => {
      if (method === 'eth_getLogs') {
        const [filter] = params as [{ fromBlock: string; toBlock: string }];
        if (Number(filter.toBlock) - Number(filter.fromBlock) >= 4) {
          refused++;
          return Promise.reject(new RpcClientError(method, -32602, 'block range too wide'));
        }
      }
      return gateway.client.request(method, params);
    },
  };
  const index = await InclusionIndex.follow(client, gateway.chainId);
  expect(refused).toBeGreaterThan(0);
  expect(index.inclusion(271, settled.proof.batchNumber)).toEqual(await gateway.client.request('zkinterop_getBatchInclusion', [271, settled.proof.batchNumber]));
});

it('after a revert answers what an index read afresh from Gateway answers', async () => {
  const snapshot = await net.network.snapshot();
  const abandoned = await waitSettled(a, gateway, await sendMessage(a, 'abandoned by revert'));
  await net.network.revert(snapshot);
  const kept = await waitSettled(a, gateway, await sendMessage(a, 'settled after revert'));
  expect(kept.proof.batchNumber).toBe(abandoned.proof.batchNumber);
  const fresh = await InclusionIndex.follow(gateway.client, gateway.chainId);
  expect(await gateway.client.request('zkinterop_getBatchInclusion', [271, kept.proof.batchNumber])).toEqual(fresh.inclusion(271, kept.proof.batchNumber));
});
