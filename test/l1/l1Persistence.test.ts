import { afterAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore, type NetworkDump } from '../../src/store/index.ts';
import { createSettlementClient } from '../../src/chain/settlementClient.ts';
import { pollUntil } from '../support/poll.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';
import { sqliteBackend } from '../support/stores.ts';

// An L1 under Gateway (opt-in) survives restarts, snapshots and dumps like every other node.
const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 }, profile: 'instant' as const });

const backend = sqliteBackend();
afterAll(() => backend.cleanup());

function gatewayProgressOnL1(net: Network) {
  return createSettlementClient({ settlementLayer: net.l1!.client, settlementLayerChainId: 9, chainId: 506, operatorKey: `0x${'11'.repeat(32)}` }).progress();
}

/**
 * Waits until the L1 has executed every Gateway batch sealed so far and Gateway's open batch is empty (with a
 * batch time of 0 Gateway holds its open batch while an earlier one settles, and seals it after).
 */
function waitGatewaySettled(net: Network): Promise<number> {
  return pollUntil(async () => {
    const sealed = net.gateway.node.lastBatchWithStage('sealed');
    const open = net.gateway.node.batches.at(-1)!;
    const { executed } = await gatewayProgressOnL1(net);
    return executed >= 1 && executed >= sealed && open.txHashes.length === 0 ? executed : undefined;
  }, { what: "every sealed Gateway batch executed on the L1" });
}

describe('an L1 under Gateway across restarts, snapshots and dumps', () => {
  it("restarts from a SQLite store with the L1, Gateway's settlement on it, and keeps settling", async () => {
    const location = await backend.location();
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    const sent = await sendMessage(net.node(271), 'survives a restart over an L1');
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    const executed = await waitGatewaySettled(net);
    const l1Head = net.l1!.node.blockNumber;
    const details = await net.gateway.client.request('zks_getL1BatchDetails', [1]);
    await net.stop();

    net = await startNetwork({ gateway: layout().gateway, chains: layout().chains, profile: 'instant', store: await openStore(location) });
    try {
      expect(net.l1?.chainId).toBe(9);
      expect(net.l1!.node.blockNumber).toBeGreaterThanOrEqual(l1Head);
      expect((await gatewayProgressOnL1(net)).executed).toBeGreaterThanOrEqual(executed);
      expect(await net.gateway.client.request('zks_getL1BatchDetails', [1])).toEqual(details);
      expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);

      const next = await sendMessage(net.node(272), 'after the restart');
      const nextSettled = await waitSettled(net.node(272), net.gateway, next);
      await waitInteropRoot(net.node(271), 506, nextSettled.gatewayBlock);
      expect(await proveOn(net.node(271), claimOf(272, nextSettled))).toBe(true);
      expect((await gatewayProgressOnL1(net)).executed).toBeGreaterThan(executed);
    } finally {
      await net.stop();
    }
  });

  it('refuses to start a stored network without an L1 with --l1', async () => {
    const location = await backend.location();
    const net = await startNetwork({ gateway: layout().gateway, chains: layout().chains, profile: 'instant', l1: false, store: await openStore(location) });
    await net.stop();
    await expect(startNetwork({ ...layout(), store: await openStore(location) })).rejects.toThrow(/without an L1/);
  });

  it('reverts the L1 with the rest of the network, and settles on from there', async () => {
    const net = await startNetwork(layout());
    try {
      await sendMessage(net.node(271), 'before the snapshot');
      const executedBefore = await waitGatewaySettled(net);
      const l1Head = net.l1!.node.blockNumber;
      const id = await net.snapshot();
      const sent = await sendMessage(net.node(271), 'to be forgotten');
      await waitSettled(net.node(271), net.gateway, sent);
      await pollUntil(async () => ((await gatewayProgressOnL1(net)).executed > executedBefore ? true : undefined), { what: 'a later Gateway batch on the L1' });
      await net.revert(id);
      expect(net.l1!.node.blockNumber).toBe(l1Head);
      expect((await gatewayProgressOnL1(net)).executed).toBe(executedBefore);

      const again = await sendMessage(net.node(271), 'after the revert');
      const settled = await waitSettled(net.node(271), net.gateway, again);
      await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
      expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
      expect(net.gateway.node.settlementHalted).toBeUndefined();
    } finally {
      await net.stop();
    }
  });

  it('dumps and loads the L1 with the network', async () => {
    const first = await startNetwork(layout());
    const sent = await sendMessage(first.node(271), 'dumped over an L1');
    const settled = await waitSettled(first.node(271), first.gateway, sent);
    await waitInteropRoot(first.node(272), 506, settled.gatewayBlock);
    await waitGatewaySettled(first);
    const dump = await first.node(272).client.request<NetworkDump>('zkinterop_dump');
    const l1Head = await first.l1!.client.request<{ hash: Hex }>('eth_getBlockByNumber', ['latest', false]);
    await first.stop();

    const loaded = await startNetwork({ gateway: layout().gateway, chains: layout().chains, profile: 'instant', load: dump });
    try {
      expect(loaded.l1).toBeDefined();
      const head = await loaded.l1!.client.request<{ hash: Hex }>('eth_getBlockByNumber', ['latest', false]);
      expect(head.hash).toBe(l1Head.hash);
      expect(await proveOn(loaded.node(272), claimOf(271, settled))).toBe(true);
    } finally {
      await loaded.stop();
    }
  });

  it('registers a chain added at runtime on the L1 too, and a restart replays it into the same L1 blocks', async () => {
    const location = await backend.location();
    let net = await startNetwork({ ...layout(), store: await openStore(location) });
    await net.addChain({ chainId: 273, port: 0 });
    const zkChainOnL1 = () => net.l1!.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data: encodeFunctionData({ abi: bridgehubAbi, functionName: 'getZKChain', args: [273n] }) }, 'latest']);
    expect(BigInt(await zkChainOnL1())).toBe(BigInt(chainSettlementAddress(273)));
    const sent = await sendMessage(net.node(273), 'from a chain added at runtime');
    await waitSettled(net.node(273), net.gateway, sent);
    const l1Head = await net.l1!.client.request<{ number: Hex; hash: Hex }>('eth_getBlockByNumber', ['latest', false]);
    await net.stop();

    net = await startNetwork({ gateway: layout().gateway, chains: layout().chains, profile: 'instant', store: await openStore(location) });
    try {
      const sameBlock = await net.l1!.client.request<{ hash: Hex }>('eth_getBlockByNumber', [l1Head.number, false]);
      expect(sameBlock.hash).toBe(l1Head.hash);
      expect(BigInt(await zkChainOnL1())).toBe(BigInt(chainSettlementAddress(273)));
      // Its message is provable on the L1 once Gateway's batch holding its execute is executed there.
      const proof = await pollUntil(() => net.node(273).client.request<{ proof: Hex[]; id: number; batchNumber: number } | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: 'the proof to the L1 of 273\'s message' });
      const verified = await net.l1!.client.request<Hex>('eth_call', [
        {
          to: BRIDGEHUB_ADDRESS,
          data: encodeFunctionData({
            abi: bridgehubAbi,
            functionName: 'proveL2MessageInclusion',
            args: [273n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data }, proof.proof],
          }),
        },
        'latest',
      ]);
      expect(BigInt(verified)).toBe(1n);
    } finally {
      await net.stop();
    }
  });
});
