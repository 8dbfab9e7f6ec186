/**
 * bench/verificationGas: gas of L2MessageVerification.proveL2MessageInclusionShared for a real
 * `proof_based_gw` proof from a running network with 2, 8 and 64 chains (startNetwork on free ports,
 * default settings). Chain 271 sends a few messages, each in its own batch (so its chain tree is not
 * trivially small), and the last one's proof, fetched with zks_getL2ToL1LogProof, is estimated with
 * eth_estimateGas on chain 272 once 272 has imported the interop root (21,000 intrinsic gas and
 * calldata included). bench/protocol measures the same gas on bare engines with a MessageRoot model;
 * this one goes through the whole network, where every chain of the network is registered on Gateway
 * (so the shared tree has chains + 1 leaves).
 */
import { decodeFunctionResult, encodeFunctionData, toHex, type Hex } from 'viem';
import { startNetwork, type Network } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { l1MessengerAbi, l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS } from '../src/protocol/constants.ts';
import { progress, progressDone } from './stats.ts';

export type VerificationGasResult = { chains: number; batchNumber: number; proofWords: number; gas: number }[];

/** Runs the verification gas benchmark for each network size; see module header. */
export async function runVerificationGas(options: { sizes?: number[]; batchesBefore?: number } = {}): Promise<VerificationGasResult> {
  const out: VerificationGasResult = [];
  for (const size of options.sizes ?? [2, 8, 64]) {
    progress(`verification gas: network of ${size} chains`);
    // Watchers of 64 chains polling every 10 ms would crowd two cores; 50 ms changes no proof.
    const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: Array.from({ length: size }, (_, i) => ({ chainId: 271 + i, port: 0 })), watcherPollMs: size > 8 ? 50 : 10 });
    try {
      out.push({ chains: size, ...(await measure(net, options.batchesBefore ?? 3)) });
    } finally {
      await net.stop();
    }
  }
  progressDone();
  return out;
}

async function measure(net: Network, batchesBefore: number): Promise<{ batchNumber: number; proofWords: number; gas: number }> {
  const source = net.node(271);
  const target = net.node(272);
  const from = devAccounts()[0]!.address;
  let last: { hash: Hex; message: Hex } | undefined;
  for (let i = 0; i <= batchesBefore; i++) {
    const message = toHex(`verification gas ${i}`);
    const hash = await source.node.sendTransaction({ from, to: L1_MESSENGER_ADDRESS, data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [message] }), gas: '0x186a0' });
    await source.node.sealBatch();
    await untilVerifiable(net, hash);
    last = { hash, message };
  }
  const proof = await source.client.request<{ id: number; proof: Hex[]; batchNumber: number }>('zks_getL2ToL1LogProof', [last!.hash, 0, 'proof_based_gw']);
  const loc = source.node.txLocation(last!.hash)!;
  const data = encodeFunctionData({
    abi: l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [271n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: loc.txNumberInBatch, sender: from, data: last!.message }, proof.proof],
  });
  const result = await target.client.request<Hex>('eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }, 'latest']);
  if (decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data: result }) !== true) throw new Error('the proof did not verify on 272');
  const gas = Number(BigInt(await target.client.request<Hex>('eth_estimateGas', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }])));
  return { batchNumber: proof.batchNumber, proofWords: proof.proof.length, gas };
}

async function untilVerifiable(net: Network, hash: Hex): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const inclusion = net.node(271).node.txLocation(hash)?.batch.gatewayInclusion;
    if (inclusion && net.node(272).node.importedRoot(net.gateway.chainId, inclusion.gatewayBlockNumber)) return;
    if (Date.now() > deadline) throw new Error(`message ${hash} not verifiable on 272 after 120 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
