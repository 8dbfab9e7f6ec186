/**
 * How a `npm run bench` result reads: the goals of issue 6 checked against it, and one markdown
 * section of BENCHMARKS.md per measurement, each naming the machine and the run it comes from.
 */
import type { LatencyResult } from './latency.ts';
import type { ThroughputResult } from './throughput.ts';
import type { ThreadCpu } from './threadCpu.ts';
import { machineLine } from './benchmarksFile.ts';
import type { BenchRunResult } from './run.ts';

/** One goal of issue 6 or 17 with what this run measured. */
export type Goal = { issue: 6 | 17; name: string; goal: string; value: number; unit: string; met: boolean };

/** send → verifiable p50 with the default profile in the last run before issue 17 (BENCHMARKS.md, 2026-12-05): "unchanged or better" */
export const DEFAULT_P50_BEFORE_ISSUE_17_MS = 196;

/** Every goal the measurements present in `r` can be held against. */
export function goalsOf(r: Omit<BenchRunResult, 'goals'>): Goal[] {
  const goals: Goal[] = [];
  const add = (issue: 6 | 17, name: string, goal: string, value: number, unit: string, met: boolean) => goals.push({ issue, name, goal, value, unit, met });
  if (r.startup) {
    add(6, 'startup in-process (median)', '≤ 1 s', r.startup.inProcessMedianMs, 'ms', r.startup.inProcessMedianMs <= 1_000);
    add(6, 'startup `zkinterop up` (child process)', '≤ 1 s', r.startup.cliMs, 'ms', r.startup.cliMs <= 1_000);
    add(17, 'start: `zkinterop up` spawn → ready (child process, median)', '≤ 250 ms', r.startup.cliMs, 'ms', r.startup.cliMs <= 250);
    add(17, 'start: `zkinterop up --processes` spawn → ready (median)', '≤ 1 s', r.startup.processesMs, 'ms', r.startup.processesMs <= 1_000);
  }
  if (r.latency) {
    add(6, 'latency p50', '≤ 0.5 s', r.latency.p50Ms, 'ms', r.latency.p50Ms <= 500);
    add(6, 'latency p99', '≤ 1 s', r.latency.p99Ms, 'ms', r.latency.p99Ms <= 1_000);
    if (r.latency.instant) add(17, 'latency p50, instant profile', '≤ 20 ms', r.latency.instant.p50Ms, 'ms', r.latency.instant.p50Ms <= 20);
    add(17, 'latency p50, default profile (with the L1)', `≤ ${DEFAULT_P50_BEFORE_ISSUE_17_MS} ms (before issue 17)`, r.latency.p50Ms, 'ms', r.latency.p50Ms <= DEFAULT_P50_BEFORE_ISSUE_17_MS);
  }
  if (r.throughput) {
    add(6, 'throughput vs bare engine', '≥ 70 %', Math.round(r.throughput.ratio * 1_000) / 10, '%', r.throughput.ratio >= 0.7);
    add(17, 'throughput, verified messages vs bare engine', '≥ 90 %', Math.round(r.throughput.ratio * 1_000) / 10, '%', r.throughput.ratio >= 0.9);
  }
  if (r.bundles?.rate.ratio !== undefined) {
    add(17, 'throughput, executed bundles vs the same calls sent directly', '≥ 90 %', Math.round(r.bundles.rate.ratio * 1_000) / 10, '%', r.bundles.rate.ratio >= 0.9);
  }
  if (r.proofService) {
    add(6, 'proof service over HTTP', '≥ 5,000 /s', r.proofService.http.perSecond, '/s', r.proofService.http.perSecond >= 5_000);
    add(6, 'proof service p99 over HTTP', '≤ 5 ms', r.proofService.http.p99Ms, 'ms', r.proofService.http.p99Ms <= 5);
    const single = r.proofService.runs?.find((run) => run.server === 'node' && run.mode === 'proof_based_gw' && run.batch === 1 && run.concurrency === r.proofService!.http.concurrency);
    if (single) add(17, 'proof service: server CPU per `zks_getL2ToL1LogProof`, one per HTTP request', '≤ 50 µs', single.serverCpuUsPerProof, 'µs', single.serverCpuUsPerProof <= 50);
    const batched = r.proofService.runs?.find((run) => run.server === 'node' && run.mode === 'proof_based_gw' && run.batch === 100);
    if (batched) add(17, 'proof service: server CPU per proof, JSON-RPC batches of 100', '≤ 50 µs', batched.serverCpuUsPerProof, 'µs', batched.serverCpuUsPerProof <= 50);
  }
  if (r.memory) {
    add(6, 'RSS idle, Gateway + 2 chains', '≤ 300 MB', r.memory.rssIdleMb, 'MB', r.memory.rssIdleMb <= 300);
    add(6, 'RSS growth per stored message', '≤ 2 KB', r.memory.bytesPerMessage, 'B', r.memory.bytesPerMessage <= 2_048);
  }
  if (r.memoryMillion) {
    const mem = r.memoryMillion;
    const last = mem.checkpoints.at(-1)!;
    add(17, `RSS with ${n(last.storedMessages)} stored messages (${n(mem.messagesPerTx)} per transaction)`, '< 2 GB', last.rssMb, 'MB', last.rssMb < 2_048);
    add(17, 'RSS growth per stored message beyond the working set (marginal, to the last checkpoint)', 'none (bounded)', mem.marginalBytesPerMessage, 'B', mem.marginalBytesPerMessage <= 0);
    const probes = mem.checkpoints.filter((c) => c.probe).map((c) => c.probe!.listMessagesMs);
    // The first probe is the method's first call in the process: held against the median of the later ones.
    if (probes.length >= 2) {
      const flat = Math.max(...probes.slice(1)) / Math.min(...probes.slice(1));
      add(17, '`zkinterop_listMessages` flat to the last checkpoint (slowest / fastest probe)', '≤ 2×', Math.round(flat * 100) / 100, '×', flat <= 2);
    }
  }
  return goals;
}

const n = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** The BENCHMARKS.md sections of a run, as [title, markdown body] in file order. */
export function benchSections(r: BenchRunResult): [string, string][] {
  const m = r.machine;
  const where = `Measured ${machineLine(m)}, ${n(m.memoryGb, 1)} GB RAM, load average ${m.loadAverageStart} at the start and ${m.loadAverageEnd} at the end, in one \`npm run bench${r.quick ? ' -- --quick' : ''}\` run of ${n(r.durationSeconds)} s.`;
  const sections: [string, string][] = [];
  const goals6 = r.goals.filter((g) => g.issue === 6);
  const goals17 = r.goals.filter((g) => g.issue === 17);
  // Only when this run measured a goal: `--only bundles --write` must not blank the goals of a full run.
  if (goals17.length > 0) sections.push([
    'Issue 17: goals',
    [
      where,
      'Every row comes from this run, each held against the baseline its section measures in the same run (the bare engine,',
      'the same calls sent directly, `node -e ""`, the bare node:http server, the bare EDR engine\'s memory floor). "What stands in',
      'the way (issue 17)" below says, from profiles, why the rows that do not hold miss.',
      '',
      '| Goal | Target | Measured | Holds |',
      '| --- | --- | ---: | :---: |',
      ...goals17.map((g) => `| ${g.name} | ${g.goal} | ${n(g.value, 2)} ${g.unit} | ${g.met ? 'yes' : '**no**'} |`),
    ].join('\n'),
  ]);
  if (goals6.length > 0) sections.push([
    'Issue 6: goals',
    [
      where,
      'Every measurement below comes from this run; each section says how it was taken. The machine is',
      'shared with other work, so absolute times are pessimistic; the ratios are taken against baselines of the same run.',
      '',
      '| Goal | Target | Measured | Holds |',
      '| --- | --- | ---: | :---: |',
      ...goals6.map((g) => `| ${g.name} | ${g.goal} | ${n(g.value, 2)} ${g.unit} | ${g.met ? 'yes' : '**no**'} |`),
    ].join('\n'),
  ]);
  if (r.startup) {
    const s = r.startup;
    sections.push([
      'Startup (issue 6)',
      [
        where,
        'From the call until Gateway and both chains answer `eth_chainId` over HTTP (free ports, default settings).',
        '',
        '| Start | Time |',
        '| --- | ---: |',
        `| \`startNetwork\` in-process, first of the process (module and EVM warm-up included) | ${n(s.firstInProcessMs)} ms |`,
        `| \`startNetwork\` in-process, median of the next ${s.inProcessSamplesMs.length} | ${n(s.inProcessMedianMs)} ms |`,
        `| \`node bin/zkinterop.js up --json\` as a child process, spawn → every endpoint answers, median of ${s.cliSamplesMs.length}${s.cliBundled ? ' (prebuilt bundle)' : ' (**tsx**: no fresh bundle)'} | ${n(s.cliMs)} ms |`,
        `| ″ Node start and module loading (spawn → endpoints printed, minus readyMs) | ${n(s.cliLoadMs)} ms |`,
        `| ″ network start, as the CLI reports it (\`readyMs\`: from the \`up\` action until the network runs) | ${n(s.cliReportedReadyMs)} ms |`,
        `| ″ endpoints printed → every one answered | ${n(s.cliFirstAnswerMs)} ms |`,
        `| for scale: a bare \`node -e ""\`, spawn → exit | ${n(s.nodeBootMs)} ms |`,
        `| \`up --json\` without the bundle's code cache (\`ZKINTEROP_NO_CODE_CACHE=1\`, interleaved with the runs above)${s.cliCodeCache ? '' : ' (**no cache was written**: both rows ran without one)'} | ${n(s.cliNoCacheMs)} ms |`,
        `| ″ Node start and module loading without the cache | ${n(s.cliNoCacheLoadMs)} ms |`,
        `| \`up --processes --json\` (one process per node; free fixed ports), spawn → every node answers, median of ${s.processesSamplesMs.length} | ${n(s.processesMs)} ms |`,
        `| ″ its readyMs (the \`up\` action until every node process is ready and the coordinator runs) | ${n(s.processesReportedReadyMs)} ms |`,
        `| ″ Node start and module loading of the coordinator | ${n(s.processesLoadMs)} ms |`,
      ].join('\n'),
    ]);
  }
  if (r.latency) {
    const l = r.latency;
    sections.push([
      'End-to-end latency (issues 3 and 6)',
      [
        where,
        `\`runLatency\` (bench/latency.ts): default settings (batch time 100 ms, watchers following Gateway's tags by push; the default network, an L1 under Gateway), ${n(l.messages)} messages sent over HTTP`,
        `with viem from one wallet on chain 271 at ${l.rateHz}/s; a message counts as verifiable when chain 271 serves its`,
        '`proof_based_gw` proof and chain 272 has imported the Gateway interop root of its batch. Baseline in the same run:',
        'the same `sendToL1` transaction on a bare EDR engine (send + mine, no batching, settlement or watcher). Messages are',
        'watched in the chains\' books in-process and confirmed once over RPC; the issue 3 run polled each one over RPC every',
        'millisecond, which took CPU from the network and inflated latency under load. With the L1, 272 imports the root only',
        'from a Gateway block finalized on the L1; "provable on the L1" = Gateway\'s block holding the execute is finalized',
        'and the no-mode `zks_getL2ToL1LogProof` answers. The same run repeats it on a network without an L1 (`l1: false`),',
        'and with the `instant` profile (no batch time or stage delay anywhere, the L1 rule all the same; issue 17): the same',
        'messages at the same rate, then messages one at a time, each sent once the one before is verifiable.',
        '',
        '| | p50 | p90 | p99 | max |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| send → verifiable on 272 (${n(l.messages)} messages${l.l1 ? ', with the L1' : ''}) | ${n(l.p50Ms)} ms | ${n(l.p90Ms)} ms | ${n(l.p99Ms)} ms | ${n(l.maxMs)} ms |`,
        ...(l.provableOnL1 ? [`| send → provable on the L1 (the same messages) | ${n(l.provableOnL1.p50Ms)} ms | ${n(l.provableOnL1.p90Ms)} ms | ${n(l.provableOnL1.p99Ms)} ms | ${n(l.provableOnL1.maxMs)} ms |`] : []),
        ...(r.latencyWithoutL1 ? [`| send → verifiable on 272, no L1 (\`l1: false\`) | ${n(r.latencyWithoutL1.p50Ms)} ms | ${n(r.latencyWithoutL1.p90Ms)} ms | ${n(r.latencyWithoutL1.p99Ms)} ms | ${n(r.latencyWithoutL1.maxMs)} ms |`] : []),
        ...(l.instant ? instantLatencyRows(l.instant, l.messages) : []),
        `| bare EVM send + mine (baseline) | ${n(l.baselineP50Ms, 2)} ms | | | |`,
      ].join('\n'),
    ]);
  }
  if (r.throughput) {
    const t = r.throughput;
    const total = t.network.sent;
    sections.push([
      'Throughput (issue 6)',
      [
        where,
        `Chains 271 and 272 send to each other at once: ${t.sendersPerChain} senders per chain, each sending ${t.messagesPerSender} \`sendToL1\``,
        'transactions one after another (signed beforehand with explicit nonces and zero fees, raw over HTTP from a separate',
        'process so the clients do not use the network\'s main thread, each awaited until it is in a block). The window runs',
        'from the first send until the last message is verifiable (batch executed on Gateway, root',
        'imported on the destination); afterwards every message is proven (`zks_getL2ToL1LogProof`) and verified on its',
        'destination with an `eth_call` of `proveL2MessageInclusionShared`, and only verified messages count.',
        'Baseline in the same run: the same signed transactions on two bare EDR engines (`createEngine` + `installSystemContracts`,',
        'in-process, no sequencer, batches, settlement, watcher or RPC).',
        '',
        '| | Rate | Notes |',
        '| --- | ---: | --- |',
        `| zkinterop, verifiable and verified messages | ${n(t.network.messagesPerSecond, 1)} /s | ${n(t.network.verified)} of ${n(total)} verified in ${n(t.network.seconds, 2)} s (the last answered at ${n(t.network.sendSeconds, 2)} s); send → in a block p50 ${n(t.network.sendP50Ms)} ms; send → verifiable p50 ${n(t.network.latency.p50Ms)} ms, p99 ${n(t.network.latency.p99Ms)} ms |`,
        `| bare engines, the same sequential senders, automine | ${n(t.baseline.automineTxPerSecond, 1)} tx/s | one block per transaction |`,
        `| bare engines, all queued, one block per 64 | ${n(t.baseline.blocksOf64TxPerSecond, 1)} tx/s | each block's transactions in one request to the engine, as the sequencer sends them |`,
        ...(t.inProcess ? [`| zkinterop, the same traffic without HTTP (senders in the network's process) | ${n(t.inProcess.messagesPerSecond, 1)} /s | ${n(t.inProcess.messages)} messages verifiable in ${n(t.inProcess.seconds, 2)} s; for where the CPU goes, not a goal row |`] : []),
        ...(t.httpFloor ? [`| the same senders against a do-nothing node:http server | ${n(t.httpFloor.requestsPerSecond, 1)} /s | what the wire alone costs: ${n(t.httpFloor.serverCpuPerRequestMs, 3)} ms of server CPU${t.httpFloor.clientCpuPerRequestMs !== undefined ? ` and ${n(t.httpFloor.clientCpuPerRequestMs, 3)} ms of the senders'` : ''} per request |`] : []),
        `| **ratio** (zkinterop / faster baseline) | **${n(t.ratio * 100, 1)} %** | goal ≥ 90 % (issue 17) |`,
        ...cpuRows(t),
      ].join('\n'),
    ]);
  }
  if (r.proofService) {
    const p = r.proofService;
    sections.push([
      'Proof service (issue 6)',
      [
        where,
        `One batch of chain 271 holds ${n(p.logsInBatch)} messages (64 transactions of a contract that sends 256 messages each; the`,
        'batch seals because it is full, then settles). Then `zks_getL2ToL1LogProof(tx, i, "proof_based_gw")` over messages striding',
        'across the batch (every log once before any repeats): over HTTP from a load generator in a separate process (raw keep-alive',
        'HTTP/1.1 connections, one request in flight on each; every answer checked against a proof computed beforehand, none wrong),',
        'at each concurrency, and in-process through the method table (params validated like HTTP), one call at a time. On two cores',
        'client and server share the machine: the CPU columns say what each side spent per request (the server process also runs',
        `the network's background work). The goals are held against ${p.http.concurrency} connections: enough to keep the server busy, while more`,
        'connections only queue (higher p50 and p99 for about the same rate).',
        '',
        '| | Requests | Rate | p50 | p99 | Server CPU / request | Client CPU / request |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...p.httpLevels.map(
          (l) =>
            `| HTTP, ${l.concurrency} connection${l.concurrency === 1 ? '' : 's'}${l.concurrency === p.http.concurrency ? ' (goals)' : ''} | ${n(l.requests)} | ${n(l.perSecond)} /s | ${n(l.p50Ms, 2)} ms | ${n(l.p99Ms, 2)} ms | ${n(l.serverCpuUsPerRequest)} µs | ${n(l.clientCpuUsPerRequest)} µs |`,
        ),
        `| in-process method table | ${n(p.inProcess.requests)} | ${n(p.inProcess.perSecond)} /s | ${n(p.inProcess.p50Ms, 3)} ms | ${n(p.inProcess.p99Ms, 3)} ms | | |`,
        `| first proof of the batch (builds its 16,384-leaf tree) | 1 | | ${n(p.firstProofMs)} ms | | | |`,
      ].join('\n'),
    ]);
  }
  if (r.memory) {
    const mem = r.memory;
    sections.push([
      'Memory (issue 6)',
      [
        where,
        'In a child process started with `--expose-gc`; RSS after three full collections. Gateway + 2 chains with default',
        `settings; messages stored in bulk in-process (waves of single-message \`eth_sendTransaction\`s over both chains, every`,
        `batch settled before reading); the row of 0 messages comes after one small warm-up of traffic, so the growth after`,
        `it is the messages' own. Storing took ${n(mem.fillSeconds, 1)} s and made ${n(mem.blocks.chains)} blocks on the two chains`,
        `(${n(mem.blocks.messagesPerChainBlock, 1)} messages per block: transactions arriving together share a block) and ${n(mem.blocks.gateway)} on Gateway.`,
        `The engine's floor: a bare EDR engine (no zkinterop) fed ${n(mem.engineFloor.txs)} of the same transactions in blocks of`,
        `${n(mem.engineFloor.blockSize)} (bench/engineMemory.ts, its own process). At interactive rates every message is its own block and`,
        'costs more, in the engine: per block it keeps a block, a state diff and (for its last 1,024 blocks) a ready state.',
        '',
        '| State | RSS | JS heap used |',
        '| --- | ---: | ---: |',
        `| process with modules loaded, no network | ${n(mem.rssBeforeNetworkMb, 1)} MB | |`,
        `| Gateway + 2 chains, idle | ${n(mem.rssIdleMb, 1)} MB | |`,
        ...mem.checkpoints.map((c) => `| ${n(c.storedMessages)} messages stored | ${n(c.rssMb, 1)} MB | ${n(c.heapUsedMb, 1)} MB |`),
        `| **growth per stored message** (first to last checkpoint) | **${n(mem.bytesPerMessage)} B** | ${perMessageHeap(mem)} B |`,
        `| marginal growth per stored message (slope from the second checkpoint on) | ${n(mem.marginalBytesPerMessage)} B | |`,
        `| engine floor per transaction, blocks of ${n(mem.engineFloor.blockSize)} (slope; average ${n(mem.engineFloor.rssBytesPerTx)} B) | ${n(mem.engineFloor.rssSlopeBytesPerTx)} B | ${n(mem.engineFloor.heapBytesPerTx)} B |`,
      ].join('\n'),
    ]);
  }
  if (r.memoryMillion) sections.push(['Memory, a million messages (issue 17)', memoryMillionSection(r.memoryMillion, where)]);
  if (r.scaling) {
    const s = r.scaling;
    sections.push([
      'Scaling (issue 6)',
      [
        where,
        'Chains: every chain sends to the next (a lone chain to itself), 4 accounts per chain sending sequentially, so the',
        'offered load grows with the network; on fixed cores the aggregate rate should stay flat. Stored messages: the',
        'network of the Memory section, probed at each size with 2 chains × 4 accounts × 10 messages, and the in-process',
        'time (median of 20) of requests whose cost could grow with history.',
        '',
        '| Chains | Messages | Aggregate rate | p50 latency | p99 latency |',
        '| ---: | ---: | ---: | ---: | ---: |',
        ...s.chains.map((c) => `| ${c.chains} | ${n(c.messages)} | ${n(c.messagesPerSecond, 1)} /s | ${n(c.latencyP50Ms)} ms | ${n(c.latencyP99Ms)} ms |`),
        '',
        '| Stored messages | Rate | p50 latency | p99 latency | listMessages (20) | receipt | log proof |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...s.storedMessages
          .filter((c) => c.probe)
          .map((c) => `| ${n(c.storedMessages)} | ${n(c.probe!.messagesPerSecond, 1)} /s | ${n(c.probe!.latencyP50Ms)} ms | ${n(c.probe!.latencyP99Ms)} ms | ${n(c.probe!.listMessagesMs, 3)} ms | ${n(c.probe!.receiptMs, 3)} ms | ${n(c.probe!.logProofMs, 3)} ms |`),
        '',
        'How each cost grows from one size to the next. Flagged (⚠) as super-linear: for chains, a cost per message that grows',
        'by more than 25 %; for stored messages (costs that should not depend on history), one that grows more than 2× for 10× the history.',
        '',
        '| Dimension | Step | Cost | Grows | |',
        '| --- | --- | --- | ---: | :---: |',
        ...s.steps.map((st) => `| ${st.dimension} | ${n(st.from)} → ${n(st.to)} (×${st.sizeFactor}) | ${st.cost} | ×${st.costFactor} | ${st.superLinear ? '⚠' : ''} |`),
      ].join('\n'),
    ]);
  }
  if (r.verificationGas) {
    sections.push([
      'Verification gas on a running network (issue 6)',
      [
        where,
        '`eth_estimateGas` of `L2MessageVerification.proveL2MessageInclusionShared` on chain 272 for a real `proof_based_gw` proof',
        'of a message of chain 271, from networks started with `startNetwork` (every chain registered on Gateway, so the',
        'shared tree has chains + 1 leaves); 271 settled a few single-message batches first. 21,000 intrinsic gas and calldata',
        'included. The Protocol section estimates the same call on bare engines with a MessageRoot model, for a message deep in',
        'a full batch (14-word local path) in the 6th batch of its chain, hence its few thousand more gas at each size.',
        '',
        '| Chains in the network | Batch | Proof words | Gas |',
        '| ---: | ---: | ---: | ---: |',
        ...r.verificationGas.map((g) => `| ${g.chains} | ${g.batchNumber} | ${g.proofWords} | ${n(g.gas)} |`),
      ].join('\n'),
    ]);
  }
  if (r.explorer) {
    const e = r.explorer;
    sections.push([
      'Explorer pages (issue 15)',
      [
        where,
        `\`runExplorer\` (bench/explorer.ts): one default network (the L1, Gateway, 271, 272) with its router, ${n(e.storedMessages)} messages stored`,
        `in bulk over both chains and settled (${n(e.fillSeconds)} s), then each explorer page's JSON-RPC requests, issued as the page issues them`,
        `(in parallel and in batches where it does) over HTTP to the router, ${e.rounds} times after one warm-up. The oldest message and the`,
        `deepest list pages are timed where history could matter. Goal: every page under ${e.goalMs} ms.`,
        '',
        '| Page | Requests | p50 | p99 | max | under the goal |',
        '| --- | ---: | ---: | ---: | ---: | :---: |',
        ...e.pages.map((p) => `| ${p.page} | ${p.requests} | ${n(p.p50Ms, 1)} ms | ${n(p.p99Ms, 1)} ms | ${n(p.maxMs, 1)} ms | ${p.p99Ms < e.goalMs ? 'yes' : '**no**'} |`),
      ].join('\n'),
    ]);
  }
  if (r.bundles) {
    const { gas, rate } = r.bundles;
    const b = rate.bundles;
    const msg = rate.messages;
    sections.push([
      'Bundles (issue 14)',
      [
        where,
        '`runBundles` (bench/bundles.ts), on one default network (Gateway, 271, 272, the L1 under Gateway). Gas: a bundle of',
        'k calls to a BundleReceiver on 272 (an ERC-7786 recipient that stores each call; warmed by one uncounted bundle, so no',
        'row pays for its slots\' first write) sent from 271 with the SDK\'s `sendBundle`,',
        'proven to Gateway\'s interop root (`"messageRoot"`) and executed on 272 by the network\'s relayer (`executeBundle`); receipts\' gasUsed',
        '(intrinsic gas and calldata included). For scale, `eth_estimateGas` of `proveL2MessageInclusionShared` for the',
        `one-call bundle's carrier message, the check executeBundle makes once per bundle: **${n(gas.proveMessageGas)} gas**.`,
        '',
        '| Calls | sendBundle on 271 | executeBundle on 272 | executeBundle per call |',
        '| ---: | ---: | ---: | ---: |',
        ...gas.rows.map((g) => `| ${g.calls} | ${n(g.sendBundleGas)} | ${n(g.executeBundleGas)} | ${n(g.executeGasPerCall)} |`),
        '',
        `Rate, both at once over the same seconds: ${rate.senders} senders each send ${rate.perSender} one-call bundles 271 → 272 one after`,
        'another (viem wallet clients over HTTP, each awaited until in a block); the network\'s relayer executes each once it is provable',
        '(batch executed on Gateway, root imported on 272), one receiver per sender. Meanwhile another',
        `${rate.senders} senders send ${rate.perSender} plain \`sendToL1\` messages each 271 → 272 (bench/traffic.ts: raw signed transactions from`,
        'a separate process), counted once verifiable on 272 and verified there. Rate = count / (first send → last done).',
        'The two cores are shared with other work (see the load average), so rates and latencies are pessimistic; gas is exact.',
        '',
        '| | Done | Rate | p50 | p90 | p99 |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        `| bundles, send → executed on 272 | ${n(b.executed)} of ${n(b.sent)} in ${n(b.seconds, 2)} s | ${n(b.bundlesPerSecond, 1)} /s | ${n(b.latency.p50Ms)} ms | ${n(b.latency.p90Ms)} ms | ${n(b.latency.p99Ms)} ms |`,
        `| plain messages, send → verifiable on 272 (baseline) | ${n(msg.verified)} of ${n(msg.sent)} in ${n(msg.seconds, 2)} s | ${n(msg.messagesPerSecond, 1)} /s | ${n(msg.latency.p50Ms)} ms | ${n(msg.latency.p90Ms)} ms | ${n(msg.latency.p99Ms)} ms |`,
        ...bundlesAgainstDirectCalls(rate),
      ].join('\n'),
    ]);
  }
  if (r.processes) sections.push(['One process per node (issue 16)', [where, ...processesSection(r.processes)].join('\n')]);
  if (r.proofService?.runs) sections.push(['Proof service per proof (issue 17)', [where, ...proofRunsSection(r.proofService)].join('\n')]);
  return sections;
}

/** Issue 17: bundles alone against the same calls sent directly on a bare engine (bench/bundles.ts, steps 2 and 3). */
function bundlesAgainstDirectCalls(rate: NonNullable<BenchRunResult['bundles']>['rate']): string[] {
  const { alone, direct } = rate;
  return [
    '',
    `Against the same calls sent directly (issue 17): first, as the baseline, ${n(direct.calls)} \`receiveMessage\` calls to ${rate.senders} fresh BundleReceivers`,
    `sent directly on a bare EDR engine (one block per call, ${rate.senders} loops of ${rate.perSender}, as InteropHandler: impersonated, which only a bare`,
    'engine can do); then, on the network with no other traffic, the same bundle senders and counts, executed by the network\'s relayer.',
    'The bundles\' latency is split by the bundle index\'s steps: settlement (sent → root imported on 272) and the relayer (root imported → executed).',
    '',
    '| | Done | Rate | p50 | p90 | ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| the same calls sent directly, bare engine (baseline) | ${n(direct.calls)} in ${n(direct.seconds, 3)} s | ${n(direct.callsPerSecond, 1)} /s | | | |`,
    `| bundles alone, send → executed on 272 | ${n(alone.executed)} of ${n(alone.sent)} in ${n(alone.seconds, 2)} s | ${n(alone.bundlesPerSecond, 1)} /s | ${n(alone.latency.p50Ms)} ms | ${n(alone.latency.p90Ms)} ms | ${n(rate.ratio * 100, 2)} % |`,
    `| ″ settlement: sent → root imported on 272 | | | ${n(alone.stages.settlementP50Ms)} ms | ${n(alone.stages.settlementP90Ms)} ms | |`,
    `| ″ relayer: root imported → executed | | | ${n(alone.stages.relayerP50Ms)} ms | ${n(alone.stages.relayerP90Ms)} ms | |`,
  ];
}

/** The processes table: each size in both modes, and where each mode's CPU went. */
function processesSection(p: NonNullable<BenchRunResult['processes']>): string[] {
  const total = (row: (typeof p.rows)[number]) => row.processes.reduce((sum, x) => sum + x.cpuPerMessageMs, 0);
  const faster = [...new Set(p.rows.map((r) => r.chains))].filter((chains) => {
    const rate = (mode: string) => p.rows.find((r) => r.chains === chains && r.mode === mode)?.messagesPerSecond ?? 0;
    return rate('process per node') > rate('one process');
  });
  const verdict = () =>
    faster.length === 0
      ? 'one process per node was the slower mode at every size: 4 to 11 processes share the cores with the load generator, so its price is paid and nothing is gained; the table is its cost, not its speed-up.'
      : `one process per node was faster with ${faster.join(', ')} chain(s) and slower with the rest.`;
  const split = (row: (typeof p.rows)[number]) =>
    row.processes
      .filter((x) => x.cpuMs > 0)
      .map((x) => `${x.role}${x.chainId !== null ? ` ${x.chainId}` : ''} ${n(x.cpuPerMessageMs, 3)}`)
      .join(', ');
  return [
    '`runProcesses` (bench/processes.ts): the same traffic on `zkinterop up` (every node in one process) and on',
    '`zkinterop up --processes` (the L1, Gateway and each chain in its own process, the coordinator in up\'s), both started',
    'as child processes with the L1 under Gateway and auto-relay off, both read over JSON-RPC only by the same watcher',
    '(`trafficTargetOverRpc`). Every chain sends to the next (a lone chain to itself), 8 senders per chain in a separate',
    'load process, each message counted once verifiable on its destination and verified there. CPU per verified message',
    `from /proc of every process of the network over the window (ms). ${p.cores} CPU cores.`,
    '',
    '| Chains | Mode | Messages | Aggregate rate | p50 | p99 | CPU idle (% of a core) | CPU per message, all processes | by process (ms) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...p.rows.map((row) => `| ${row.chains} | ${row.mode} | ${n(row.messages)} | ${n(row.messagesPerSecond, 1)} /s | ${n(row.latencyP50Ms)} ms | ${n(row.latencyP99Ms)} ms | ${n(row.idleCpuPercent, 1)} % | ${n(total(row), 2)} ms | ${split(row)} |`),
    '',
    'How it should grow with cores. One process runs every node on one JS main thread: on the 16-core machine of',
    'issue 16 that thread was full from 4 chains on (about 4,000 verified msgs/s, 0.2–0.27 ms of it per message) while',
    'the other cores idled. One process per node gives each chain its own main thread and engine, so the per-message',
    'work (the chain\'s blocks, receipts, batch seals, proofs) spreads over as many cores as there are chains; what',
    'stays shared grows per batch, not per message (Gateway: three settlement transactions and one MessageRoot append per',
    'chain batch; the L1: three per Gateway batch; the coordinator: the bundle index, nothing on a message\'s path). So the',
    'aggregate rate should grow about linearly with chains while there are cores for them (chains + Gateway + L1 +',
    'coordinator + the load generator ≤ cores), until Gateway\'s main thread fills with settlement of many small batches.',
    'The price is the CPU the processes spend on each other (HTTP and JSON for every settlement transaction, receipt',
    'and finality poll, each watcher\'s poll of Gateway, the newHeads sockets, one event loop and GC per process), in the',
    '"all processes" column; the "CPU idle" column shows much of it is polling: every chain\'s watcher and finality check',
    'ask Gateway over HTTP every `watcherPollMs` (10 ms in the default profile), in-process calls in one process.',
    `On this ${p.cores}-core machine ${verdict()}`,
    'It wins where one process is the bottleneck: when the one-process main thread is full and there are idle cores',
    'for the other processes.',
  ];
}

function perMessageHeap(mem: NonNullable<BenchRunResult['memory']>): string {
  const first = mem.checkpoints[0];
  const last = mem.checkpoints.at(-1);
  if (!first || !last || last.storedMessages === first.storedMessages) return '–';
  return n(((last.heapUsedMb - first.heapUsedMb) * 2 ** 20) / (last.storedMessages - first.storedMessages));
}

/** Where the CPU of a message (network) and of a transaction (bare engines) goes, by thread group. */
function cpuRows(t: ThroughputResult): string[] {
  const net = t.network.cpuPerMessage;
  const bare = t.baseline.automineCpuPerTx;
  if (!net || !bare) return [];
  const client = t.network.clientCpuPerMessageMs;
  const row = (label: string, c: ThreadCpu, senders?: number) =>
    `| ${label} | ${n(c.mainThreadMs, 3)} ms | ${n(c.engineThreadsMs, 3)} ms | ${n(c.otherThreadsMs, 3)} ms | ${n(c.mainThreadMs + c.engineThreadsMs + c.otherThreadsMs, 3)} ms | ${senders === undefined ? '' : `${n(senders, 3)} ms`} |`;
  return [
    '',
    'CPU per message (network, over the window) and per transaction (bare engines), from /proc per thread and the',
    'process total: the JS main thread, the EVM engine\'s threads (EDR; the total less the other groups, since EDR\'s pool',
    'threads may end within the window) and the rest (libuv, GC, compiler); and the senders\' own process (HTTP client),',
    'which shares the two cores with the network. Both sides CPU-bound, the ratio cannot pass bare total / (network total + senders).',
    '',
    '| | JS main thread | EVM threads | other threads | total | senders\' process |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('zkinterop, per verified message', net, client),
    ...(t.inProcess?.cpuPerMessage ? [row('zkinterop without HTTP, per message', t.inProcess.cpuPerMessage)] : []),
    row('bare engines, per transaction, automine', bare),
    ...(t.baseline.blocksOf64CpuPerTx ? [row('bare engines, per transaction, blocks of 64', t.baseline.blocksOf64CpuPerTx)] : []),
  ];
}

/** The proof service's HTTP runs of one process: the bare node:http floor, single and batched proofs, the no-mode proof. */
function proofRunsSection(p: NonNullable<BenchRunResult['proofService']>): string[] {
  const floor = p.runs.filter((r) => r.server === 'bare node:http').map((r) => r.serverCpuUsPerProof);
  return [
    'The same full batch as "Proof service (issue 6)", in the same run, every run served by the process that runs the network',
    '(its CPU, user + system, over each run\'s timed window, divided by the proofs asked; the network\'s background work is in',
    'every row alike). The floor: a bare `node:http` server in that process that reads each request\'s body and answers one',
    'constant JSON-RPC answer of a proof\'s size with the same headers, no routing, checks or JSON-RPC, measured first and',
    'again last (how far the machine\'s load moved during the runs). Batches are JSON-RPC arrays of that many',
    '`zks_getL2ToL1LogProof` calls in one HTTP request (as ethers and viem batch); their p50/p99 are per HTTP request. "no mode"',
    'is the proof to the L1 through Gateway (Gateway\'s part asked once per chain batch, then cached beside it).',
    '',
    '| Run | Proofs | HTTP requests | Proofs/s | p50 | p99 | Server CPU / proof | Server CPU / HTTP request | Client CPU / proof |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...p.runs.map(
      (r) =>
        `| ${r.name} | ${n(r.proofs)} | ${n(r.httpRequests)} | ${n(r.proofsPerSecond)} | ${n(r.p50Ms, 2)} ms | ${n(r.p99Ms, 2)} ms | ${n(r.serverCpuUsPerProof, 1)} µs | ${n(r.serverCpuUsPerHttpRequest, 1)} µs | ${n(r.clientCpuUsPerProof, 1)} µs |`,
    ),
    `| in-process, \`proof_based_gw\` | ${n(p.inProcess.requests)} | | ${n(p.inProcess.perSecond)} | ${n(p.inProcess.p50Ms, 3)} ms | ${n(p.inProcess.p99Ms, 3)} ms | | | |`,
    `| in-process, no mode (to the L1) | ${n(p.inProcessNoMode.requests)} | | ${n(p.inProcessNoMode.perSecond)} | ${n(p.inProcessNoMode.p50Ms, 3)} ms | ${n(p.inProcessNoMode.p99Ms, 3)} ms | | | |`,
    '',
    `Goal (issue 17): ≤ 50 µs of server CPU per proof over HTTP. The bare node:http floor of this run: ${floor.map((f) => `${n(f, 1)} µs`).join(' and ')} per request.`,
  ];
}

/** The million-message memory run: RSS, JS heap and request costs per checkpoint, with the engine's floor of the same run. */
function memoryMillionSection(mem: NonNullable<BenchRunResult['memoryMillion']>, where: string): string {
  const probed = mem.checkpoints.filter((c) => c.probe);
  return [
    where,
    `As the Memory section, but the messages are stored ${n(mem.messagesPerTx)} per transaction (MessageBurst, bench/messageBurst.ts:`,
    `each transaction calls L1Messenger.sendToL1 ${n(mem.messagesPerTx)} times), so ${n(mem.checkpoints.at(-1)!.storedMessages)} are stored in ${n(mem.fillSeconds, 1)} s; ${n(mem.blocks.chains)} blocks on`,
    `the two chains (${n(mem.blocks.messagesPerChainBlock, 1)} messages per block), ${n(mem.blocks.gateway)} on Gateway; journals in ${mem.store === 'memory' ? 'memory' : 'SQLite'}.`,
    `Executed batches beyond the newest four keep their hashes and logs in the history archive (src/store/historyArchive.ts), not the heap.`,
    `The engine's floor: a bare EDR engine fed ${n(mem.engineFloor.txs)} of the same ${n(mem.messagesPerTx)}-message transactions in blocks of ${n(mem.engineFloor.blockSize)}.`,
    'The row of 0 messages is high against idle: MessageBurst is compiled in the process (solc, ~150 MB), before it.',
    '',
    '| State | RSS | JS heap used |',
    '| --- | ---: | ---: |',
    `| Gateway + 2 chains, idle | ${n(mem.rssIdleMb, 1)} MB | |`,
    ...mem.checkpoints.map((c) => `| ${n(c.storedMessages)} messages stored | ${n(c.rssMb, 1)} MB | ${n(c.heapUsedMb, 1)} MB |`),
    `| **growth per stored message** (first to last checkpoint) | **${n(mem.bytesPerMessage)} B** | ${perMessageHeap(mem)} B |`,
    `| marginal growth per stored message (slope from the second checkpoint on) | ${n(mem.marginalBytesPerMessage)} B | |`,
    `| engine floor per message (slope per transaction / ${n(mem.messagesPerTx)}; average ${n(mem.engineFloor.rssBytesPerTx / mem.messagesPerTx)} B) | ${n(mem.engineFloor.rssSlopeBytesPerTx / mem.messagesPerTx)} B | ${n(mem.engineFloor.heapBytesPerTx / mem.messagesPerTx)} B |`,
    '',
    '| Stored messages | listMessages (20) | receipt (256 messages) | log proof |',
    '| ---: | ---: | ---: | ---: |',
    ...probed.map((c) => `| ${n(c.storedMessages)} | ${n(c.probe!.listMessagesMs, 3)} ms | ${n(c.probe!.receiptMs, 3)} ms | ${n(c.probe!.logProofMs, 3)} ms |`),
  ].join('\n');
}

/** The instant profile's rows of the latency table (issue 17): the same messages at the same rate, then one at a time. */
function instantLatencyRows(i: NonNullable<LatencyResult['instant']>, messages: number): string[] {
  const row = (name: string, q: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number }) => `| ${name} | ${n(q.p50Ms)} ms | ${n(q.p90Ms)} ms | ${n(q.p99Ms)} ms | ${n(q.maxMs)} ms |`;
  return [
    row(`send → verifiable on 272, \`instant\` profile (the same ${n(messages)} messages, with the L1)`, i),
    ...(i.provableOnL1 ? [row('send → provable on the L1, `instant` profile', i.provableOnL1)] : []),
    row(`send → verifiable on 272, \`instant\` profile, ${n(i.oneAtATime.messages)} messages one at a time`, i.oneAtATime),
  ];
}
