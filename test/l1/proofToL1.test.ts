/**
 * A message's proof to the L1 on a started network with an L1 under Gateway (issue 13, SPEC §10): the
 * same message sent on 271 verifies on 272 with its `proof_based_gw` proof and on the L1, through
 * Bridgehub.proveL2MessageInclusion, with the proof zks_getL2ToL1LogProof answers without a mode (the
 * recursive one through Gateway); mutated proofs are refused there; Gateway's batches show on its ZK
 * chain contract on the L1; zksync-ethers reads the L1 surface it starts with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, type Address, type Hex } from 'viem';
import { JsonRpcProvider } from 'ethers';
import { Provider, Wallet, utils } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { decodeProofMetadata, unpackSettlementLayerInfo } from '../../src/protocol/index.ts';
import { RICH_KEY, claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled, type LogProof, type SettledMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

const layout = { gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: { port: 0 } };

let net: Network;
let settled: SettledMessage;
let toL1: LogProof;

/** An eth_call on the L1 node: decoded result, or the revert as a string. */
async function onL1<F extends 'proveL2MessageInclusion' | 'getZKChain'>(functionName: F, args: readonly unknown[]): Promise<unknown> {
  const data = encodeFunctionData({ abi: bridgehubAbi, functionName, args } as never);
  try {
    const result = await net.l1!.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest']);
    return decodeFunctionResult({ abi: bridgehubAbi, functionName, data: result } as never);
  } catch (error) {
    return `revert: ${(error as Error).message}`;
  }
}

/** Bridgehub.proveL2MessageInclusion on the L1 for the sent message with `proof` (and optionally another batch number). */
function proveOnL1(proof: Hex[], batchNumber = toL1.batchNumber): Promise<unknown> {
  return onL1('proveL2MessageInclusion', [271n, BigInt(batchNumber), BigInt(toL1.id), { txNumberInBatch: settled.txNumberInBatch, sender: settled.sender, data: settled.data }, proof]);
}

async function zkChainView(chainContract: Address, functionName: 'getTotalBatchesExecuted' | 'l2LogsRootHash', args: readonly unknown[] = []): Promise<unknown> {
  const data = await net.l1!.client.request<Hex>('eth_call', [{ to: chainContract, data: encodeFunctionData({ abi: chainSettlementAbi, functionName, args } as never) }, 'latest']);
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName, data } as never);
}

beforeAll(async () => {
  net = await startNetwork({ ...layout, profile: 'instant' });
  const sent = await sendMessage(net.node(271), 'verified on 272 and on the L1');
  settled = await waitSettled(net.node(271), net.gateway, sent);
  toL1 = await pollUntil(() => net.node(271).client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), {
    what: `the proof to the L1 of ${sent.txHash}`,
  });
});
afterAll(() => net?.stop());

describe('a message from 271, with an L1 under Gateway', () => {
  it('verifies on 272 with its proof_based_gw proof', async () => {
    await waitInteropRoot(net.node(272), 506, settled.gatewayBlock);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
  });

  it('verifies on the L1 with the proof zks_getL2ToL1LogProof answers without a mode', async () => {
    expect(await proveOnL1(toL1.proof)).toBe(true);
  });

  it("answers the chain's batch number, the log's id and the chain batch root, as the other modes do", async () => {
    expect(toL1).toMatchObject({ id: settled.proof.id, batchNumber: settled.proof.batchNumber, root: settled.proof.root });
  });

  it("is recursive (not final) and names Gateway's batch on the L1 in its settlement word", () => {
    const metadata = decodeProofMetadata(toL1.proof[0]!)!;
    expect(metadata.finalProofNode).toBe(false);
    const settlementWord = toL1.proof[1 + metadata.logLeafProofLen + 1 + metadata.batchLeafProofLen]!;
    const gatewayBatch = Number(unpackSettlementLayerInfo(settlementWord).gatewayBlockNumber);
    const executeBlock = settled.gatewayBlock;
    expect(net.gateway.node.batchOfBlock(executeBlock)!.number).toBe(gatewayBatch);
  });

  it.each([
    ['a log-path sibling', (p: Hex[]) => p.map((w, i) => (i === 3 ? flipLastByte(w) : w))],
    ["Gateway's local logs root (the last word)", (p: Hex[]) => [...p.slice(0, -1), flipLastByte(p[p.length - 1]!)]],
    ['a truncated proof', (p: Hex[]) => p.slice(0, -1)],
  ])('is refused on the L1 with %s changed', async (_what, mutate) => {
    expect(await proveOnL1(mutate(toL1.proof))).not.toBe(true);
  });

  it('is refused on the L1 for another batch number', async () => {
    expect(await proveOnL1(toL1.proof, toL1.batchNumber + 1)).not.toBe(true);
  });
});

describe('a message sent on Gateway itself, with an L1', () => {
  it('verifies on the L1 with its final proof (Gateway settles there directly)', async () => {
    const sent = await sendMessage(net.gateway, 'from Gateway to the L1');
    const proof = await pollUntil(() => net.gateway.client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: "the proof of Gateway's message" });
    expect(decodeProofMetadata(proof.proof[0]!)!.finalProofNode).toBe(true);
    const verified = await onL1('proveL2MessageInclusion', [506n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data }, proof.proof]);
    expect(verified).toBe(true);
  });
});

describe("Gateway's batches on the L1", () => {
  it("show on Gateway's ZK chain contract there: batches executed, each with its logs root", async () => {
    const zkChain = (await onL1('getZKChain', [506n])) as Address;
    expect(zkChain).toBe(chainSettlementAddress(506));
    const executed = (await zkChainView(zkChain, 'getTotalBatchesExecuted')) as bigint;
    expect(executed).toBeGreaterThan(0n);
    expect(BigInt((await zkChainView(zkChain, 'l2LogsRootHash', [executed])) as Hex)).not.toBe(0n);
  });

  it("name 271 and 272 in Bridgehub with their ZK chain contracts (they settle on Gateway)", async () => {
    for (const id of [271n, 272n]) expect(await onL1('getZKChain', [id])).toBe(chainSettlementAddress(Number(id)));
  });
});

describe('zksync-ethers with an L1 provider', () => {
  it('reads the Bridgehub and main contract addresses, the L1 chain id and the base token', async () => {
    const provider = new Provider(net.node(271).rpcUrl);
    const l1 = new JsonRpcProvider(net.l1!.rpcUrl, 9, { staticNetwork: true });
    try {
      expect((await provider.getBridgehubContractAddress()).toLowerCase()).toBe(BRIDGEHUB_ADDRESS.toLowerCase());
      expect(await provider.l1ChainId()).toBe(9);
      expect(await provider.getMainContractAddress()).toBe(chainSettlementAddress(271));
      // zksync-ethers types its L1 provider with ethers' CommonJS build, this test imports the ESM one: same class at run time.
      const wallet = new Wallet(RICH_KEY, provider, l1 as unknown as ConstructorParameters<typeof Wallet>[2]);
      expect((await wallet.getBaseToken()).toLowerCase()).toBe(utils.ETH_ADDRESS_IN_CONTRACTS.toLowerCase());
    } finally {
      provider.destroy();
      l1.destroy();
    }
  });
});

describe('a proof to the L1, stepped by hand', () => {
  let manual: Network;
  beforeAll(async () => {
    manual = await startNetwork({ ...layout, manual: true });
  });
  afterAll(() => manual?.stop());

  it("is null until Gateway's batch is executed on the L1, and verifies when a chain was registered after the message's batch in that Gateway batch", async () => {
    const chain = manual.node(271).node;
    const gateway = manual.gateway.node;
    const sent = await sendMessage(manual.node(271), 'a chain joins after me');
    await chain.sealBatch();
    for (const stage of ['commit', 'prove', 'execute'] as const) await chain.advanceSettlement(stage);
    // Executed on Gateway: provable on other chains, not yet on the L1.
    expect(await manual.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0, 'proof_based_gw'])).not.toBeNull();
    expect(await manual.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0])).toBeNull();
    // A chain registered on Gateway after the append changes the shared root the Gateway batch commits.
    await manual.addChain({ chainId: 273, port: 0 });
    await gateway.sealBatch();
    for (const stage of ['commit', 'prove'] as const) await gateway.advanceSettlement(stage);
    expect(await manual.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0])).toBeNull();
    await gateway.advanceSettlement('execute');

    const proof = await manual.node(271).client.request<LogProof>('zks_getL2ToL1LogProof', [sent.txHash, 0]);
    const data = encodeFunctionData({
      abi: bridgehubAbi,
      functionName: 'proveL2MessageInclusion',
      args: [271n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data }, proof.proof],
    });
    expect(BigInt(await manual.l1!.client.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest']))).toBe(1n);
  });
});

function flipLastByte(word: Hex): Hex {
  return `${word.slice(0, -2)}${((parseInt(word.slice(-2), 16) ^ 1) & 0xff).toString(16).padStart(2, '0')}` as Hex;
}
