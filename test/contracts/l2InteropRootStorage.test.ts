import { describe, expect, it } from 'vitest';
import { decodeEventLog, type Address, type Hex } from 'viem';
import { L2_INTEROP_ROOT_STORAGE_ADDRESS, l2InteropRootStorageAbi } from '../../src/contracts/index.ts';
import { asBootloader, calldata, createSystemChain, readContract, revertOf } from '../support/systemChain.ts';

const ROOT: Hex = `0x${'5a'.repeat(32)}`;
const STRANGER: Address = '0x000000000000000000000000000000000000dEaD';
const addInteropRoot = (sides: Hex[]) => calldata(l2InteropRootStorageAbi, 'addInteropRoot', [506n, 243n, sides]);
const storedRoot = (engine: Parameters<typeof asBootloader>[0]) =>
  readContract(engine, { address: L2_INTEROP_ROOT_STORAGE_ADDRESS, abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [506n, 243n] });

describe('L2InteropRootStorage', () => {
  it('stores a root imported by the bootloader and emits InteropRootAdded', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const receipt = await asBootloader(engine, L2_INTEROP_ROOT_STORAGE_ADDRESS, addInteropRoot([ROOT]));
    expect(await storedRoot(engine)).toBe(ROOT);
    const [event] = receipt.logs.map((log) => decodeEventLog({ abi: l2InteropRootStorageAbi, data: log.data, topics: log.topics }));
    expect(event).toEqual({ eventName: 'InteropRootAdded', args: { chainId: 506n, blockNumber: 243n, sides: [ROOT] } });
  });

  it('only the bootloader can add interop roots', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const error = await revertOf(engine.execute({ from: STRANGER, to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: addInteropRoot([ROOT]) }), l2InteropRootStorageAbi);
    expect(error).toEqual({ errorName: 'Unauthorized', args: [STRANGER] });
    expect(await storedRoot(engine)).toBe(`0x${'00'.repeat(32)}`);
  });

  it('refuses sides that are not exactly one root', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    expect((await revertOf(asBootloader(engine, L2_INTEROP_ROOT_STORAGE_ADDRESS, addInteropRoot([])), l2InteropRootStorageAbi)).errorName).toBe('SidesLengthNotOne');
    expect((await revertOf(asBootloader(engine, L2_INTEROP_ROOT_STORAGE_ADDRESS, addInteropRoot([ROOT, ROOT])), l2InteropRootStorageAbi)).errorName).toBe(
      'SidesLengthNotOne',
    );
  });

  it('refuses a zero root', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const error = await revertOf(asBootloader(engine, L2_INTEROP_ROOT_STORAGE_ADDRESS, addInteropRoot([`0x${'00'.repeat(32)}`])), l2InteropRootStorageAbi);
    expect(error.errorName).toBe('MessageRootIsZero');
  });

  it('a root cannot be replaced once stored', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    await asBootloader(engine, L2_INTEROP_ROOT_STORAGE_ADDRESS, addInteropRoot([ROOT]));
    const error = await revertOf(asBootloader(engine, L2_INTEROP_ROOT_STORAGE_ADDRESS, addInteropRoot([`0x${'5b'.repeat(32)}`])), l2InteropRootStorageAbi);
    expect(error.errorName).toBe('InteropRootAlreadyExists');
    expect(await storedRoot(engine)).toBe(ROOT);
  });
});
