/**
 * Measures the EVM engine: 1,000 simple value transfers (signed raw transactions from one key),
 * first mined one block per transaction (automine), then queued and mined in one block; and the
 * memory of idle chains. Not a test: numbers depend on the machine.
 *
 *   npx tsx bench/engineThroughput.ts
 */
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createEngine } from '../src/chain/engine.ts';

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
console.log(`idle chain: ~${(await idleChainMegabytes()).toFixed(1)} MB RSS each (${IDLE_CHAINS} chains)`);
