/**
 * bench/scaling: throughput and latency as the network grows from 1 to 8 chains. Every chain sends to
 * the next one (the last to the first; a lone chain to itself) with the same senders per chain, so
 * the offered load grows with the chain count; on a fixed number of cores the aggregate rate should
 * stay flat, and a falling rate means each message costs more in a bigger network. The growth with
 * stored messages is measured by bench/storedMessages.ts; `scalingSteps` turns both into one table
 * with super-linear steps flagged.
 */
import { startNetwork } from '../src/network/network.ts';
import { runTraffic, type TrafficResult } from './traffic.ts';
import { round } from './stats.ts';
import type { StoredMessagesCheckpoint } from './storedMessages.ts';

export type ChainScalingResult = { chains: number; messages: number; messagesPerSecond: number; latencyP50Ms: number; latencyP99Ms: number }[];

/** One row of the scaling table: how a cost changed from the previous size. */
export type ScalingStep = { dimension: string; from: number; to: number; sizeFactor: number; cost: string; costFactor: number; superLinear: boolean };

/** Runs the chain-count scaling benchmark. */
export async function runChainScaling(options: { sizes?: number[]; sendersPerChain?: number; messagesPerSender?: number } = {}): Promise<ChainScalingResult> {
  const out: ChainScalingResult = [];
  for (const size of options.sizes ?? [1, 2, 4, 8]) {
    const ids = Array.from({ length: size }, (_, i) => 271 + i);
    const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: ids.map((chainId) => ({ chainId, port: 0 })) });
    let result: TrafficResult;
    try {
      const traffic = { sources: ids, destinationOf: (c: number) => ids[(ids.indexOf(c) + 1) % ids.length]!, sendersPerChain: options.sendersPerChain ?? 4 };
      await runTraffic(net, { ...traffic, messagesPerSender: 2, label: `scaling ${size} chains warm-up` });
      result = await runTraffic(net, { ...traffic, messagesPerSender: options.messagesPerSender ?? 15, label: `scaling ${size} chains` });
    } finally {
      await net.stop();
    }
    out.push({ chains: size, messages: result.verified, messagesPerSecond: result.messagesPerSecond, latencyP50Ms: result.latency.p50Ms, latencyP99Ms: result.latency.p99Ms });
  }
  return out;
}

/**
 * Steps between consecutive sizes. For chains the cost is time per message (1 / aggregate rate) and
 * p50 latency: super-linear when it grows by more than 25 %, i.e. a bigger network makes each message
 * dearer. For stored messages the costs are per request or per message, which should not depend on
 * history at all: flagged when a cost grows by more than 2× while history grows 10×.
 */
export function scalingSteps(chains: ChainScalingResult, stored: StoredMessagesCheckpoint[]): ScalingStep[] {
  const steps: ScalingStep[] = [];
  for (let i = 1; i < chains.length; i++) {
    const a = chains[i - 1]!;
    const b = chains[i]!;
    const sizeFactor = b.chains / a.chains;
    const perMessage = round(a.messagesPerSecond / b.messagesPerSecond, 2);
    steps.push({ dimension: 'chains', from: a.chains, to: b.chains, sizeFactor, cost: 'time per message (1 / aggregate msgs/s)', costFactor: perMessage, superLinear: perMessage > 1.25 });
    const latency = round(b.latencyP50Ms / a.latencyP50Ms, 2);
    steps.push({ dimension: 'chains', from: a.chains, to: b.chains, sizeFactor, cost: 'p50 latency', costFactor: latency, superLinear: latency > 1.25 });
  }
  const probed = stored.filter((c) => c.probe);
  for (let i = 1; i < probed.length; i++) {
    const a = probed[i - 1]!;
    const b = probed[i]!;
    const sizeFactor = round(b.storedMessages / a.storedMessages, 1);
    const limit = 1 + sizeFactor / 10; // 2× for a 10× step
    const add = (cost: string, before: number, after: number) => {
      const costFactor = round(after / before, 2);
      steps.push({ dimension: 'stored messages', from: a.storedMessages, to: b.storedMessages, sizeFactor, cost, costFactor, superLinear: costFactor > limit });
    };
    add('time per message (1 / msgs/s)', b.probe!.messagesPerSecond, a.probe!.messagesPerSecond);
    add('p50 latency', a.probe!.latencyP50Ms, b.probe!.latencyP50Ms);
    add('zkinterop_listMessages (limit 20)', a.probe!.listMessagesMs, b.probe!.listMessagesMs);
    add('eth_getTransactionReceipt', a.probe!.receiptMs, b.probe!.receiptMs);
    add('zks_getL2ToL1LogProof', a.probe!.logProofMs, b.probe!.logProofMs);
  }
  return steps;
}
