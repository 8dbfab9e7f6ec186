/**
 * bench/explorer: how fast the nodes answer each explorer page with a long history (issue 15: every page
 * under 300 ms with 100,000 stored messages). One default network (the L1, Gateway, 271, 272) with its
 * router; `messages` messages stored in bulk (bench/bulkStore.ts: waves of single-message transactions
 * over both chains, settled like any other); then for each page the JSON-RPC requests the page makes
 * (explorer/pages/*), issued as the page issues them (in parallel where it does, batches where it
 * batches) over HTTP to the router's `/chains/<id>`, `rounds` times: p50, p99 and max of the page's wall
 * time. The oldest message and the deepest list pages are the ones timed where history could matter.
 *
 * `--per-tx 256` stores the messages with MessageBurst transactions (256 messages each) instead, for a
 * million in minutes; `--early 1000` also times every page once that many are stored (fill time is
 * counted from the start, so it includes that timing).
 *
 * Run alone: node --import tsx bench/explorer.ts [--messages 100000] [--per-tx 256] [--early 1000] [--rounds 30]
 */
import { encodeFunctionData, toEventSelector, type Address, type Hex } from 'viem';
import { l2MessageVerificationAbi } from '../src/contracts/index.ts';
import { L2_MESSAGE_VERIFICATION_ADDRESS, MESSAGE_ROOT_ADDRESS } from '../src/protocol/constants.ts';
import { startNetwork, type Network } from '../src/network/network.ts';
import { devAccounts } from '../src/network/accounts.ts';
import type { BatchListPage, MessageLifecycle, MessageListPage, MessageRootLogProof } from '../src/wire/types.ts';
import { fill, fillBursts, settled } from './bulkStore.ts';
import { deployMessageBurst } from './messageBurst.ts';
import { progress, progressDone, quantile, round } from './stats.ts';

/** One page's timing. */
export type ExplorerPageTiming = { page: string; requests: number; p50Ms: number; p99Ms: number; maxMs: number };

export type ExplorerResult = {
  storedMessages: number;
  /** messages per stored transaction: 1 = single `sendToL1` calls, more = MessageBurst calls (bench/messageBurst.ts) */
  messagesPerTx?: number;
  /** the same pages timed earlier in the same run, with fewer messages stored (`--early`) */
  earlier?: { storedMessages: number; pages: ExplorerPageTiming[] }[];
  /** seconds spent storing and settling them */
  fillSeconds: number;
  rounds: number;
  pages: ExplorerPageTiming[];
  /** the goal of issue 15 */
  goalMs: number;
};

const CHAINS = [271, 272];
const WAVE = 2_000;
const GOAL_MS = 300;

type Call = readonly [string, readonly unknown[]];

/**
 * Stores the messages, then times every page.
 * @param options.messages messages to store (default 100,000)
 * @param options.rounds times each page is loaded (default 30)
 */
export async function runExplorer(options: { messages?: number; rounds?: number; messagesPerTx?: number; early?: number[] } = {}): Promise<ExplorerResult> {
  const messages = options.messages ?? 100_000;
  const rounds = options.rounds ?? 30;
  const perTx = options.messagesPerTx ?? 1;
  const early = [...(options.early ?? [])].sort((a, b) => a - b);
  const earlier: NonNullable<ExplorerResult['earlier']> = [];
  const net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: CHAINS.map((chainId) => ({ chainId, port: 0 })), l1: { port: 0 }, routerPort: 0, onError: () => undefined });
  try {
    const fillStarted = performance.now();
    const fillers = devAccounts().slice(10, 18).map((a) => a.address);
    const bursts = perTx > 1 ? await Promise.all(CHAINS.map((c) => deployMessageBurst(net.node(c).node, fillers[0]!))) : [];
    let stored = 0;
    let firstTx: Hex | undefined;
    let timedEarly = 0;
    while (stored < messages) {
      const perChain = Math.min(WAVE, Math.ceil((messages - stored) / CHAINS.length));
      const txs = Math.max(1, Math.round(perChain / perTx));
      const waves = await Promise.all(CHAINS.map((chainId, k) => (perTx > 1 ? fillBursts(net, chainId, fillers, bursts[k]!, txs, perTx, stored) : fill(net, chainId, fillers, perChain, stored))));
      firstTx ??= waves[0]![0];
      stored += (perTx > 1 ? txs * perTx : perChain) * CHAINS.length;
      progress(`explorer: stored ${stored}/${messages} messages`);
      if (timedEarly < early.length && stored >= early[timedEarly]!) {
        timedEarly++;
        await settled(net);
        await new Promise((r) => setTimeout(r, 1_000));
        earlier.push({ storedMessages: stored, pages: await timePages(net, firstTx!, rounds) });
      }
    }
    await settled(net);
    // Chain 272 imports the roots of the last executes a little after they settle.
    await new Promise((r) => setTimeout(r, 1_000));
    progressDone();
    const fillSeconds = round((performance.now() - fillStarted) / 1000, 1);
    const pages = await timePages(net, firstTx!, rounds);
    return { storedMessages: stored, ...(perTx > 1 ? { messagesPerTx: perTx } : {}), ...(earlier.length > 0 ? { earlier } : {}), fillSeconds, rounds, pages, goalMs: GOAL_MS };
  } finally {
    await net.stop();
  }
}

async function timePages(net: Network, oldestTx: Hex, rounds: number): Promise<ExplorerPageTiming[]> {
  const base = net.routerUrl!;
  const url = (chainId: number) => `${base}/chains/${chainId}`;
  let requests = 0;
  const batch = async <T extends unknown[]>(chainId: number, calls: readonly Call[]): Promise<T> => {
    requests += calls.length;
    const response = await fetch(url(chainId), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))) });
    const answers = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
    return answers.sort((a, b) => a.id - b.id).map((a) => a.result) as T;
  };
  const one = async <T>(chainId: number, method: string, params: readonly unknown[] = []): Promise<T> => (await batch<[T]>(chainId, [[method, params]]))[0];
  const nodes = net.allNodes().map((n) => n.chainId);
  const gateway = net.gateway.chainId;

  const oldest = (await one<MessageLifecycle>(271, 'zkinterop_getMessageLifecycle', [oldestTx]))!;
  const messagesTotal = (await one<MessageListPage>(271, 'zkinterop_listMessages', [{ limit: 1 }])).total;
  const batchesTotal = (await one<BatchListPage>(271, 'zkinterop_listBatches', [{ limit: 1 }])).total;
  const newRoot = toEventSelector('NewInteropRoot(uint256,uint256,uint256,bytes32[])');
  const appended = toEventSelector('AppendedChainBatchRoot(uint256,uint256,bytes32)');

  const pages: [string, () => Promise<unknown>][] = [
    [
      'network',
      () =>
        Promise.all([
          ...nodes.map((id) => one(id, 'zkinterop_chainSummary')),
          ...CHAINS.map((id) => one(id, 'zkinterop_listMessages', [{ limit: 10 }])),
          batch(gateway, [['zkinterop_listBundles', [{ limit: 10 }]], ['zkinterop_listFaults', []]]),
        ]),
    ],
    [
      'chain 271 (newest pages)',
      () =>
        Promise.all([
          one(271, 'zkinterop_chainSummary'),
          one<string>(271, 'eth_blockNumber').then((h) => batch(271, Array.from({ length: 10 }, (_, i) => ['eth_getBlockByNumber', [`0x${(Number(BigInt(h)) - i).toString(16)}`, false]] as const))),
          one(271, 'zkinterop_listBatches', [{ limit: 10, offset: 0 }]),
          one(271, 'zkinterop_listMessages', [{ limit: 10, offset: 0 }]),
        ]),
    ],
    [
      'chain 271 (oldest pages)',
      () =>
        Promise.all([
          one(271, 'zkinterop_chainSummary'),
          batch(271, Array.from({ length: 10 }, (_, i) => ['eth_getBlockByNumber', [`0x${Math.max(0, 9 - i).toString(16)}`, false]] as const)),
          one(271, 'zkinterop_listBatches', [{ limit: 10, offset: Math.max(0, batchesTotal - 10) }]),
          one(271, 'zkinterop_listMessages', [{ limit: 10, offset: Math.max(0, messagesTotal - 10) }]),
        ]),
    ],
    [
      'message (the oldest)',
      async () => {
        await one(271, 'zkinterop_getMessageLifecycle', [oldest.txHash, 0]);
        await Promise.all([one(272, 'zkinterop_getImportedRoot', [gateway, oldest.gatewayBlockNumber]), batch(271, [['zks_getL2ToL1LogProof', [oldest.txHash, 0, 'messageRoot']], ['zkinterop_listFaults', []]])]);
      },
    ],
    [
      'verify on 272 (button)',
      async () => {
        const proof = await one<MessageRootLogProof>(271, 'zks_getL2ToL1LogProof', [oldest.txHash, 0, 'messageRoot']);
        const data = encodeFunctionData({
          abi: l2MessageVerificationAbi,
          functionName: 'proveL2MessageInclusionShared',
          args: [271n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: oldest.txNumberInBatch, sender: oldest.sender as Address, data: oldest.message }, proof.proof],
        });
        const verified = await one<Hex>(272, 'eth_call', [{ to: L2_MESSAGE_VERIFICATION_ADDRESS, data }, 'latest']);
        if (BigInt(verified) !== 1n) throw new Error(`the oldest message does not verify on 272 (${verified})`);
      },
    ],
    [
      'transaction',
      async () => {
        await batch(271, [['eth_getTransactionByHash', [oldest.txHash]], ['eth_getTransactionReceipt', [oldest.txHash]]]);
        await one(271, 'zkinterop_getMessageLifecycle', [oldest.txHash, 0]);
        await one(271, 'zkinterop_getMessageLifecycle', [oldest.txHash, 1]);
      },
    ],
    [
      'block (of ~2,000 transactions)',
      async () => {
        const [block] = await batch<[{ transactions: Hex[] }]>(271, [['eth_getBlockByNumber', [`0x${oldest.blockNumber.toString(16)}`, false]], ['zks_getBlockDetails', [oldest.blockNumber]]]);
        await batch(271, block.transactions.slice(0, 25).map((hash) => ['eth_getTransactionByHash', [hash]] as const));
      },
    ],
    ['batch', () => batch(271, [['zks_getL1BatchDetails', [oldest.batchNumber]], ['zks_getL1BatchBlockRange', [oldest.batchNumber]]])],
    ['address', () => Promise.all(nodes.map((id) => batch(id, [['eth_getBalance', [oldest.sender, 'latest']], ['eth_getTransactionCount', [oldest.sender, 'latest']], ['eth_getCode', [oldest.sender, 'latest']]])))],
    [
      'search (a message hash)',
      () => Promise.all([...nodes.map((id) => batch(id, [['eth_getTransactionByHash', [oldest.messageHash]], ['zkinterop_getMessageLifecycle', [oldest.messageHash]]])), one(gateway, 'zkinterop_getBundle', [oldest.messageHash])]),
    ],
    [
      'Gateway (trees, roots per block)',
      async () => {
        const gwHead = Number(BigInt(await one<string>(gateway, 'eth_blockNumber')));
        const fromBlock = `0x${Math.max(0, gwHead - 5_000).toString(16)}`;
        await Promise.all([
          one(gateway, 'eth_getLogs', [{ address: MESSAGE_ROOT_ADDRESS, fromBlock, toBlock: 'latest', topics: [appended] }]),
          one(gateway, 'eth_getLogs', [{ address: MESSAGE_ROOT_ADDRESS, fromBlock, toBlock: 'latest', topics: [newRoot] }]),
        ]);
      },
    ],
  ];
  const out: ExplorerPageTiming[] = [];
  for (const [page, load] of pages) {
    await load(); // warm
    const before = requests;
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await load();
      samples.push(performance.now() - started);
    }
    out.push({ page, requests: Math.round((requests - before) / rounds), p50Ms: round(quantile(samples, 0.5), 1), p99Ms: round(quantile(samples, 0.99), 1), maxMs: round(Math.max(...samples), 1) });
    progress(`explorer: timed ${page}`);
  }
  progressDone();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const result = await runExplorer({
    messages: Number(arg('--messages') ?? 100_000),
    messagesPerTx: Number(arg('--per-tx') ?? 1),
    early: arg('--early')?.split(',').map(Number),
    rounds: arg('--rounds') ? Number(arg('--rounds')) : undefined,
  });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
