import { createRequire } from 'node:module';
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeEventLog, decodeFunctionResult, encodeFunctionData, keccak256, parseAbi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createEngine, decodeRevertReason, EngineRevertError, EngineRpcError, type Engine } from './engine.ts';

const require = createRequire(import.meta.url);
const solc = require('solc') as { compile(input: string): string };

const KEY_A = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;
const KEY_B = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const;
const ALICE = privateKeyToAccount(KEY_A);
const BOB = privateKeyToAccount(KEY_B);
const BOOTLOADER: Address = '0x0000000000000000000000000000000000008001';
const STRANGER: Address = '0x00000000000000000000000000000000deadbeef';
const RECORDER: Address = '0x0000000000000000000000000000000000010001';
const ETHER = 10n ** 18n;

const RECORDER_SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
contract Recorder {
  address public lastSender;
  uint256[] public tags;
  event Recorded(address indexed sender, uint256 tag);
  function record(uint256 tag) external { lastSender = msg.sender; tags.push(tag); emit Recorded(msg.sender, tag); }
  function tagCount() external view returns (uint256) { return tags.length; }
  function fail(string calldata why) external pure { revert(why); }
}`;

const recorderAbi = parseAbi([
  'function lastSender() view returns (address)',
  'function tags(uint256) view returns (uint256)',
  'function tagCount() view returns (uint256)',
  'function record(uint256 tag)',
  'function fail(string why) pure',
  'event Recorded(address indexed sender, uint256 tag)',
]);

let recorderCode: Hex;

beforeAll(() => {
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Recorder.sol': { content: RECORDER_SOURCE } },
        settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['evm.deployedBytecode.object'] } } },
      }),
    ),
  ) as { errors?: { severity: string; formattedMessage: string }[]; contracts: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>> };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  recorderCode = `0x${output.contracts['Recorder.sol']!['Recorder']!.evm.deployedBytecode.object}`;
});

async function engineWithRecorder(options: { chainId?: number; automine?: boolean } = {}): Promise<Engine> {
  const engine = await createEngine({
    chainId: options.chainId ?? 270,
    automine: options.automine,
    accounts: [
      { privateKey: KEY_A, balance: 1_000n * ETHER },
      { privateKey: KEY_B, balance: 5n * ETHER },
    ],
  });
  await engine.setCode(RECORDER, recorderCode);
  return engine;
}

async function read<T>(engine: Engine, functionName: 'lastSender' | 'tagCount', args: [] = []): Promise<T> {
  const data = await engine.call({ to: RECORDER, data: encodeFunctionData({ abi: recorderAbi, functionName, args }) });
  return decodeFunctionResult({ abi: recorderAbi, functionName, data }) as T;
}

async function tagsOf(engine: Engine): Promise<bigint[]> {
  const count = await read<bigint>(engine, 'tagCount');
  const out: bigint[] = [];
  for (let i = 0n; i < count; i++) {
    const data = await engine.call({ to: RECORDER, data: encodeFunctionData({ abi: recorderAbi, functionName: 'tags', args: [i] }) });
    out.push(decodeFunctionResult({ abi: recorderAbi, functionName: 'tags', data }));
  }
  return out;
}

const record = (tag: bigint): Hex => encodeFunctionData({ abi: recorderAbi, functionName: 'record', args: [tag] });

async function signedRecord(engine: Engine, key: typeof ALICE, tag: bigint, nonce: number): Promise<Hex> {
  return key.signTransaction({
    chainId: engine.chainId,
    type: 'eip1559',
    to: RECORDER,
    data: record(tag),
    nonce,
    gas: 200_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

describe('createEngine', () => {
  test('funded accounts start with their genesis balances', async () => {
    const engine = await engineWithRecorder();
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [ALICE.address, 'latest']))).toBe(1_000n * ETHER);
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [BOB.address, 'latest']))).toBe(5n * ETHER);
  });

  test('the chain reports the chain id it was created with', async () => {
    const engine = await createEngine({ chainId: 324, accounts: [] });
    expect(Number(BigInt(await engine.request<Hex>('eth_chainId')))).toBe(324);
    expect(engine.chainId).toBe(324);
  });

  test('the base fee is zero and stays zero after a full block', async () => {
    const engine = await createEngine({ chainId: 270, accounts: [], blockGasLimit: 1_000_000n });
    // a block filled to its limit would push an EIP-1559 base fee above zero; elasticity 1 prevents it
    await engine.setCode(RECORDER, '0x5b600056'); // JUMPDEST PUSH1 0 JUMP: loops until out of gas
    await engine.sendAs({ from: STRANGER, to: RECORDER, gas: 1_000_000n });
    const full = await engine.request<{ gasUsed: Hex }>('eth_getBlockByNumber', ['latest', false]);
    expect(BigInt(full.gasUsed)).toBe(1_000_000n);
    await engine.mine();
    const next = await engine.request<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false]);
    expect(BigInt(next.baseFeePerGas)).toBe(0n);
  });

  test('error: an invalid chain id is rejected', async () => {
    await expect(createEngine({ chainId: 0, accounts: [] })).rejects.toThrow(/chain id/);
  });

  test('two engines with different chain ids coexist and keep separate state', async () => {
    const a = await engineWithRecorder({ chainId: 271 });
    const b = await engineWithRecorder({ chainId: 272 });
    await a.execute({ from: BOOTLOADER, to: RECORDER, data: record(7n) });
    expect(await tagsOf(a)).toEqual([7n]);
    expect(await tagsOf(b)).toEqual([]);
    expect(Number(BigInt(await a.request<Hex>('eth_chainId')))).toBe(271);
    expect(Number(BigInt(await b.request<Hex>('eth_chainId')))).toBe(272);
    // a transaction signed for one chain is not valid on the other
    await expect(b.sendRawTransaction(await signedRecord(a, ALICE, 1n, 0))).rejects.toBeInstanceOf(EngineRpcError);
  });
});

describe('state edits', () => {
  test('setCode installs code that call runs', async () => {
    const engine = await engineWithRecorder();
    expect(await engine.request<Hex>('eth_getCode', [RECORDER, 'latest'])).toBe(recorderCode);
    expect(await read<bigint>(engine, 'tagCount')).toBe(0n);
  });

  test('setStorageAt writes a slot that the contract reads', async () => {
    const engine = await engineWithRecorder();
    await engine.setStorageAt(RECORDER, '0x0', `0x000000000000000000000000${STRANGER.slice(2)}`);
    expect((await read<Address>(engine, 'lastSender')).toLowerCase()).toBe(STRANGER);
  });

  test('setBalance sets the balance of any address', async () => {
    const engine = await engineWithRecorder();
    await engine.setBalance(STRANGER, 12345n);
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [STRANGER, 'latest']))).toBe(12345n);
  });
});

describe('transactions', () => {
  test('sendAs from the bootloader address runs with msg.sender = 0x…8001 and no balance', async () => {
    const engine = await engineWithRecorder();
    const receipt = await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    expect(receipt.status).toBe('success');
    expect((await read<Address>(engine, 'lastSender')).toLowerCase()).toBe(BOOTLOADER);
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [BOOTLOADER, 'latest']))).toBe(0n);
    const [log] = receipt.logs;
    const event = decodeEventLog({ abi: recorderAbi, data: log!.data, topics: log!.topics });
    expect(event.args).toEqual({ sender: '0x0000000000000000000000000000000000008001', tag: 1n });
  });

  test('execute without a recipient creates a contract at the receipt address', async () => {
    const engine = await engineWithRecorder();
    // init code: copy the 5 bytes after it (runtime 0x6001600055) to memory and return them
    const initCode: Hex = '0x6005600c60003960056000f36001600055';
    const receipt = await engine.execute({ from: BOOTLOADER, data: initCode });
    expect(receipt.contractAddress).toBeTruthy();
    expect(await engine.request<Hex>('eth_getCode', [receipt.contractAddress, 'latest'])).toBe('0x6001600055');
  });

  test('a signed raw transaction is accepted under the hash viem computes', async () => {
    const engine = await engineWithRecorder();
    const raw = await signedRecord(engine, ALICE, 9n, 0);
    const hash = await engine.sendRawTransaction(raw);
    expect(hash).toBe(keccak256(raw));
    const receipt = await engine.getReceipt(hash);
    expect(receipt?.status).toBe('success');
    expect(receipt?.from).toBe(ALICE.address.toLowerCase());
    expect(await engine.getNonce(ALICE.address)).toBe(1);
  });

  test('sendRawTransactions takes a batch in order, each refused transaction on its own', async () => {
    const engine = await engineWithRecorder({ automine: false });
    const first = await signedRecord(engine, ALICE, 1n, 0);
    const reused = await signedRecord(engine, ALICE, 2n, 0); // same nonce as `first`
    const third = await signedRecord(engine, BOB, 3n, 0);
    const outcomes = await engine.sendRawTransactions([first, reused, third]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(EngineRpcError);
    const block = await engine.mine();
    expect(block.transactionHashes).toEqual([keccak256(first), keccak256(third)]);
    expect(await tagsOf(engine)).toEqual([1n, 3n]);
  });

  test('sendRawTransactions of valid transactions returns their hashes in order', async () => {
    const engine = await engineWithRecorder({ automine: false });
    const raws = [await signedRecord(engine, ALICE, 1n, 0), await signedRecord(engine, BOB, 2n, 0), await signedRecord(engine, ALICE, 3n, 1)];
    const outcomes = await engine.sendRawTransactions(raws);
    expect(outcomes).toEqual(raws.map((raw) => ({ status: 'fulfilled', value: keccak256(raw) })));
    expect((await engine.mine()).transactionHashes).toEqual(raws.map((raw) => keccak256(raw)));
  });

  test('a funded account can send through eth_sendTransaction without signing', async () => {
    const engine = await engineWithRecorder();
    const hash = await engine.request<Hex>('eth_sendTransaction', [{ from: ALICE.address, to: STRANGER, value: '0x64' }]);
    expect((await engine.getReceipt(hash))?.status).toBe('success');
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [STRANGER, 'latest']))).toBe(100n);
  });

  test('error: a reverting call throws EngineRevertError with the reason', async () => {
    const engine = await engineWithRecorder();
    const data = encodeFunctionData({ abi: recorderAbi, functionName: 'fail', args: ['not today'] });
    const error = await engine.call({ to: RECORDER, data }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRevertError);
    expect((error as EngineRevertError).reason).toBe('not today');
    expect(decodeRevertReason((error as EngineRevertError).data)).toBe('not today');
  });

  test('error: a reverting execute throws EngineRevertError with the reason and the reverted receipt', async () => {
    const engine = await engineWithRecorder({ automine: false });
    const data = encodeFunctionData({ abi: recorderAbi, functionName: 'fail', args: ['no way'] });
    const error = await engine.execute({ from: BOOTLOADER, to: RECORDER, data }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRevertError);
    expect((error as EngineRevertError).reason).toBe('no way');
    expect((error as EngineRevertError).receipt?.status).toBe('reverted');
  });

  test('error: a transaction that runs out of gas throws EngineRevertError marked halted', async () => {
    const engine = await engineWithRecorder();
    await engine.setCode(STRANGER, '0x5b600056'); // JUMPDEST PUSH1 0 JUMP: loops until out of gas
    const error = await engine.execute({ from: BOOTLOADER, to: STRANGER, gas: 100_000n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRevertError);
    expect((error as EngineRevertError).halted).toBe(true);
    expect((error as EngineRevertError).receipt?.gasUsed).toBe(100_000n);
  });

  test('error: a call to a function the contract lacks reverts with empty data and no reason', async () => {
    const engine = await engineWithRecorder();
    const error = await engine.call({ to: RECORDER, data: '0x12345678' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRevertError);
    expect((error as EngineRevertError).data).toBe('0x');
    expect((error as EngineRevertError).reason).toBeUndefined();
  });
});

describe('mining', () => {
  test('behavior: with automine, every transaction mines its own block', async () => {
    const engine = await engineWithRecorder();
    const before = await engine.blockNumber();
    await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(2n) });
    expect(await engine.blockNumber()).toBe(before + 2n);
  });

  test('behavior: without automine, mine includes queued transactions from several senders in submission order', async () => {
    const engine = await engineWithRecorder({ automine: false });
    const submitted: Hex[] = [];
    // interleave: raw txs from two keyed senders (two from each), impersonated system calls, nonces in order per sender
    submitted.push(await engine.sendRawTransaction(await signedRecord(engine, BOB, 1n, 0)));
    submitted.push(await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(2n) }));
    submitted.push(await engine.sendRawTransaction(await signedRecord(engine, ALICE, 3n, 0)));
    submitted.push(await engine.sendRawTransaction(await signedRecord(engine, BOB, 4n, 1)));
    submitted.push(await engine.sendAs({ from: STRANGER, to: RECORDER, data: record(5n) }));
    submitted.push(await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(6n) }));
    submitted.push(await engine.sendRawTransaction(await signedRecord(engine, ALICE, 7n, 1)));
    expect(await engine.getReceipt(submitted[0]!)).toBeNull();
    expect(await engine.getNonce(BOB.address, 'pending')).toBe(2);
    expect(await engine.getNonce(BOB.address, 'latest')).toBe(0);

    const block = await engine.mine();
    expect(block.transactionHashes).toEqual(submitted);
    expect(await tagsOf(engine)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    expect(block.number).toBe(await engine.blockNumber());
  });

  test('mine with logs returns the new block and exactly its logs, as getLogs reads them', async () => {
    const engine = await engineWithRecorder({ automine: false });
    await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    await engine.mine();
    await engine.sendAs({ from: STRANGER, to: RECORDER, data: record(2n) });
    await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(3n) });
    const block = await engine.mine({ withLogs: true });
    expect(block.transactionHashes).toHaveLength(2);
    const read = await engine.getLogs({ fromBlock: block.number, toBlock: block.number });
    expect(block.logs).toEqual(read.map(({ address, topics, data, transactionHash, logIndex }) => ({ address, topics, data, transactionHash, logIndex })));
    expect(block.logs!.map((l) => l.transactionHash)).toEqual(block.transactionHashes);
    expect((await engine.mine({ withLogs: true })).logs).toEqual([]);
    expect((await engine.mine()).logs).toBeUndefined();
  });

  test('mine with logs of some contracts returns only their logs, the block unchanged', async () => {
    const engine = await engineWithRecorder({ automine: false });
    await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    const elsewhere = await engine.mine({ withLogs: true, logAddresses: ['0x0000000000000000000000000000000000008008'] });
    expect(elsewhere.transactionHashes).toHaveLength(1);
    expect(elsewhere.logs).toEqual([]);
    await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(2n) });
    const recorder = await engine.mine({ withLogs: true, logAddresses: ['0x0000000000000000000000000000000000008008', RECORDER] });
    expect(recorder.logs!.map((l) => l.transactionHash)).toEqual(recorder.transactionHashes);
  });

  test('error: a failing mine with logs throws EngineRpcError and mines nothing', async () => {
    const engine = await createEngine({ chainId: 270, accounts: [], automine: false, initialTimestamp: 2_000_000_000 });
    const before = await engine.blockNumber();
    await expect(engine.mine({ timestamp: 1_000, withLogs: true })).rejects.toBeInstanceOf(EngineRpcError);
    expect(await engine.blockNumber()).toBe(before);
  });

  test('behavior: one block takes more default-gas transactions than their gas limits add up to', async () => {
    const engine = await engineWithRecorder({ automine: false });
    // 40 × the 30M default gas = 1.2B > the 1B block gas limit; only gas used has to fit
    for (let i = 0; i < 40; i++) await engine.sendAs({ from: BOOTLOADER, to: RECORDER, data: record(BigInt(i)) });
    const block = await engine.mine();
    expect(block.transactionHashes).toHaveLength(40);
  });

  test('behavior: mine uses the given timestamp, and blocks may share a timestamp', async () => {
    const engine = await engineWithRecorder({ automine: false });
    const first = await engine.mine({ timestamp: 2_000_000_000 });
    const second = await engine.mine({ timestamp: 2_000_000_000 });
    expect(first.timestamp).toBe(2_000_000_000n);
    expect(second.timestamp).toBe(2_000_000_000n);
    expect(second.number).toBe(first.number + 1n);
  });

  test('behavior: mining many blocks at once never fails on timestamps', async () => {
    const engine = await createEngine({ chainId: 270, accounts: [], automine: false });
    const start = await engine.blockNumber();
    for (let i = 0; i < 200; i++) await engine.mine();
    expect(await engine.blockNumber()).toBe(start + 200n);
  });

  test('error: a timestamp below the previous block is rejected', async () => {
    const engine = await createEngine({ chainId: 270, accounts: [], automine: false, initialTimestamp: 2_000_000_000 });
    await expect(engine.mine({ timestamp: 1_000 })).rejects.toBeInstanceOf(EngineRpcError);
  });

  test('initialTimestamp sets the genesis block time', async () => {
    const engine = await createEngine({ chainId: 270, accounts: [], initialTimestamp: 1_800_000_000 });
    const genesis = await engine.request<{ timestamp: Hex }>('eth_getBlockByNumber', ['0x0', false]);
    expect(BigInt(genesis.timestamp)).toBe(1_800_000_000n);
  });

  test('execute without automine mines the transaction and returns its receipt', async () => {
    const engine = await engineWithRecorder({ automine: false });
    const receipt = await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(3n) });
    expect(receipt.status).toBe('success');
    expect(receipt.blockNumber).toBe(await engine.blockNumber());
  });
});

describe('reads', () => {
  test('getLogs filters by address, topic and block range', async () => {
    const engine = await engineWithRecorder();
    await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    const second = await engine.execute({ from: STRANGER, to: RECORDER, data: record(2n) });
    const senderTopic = `0x000000000000000000000000${STRANGER.slice(2)}` as Hex;
    const all = await engine.getLogs({ address: RECORDER });
    expect(all).toHaveLength(2);
    const byTopic = await engine.getLogs({ address: RECORDER, topics: [null, senderTopic] });
    expect(byTopic.map((l) => l.transactionHash)).toEqual([second.transactionHash]);
    const byBlock = await engine.getLogs({ fromBlock: second.blockNumber, toBlock: second.blockNumber });
    expect(byBlock).toHaveLength(1);
    expect(byBlock[0]!.blockNumber).toBe(second.blockNumber);
  });

  test('call at an earlier block number sees the state of that block', async () => {
    const engine = await engineWithRecorder();
    const before = await engine.blockNumber();
    await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    const data = encodeFunctionData({ abi: recorderAbi, functionName: 'tagCount' });
    expect(BigInt(await engine.call({ to: RECORDER, data }, before))).toBe(0n);
    expect(BigInt(await engine.call({ to: RECORDER, data }, 'latest'))).toBe(1n);
  });

  test('call at a block older than the states the engine keeps ready still sees that block', async () => {
    const engine = await engineWithRecorder();
    const before = await engine.blockNumber();
    await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    // More blocks than the engine caches states for (1,024): the old state is rebuilt, not lost.
    await engine.request('hardhat_mine', ['0x500']);
    const data = encodeFunctionData({ abi: recorderAbi, functionName: 'tagCount' });
    expect(BigInt(await engine.call({ to: RECORDER, data }, before))).toBe(0n);
    expect(BigInt(await engine.call({ to: RECORDER, data }, before + 1n))).toBe(1n);
  });
});

describe('snapshots and lifecycle', () => {
  test('revert restores the state and block number of a snapshot', async () => {
    const engine = await engineWithRecorder();
    const id = await engine.snapshot();
    const block = await engine.blockNumber();
    await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    await engine.setBalance(STRANGER, 1n);
    expect(await engine.revert(id)).toBe(true);
    expect(await tagsOf(engine)).toEqual([]);
    expect(await engine.blockNumber()).toBe(block);
    expect(BigInt(await engine.request<Hex>('eth_getBalance', [STRANGER, 'latest']))).toBe(0n);
  });

  test('impersonation outlives a snapshot revert', async () => {
    const engine = await engineWithRecorder();
    const id = await engine.snapshot();
    await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(1n) });
    await engine.revert(id);
    await engine.execute({ from: BOOTLOADER, to: RECORDER, data: record(2n) });
    expect(await tagsOf(engine)).toEqual([2n]);
  });

  test('revert of an unknown snapshot returns false', async () => {
    const engine = await engineWithRecorder();
    expect(await engine.revert('0x99')).toBe(false);
  });

  test('error: a closed engine refuses requests', async () => {
    const engine = await createEngine({ chainId: 270, accounts: [] });
    await engine.close();
    await expect(engine.blockNumber()).rejects.toThrow(/closed/);
  });
});
