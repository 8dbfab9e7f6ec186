/**
 * Test support for L1's contracts: an engine for L1 whose genesis is the real `installL1Contracts`, and
 * the operator's commit → prove → execute on a ZK chain contract there.
 */
import type { Address, Hex } from 'viem';
import { createEngine, type Engine } from '../../src/chain/engine.ts';
import { installL1Contracts, type InstalledL1Contracts, type L1ContractsOptions } from '../../src/chain/genesis.ts';
import { chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { TEST_ACCOUNT, calldata } from './systemChain.ts';

/** zkstack's local L1 chain id (SPEC §10). */
export const L1_CHAIN_ID = 9;

const ZERO: Hex = `0x${'00'.repeat(32)}`;

/** A fresh automining L1 engine with its genesis contracts installed. */
export async function createL1Chain(options: L1ContractsOptions): Promise<{ engine: Engine; installed: InstalledL1Contracts }> {
  const engine = await createEngine({ chainId: L1_CHAIN_ID, accounts: [{ privateKey: TEST_ACCOUNT.privateKey, balance: 10n ** 24n }], automine: true });
  const installed = await installL1Contracts(engine, options);
  return { engine, installed };
}

/**
 * Commits (on top of `previousHash`, no dependency roots), proves and executes batch `batch` of `chainId`
 * on its ZK chain contract on `engine`, as its operator.
 * @returns the execute receipt
 */
export async function settleBatch(engine: Engine, chainId: number, batch: bigint, chainBatchRoot: Hex, previousHash: Hex = ZERO, from: Address = TEST_ACCOUNT.address) {
  const to = chainSettlementAddress(chainId);
  await engine.execute({ from, to, data: calldata(chainSettlementAbi, 'commit', [batch, chainBatchRoot, ZERO, previousHash]) });
  await engine.execute({ from, to, data: calldata(chainSettlementAbi, 'prove', [batch]) });
  return engine.execute({ from, to, data: calldata(chainSettlementAbi, 'execute', [batch, []]) });
}
