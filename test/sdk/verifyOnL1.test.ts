/**
 * The SDK's L1 target (SPEC §10) on started networks: a message sent on 271 in a network with an L1
 * under Gateway verifies on L1 with `getL1MessageProof` + `verifyMessageOnL1`, through Bridgehub and
 * offline with the TS twin, and both refuse a changed message alike; a network without an L1, or a
 * client that is not the L1, get a NoL1Error that says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex, type Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { createChainClients, getL1MessageProof, NoL1Error, verifyMessageOnL1, VerificationRevertedError, type GetL1MessageProofReturnType } from '../../src/sdk/index.ts';
import { sendMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

let net: Network;
let withoutL1: TestNetwork;
let proof: GetL1MessageProofReturnType;
let l1: Awaited<ReturnType<typeof createChainClients>>['publicClient'];

beforeAll(async () => {
  [net, withoutL1] = await Promise.all([
    startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: { port: 0 }, profile: 'instant' }),
    createNetwork({ chains: 1, l1: false }),
  ]);
  const source = (await createChainClients({ rpcUrl: net.node(271).rpcUrl })).publicClient;
  l1 = (await createChainClients({ rpcUrl: net.l1!.rpcUrl })).publicClient;
  const sent = await sendMessage(net.node(271), 'verified on L1 by the SDK');
  proof = await pollUntil(() => getL1MessageProof(source, { txHash: sent.txHash }), { what: `the proof to L1 of ${sent.txHash}` });
});
afterAll(() => Promise.all([net?.stop(), withoutL1?.stop()]));

describe('verifyMessageOnL1', () => {
  it('verifies a message of 271 on L1 through Bridgehub', async () => {
    expect(await verifyMessageOnL1(l1, proof)).toBe(true);
  });

  it('verifies it offline with the TS twin reading L1', async () => {
    expect(await verifyMessageOnL1(l1, { ...proof, offline: true })).toBe(true);
  });

  it('says false for a changed message, through Bridgehub and offline alike', async () => {
    const changed = { ...proof, message: { ...proof.message, data: toHex('not what was sent') } };
    expect([await verifyMessageOnL1(l1, changed), await verifyMessageOnL1(l1, { ...changed, offline: true })]).toEqual([false, false]);
  });

  it('throws VerificationRevertedError for a truncated proof, through Bridgehub and offline alike', async () => {
    const truncated = { ...proof, proof: proof.proof.slice(0, 2) as Hex[] };
    await expect(verifyMessageOnL1(l1, truncated)).rejects.toBeInstanceOf(VerificationRevertedError);
    await expect(verifyMessageOnL1(l1, { ...truncated, offline: true })).rejects.toBeInstanceOf(VerificationRevertedError);
  });

  it('throws NoL1Error when the client is Gateway, not the L1', async () => {
    const gateway = (await createChainClients({ rpcUrl: net.gateway.rpcUrl })).publicClient;
    await expect(verifyMessageOnL1(gateway, proof)).rejects.toBeInstanceOf(NoL1Error);
  });
});

describe('getL1MessageProof', () => {
  it('throws NoL1Error on a network started without an L1', async () => {
    const source = (await createChainClients({ rpcUrl: withoutL1.chain(271).rpcUrl })).publicClient;
    const sent = await sendMessage(withoutL1.network.node(271), 'no L1 here');
    await expect(getL1MessageProof(source, { txHash: sent.txHash })).rejects.toMatchObject({ code: 'NO_L1' });
  });
});
