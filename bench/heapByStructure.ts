/**
 * bench/heapByStructure: which of zkinterop's own structures hold the JS heap that grows with stored
 * messages. Stores messages like the Memory benchmark (Gateway + 2 chains, waves of single-message
 * eth_sendTransaction, every batch settled), then empties one structure after another and reads the
 * heap after full collections each time: the drop at each step is what that structure held. Ablation,
 * not a heap snapshot: it leaves the network unusable, so it runs last, in its own process.
 *
 * --one-by-one sends one message at a time instead (each in its own block, as at interactive rates).
 *
 *   node --expose-gc --import tsx bench/heapByStructure.ts [--messages 20000] [--one-by-one]
 */
import { startNetwork } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import { fill, settled } from './bulkStore.ts';

const CHAINS = [271, 272];
const WAVE = 2_000;

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc!();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
}

const i = process.argv.indexOf('--messages');
const messages = i > 0 ? Number(process.argv[i + 1]) : 20_000;
const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: CHAINS.map((chainId) => ({ chainId, port: 0 })) });
const fillers = devAccounts().slice(10, 18).map((a) => a.address);
await Promise.all(CHAINS.map((c) => fill(net, c, fillers, 50, 1e9)));
await settled(net);
const base = await heap();
let stored = 0;
if (process.argv.includes('--one-by-one')) {
  for (; stored < messages; stored++) await fill(net, CHAINS[stored % CHAINS.length]!, fillers, 1, stored);
}
while (stored < messages) {
  const per = Math.min(WAVE, (messages - stored) / CHAINS.length);
  await Promise.all(CHAINS.map((c) => fill(net, c, fillers, per, stored)));
  stored += per * CHAINS.length;
}
await settled(net);
let last = await heap();
const rows: [string, number][] = [['total growth', last - base]];
const drop = async (what: string, fn: () => void) => {
  fn();
  const now = await heap();
  rows.push([what, last - now]);
  last = now;
};
// Private fields are reached on purpose: this harness takes the network apart.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const open = (o: unknown) => o as any;
await drop('store journals (in-memory store)', () => void net.store.clear());
await drop('chain node: receive times', () => {
  for (const n of net.allNodes()) open(n.node).books.receivedAt = undefined;
});
await drop('chain node: block seal times', () => {
  for (const n of net.allNodes()) open(n.node).books.blockSealedAt = undefined;
});
for (const field of ['evmToClient', 'zkTxs']) {
  await drop(`chain node: ${field}`, () => {
    for (const n of net.allNodes()) open(open(n.node).zksyncTxs)[field].clear();
  });
}
await drop('chain node: importedRoots', () => {
  for (const n of net.allNodes()) open(n.node).books.importedRoots.clear();
});
await drop('batcher: message hash → log', () => {
  for (const n of net.allNodes()) open(n.node.internalsForTests().batcher).messageOrdinals.clear?.();
});
await drop('batcher: tx hash → tx', () => {
  for (const n of net.allNodes()) open(n.node.internalsForTests().batcher).txOrdinals.clear?.();
});
// An archived batch's logs and hashes are read-only views of the history archive (src/store/historyArchive.ts): they hold no heap, so they are skipped.
const empty = (a: unknown[]) => {
  try {
    a.length = 0;
  } catch {
    // archived
  }
};
await drop('batches: logs (in memory: not yet archived)', () => {
  for (const n of net.allNodes()) for (const b of n.node.batches) empty(b.logs);
});
await drop('batches: tx hashes (in memory: not yet archived)', () => {
  for (const n of net.allNodes()) for (const b of n.node.batches) empty(b.txHashes);
});
await drop('batches: everything else (commitments, settlement, Gateway inclusion, imported roots)', () => {
  for (const n of net.allNodes()) n.node.internalsForTests().batcher.batches.splice(0, n.node.batches.length - 1);
});
await drop('sequencer: imported root keys', () => {
  for (const n of net.allNodes()) open(n.node.internalsForTests().sequencer).imported.clear();
});
await drop('gateway inclusion index', () => {
  open(net).index.model = undefined;
});
console.log(`blocks: ${net.allNodes().map((n) => `${n.chainId}: ${n.node.blockNumber}`).join(', ')}; batches: ${net.chains.map((n) => `${n.chainId}: ${n.node.batches.length}`).join(', ')}`);
for (const [what, bytes] of rows) console.log(`${what.padEnd(40)} ${(bytes / messages).toFixed(0).padStart(6)} B/message  (${(bytes / 2 ** 20).toFixed(1)} MB)`);
process.exit(0);
