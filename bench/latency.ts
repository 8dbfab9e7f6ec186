/**
 * bench/latency: time from sending a message on chain 271 until it is verifiable on chain 272
 * (proof served by 271 AND the Gateway interop root imported on 272), default settings, over HTTP
 * like a user. Messages are sent at a steady rate and tracked concurrently (in-process, then confirmed
 * once over RPC); p50/p90/p99 reported.
 * Baseline in the same run: the same sendToL1 transaction on a bare EVM engine (send + mine), so the
 * ratio shows what settlement, Gateway and the watcher add on top of executing the transaction.
 *
 * The network runs an L1 under Gateway, as every network does by default (SPEC §10): the root reaches
 * 272 only from a Gateway block finalized on the L1, so the time includes Gateway's batch settling
 * there. The same messages are also timed until provable on the L1 (Gateway's block holding the
 * chain batch's execute is finalized, then the no-mode `zks_getL2ToL1LogProof` answers over RPC).
 * `--no-l1` runs the Gateway-only network (`l1: false`) for comparison.
 *
 * The same run repeats it with the `instant` profile (src/network/profiles.ts: no batch time, no stage delay
 * anywhere, L1 included; the L1 finality rule holds all the same), on a fresh network with the same messages
 * at the same rate (`instant`), and then one message at a time, each sent once the one before is verifiable
 * (`instant.oneAtATime`: the latency of a message that queues behind none, where the rate's load does not count).
 *
 * Run: npx tsx bench/latency.ts [--messages 200] [--rate 20] [--no-l1] [--no-instant] [--json]
 */
import { createWalletClient, defineChain, encodeFunctionData, http, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork } from '../src/network/network.ts';
import { createEngine } from '../src/chain/engine.ts';
import { installSystemContracts } from '../src/chain/genesis.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { l1MessengerAbi, l2InteropRootStorageAbi } from '../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../src/protocol/constants.ts';
import type { ProfileName } from '../src/network/profiles.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

/** Quantiles of send → a point, in ms. */
export type LatencyQuantiles = { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };

/** One profile's figures: send → verifiable on 272, and with an L1 send → provable on the L1. */
export type ProfileLatency = LatencyQuantiles & { ratioP50: number; provableOnL1?: LatencyQuantiles };

/** The default profile's figures at the top level (as before the instant profile was measured), the instant profile's under `instant`. */
export type LatencyResult = ProfileLatency & {
  messages: number;
  rateHz: number;
  baselineP50Ms: number;
  /** whether the network ran an L1 under Gateway */
  l1: boolean;
  /** the `instant` profile: the same messages at the same rate, then `oneAtATime` messages each sent once the one before is verifiable */
  instant?: ProfileLatency & { oneAtATime: ProfileLatency & { messages: number } };
};

/** Runs the latency benchmark; see module header. */
export async function runLatency(options: { messages?: number; rateHz?: number; l1?: boolean; instant?: boolean } = {}): Promise<LatencyResult> {
  const messages = options.messages ?? 200;
  const rateHz = options.rateHz ?? 20;
  const baselineP50Ms = await baselineLatency(Math.min(messages, 200));
  const withL1 = options.l1 ?? true;
  const figures = (samples: Samples): ProfileLatency => ({
    ...quantiles(samples.verifiable),
    ratioP50: round(quantile(samples.verifiable, 0.5) / baselineP50Ms, 1),
    ...(withL1 ? { provableOnL1: quantiles(samples.provableOnL1) } : {}),
  });
  const defaults = await measureProfile('default', withL1, { messages, rateHz });
  const result: LatencyResult = { messages, rateHz, ...figures(defaults), baselineP50Ms: round(baselineP50Ms, 3), l1: withL1 };
  if (options.instant ?? true) {
    const instant = await measureProfile('instant', withL1, { messages, rateHz });
    const oneAtATimeCount = Math.min(messages, 50);
    const oneAtATime = await measureProfile('instant', withL1, { messages: oneAtATimeCount });
    result.instant = { ...figures(instant), oneAtATime: { messages: oneAtATimeCount, ...figures(oneAtATime) } };
  }
  return result;
}

type Samples = { verifiable: number[]; provableOnL1: number[] };

function quantiles(samples: number[]): LatencyQuantiles {
  return { p50Ms: round(quantile(samples, 0.5)), p90Ms: round(quantile(samples, 0.9)), p99Ms: round(quantile(samples, 0.99)), maxMs: round(Math.max(...samples)) };
}

/**
 * Sends `messages` on a fresh network of `profile`: at `rateHz`, tracked concurrently, or without a rate one
 * at a time (each once the one before is verifiable and, with an L1, provable there).
 */
async function measureProfile(profile: ProfileName, withL1: boolean, load: { messages: number; rateHz?: number }): Promise<Samples> {
  const { messages, rateHz } = load;
  const label = `latency (${profile}${rateHz === undefined ? ', one at a time' : ''})`;
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: withL1 ? { port: 0 } : false, profile });
  try {
    const a = net.node(271);
    const b = net.node(272);
    const chain = defineChain({ id: 271, name: 'zk 271', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [a.rpcUrl] } } });
    const account = privateKeyToAccount(devAccounts()[0]!.privateKey);
    const wallet = createWalletClient({ account, chain, transport: http(a.rpcUrl) });
    // Warm up: JIT, signing tables, first-block paths.
    await trackOne(0, true);

    let nonce = Number(BigInt(await a.client.request<Hex>('eth_getTransactionCount', [account.address, 'pending'])));
    const samples: Samples = { verifiable: [], provableOnL1: [] };
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < messages; i++) {
      const tracked = trackOne(i + 1, false).then((ms) => {
        samples.verifiable.push(ms.verifiable);
        if (ms.provableOnL1 !== undefined) samples.provableOnL1.push(ms.provableOnL1);
      });
      progress(`${label}: sent ${i + 1}/${messages}, verified ${samples.verifiable.length}`);
      if (rateHz === undefined) await tracked;
      else {
        inFlight.push(tracked);
        await new Promise((r) => setTimeout(r, 1000 / rateHz));
      }
    }
    await Promise.all(inFlight);
    progressDone();
    return samples;

    async function trackOne(i: number, warmup: boolean): Promise<{ verifiable: number; provableOnL1?: number }> {
      const started = performance.now();
      const hash = await wallet.sendTransaction({
        to: L1_MESSENGER_ADDRESS,
        data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`latency ${i}`)] }),
        gas: 200_000n,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
        nonce: warmup ? undefined : nonce++,
      });
      // Watch the chains' books in-process (cheap), then confirm once over RPC as a client would: polling
      // every in-flight message over RPC each millisecond took CPU from the network and inflated latency.
      // Provable on the L1 once Gateway's block holding the execute is finalized (its batch executed on the L1).
      let gatewayBlock: number | undefined;
      let verifiable: number | undefined;
      let provableOnL1: number | undefined;
      while (verifiable === undefined || (withL1 && provableOnL1 === undefined)) {
        const batch = a.node.txLocation(hash)?.batch;
        const inclusion = batch?.stage === 'executed' ? batch.gatewayInclusion : undefined;
        if (inclusion && verifiable === undefined && b.node.importedRoot(506, inclusion.gatewayBlockNumber)) {
          gatewayBlock = inclusion.gatewayBlockNumber;
          const proof = await a.client.request<{ batchNumber: number } | null>('zks_getL2ToL1LogProof', [hash, 0, 'proof_based_gw']);
          const data = encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [506n, BigInt(gatewayBlock)] });
          const root = await b.client.request<Hex>('eth_call', [{ to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data }, 'latest']);
          if (!proof || BigInt(root) === 0n) throw new Error(`message ${hash}: the books say verifiable, but the proof or the root on 272 is missing`);
          verifiable = performance.now() - started;
        }
        if (withL1 && inclusion && provableOnL1 === undefined && net.gateway.node.finalizedBlock() >= inclusion.gatewayBlockNumber) {
          const proof = await a.client.request<{ batchNumber: number } | null>('zks_getL2ToL1LogProof', [hash, 0]);
          if (proof) provableOnL1 = performance.now() - started;
        }
        if (verifiable === undefined || (withL1 && provableOnL1 === undefined)) await pause(1);
      }
      return { verifiable, ...(provableOnL1 !== undefined ? { provableOnL1 } : {}) };
    }
  } finally {
    await net.stop();
  }
}

/** p50 of send + mine of the same sendToL1 on a bare engine. */
async function baselineLatency(count: number): Promise<number> {
  const accounts = devAccounts().map(({ privateKey, balance }) => ({ privateKey, balance }));
  const engine = await createEngine({ chainId: 271, accounts, automine: true });
  await installSystemContracts(engine, { isGateway: false, settlingChains: [] });
  const account = privateKeyToAccount(accounts[0]!.privateKey);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const raw = await account.signTransaction({
      type: 'eip1559',
      chainId: 271,
      nonce: i,
      to: L1_MESSENGER_ADDRESS,
      data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`latency ${i}`)] }),
      gas: 200_000n,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
    });
    const hash = await engine.sendRawTransaction(raw);
    await engine.getReceipt(hash);
    samples.push(performance.now() - started);
  }
  await engine.close();
  return quantile(samples, 0.5);
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const result = await runLatency({ messages: arg('messages', 200), rateHz: arg('rate', 20), l1: !process.argv.includes('--no-l1'), instant: !process.argv.includes('--no-instant') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    const line = (name: string, r: ProfileLatency) => `${name}: p50 ${r.p50Ms} ms, p90 ${r.p90Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms (${r.ratioP50}× the bare engine)${r.provableOnL1 ? `; provable on the L1 p50 ${r.provableOnL1.p50Ms} ms` : ''}`;
    console.log(`latency send→verifiable${result.l1 ? ' with an L1 under Gateway' : ''} (${result.messages} msgs @ ${result.rateHz}/s); bare-EVM send+mine p50 ${result.baselineP50Ms} ms`);
    console.log(line('  default', result));
    if (result.instant) console.log(line('  instant', result.instant));
    if (result.instant) console.log(line(`  instant, ${result.instant.oneAtATime.messages} one at a time`, result.instant.oneAtATime));
  }
}
