/**
 * Profiles the network's main thread under the throughput benchmark's load (bench/throughput.ts): the
 * same network and traffic, a warm-up round, then the inspector's CPU profiler around the timed window.
 * Writes the profile (open it in Chrome DevTools) and prints self time grouped by function and by
 * module, beside the per-thread CPU per message (bench/threadCpu.ts). Not part of `npm run bench`.
 *
 *   npx tsx bench/profileThroughput.ts [out.cpuprofile] [sendersPerChain] [messagesPerSender]
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startNetwork } from '../src/network/network.ts';
import { runTraffic } from './traffic.ts';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const out = process.argv[2] ?? 'throughput.cpuprofile';
const sendersPerChain = Number(process.argv[3] ?? 64);
const messagesPerSender = Number(process.argv[4] ?? 40);
const SOURCES = [271, 272];
const other = (c: number) => (c === 271 ? 272 : 271);

const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: SOURCES.map((chainId) => ({ chainId, port: 0 })) });
const session = new Session();
session.connect();
let profile: Profile | undefined;
try {
  await runTraffic(net, { sources: SOURCES, destinationOf: other, sendersPerChain, messagesPerSender: Math.max(2, Math.round(messagesPerSender / 2)), label: 'profile warm-up' });
  const result = await runTraffic(net, {
    sources: SOURCES,
    destinationOf: other,
    sendersPerChain,
    messagesPerSender,
    label: 'profile',
    onWindowStart: async () => {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    },
    onWindowEnd: async () => {
      profile = ((await session.post('Profiler.stop')) as { profile: Profile }).profile;
    },
  });
  console.log(JSON.stringify({ messagesPerSecond: result.messagesPerSecond, seconds: result.seconds, cpuPerMessage: result.cpuPerMessage, sendP50Ms: result.sendP50Ms }));
} finally {
  await net.stop();
  session.disconnect();
}
if (!profile) throw new Error('no profile');
writeFileSync(out, JSON.stringify(profile));
summarize(profile);

function summarize(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = p.endTime - p.startTime;
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\/.*wt-tput\//, '');
    const key = `${n.callFrame.functionName || '(anon)'} ${url}:${n.callFrame.lineNumber}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = url === '' ? n.callFrame.functionName : url.startsWith('nm/') ? url.split('/').slice(0, url.startsWith('nm/@') ? 3 : 2).join('/') : url;
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  const idle = (fn.get('(idle) :-1') ?? 0) + (fn.get('(program) :-1') ?? 0) * 0;
  const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
  console.log(`window ${(total / 1000).toFixed(0)} ms, idle ${pct(idle)}`);
  console.log('--- by module (self)');
  for (const [k, us] of [...mod].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(pct(us).padStart(7), (us / 1000).toFixed(0).padStart(6), 'ms', k);
  console.log('--- by function (self)');
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(pct(us).padStart(7), (us / 1000).toFixed(0).padStart(6), 'ms', k);
}
