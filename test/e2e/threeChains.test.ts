/**
 * Three chains (271, 272, 273) on one Gateway: a message verifies on both other chains, and two batches
 * executed in the same Gateway block both verify on the third chain (the proofs of both must end at
 * the root Gateway kept for that block, i.e. the last write of the block).
 *
 * The network runs in manual mode (stages advance through the zkinterop_* dev methods), so the test
 * decides when each stage happens. Two executes only share a Gateway block if both transactions are
 * queued before Gateway seals its next block, and Gateway (block time 0) seals on a 0 ms timer after
 * the first arrival. Each chain's operator first simulates the call, reads its nonce and gas price and
 * signs, on EDR's native async calls, so whether the second execute makes that block is a race: with
 * the automatic pipeline they landed in consecutive blocks in 2 of 3 runs; started together through the
 * dev methods they usually share one. The test therefore holds Gateway's sequencer
 * (test/support/manual.ts `inOneBlock`) until both executes are queued, then lets it
 * seal them together: same block every time.
 *
 * It runs without an L1 (`l1: false`): roots import from Gateway's executed blocks, with no L1 stage to
 * drive; test/l1 covers interop with an L1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { MESSAGE_ROOT_ADDRESS, messageRootAbi } from '../../src/contracts/index.ts';
import { claimOf, gatewayBlockOf, historicalRootOf, interopRootOn, proveOn, sendMessage, type SentMessage, type SettledMessage, type LogProof } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { advance, inOneBlock, sealBatch, settleOpenBatch } from '../support/manual.ts';

const GATEWAY = 506;
const CHAIN_IDS = [271, 272, 273] as const;

let net: Network;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY, port: 0 }, chains: CHAIN_IDS.map((chainId) => ({ chainId, port: 0 })), manual: true, l1: false });
});

afterAll(async () => {
  await net?.stop();
});

/** The message's Gateway proof and Gateway block, once its batch is executed. */
async function settledMessage(chain: NetworkNode, sent: SentMessage): Promise<SettledMessage> {
  const proof = await chain.client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0, 'proof_based_gw']);
  expect(proof).not.toBeNull();
  const details = await chain.client.request<{ executeTxHash: Hex }>('zks_getL1BatchDetails', [proof!.batchNumber]);
  const gatewayBlock = await gatewayBlockOf(net.gateway, details.executeTxHash);
  return { ...sent, proof: proof!, executeTxHash: details.executeTxHash, gatewayBlock, interopRoot: await historicalRootOf(net.gateway, gatewayBlock) };
}

/** Manual mode: imports on `target` what its watcher saw, until Gateway's root of `gatewayBlock` is stored there. */
function importOn(target: NetworkNode, gatewayBlock: number): Promise<Hex> {
  return pollUntil(async () => {
    await target.client.request('zkinterop_importInteropRoots');
    const root = await interopRootOn(target, GATEWAY, gatewayBlock);
    return BigInt(root) === 0n ? undefined : root;
  }, { what: `chain ${target.chainId} to import the interop root of Gateway block ${gatewayBlock}` });
}

async function messageRootView(functionName: 'chainCount' | 'chainIndex', args?: readonly [bigint]): Promise<bigint> {
  const data = await net.gateway.client.request<Hex>('eth_call', [{ to: MESSAGE_ROOT_ADDRESS, data: encodeFunctionData({ abi: messageRootAbi, functionName, args } as never) }, 'latest']);
  return decodeFunctionResult({ abi: messageRootAbi, functionName, data }) as bigint;
}

describe('a network of Gateway and three chains', () => {
  it("registers the three chains in Gateway's shared tree after Gateway itself (indices 1, 2, 3)", async () => {
    expect(await messageRootView('chainCount')).toBe(4n);
    for (const [i, chainId] of CHAIN_IDS.entries()) expect(await messageRootView('chainIndex', [BigInt(chainId)])).toBe(BigInt(i + 1));
  });

  it('verifies a message from 271 on 272 and on 273', async () => {
    const source = net.node(271);
    const sent = await sendMessage(source, 'from 271 to everyone');
    await settleOpenBatch(source);
    const settled = await settledMessage(source, sent);
    for (const targetId of [272, 273]) {
      const target = net.node(targetId);
      expect(await importOn(target, settled.gatewayBlock)).toBe(settled.interopRoot);
      expect(await proveOn(target, claimOf(271, settled)), `verified on ${targetId}`).toBe(true);
    }
  });

  it('executes batches of two chains sent concurrently in the same Gateway block, and both messages verify on the third chain', async () => {
    const [a, b, third] = [net.node(271), net.node(272), net.node(273)];
    const [sentA, sentB] = await Promise.all([sendMessage(a, 'concurrent from 271'), sendMessage(b, 'concurrent from 272')]);
    for (const chain of [a, b]) {
      await sealBatch(chain);
      await advance(chain, 'commit');
      await advance(chain, 'prove');
    }

    const [executedA, executedB] = await inOneBlock(net.gateway.node, 2, () => Promise.all([advance(a, 'execute'), advance(b, 'execute')]));
    const blockA = await gatewayBlockOf(net.gateway, executedA.gatewayTxHash);
    const blockB = await gatewayBlockOf(net.gateway, executedB.gatewayTxHash);
    expect(blockA).toBe(blockB);
    expect(executedA.gatewayBlockNumber).toBe(blockA);
    expect(executedB.gatewayBlockNumber).toBe(blockA);

    const [settledA, settledB] = await Promise.all([settledMessage(a, sentA), settledMessage(b, sentB)]);
    // Both proofs end at the one root Gateway kept for that block (its last write).
    expect(settledA.interopRoot).toBe(settledB.interopRoot);
    expect(await importOn(third, blockA)).toBe(settledA.interopRoot);
    expect(await proveOn(third, claimOf(271, settledA))).toBe(true);
    expect(await proveOn(third, claimOf(272, settledB))).toBe(true);
    // and neither proves the other's message
    expect(await proveOn(third, { ...claimOf(271, settledA), chainId: 272 })).toBe(false);
  });
});
