/**
 * Measures the EVM engine: 1,000 simple value transfers (signed raw transactions from one key),
 * first mined one block per transaction (automine), then queued and mined in one block; where the
 * engine's CPU goes for the throughput bench's transactions (sendToL1 from 64 senders, handed over 64
 * per request and mined per 64 as the sequencer does: signed raw ones against the same calls sent
 * impersonated, so the difference is EDR's sender recovery); and the memory of idle chains. Not a
 * test: numbers depend on the machine.
 *
 *   npx tsx bench/engineThroughput.ts
 */
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createEngine } from '../src/chain/engine.ts';
import { installSystemContracts } from '../src/chain/genesis.ts';
import { parseTransaction } from 'viem';
import { benchSenderKey, signMessages } from './traffic.ts';

const KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const TRANSFERS = 1_000;
const IDLE_CHAINS = 200;

async function transfersPerSecond(automine: boolean): Promise<number> {
  const account = privateKeyToAccount(KEY);
  const engine = await createEngine({ chainId: 270, automine, accounts: [{ privateKey: KEY, balance: 10n ** 24n }] });
  const raws: Hex[] = [];
  for (let nonce = 0; nonce < TRANSFERS; nonce++) {
    raws.push(
      await account.signTransaction({ chainId: 270, type: 'eip1559', to: `0x${(nonce + 1).toString(16).padStart(40, '0')}`, value: 1n, nonce, gas: 21_000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 0n }),
    );
  }
  const start = performance.now();
  for (const raw of raws) await engine.sendRawTransaction(raw);
  if (!automine) {
    const block = await engine.mine();
    if (block.transactionHashes.length !== TRANSFERS) throw new Error(`block holds ${block.transactionHashes.length} transfers, expected ${TRANSFERS}`);
  }
  const seconds = (performance.now() - start) / 1000;
  if ((await engine.getNonce(account.address)) !== TRANSFERS) throw new Error('not every transfer was mined');
  await engine.close();
  return TRANSFERS / seconds;
}

async function impersonatedTransfersPerSecond(automine: boolean): Promise<number> {
  const engine = await createEngine({ chainId: 270, automine, accounts: [] });
  const from = '0x0000000000000000000000000000000000008001';
  await engine.setBalance(from, 10n ** 24n);
  const start = performance.now();
  for (let i = 0; i < TRANSFERS; i++) await engine.sendAs({ from, to: `0x${(i + 1).toString(16).padStart(40, '0')}`, value: 1n, gas: 21_000n });
  if (!automine) await engine.mine();
  const seconds = (performance.now() - start) / 1000;
  if ((await engine.getNonce(from)) !== TRANSFERS) throw new Error('not every transfer was mined');
  await engine.close();
  return TRANSFERS / seconds;
}

/** EDR CPU (process total, µs per transaction) to take 64 sendToL1 transactions in one request and to mine them, raw or impersonated. */
async function sendToL1CpuPerTx(impersonated: boolean): Promise<{ sendUs: number; mineUs: number }> {
  const engine = await createEngine({ chainId: 271, automine: false, accounts: [] });
  await installSystemContracts(engine, { isGateway: false, settlingChains: [] });
  const senders = await Promise.all(Array.from({ length: 64 }, (_, i) => signMessages(benchSenderKey(i), 271, 0, 8, 'engine')));
  if (impersonated) for (const list of senders) await engine.request('hardhat_impersonateAccount', [list[0]!.from]);
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let send = 0;
  let mine = 0;
  for (let j = 0; j < 8; j++) {
    // Built before the clock: only the engine's part is counted.
    const calls = senders.map((list): [string, unknown[]] => {
      const tx = parseTransaction(list[j]!.raw);
      return ['eth_sendTransaction', [{ from: list[j]!.from, to: tx.to, data: tx.data, gas: '0x186a0', maxFeePerGas: '0x0', maxPriorityFeePerGas: '0x0', nonce: `0x${j.toString(16)}` }]];
    });
    let at = cpuMs();
    if (impersonated) {
      // One JSON-RPC batch too (the adapter's private batch call: sendAs sends one request per call).
      await (engine as unknown as { requestBatch(c: [string, unknown[]][]): Promise<unknown[]> }).requestBatch(calls);
    } else {
      const outcomes = await engine.sendRawTransactions(senders.map((list) => list[j]!.raw));
      if (outcomes.some((o) => o.status === 'rejected')) throw new Error('the engine refused a transaction');
    }
    send += cpuMs() - at;
    at = cpuMs();
    if ((await engine.mine({ withLogs: true })).transactionHashes.length !== 64) throw new Error('a block of 64 came out short');
    mine += cpuMs() - at;
  }
  await engine.close();
  return { sendUs: Math.round((send / 512) * 1000), mineUs: Math.round((mine / 512) * 1000) };
}

async function idleChainMegabytes(): Promise<number> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const engines = [];
  for (let i = 0; i < IDLE_CHAINS; i++) engines.push(await createEngine({ chainId: 1000 + i, accounts: [{ privateKey: KEY, balance: 10n ** 24n }] }));
  const after = process.memoryUsage().rss;
  return (after - before) / IDLE_CHAINS / 2 ** 20;
}

await transfersPerSecond(true); // warm-up
console.log(`automine (one block per transfer): ${Math.round(await transfersPerSecond(true))} tx/s`);
console.log(`one block for ${TRANSFERS} queued transfers: ${Math.round(await transfersPerSecond(false))} tx/s`);
console.log(`sendAs (impersonated), automine: ${Math.round(await impersonatedTransfersPerSecond(true))} tx/s`);
console.log(`sendAs (impersonated), one block: ${Math.round(await impersonatedTransfersPerSecond(false))} tx/s`);
await sendToL1CpuPerTx(false); // warm-up
for (const impersonated of [false, true]) {
  const { sendUs, mineUs } = await sendToL1CpuPerTx(impersonated);
  console.log(`sendToL1 in blocks of 64, ${impersonated ? 'impersonated' : 'signed raw  '}: take ${sendUs} µs + mine ${mineUs} µs of CPU per transaction`);
}
console.log(`idle chain: ~${(await idleChainMegabytes()).toFixed(1)} MB RSS each (${IDLE_CHAINS} chains)`);
