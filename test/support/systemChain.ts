/**
 * Test support for the system contracts: an engine with the contracts installed by the real genesis
 * function, plus helpers to call them as the bootloader and to assert custom-error reverts.
 */
import {
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  type Abi,
  type AbiStateMutability,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  type DecodeFunctionResultParameters,
  type EncodeFunctionDataParameters,
  type Hex,
} from 'viem';
import { createEngine, EngineRevertError, type Engine } from '../../src/chain/engine.ts';
import { installSystemContracts, type InstalledSettlement, type SettlingChain } from '../../src/chain/genesis.ts';
import { BOOTLOADER_ADDRESS } from '../../src/contracts/index.ts';

/** A funded test account (Hardhat's first dev key). */
export const TEST_ACCOUNT = {
  privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
} as const satisfies { privateKey: Hex; address: Address };

/** An engine whose genesis placed and initialised the system contracts. */
export type SystemChain = { engine: Engine; settlements: InstalledSettlement[] };

/**
 * Creates an engine (automine unless told otherwise) for `chainId` with the system contracts of a chain, or of Gateway
 * when `settlingChains` is given.
 */
export async function createSystemChain(options: { chainId: number; settlingChains?: SettlingChain[]; automine?: boolean }): Promise<SystemChain> {
  const engine = await createEngine({
    chainId: options.chainId,
    accounts: [{ privateKey: TEST_ACCOUNT.privateKey, balance: 10n ** 24n }],
    automine: options.automine ?? true,
  });
  const settlingChains = options.settlingChains ?? [];
  const settlements = await installSystemContracts(engine, { isGateway: settlingChains.length > 0, settlingChains });
  return { engine, settlements };
}

/** Executes a call as the bootloader (mined; throws EngineRevertError on revert). */
export function asBootloader(engine: Engine, to: Address, data: Hex) {
  return engine.execute({ from: BOOTLOADER_ADDRESS, to, data });
}

/**
 * Awaits `action` and returns the custom error it reverted with, decoded with `abi`.
 * Fails the test (throws) if it did not revert, or reverted with something `abi` does not know.
 */
export async function revertOf(action: Promise<unknown>, abi: Abi): Promise<{ errorName: string; args: readonly unknown[] }> {
  try {
    await action;
  } catch (error) {
    if (!(error instanceof EngineRevertError)) throw error;
    const decoded = decodeErrorResult({ abi, data: error.data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  }
  throw new Error('expected a revert, but the call succeeded');
}

/** Calls a view function and decodes its result (typed by the ABI). */
export async function readContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, 'view' | 'pure'>,
  args extends ContractFunctionArgs<abi, 'view' | 'pure', functionName>,
>(
  engine: Engine,
  parameters: { address: Address; abi: abi; functionName: functionName; args?: args; from?: Address },
): Promise<ContractFunctionReturnType<abi, 'view' | 'pure', functionName, args>> {
  const { address, abi, functionName, args, from } = parameters;
  const data = encodeFunctionData({ abi, functionName, args } as EncodeFunctionDataParameters);
  const result = await engine.call({ to: address, data, from });
  return decodeFunctionResult({ abi, functionName, data: result } as DecodeFunctionResultParameters) as ContractFunctionReturnType<
    abi,
    'view' | 'pure',
    functionName,
    args
  >;
}

/** Encodes a call (typed by the ABI); a thin alias so tests read as "call X with Y". */
export function calldata<const abi extends Abi, functionName extends ContractFunctionName<abi>>(
  abi: abi,
  functionName: functionName,
  args?: ContractFunctionArgs<abi, AbiStateMutability, functionName>,
): Hex {
  return encodeFunctionData({ abi, functionName, args } as EncodeFunctionDataParameters);
}
