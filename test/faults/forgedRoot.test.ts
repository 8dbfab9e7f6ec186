/**
 * Forged roots. Offered to a chain's watcher (zkinterop_offerForgedRoot), one that Gateway does not hold
 * is refused and reported; a forgery for a Gateway block the chain already holds is refused too (one root
 * per block). Forced past the watcher (zkinterop_forceForgedRoot), a forgery for a block Gateway never
 * wrote is imported: the
 * EVM trusts its bootloader, so a message crafted for that root verifies in 272's latest state, but
 * never at `finalized`, never on another chain, and 272's next batch is rejected at execute on Gateway
 * (DependencyRootNotInGatewayHistory): its settlement halts and the fault report says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, keccak256, toHex, type Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import type { ForgedRootOutcome } from '../../src/network/faults.ts';
import { L2_MESSAGE_VERIFICATION_ADDRESS, l2MessageVerificationAbi } from '../../src/contracts/index.ts';
import { LocalLogsTree, MessageRootModel, buildGatewayProof, emptyAggregatedRoot, l2MessageToLog } from '../../src/protocol/index.ts';
import { RICH_ADDRESS, claimOf, interopRootOn, proveCalldata, proveOn, sendMessage, waitInteropRoot, waitSettled, type InclusionClaim } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { listFaults } from '../support/faults.ts';

let net: TestNetwork;
let a: NetworkNode;
let b: NetworkNode;
let gateway: NetworkNode;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, dev: true });
  a = net.network.node(271);
  b = net.network.node(272);
  gateway = net.network.gateway;
});

afterAll(async () => {
  await net?.stop();
});

/** L2MessageVerification on `target` at a block tag. */
async function proveAt(target: NetworkNode, claim: InclusionClaim, blockTag: 'latest' | 'finalized'): Promise<boolean> {
  const data = await target.client.request<Hex>('eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data: proveCalldata(claim) }, blockTag]);
  return decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data });
}

/** A message chain 271 never sent, with a complete proof against a root built for it at `gatewayBlock`. */
function craftFalseMessage(gatewayBlock: number): { claim: InclusionClaim; root: Hex } {
  const message = { txNumberInBatch: 0, sender: RICH_ADDRESS, data: toHex('never sent: pay the bearer 1000 ETH') };
  const tree = LocalLogsTree.fromLogs([l2MessageToLog(message)]);
  const aggregatedRoot = emptyAggregatedRoot(271);
  const model = new MessageRootModel(gateway.chainId);
  model.registerChain(271);
  model.addChainBatchRoot(271, 1, tree.chainBatchRoot(aggregatedRoot), gatewayBlock);
  const inclusion = model.batchInclusion(271, 1);
  const proof = buildGatewayProof({ logLeafPath: tree.pathToChainBatchRoot(0, aggregatedRoot), gatewayChainId: gateway.chainId, ...inclusion });
  return { claim: { chainId: 271, batchNumber: 1, index: 0, txNumberInBatch: 0, sender: message.sender, data: message.data, proof }, root: inclusion.interopRoot };
}

describe('a forged root for a Gateway block the chain already holds', () => {
  it('is refused, keeps the genuine root, and leaves settlement running', async () => {
    const settled = await waitSettled(a, gateway, await sendMessage(a, 'genuine'));
    const genuine = await waitInteropRoot(b, gateway.chainId, settled.gatewayBlock);
    const forged = keccak256(toHex('a second root for the same block'));
    const outcome = await b.client.request<ForgedRootOutcome>('zkinterop_offerForgedRoot', [272, settled.gatewayBlock, forged]);
    expect(outcome).toMatchObject({ chainId: 272, gatewayBlock: settled.gatewayBlock, root: forged, gatewayRoot: genuine, outcome: 'refused' });
    expect(outcome.reason).toMatch(/InteropRootAlreadyExists/);
    expect(await interopRootOn(b, gateway.chainId, settled.gatewayBlock)).toBe(genuine);
    expect(await proveOn(b, claimOf(271, settled))).toBe(true);
    await waitSettled(b, gateway, await sendMessage(b, '272 still settles'));
  });
});

describe('a forged root offered to the watcher', () => {
  it('is refused because Gateway holds another root for that block, and the false message never verifies', async () => {
    const gatewayBlock = gateway.node.blockNumber + 500_000;
    const falseMessage = craftFalseMessage(gatewayBlock);
    const outcome = await a.client.request<ForgedRootOutcome>('zkinterop_offerForgedRoot', [271, gatewayBlock, falseMessage.root]);
    expect(outcome).toMatchObject({ chainId: 271, gatewayBlock, outcome: 'refused', gatewayRoot: `0x${'00'.repeat(32)}` });
    expect(outcome.reason).toMatch(/imports only roots Gateway holds/);
    expect(await interopRootOn(a, gateway.chainId, gatewayBlock)).toBe(`0x${'00'.repeat(32)}`);
    expect(await proveAt(a, falseMessage.claim, 'latest')).toBe(false);
    const chain = (await listFaults(a)).chains.find((c) => c.chainId === 271)!;
    expect(chain.forgedRoots.map((f) => f.outcome)).toContain('refused');
  });
});

describe('a forged root forced past the watcher (zkinterop_forceForgedRoot) for a Gateway block that wrote no root', () => {
  let forgedBlock: number;
  let falseMessage: { claim: InclusionClaim; root: Hex };
  let outcome: ForgedRootOutcome;
  let halted: { settlementError?: string };

  beforeAll(async () => {
    forgedBlock = gateway.node.blockNumber + 1_000_000;
    falseMessage = craftFalseMessage(forgedBlock);
    outcome = await b.client.request<ForgedRootOutcome>('zkinterop_forceForgedRoot', [272, forgedBlock, falseMessage.root]);
    // A user transaction, so the batch carrying the forged import seals and goes to Gateway.
    await sendMessage(b, 'in the batch that carries the forged root');
    halted = await pollUntil(async () => {
      const chain = (await listFaults(a)).chains.find((c) => c.chainId === 272)!;
      return chain.settlement === 'halted' ? chain : undefined;
    }, { what: "272's settlement to halt" });
  });

  it('is imported past the watcher, with Gateway holding no root for that block', () => {
    expect(outcome).toMatchObject({ chainId: 272, gatewayBlock: forgedBlock, root: falseMessage.root, gatewayRoot: `0x${'00'.repeat(32)}`, outcome: 'imported' });
    expect(outcome.l2BlockNumber).toBeGreaterThan(0);
  });

  it("makes a message crafted for it verify only in 272's latest state: the EVM trusts its bootloader's imports", async () => {
    expect(await proveAt(b, falseMessage.claim, 'latest')).toBe(true);
  });

  it('never makes that false message verify at the finalized block, since the batch carrying the forged root never executes', async () => {
    expect(await proveAt(b, falseMessage.claim, 'finalized')).toBe(false);
  });

  it('never makes that false message verify on another chain', async () => {
    expect(await proveAt(a, falseMessage.claim, 'latest')).toBe(false);
  });

  it("halts 272's settlement at execute with DependencyRootNotInGatewayHistory naming the forged root, reported in zkinterop_listFaults", async () => {
    expect(halted.settlementError).toMatch(/rejected by Gateway at execute/);
    // The position is the forged root's place among the batch's dependency roots.
    expect(halted.settlementError).toMatch(new RegExp(`DependencyRootNotInGatewayHistory\\(\\d+, ${forgedBlock}, ${falseMessage.root}, 0x0{64}\\)`));
    const events = (await listFaults(b)).events.map((e) => e.kind);
    expect(events).toContain('forgedRootImported');
  });
});
