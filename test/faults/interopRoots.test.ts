/**
 * Delayed and dropped interop roots on chain 272 of a three-chain network. A delayed root waits, then
 * arrives. A dropped root is never imported there: the message that needs it verifies false on 272
 * (never a false positive) and true on 273; messages of later Gateway blocks verify on 272; and because
 * chain trees only grow, the dropped message itself is provable on 272 against a later root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import type { GatewayInclusion } from '../../src/wire/types.ts';
import { buildLogProofForBatch } from '../../src/chain/logProof.ts';
import { RpcClientError } from '../../src/rpc/client.ts';
import { claimOf, interopRootOn, proveOn, sendMessage, waitInteropRoot, waitSettled, type SettledMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { listFaults } from '../support/faults.ts';

const HOUR = 3_600_000;

let net: TestNetwork;
let a: NetworkNode;
let b: NetworkNode;
let c: NetworkNode;
let gateway: NetworkNode;

beforeAll(async () => {
  net = await createNetwork({ chains: 3, dev: true });
  [a, b, c] = [271, 272, 273].map((id) => net.network.node(id)) as [NetworkNode, NetworkNode, NetworkNode];
  gateway = net.network.gateway;
});

afterAll(async () => {
  await net?.stop();
});

/** Sends a message on 271 and waits until its batch is executed on Gateway. */
async function settleOn271(text: string): Promise<SettledMessage> {
  return waitSettled(a, gateway, await sendMessage(a, text));
}

/** Waits until 272's fault report shows the root of `gatewayBlock` held back by its delay. */
function waitHeldOn272(gatewayBlock: number) {
  return pollUntil(async () => (await listFaults(b)).chains.find((x) => x.chainId === 272)!.waitingRoots.find((w) => w.blockNumber === gatewayBlock), {
    what: `the root of Gateway block ${gatewayBlock} to wait in 272's delay`,
  });
}

describe('zkinterop_delayInteropRoots', () => {
  it('holds a root back while the delay lasts, and the message verifies once the root arrives', async () => {
    await b.client.request('zkinterop_delayInteropRoots', [272, HOUR]);
    const settled = await settleOn271('delayed');
    const held = await waitHeldOn272(settled.gatewayBlock);
    expect(held.root).toBe(settled.interopRoot);
    expect(await b.client.request('zkinterop_getImportedRoot', [gateway.chainId, settled.gatewayBlock])).toBeNull();
    expect(await proveOn(b, claimOf(271, settled))).toBe(false);

    const shortened = await b.client.request<{ rootDelayMs: number }>('zkinterop_delayInteropRoots', [272, 5]);
    expect(shortened.rootDelayMs).toBe(5);
    await waitInteropRoot(b, gateway.chainId, settled.gatewayBlock);
    expect(await proveOn(b, claimOf(271, settled))).toBe(true);
  });

  it('still delivers every root with a short delay in force', async () => {
    await b.client.request('zkinterop_delayInteropRoots', [272, 20]);
    const settled = await settleOn271('short delay');
    await waitInteropRoot(b, gateway.chainId, settled.gatewayBlock);
    expect(await proveOn(b, claimOf(271, settled))).toBe(true);
    await b.client.request('zkinterop_delayInteropRoots', [272, 0]);
  });
});

describe('zkinterop_dropInteropRoot', () => {
  let dropped: SettledMessage;
  let later: SettledMessage;

  beforeAll(async () => {
    // Hold 272's roots so the root to drop is known (its Gateway block exists) but not yet imported.
    await b.client.request('zkinterop_delayInteropRoots', [272, HOUR]);
    dropped = await settleOn271('its root is dropped on 272');
    await waitHeldOn272(dropped.gatewayBlock);
    const result = await b.client.request<{ status: string; root: Hex }>('zkinterop_dropInteropRoot', [272, dropped.gatewayBlock]);
    expect(result).toMatchObject({ status: 'dropped', root: dropped.interopRoot });
    await b.client.request('zkinterop_delayInteropRoots', [272, 0]);
    later = await settleOn271('from a later Gateway block');
    await waitInteropRoot(b, gateway.chainId, later.gatewayBlock);
  });

  it('never imports the dropped root on that chain, even after later roots arrived', async () => {
    expect(later.gatewayBlock).toBeGreaterThan(dropped.gatewayBlock);
    expect(BigInt(await interopRootOn(b, gateway.chainId, dropped.gatewayBlock))).toBe(0n);
    expect(await b.client.request('zkinterop_getImportedRoot', [gateway.chainId, dropped.gatewayBlock])).toBeNull();
  });

  it('makes the message that needs the dropped root verify false there', async () => {
    expect(await proveOn(b, claimOf(271, dropped))).toBe(false);
  });

  it('leaves the message verifiable on a chain whose root was not dropped', async () => {
    await waitInteropRoot(c, gateway.chainId, dropped.gatewayBlock);
    expect(await proveOn(c, claimOf(271, dropped))).toBe(true);
  });

  it('still verifies a message from a later Gateway block on that chain', async () => {
    expect(await proveOn(b, claimOf(271, later))).toBe(true);
  });

  it('lets the dropped message be proven against a later root, which still holds its batch (chain trees only grow)', async () => {
    const inclusion = await gateway.client.request<GatewayInclusion>('zkinterop_getBatchInclusion', [271, dropped.proof.batchNumber, later.gatewayBlock]);
    expect(inclusion.gatewayBlockNumber).toBe(later.gatewayBlock);
    const batch = a.node.batch(dropped.proof.batchNumber)!;
    const reanchored = buildLogProofForBatch({ ...batch, gatewayInclusion: inclusion }, dropped.proof.id, 'gateway', 271);
    expect(reanchored.root).toBe(batch.chainBatchRoot);
    expect(await proveOn(b, { ...claimOf(271, dropped), proof: reanchored.proof })).toBe(true);
  });

  it('reports the dropped root in zkinterop_listFaults', async () => {
    const report = await listFaults(a);
    const chain272 = report.chains.find((x) => x.chainId === 272)!;
    expect(chain272.droppedRoots).toEqual([{ gatewayBlock: dropped.gatewayBlock, root: dropped.interopRoot, at: expect.any(Number) }]);
    expect(chain272.dropsArmed).toEqual([]);
    expect(report.events.filter((e) => e.kind === 'rootDropped')).toEqual([expect.objectContaining({ chainId: 272, gatewayBlock: dropped.gatewayBlock, root: dropped.interopRoot })]);
    expect(report.chains.find((x) => x.chainId === 273)!.droppedRoots).toEqual([]);
  });

  it('arms a drop for a Gateway block that does not exist yet', async () => {
    const future = gateway.node.blockNumber + 1_000_000;
    const result = await b.client.request('zkinterop_dropInteropRoot', [272, future]);
    expect(result).toEqual({ chainId: 272, gatewayBlock: future, status: 'armed' });
    expect((await listFaults(b)).chains.find((x) => x.chainId === 272)!.dropsArmed).toEqual([future]);
  });

  it('refuses to drop a root the chain already imported, saying so', async () => {
    const error = await b.client.request('zkinterop_dropInteropRoot', [272, later.gatewayBlock]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcClientError);
    expect((error as RpcClientError).rpcCode).toBe(-32602);
    expect((error as RpcClientError).message).toMatch(new RegExp(`chain 272 already imported the interop root of Gateway block ${later.gatewayBlock}`));
  });
});
