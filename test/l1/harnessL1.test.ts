/**
 * The test harness with an L1 under Gateway (issue 13): `createNetwork({ l1: true })` gives the L1's
 * handle (`net.l1`, `chain(9)`), `advanceUntil(…, 'provableOnL1')` waits for (automatic mode) or drives
 * (manual mode: Gateway's batches on the L1 too) a message until the L1 verifies it, and snapshot/revert
 * takes the L1 along. Verification is checked with the SDK (getL1MessageProof, verifyMessageOnL1),
 * not with the harness's own check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { getL1MessageProof, verifyMessageOnL1 } from '../../src/sdk/index.ts';
import { chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { sendMessage } from '../support/interop.ts';

/** Whether the L1 verifies the first message of `txHash` sent on `chainId`, through the SDK. */
async function verifiesOnL1(net: TestNetwork, chainId: number, txHash: Hex): Promise<boolean> {
  const proof = await getL1MessageProof(net.chain(chainId).client, { txHash });
  return verifyMessageOnL1(net.l1!.client, proof);
}

/** Gateway's batches executed on the L1 (its ZK chain contract's counter there). */
async function gatewayExecutedOnL1(net: TestNetwork): Promise<bigint> {
  return net.l1!.client.readContract({ address: chainSettlementAddress(net.gateway.chainId), abi: chainSettlementAbi, functionName: 'getTotalBatchesExecuted' });
}

describe('the harness with an L1, automatic mode', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 2, l1: true });
  });
  afterAll(() => net?.stop());

  it("gives the L1's handle as net.l1 and chain(9), with a viem client on chain 9", async () => {
    expect(net.l1?.chainId).toBe(9);
    expect(net.chain(9)).toBe(net.l1);
    expect(await net.l1!.client.getChainId()).toBe(9);
    expect(await net.l1!.request('eth_chainId')).toBe('0x9');
    expect(net.l1!.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  });

  it("advanceUntil 'provableOnL1' waits until the L1 verifies the message", async () => {
    const sent = await sendMessage(net.network.node(271), 'provable on the L1');
    const life = await net.advanceUntil(sent.txHash, 'provableOnL1');
    expect(life.stage).toBe('executed');
    expect(await verifiesOnL1(net, 271, sent.txHash)).toBe(true);
  });

  it('revert takes the L1 back to the snapshot, and a later message still becomes provable there', async () => {
    const first = await sendMessage(net.network.node(272), 'before the snapshot');
    await net.advanceUntil(first.txHash, 'provableOnL1');
    const id = await net.snapshot();
    const l1Head = await net.l1!.client.getBlockNumber();
    const executed = await gatewayExecutedOnL1(net);
    const forgotten = await sendMessage(net.network.node(271), 'to be forgotten');
    await net.advanceUntil(forgotten.txHash, 'provableOnL1');
    expect(await gatewayExecutedOnL1(net)).toBeGreaterThan(executed);

    await net.revert(id);
    expect(await net.l1!.client.getBlockNumber()).toBe(l1Head);
    expect(await gatewayExecutedOnL1(net)).toBe(executed);
    expect(await verifiesOnL1(net, 272, first.txHash)).toBe(true);
    const again = await sendMessage(net.network.node(271), 'after the revert');
    await net.advanceUntil(again.txHash, 'provableOnL1');
    expect(await verifiesOnL1(net, 271, again.txHash)).toBe(true);
  });
});

describe('the harness with an L1, manual mode', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 2, l1: true, manual: true });
  });
  afterAll(() => net?.stop());

  it("advanceUntil 'provableOnL1' drives the chain's batch and Gateway's batch on the L1 until the L1 verifies the message", async () => {
    const sent = await sendMessage(net.network.node(271), 'stepped to the L1');
    await net.advanceUntil(sent.txHash, 'executed');
    // Executed on Gateway only: in manual mode nothing moves Gateway's batch to the L1 by itself.
    expect(await net.chain(271).request('zks_getL2ToL1LogProof', [sent.txHash, 0])).toBeNull();
    const executedBefore = await gatewayExecutedOnL1(net);

    await net.advanceUntil(sent.txHash, 'provableOnL1');
    expect(await gatewayExecutedOnL1(net)).toBeGreaterThan(executedBefore);
    expect(await verifiesOnL1(net, 271, sent.txHash)).toBe(true);
  });

  it("advanceUntil 'provableOnL1' also drives a message straight from 'included'", async () => {
    const sent = await sendMessage(net.network.node(272), 'from included to the L1');
    await net.advanceUntil(sent.txHash, 'provableOnL1');
    expect(await verifiesOnL1(net, 272, sent.txHash)).toBe(true);
  });

  it("advanceUntil 'imported' steps Gateway's batch on the L1 too, since chains import only roots final there", async () => {
    const sent = await sendMessage(net.network.node(271), 'imported under an L1');
    const life = await net.advanceUntil(sent.txHash, 'imported', { on: 272 });
    expect(await net.chain(272).request('zkinterop_getImportedRoot', [net.gateway.chainId, life.gatewayBlockNumber])).not.toBeNull();
  });
});

describe('the harness without an L1', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 2, l1: false });
  });
  afterAll(() => net?.stop());

  it('has no L1 handle, and chain(9) says which chains there are', () => {
    expect(net.l1).toBeUndefined();
    expect(() => net.chain(9)).toThrow(/not part of this test network/);
  });

  it("refuses 'provableOnL1', saying to start the network with an L1", async () => {
    const sent = await sendMessage(net.network.node(271), 'no L1 here');
    await expect(net.advanceUntil(sent.txHash, 'provableOnL1')).rejects.toThrow(/l1: true/);
  });
});
