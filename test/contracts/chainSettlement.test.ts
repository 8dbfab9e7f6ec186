import { describe, expect, it } from 'vitest';
import { decodeEventLog, type Address, type Hex } from 'viem';
import type { Engine } from '../../src/chain/engine.ts';
import { MESSAGE_ROOT_ADDRESS, chainSettlementAbi, chainSettlementAddress, messageRootAbi } from '../../src/contracts/index.ts';
import { dependencyRootsRollingHash, storedBatchHash, type DependencyRoot } from '../../src/protocol/settlement.ts';
import { TEST_ACCOUNT, asBootloader, calldata, createSystemChain, readContract, revertOf } from '../support/systemChain.ts';

const GATEWAY = 506;
const OPERATOR: Address = TEST_ACCOUNT.address;
const STRANGER: Address = '0x000000000000000000000000000000000000dEaD';
const ZERO: Hex = `0x${'00'.repeat(32)}`;
const rootOf = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;

type Dependency = { chainId: bigint; blockNumber: bigint; sides: Hex[] };

/** The operator's three calls on chain `chainId`'s settlement contract. */
function settlement(engine: Engine, chainId: number, from: Address = OPERATOR) {
  const to = chainSettlementAddress(chainId);
  return {
    commit: (batch: bigint, chainBatchRoot: Hex, rollingHash: Hex, previousHash: Hex) =>
      engine.execute({ from, to, data: calldata(chainSettlementAbi, 'commit', [batch, chainBatchRoot, rollingHash, previousHash]) }),
    prove: (batch: bigint) => engine.execute({ from, to, data: calldata(chainSettlementAbi, 'prove', [batch]) }),
    execute: (batch: bigint, deps: Dependency[] = []) => engine.execute({ from, to, data: calldata(chainSettlementAbi, 'execute', [batch, deps]) }),
    read: <const F extends 'totalBatchesCommitted' | 'totalBatchesProved' | 'totalBatchesExecuted'>(functionName: F) =>
      readContract(engine, { address: to, abi: chainSettlementAbi, functionName }),
  };
}

/** Commits, proves and executes batch `batch` of `chainId`; returns the execute receipt. */
async function settle(engine: Engine, chainId: number, batch: bigint, chainBatchRoot: Hex, previousHash: Hex, deps: DependencyRoot[] = []) {
  const s = settlement(engine, chainId);
  await s.commit(batch, chainBatchRoot, dependencyRootsRollingHash(deps), previousHash);
  await s.prove(batch);
  return s.execute(batch, deps.map(asDependency));
}

const asDependency = (d: DependencyRoot): Dependency => ({ chainId: BigInt(d.chainId), blockNumber: BigInt(d.blockNumber), sides: [d.root] });

async function gateway() {
  const { engine } = await createSystemChain({ chainId: GATEWAY, settlingChains: [{ chainId: 271, operator: OPERATOR }, { chainId: 272, operator: OPERATOR }] });
  return engine;
}

describe('ChainSettlement', () => {
  it('genesis places it at 0x…20000 + chainId, bound to its chain and operator', async () => {
    const engine = await gateway();
    const address = chainSettlementAddress(271);
    expect(address).toBe('0x000000000000000000000000000000000002010f');
    expect(await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'chainId' })).toBe(271n);
    expect(await readContract(engine, { address, abi: chainSettlementAbi, functionName: 'operator' })).toBe(OPERATOR);
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'settlementContract', args: [271n] })).toBe(address);
  });

  it('commit, prove and execute move a batch through its stages and append its root to MessageRoot', async () => {
    const engine = await gateway();
    const s = settlement(engine, 271);
    const root = rootOf(0xa1);
    await s.commit(1n, root, ZERO, ZERO);
    expect([await s.read('totalBatchesCommitted'), await s.read('totalBatchesProved'), await s.read('totalBatchesExecuted')]).toEqual([1n, 0n, 0n]);
    await s.prove(1n);
    expect(await s.read('totalBatchesProved')).toBe(1n);
    const receipt = await s.execute(1n);
    expect(await s.read('totalBatchesExecuted')).toBe(1n);

    const names = receipt.logs.map((log) => {
      const abi = log.address === MESSAGE_ROOT_ADDRESS ? messageRootAbi : chainSettlementAbi;
      return decodeEventLog({ abi, data: log.data, topics: log.topics }).eventName;
    });
    expect(names).toEqual(['AppendedChainBatchRoot', 'NewChainRoot', 'NewInteropRoot', 'BlockExecution']);
    expect(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'chainBatchCount', args: [271n] })).toBe(1n);
  });

  it('stores keccak256(abi.encode(batchNumber, chainBatchRoot, rollingHash, previousBatchHash)) as the batch hash', async () => {
    const engine = await gateway();
    const s = settlement(engine, 271);
    const receipt = await s.commit(1n, rootOf(1), rootOf(2), ZERO);
    const expected = storedBatchHash(1, rootOf(1), rootOf(2), ZERO);
    const stored = await readContract(engine, { address: chainSettlementAddress(271), abi: chainSettlementAbi, functionName: 'storedBatch', args: [1n] });
    expect(stored).toEqual({ batchHash: expected, chainBatchRoot: rootOf(1), dependencyRootsRollingHash: rootOf(2) });
    const event = decodeEventLog({ abi: chainSettlementAbi, data: receipt.logs[0]!.data, topics: receipt.logs[0]!.topics });
    expect(event).toEqual({ eventName: 'BlockCommit', args: { batchNumber: 1n, batchHash: expected, chainBatchRoot: rootOf(1), dependencyRootsRollingHash: rootOf(2) } });
    await s.commit(2n, rootOf(3), ZERO, expected);
  });

  it('prove says in its event that no proof was verified', async () => {
    const engine = await gateway();
    const s = settlement(engine, 271);
    await s.commit(1n, rootOf(1), ZERO, ZERO);
    const receipt = await s.prove(1n);
    const event = decodeEventLog({ abi: chainSettlementAbi, data: receipt.logs[0]!.data, topics: receipt.logs[0]!.topics });
    expect(event.eventName).toBe('BlockProve');
    expect((event.args as { verifier: string }).verifier).toMatch(/no ZK proof/);
  });

  it('only the operator can commit, prove and execute', async () => {
    const engine = await gateway();
    const stranger = settlement(engine, 271, STRANGER);
    const expected = { errorName: 'NotOperator', args: [STRANGER] };
    expect(await revertOf(stranger.commit(1n, rootOf(1), ZERO, ZERO), chainSettlementAbi)).toEqual(expected);
    await settlement(engine, 271).commit(1n, rootOf(1), ZERO, ZERO);
    expect(await revertOf(stranger.prove(1n), chainSettlementAbi)).toEqual(expected);
    await settlement(engine, 271).prove(1n);
    expect(await revertOf(stranger.execute(1n), chainSettlementAbi)).toEqual(expected);
  });

  it("one chain's operator cannot settle another chain", async () => {
    const other: Address = '0x00000000000000000000000000000000000B0b00';
    const { engine } = await createSystemChain({ chainId: GATEWAY, settlingChains: [{ chainId: 271, operator: OPERATOR }, { chainId: 272, operator: other }] });
    const error = await revertOf(settlement(engine, 272, OPERATOR).commit(1n, rootOf(1), ZERO, ZERO), chainSettlementAbi);
    expect(error.errorName).toBe('NotOperator');
  });

  it('initialize runs once and only for the bootloader', async () => {
    const engine = await gateway();
    const to = chainSettlementAddress(271);
    const data = calldata(chainSettlementAbi, 'initialize', [271n, STRANGER]);
    expect((await revertOf(engine.execute({ from: STRANGER, to, data }), chainSettlementAbi)).errorName).toBe('Unauthorized');
    expect((await revertOf(asBootloader(engine, to, data), chainSettlementAbi)).errorName).toBe('SettlementAlreadyInitialized');
  });

  it('batches are committed in order, each naming the stored hash of the one before', async () => {
    const engine = await gateway();
    const s = settlement(engine, 271);
    expect(await revertOf(s.commit(2n, rootOf(1), ZERO, ZERO), chainSettlementAbi)).toEqual({ errorName: 'UnexpectedBatchNumber', args: [1n, 2n] });
    await s.commit(1n, rootOf(1), ZERO, ZERO);
    const error = await revertOf(s.commit(2n, rootOf(2), ZERO, rootOf(99)), chainSettlementAbi);
    expect(error).toEqual({ errorName: 'PreviousBatchHashMismatch', args: [storedBatchHash(1, rootOf(1), ZERO, ZERO), rootOf(99)] });
  });

  it('a batch is proved only after commit and executed only after prove', async () => {
    const engine = await gateway();
    const s = settlement(engine, 271);
    expect((await revertOf(s.prove(1n), chainSettlementAbi)).errorName).toBe('BatchNotCommitted');
    await s.commit(1n, rootOf(1), ZERO, ZERO);
    expect((await revertOf(s.execute(1n), chainSettlementAbi)).errorName).toBe('BatchNotProved');
  });

  it('executes a batch whose dependency roots are interop roots of this Gateway', async () => {
    const engine = await gateway();
    const first = await settle(engine, 271, 1n, rootOf(1), ZERO);
    const root = await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'historicalRoot', args: [first.blockNumber] });
    await settle(engine, 272, 1n, rootOf(2), ZERO, [{ chainId: GATEWAY, blockNumber: first.blockNumber, root }]);
    expect(await settlement(engine, 272).read('totalBatchesExecuted')).toBe(1n);
  });

  it('a dependency root absent from Gateway history makes execute revert', async () => {
    const engine = await gateway();
    const first = await settle(engine, 271, 1n, rootOf(1), ZERO);
    const forged = { chainId: GATEWAY, blockNumber: first.blockNumber, root: rootOf(0xbad) };
    const s = settlement(engine, 272);
    await s.commit(1n, rootOf(2), dependencyRootsRollingHash([forged]), ZERO);
    await s.prove(1n);
    const error = await revertOf(s.execute(1n, [asDependency(forged)]), chainSettlementAbi);
    expect(error.errorName).toBe('DependencyRootNotInGatewayHistory');
    expect(error.args.slice(0, 3)).toEqual([0n, first.blockNumber, rootOf(0xbad)]);
    expect(await s.read('totalBatchesExecuted')).toBe(0n);
  });

  it('a root from a Gateway block without one is absent from history too', async () => {
    const engine = await gateway();
    const dep = { chainId: GATEWAY, blockNumber: 1n, root: rootOf(7) };
    const s = settlement(engine, 271);
    await s.commit(1n, rootOf(1), dependencyRootsRollingHash([dep]), ZERO);
    await s.prove(1n);
    expect((await revertOf(s.execute(1n, [asDependency(dep)]), chainSettlementAbi)).errorName).toBe('DependencyRootNotInGatewayHistory');
  });

  it('dependency roots other than the committed ones make execute revert with a rolling hash mismatch', async () => {
    const engine = await gateway();
    const first = await settle(engine, 271, 1n, rootOf(1), ZERO);
    const root = await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'historicalRoot', args: [first.blockNumber] });
    const s = settlement(engine, 272);
    await s.commit(1n, rootOf(2), ZERO, ZERO); // committed: no dependencies
    await s.prove(1n);
    const error = await revertOf(s.execute(1n, [{ chainId: BigInt(GATEWAY), blockNumber: first.blockNumber, sides: [root] }]), chainSettlementAbi);
    expect(error).toEqual({
      errorName: 'DependencyRootsRollingHashMismatch',
      args: [ZERO, dependencyRootsRollingHash([{ chainId: GATEWAY, blockNumber: first.blockNumber, root }])],
    });
  });

  it('a dependency root of another chain id, a zero root or several sides make execute revert', async () => {
    const engine = await gateway();
    const first = await settle(engine, 271, 1n, rootOf(1), ZERO);
    const s = settlement(engine, 272);
    await s.commit(1n, rootOf(2), ZERO, ZERO);
    await s.prove(1n);
    const wrongChain = await revertOf(s.execute(1n, [{ chainId: 271n, blockNumber: first.blockNumber, sides: [rootOf(1)] }]), chainSettlementAbi);
    expect(wrongChain).toEqual({ errorName: 'DependencyRootWrongChain', args: [0n, 271n, BigInt(GATEWAY)] });
    const zero = await revertOf(s.execute(1n, [{ chainId: BigInt(GATEWAY), blockNumber: first.blockNumber, sides: [ZERO] }]), chainSettlementAbi);
    expect(zero.errorName).toBe('DependencyRootIsZero');
    const twoSides = await revertOf(s.execute(1n, [{ chainId: BigInt(GATEWAY), blockNumber: first.blockNumber, sides: [rootOf(1), rootOf(2)] }]), chainSettlementAbi);
    expect(twoSides.errorName).toBe('DependencyRootSidesLengthNotOne');
  });
});
