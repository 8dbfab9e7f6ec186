/**
 * bench/engineMemory: the engine's own memory floor per stored message, with no zkinterop machinery.
 * A bare EDR engine (createEngine + installSystemContracts, as a ZK chain's genesis) is fed the same
 * single-message `sendToL1` transactions the Memory benchmark stores, mined in blocks of a chosen size;
 * RSS and JS heap are read after full collections at nine points (the slope over them is the marginal
 * cost; the allocator grows in steps). Each configuration runs in its
 * own child process (started with --expose-gc), so one run's allocator state does not leak into the
 * next. What it varies: block size (transactions per block), how the transaction is submitted (a dev
 * account's eth_sendTransaction signed by the engine, an impersonated unsigned one, or a signed raw
 * one), what it does (`sendToL1`, a plain transfer with no log, or a MessageBurst call sending many
 * messages), and EDR's `__EDR_MAX_CACHED_STATES`
 * (how many per-block states its LRU keeps: EDR's default is 100,000, zkinterop's 1,024).
 *
 *   node --expose-gc --import tsx bench/engineMemory.ts [--txs 20000] [--blocks 1,10,100,1000] [--kinds dev,impersonated,raw]
 *     [--payload sendToL1|transfer|burst] [--per-tx 256] [--cached default,100000,16] [--env MIMALLOC_X=1]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeFunctionData, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createEngine } from '../src/chain/engine.ts';
import { installSystemContracts } from '../src/chain/genesis.ts';
import { l1MessengerAbi } from '../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS } from '../src/protocol/constants.ts';
import { TEST_MNEMONIC_KEYS } from '../src/network/accounts.ts';
import { round } from './stats.ts';
import { burstCalldata, messageBurstBytecode } from './messageBurst.ts';

/** How a transaction reaches the engine. */
export type EngineTxKind = 'dev' | 'impersonated' | 'raw';

/** One configuration of the floor measurement. */
export type EngineMemoryConfig = {
  kind: EngineTxKind;
  /**
   * what each transaction does: one `sendToL1` (one event, no storage write; default), a plain value
   * transfer (no log), or a MessageBurst call sending `messagesPerTx` messages (bench/messageBurst.ts)
   */
  payload?: 'sendToL1' | 'transfer' | 'burst';
  /** messages per transaction of the 'burst' payload (default 256) */
  messagesPerTx?: number;
  /** transactions per block */
  blockSize: number;
  /** transactions stored after the baseline reading */
  txs: number;
  /** `__EDR_MAX_CACHED_STATES`; undefined = zkinterop's setting (src/chain/engine.ts); EDR's own default is 100,000 */
  maxCachedStates?: number;
  /** extra environment of the child (e.g. MIMALLOC_* options of EDR's allocator) */
  env?: Record<string, string>;
};

/** What one configuration measured. */
export type EngineMemoryResult = EngineMemoryConfig & {
  blocks: number;
  /** RSS growth per transaction (bytes) */
  rssBytesPerTx: number;
  /**
   * Least-squares slope of RSS over 8 readings spread across the run (bytes per transaction): the
   * marginal cost. The allocator grows in steps, so two readings alone are noisy.
   */
  rssSlopeBytesPerTx: number;
  /** JS heap growth per transaction (bytes; the engine's data lives outside it) */
  heapBytesPerTx: number;
  seconds: number;
};

const CHAIN_ID = 271;
const SENDERS = TEST_MNEMONIC_KEYS.slice(0, 8);

/** Runs one configuration in a child node process with --expose-gc. */
export async function runEngineMemory(config: EngineMemoryConfig): Promise<EngineMemoryResult> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--child', JSON.stringify(config)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...config.env },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the engine-memory child exited with ${code}: ${out.slice(-2_000)}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as EngineMemoryResult;
}

async function settle(): Promise<{ rss: number; heap: number }> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

/** Where value transfers go: one account, so a transfer writes no new state beyond balances and nonces. */
const TRANSFER_TO = '0x00000000000000000000000000000000000000aa';

function calldata(i: number): Hex {
  return encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`stored ${CHAIN_ID} ${i}`)] });
}

async function measure(config: EngineMemoryConfig): Promise<EngineMemoryResult> {
  if (!Number.isSafeInteger(config.blockSize) || config.blockSize < 1) throw new Error(`block size must be a positive integer, got ${config.blockSize}`);
  if (!Number.isSafeInteger(config.txs) || config.txs < 8) throw new Error(`txs must be an integer of at least 8, got ${config.txs}`);
  if (config.maxCachedStates !== undefined) process.env.__EDR_MAX_CACHED_STATES = String(config.maxCachedStates);
  const accounts = SENDERS.map((privateKey) => ({ privateKey, balance: 10n ** 24n }));
  const engine = await createEngine({ chainId: CHAIN_ID, accounts, automine: false });
  await installSystemContracts(engine, { isGateway: false });
  const signers = SENDERS.map((k) => privateKeyToAccount(k));
  const nonces = signers.map(() => 0);
  const warmup = Math.min(config.blockSize, 100);
  const total = warmup + config.txs;
  // Raw transactions are signed up front (and kept alive to the end) so signing is not measured.
  const raws: Hex[] = [];
  if (config.kind === 'raw') {
    for (let i = 0; i < total; i++) {
      const s = i % signers.length;
      raws.push(
        await signers[s]!.signTransaction({ chainId: CHAIN_ID, type: 'eip1559', to: config.payload === 'transfer' ? TRANSFER_TO : L1_MESSENGER_ADDRESS, data: config.payload === 'transfer' ? '0x' : calldata(i), value: config.payload === 'transfer' ? 1n : 0n, nonce: nonces[s]!++, gas: 100_000n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }),
      );
    }
  }
  const transfer = config.payload === 'transfer';
  const perTx = config.messagesPerTx ?? 256;
  let to: Hex = transfer ? TRANSFER_TO : L1_MESSENGER_ADDRESS;
  if (config.payload === 'burst') {
    if (config.kind === 'raw') throw new Error('the burst payload is sent as dev or impersonated transactions');
    const deploy = await engine.request<Hex>('eth_sendTransaction', [{ from: signers[0]!.address, data: messageBurstBytecode(), gas: '0x989680', maxFeePerGas: '0x0', maxPriorityFeePerGas: '0x0' }]);
    nonces[0]!++;
    await engine.mine();
    const address = (await engine.getReceipt(deploy))?.contractAddress;
    if (!address) throw new Error('MessageBurst was not deployed');
    to = address;
  }
  const data = (i: number): Hex => (transfer ? '0x' : config.payload === 'burst' ? burstCalldata(perTx, i) : calldata(i));
  const gas = config.payload === 'burst' ? 30_000 + perTx * 40_000 : 100_000;
  const send = (i: number): Promise<Hex> => {
    const from = signers[i % signers.length]!.address;
    if (config.kind === 'raw') return engine.sendRawTransaction(raws[i]!);
    if (config.kind === 'impersonated') return engine.sendAs({ from, to, data: data(i), value: transfer ? 1n : undefined, gas: BigInt(gas) });
    return engine.request<Hex>('eth_sendTransaction', [{ from, to, data: data(i), value: transfer ? '0x1' : '0x0', gas: `0x${gas.toString(16)}`, maxFeePerGas: '0x0', maxPriorityFeePerGas: '0x0' }]);
  };
  let sent = 0;
  let blocks = 0;
  const fill = async (until: number) => {
    while (sent < until) {
      const n = Math.min(config.blockSize, until - sent);
      await Promise.all(Array.from({ length: n }, (_, k) => send(sent + k)));
      sent += n;
      const block = await engine.mine();
      if (block.transactionHashes.length !== n) throw new Error(`block ${block.number} holds ${block.transactionHashes.length} transactions, expected ${n}`);
      blocks++;
    }
  };
  await fill(warmup);
  const before = await settle();
  const started = performance.now();
  blocks = 0;
  const readings: { txs: number; rss: number }[] = [{ txs: 0, rss: before.rss }];
  for (let k = 1; k <= 8; k++) {
    await fill(warmup + Math.round((config.txs * k) / 8));
    readings.push({ txs: sent - warmup, rss: (await settle()).rss });
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await settle();
  const meanX = readings.reduce((n, r) => n + r.txs, 0) / readings.length;
  const meanY = readings.reduce((n, r) => n + r.rss, 0) / readings.length;
  const slope = readings.reduce((n, r) => n + (r.txs - meanX) * (r.rss - meanY), 0) / readings.reduce((n, r) => n + (r.txs - meanX) ** 2, 0);
  if (raws.length !== (config.kind === 'raw' ? total : 0)) throw new Error('unreachable');
  await engine.close();
  return {
    ...config,
    blocks,
    rssBytesPerTx: Math.round((after.rss - before.rss) / config.txs),
    rssSlopeBytesPerTx: Math.round(slope),
    heapBytesPerTx: Math.round((after.heap - before.heap) / config.txs),
    seconds: round(seconds, 1),
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain && process.argv.includes('--child')) {
  const config = JSON.parse(process.argv[process.argv.indexOf('--child') + 1]!) as EngineMemoryConfig;
  process.stdout.write(`${JSON.stringify(await measure(config))}\n`);
  process.exit(0);
} else if (isMain) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1]! : fallback;
  };
  const txs = Number(arg('--txs', '20000'));
  const sizes = arg('--blocks', '1,10,100,1000').split(',').map(Number);
  const kinds = arg('--kinds', 'dev').split(',') as EngineTxKind[];
  const payload = arg('--payload', 'sendToL1') as EngineMemoryConfig['payload'];
  const messagesPerTx = payload === 'burst' ? Number(arg('--per-tx', '256')) : undefined;
  const cached = arg('--cached', 'default').split(',').map((c) => (c === 'default' ? undefined : Number(c)));
  const env = Object.fromEntries(arg('--env', '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  for (const kind of kinds) {
    for (const maxCachedStates of cached) {
      for (const blockSize of sizes) {
        const r = await runEngineMemory({ kind, payload, ...(messagesPerTx ? { messagesPerTx } : {}), blockSize, txs, maxCachedStates, env });
        console.log(JSON.stringify(r));
      }
    }
  }
}
