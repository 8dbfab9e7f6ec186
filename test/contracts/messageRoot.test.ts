import { describe, expect, it } from 'vitest';
import { decodeEventLog, type Address, type Hex } from 'viem';
import { vectors } from '../protocol/vectors.ts';
import { MESSAGE_ROOT_ADDRESS, messageRootAbi } from '../../src/contracts/index.ts';
import { MessageRootModel, chainIdLeaf } from '../../src/protocol/index.ts';
import { TEST_ACCOUNT, asBootloader, calldata, createSystemChain, readContract, revertOf } from '../support/systemChain.ts';

const messageRoot = { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi } as const;
const SETTLER: Address = TEST_ACCOUNT.address;
const STRANGER: Address = '0x000000000000000000000000000000000000dEaD';

function registerChain(engine: Parameters<typeof asBootloader>[0], chainId: bigint, settlement: Address) {
  return asBootloader(engine, MESSAGE_ROOT_ADDRESS, calldata(messageRootAbi, 'registerChain', [chainId, settlement]));
}

function addChainBatchRoot(engine: Parameters<typeof asBootloader>[0], from: Address, chainId: bigint, batchNumber: bigint, root: Hex) {
  return engine.execute({ from, to: MESSAGE_ROOT_ADDRESS, data: calldata(messageRootAbi, 'addChainBatchRoot', [chainId, batchNumber, root]) });
}

const aggregatedRoot = (engine: Parameters<typeof asBootloader>[0]) => readContract(engine, { ...messageRoot, functionName: 'getAggregatedRoot' });

describe('MessageRoot', () => {
  it.each([271, 506] as const)('after initialize the aggregated root of chain %i is chainIdLeafHash(0, %i) of the vectors', async (chainId) => {
    const { engine } = await createSystemChain({ chainId });
    expect(await aggregatedRoot(engine)).toBe(vectors.constants[`chainIdLeafHash(0, ${chainId})`]);
    expect(await readContract(engine, { ...messageRoot, functionName: 'chainCount' })).toBe(1n);
  });

  it('on Gateway the host chain holds index 0 and settling chains follow in registration order', async () => {
    const { engine } = await createSystemChain({ chainId: 506, settlingChains: [{ chainId: 272, operator: SETTLER }, { chainId: 271, operator: SETTLER }] });
    expect(await readContract(engine, { ...messageRoot, functionName: 'chainIndex', args: [506n] })).toBe(0n);
    expect(await readContract(engine, { ...messageRoot, functionName: 'chainIndex', args: [272n] })).toBe(1n);
    expect(await readContract(engine, { ...messageRoot, functionName: 'chainIndex', args: [271n] })).toBe(2n);
    expect(await readContract(engine, { ...messageRoot, functionName: 'chainCount' })).toBe(3n);
  });

  it('reproduces the era-contracts vector: aggregated root after one batch of one chain', async () => {
    const vector = vectors.messageRoot[0]!;
    const { engine } = await createSystemChain({ chainId: vector.hostChainId });
    expect(await aggregatedRoot(engine)).toBe(chainIdLeaf('0x0000000000000000000000000000000000000000000000000000000000000000', vector.hostChainId));
    const chainId = BigInt(vector.chain.chainId);
    await registerChain(engine, chainId, SETTLER);
    await addChainBatchRoot(engine, SETTLER, chainId, BigInt(vector.chain.batchNumber), vector.chain.chainBatchRoot);
    expect(await aggregatedRoot(engine)).toBe(vector.expectedAggregatedRoot);
  });

  it('addChainBatchRoot emits AppendedChainBatchRoot, NewChainRoot and NewInteropRoot and stores historicalRoot', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    await registerChain(engine, 271n, SETTLER);
    const root: Hex = `0x${'ab'.repeat(32)}`;
    const receipt = await addChainBatchRoot(engine, SETTLER, 271n, 1n, root);
    const events = receipt.logs.map((log) => decodeEventLog({ abi: messageRootAbi, data: log.data, topics: log.topics }));
    const model = new MessageRootModel(506);
    model.registerChain(271);
    const expected = model.addChainBatchRoot(271, 1, root, Number(receipt.blockNumber));

    expect(events.map((e) => e.eventName)).toEqual(['AppendedChainBatchRoot', 'NewChainRoot', 'NewInteropRoot']);
    expect(events[0]!.args).toEqual({ chainId: 271n, batchNumber: 1n, chainBatchRoot: root });
    expect(events[1]!.args).toEqual({ chainId: 271n, chainRoot: expected.chainRoot, chainIdLeafHash: expected.chainIdLeaf });
    expect(events[2]!.args).toEqual({ chainId: 506n, blockNumber: receipt.blockNumber, logId: 0n, sides: [expected.sharedRoot] });
    expect(await readContract(engine, { ...messageRoot, functionName: 'historicalRoot', args: [receipt.blockNumber] })).toBe(expected.sharedRoot);
  });

  it('the last write in a block is the historical root of that block', async () => {
    const { engine } = await createSystemChain({ chainId: 506, automine: false });
    await registerChain(engine, 271n, SETTLER);
    await registerChain(engine, 272n, SETTLER);
    await engine.sendAs({ from: SETTLER, to: MESSAGE_ROOT_ADDRESS, data: calldata(messageRootAbi, 'addChainBatchRoot', [271n, 1n, `0x${'01'.repeat(32)}`]) });
    await engine.sendAs({ from: SETTLER, to: MESSAGE_ROOT_ADDRESS, data: calldata(messageRootAbi, 'addChainBatchRoot', [272n, 1n, `0x${'02'.repeat(32)}`]) });
    const block = await engine.mine();
    expect(block.transactionHashes).toHaveLength(2);
    expect(await readContract(engine, { ...messageRoot, functionName: 'historicalRoot', args: [block.number] })).toBe(await aggregatedRoot(engine));
  });

  it('matches the TS model over five chains and interleaved batches (padded shared tree, growing chain trees)', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    const model = new MessageRootModel(506);
    const chains = [271n, 272n, 273n, 274n, 275n];
    for (const id of chains) {
      await registerChain(engine, id, SETTLER);
      model.registerChain(id);
    }
    const order = [271n, 273n, 271n, 271n, 275n, 272n, 271n, 273n, 271n, 274n, 271n];
    const nextBatch = new Map<bigint, bigint>();
    for (const [step, id] of order.entries()) {
      const batch = (nextBatch.get(id) ?? 0n) + 1n;
      nextBatch.set(id, batch);
      const root = `0x${(step + 1).toString(16).padStart(64, '0')}` as Hex;
      const receipt = await addChainBatchRoot(engine, SETTLER, id, batch, root);
      const expected = model.addChainBatchRoot(id, batch, root, Number(receipt.blockNumber));
      expect(await aggregatedRoot(engine)).toBe(expected.sharedRoot);
      expect(await readContract(engine, { ...messageRoot, functionName: 'getChainRoot', args: [id] })).toBe(expected.chainRoot);
    }
    expect(await readContract(engine, { ...messageRoot, functionName: 'chainBatchCount', args: [271n] })).toBe(6n);
  });

  it('a chain with no batches has chain root zero', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    expect(await readContract(engine, { ...messageRoot, functionName: 'getChainRoot', args: [506n] })).toBe(`0x${'00'.repeat(32)}`);
  });

  it('only the settlement contract of a chain can add its batch roots', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    await registerChain(engine, 271n, SETTLER);
    const error = await revertOf(addChainBatchRoot(engine, STRANGER, 271n, 1n, `0x${'ab'.repeat(32)}`), messageRootAbi);
    expect(error).toEqual({ errorName: 'NotSettlementContract', args: [271n, STRANGER] });
  });

  it("a chain's settlement contract cannot add batch roots of another chain", async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    await registerChain(engine, 271n, SETTLER);
    await registerChain(engine, 272n, STRANGER);
    const error = await revertOf(addChainBatchRoot(engine, SETTLER, 272n, 1n, `0x${'ab'.repeat(32)}`), messageRootAbi);
    expect(error.errorName).toBe('NotSettlementContract');
  });

  it('batch roots of an unregistered chain are refused', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    const error = await revertOf(addChainBatchRoot(engine, SETTLER, 999n, 1n, `0x${'ab'.repeat(32)}`), messageRootAbi);
    expect(error).toEqual({ errorName: 'ChainNotRegistered', args: [999n] });
  });

  it('nobody can add batch roots of the host chain', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    const error = await revertOf(addChainBatchRoot(engine, SETTLER, 506n, 1n, `0x${'ab'.repeat(32)}`), messageRootAbi);
    expect(error.errorName).toBe('NotSettlementContract');
  });

  it('only the bootloader can register a chain', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    const error = await revertOf(
      engine.execute({ from: STRANGER, to: MESSAGE_ROOT_ADDRESS, data: calldata(messageRootAbi, 'registerChain', [271n, SETTLER]) }),
      messageRootAbi,
    );
    expect(error).toEqual({ errorName: 'Unauthorized', args: [STRANGER] });
  });

  it('initialize runs only once', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    const error = await revertOf(asBootloader(engine, MESSAGE_ROOT_ADDRESS, calldata(messageRootAbi, 'initialize')), messageRootAbi);
    expect(error.errorName).toBe('AlreadyInitialized');
  });

  it('a chain cannot be registered twice, the host chain included', async () => {
    const { engine } = await createSystemChain({ chainId: 506 });
    await registerChain(engine, 271n, SETTLER);
    expect((await revertOf(registerChain(engine, 271n, SETTLER), messageRootAbi)).errorName).toBe('ChainAlreadyRegistered');
    expect((await revertOf(registerChain(engine, 506n, SETTLER), messageRootAbi)).errorName).toBe('ChainAlreadyRegistered');
  });
});
