/**
 * MessageRoot keeps era-contracts' storage layout (v29–v31 `MessageRootBase`), read by slot as servers
 * and tools read it: 0 Initializable, 1 chainCount, 2 chainIndex, 3 chainIndexToId, 4–7 the shared
 * tree (FullMerkle.FullTree: height, leaf count, nodes, zeros), 8 the chain trees, 9 historicalRoot.
 */
import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, keccak256, numberToHex, type Address, type Hex } from 'viem';
import { MESSAGE_ROOT_ADDRESS, messageRootAbi } from '../../src/contracts/index.ts';
import type { Engine } from '../../src/chain/engine.ts';
import { TEST_ACCOUNT, asBootloader, calldata, createSystemChain, readContract } from '../support/systemChain.ts';

const SETTLER: Address = TEST_ACCOUNT.address;

const slot = (engine: Engine, key: bigint | Hex) =>
  engine.request<Hex>('eth_getStorageAt', [MESSAGE_ROOT_ADDRESS, typeof key === 'bigint' ? numberToHex(key, { size: 32 }) : key, 'latest']);
/** Where `mapping[key]` declared at slot `index` lives: keccak(key . index). */
const mappingSlot = (key: bigint, index: bigint) => keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [key, index]));
const word = (n: bigint) => numberToHex(n, { size: 32 });

async function gatewayWithOneBatch() {
  const { engine } = await createSystemChain({ chainId: 506 });
  await asBootloader(engine, MESSAGE_ROOT_ADDRESS, calldata(messageRootAbi, 'registerChain', [271n, SETTLER]));
  const receipt = await engine.execute({ from: SETTLER, to: MESSAGE_ROOT_ADDRESS, data: calldata(messageRootAbi, 'addChainBatchRoot', [271n, 1n, `0x${'ab'.repeat(32)}`]) });
  return { engine, block: receipt.blockNumber };
}

describe('MessageRoot storage layout', () => {
  it('keeps Initializable at slot 0 (initialized = 1) and chainCount at slot 1', async () => {
    const { engine } = await gatewayWithOneBatch();
    expect(await slot(engine, 0n)).toBe(word(1n));
    expect(await slot(engine, 1n)).toBe(word(2n));
  });

  it('keeps chainIndex at slot 2 and chainIndexToId at slot 3', async () => {
    const { engine } = await gatewayWithOneBatch();
    expect(await slot(engine, mappingSlot(271n, 2n))).toBe(word(1n));
    expect(await slot(engine, mappingSlot(1n, 3n))).toBe(word(271n));
    expect(await slot(engine, mappingSlot(0n, 3n))).toBe(word(506n));
  });

  it("keeps the shared tree at slots 4–7 as FullMerkle.FullTree: height, leaf count, nodes (root = nodes[height][0])", async () => {
    const { engine } = await gatewayWithOneBatch();
    expect(await slot(engine, 4n)).toBe(word(1n));
    expect(await slot(engine, 5n)).toBe(word(2n));
    const levels = BigInt(await slot(engine, 6n));
    expect(levels).toBe(2n);
    // nodes[1] is a dynamic array whose data starts at keccak(keccak(6) + 1).
    const level1 = BigInt(keccak256(word(6n))) + 1n;
    const root = await slot(engine, keccak256(word(level1)));
    expect(root).toBe(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'getAggregatedRoot' }));
  });

  it('keeps historicalRoot at slot 9: historicalRoot[b] at keccak(b . 9)', async () => {
    const { engine, block } = await gatewayWithOneBatch();
    const stored = await slot(engine, mappingSlot(block, 9n));
    expect(BigInt(stored)).not.toBe(0n);
    expect(stored).toBe(await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'historicalRoot', args: [block] }));
  });
});
