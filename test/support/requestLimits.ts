/**
 * Support for the request-limits suite (test/robustness/requestLimits.test.ts): an endless-loop contract
 * and a peak-RSS sampler; its calls go over real HTTP (httpRpc.ts): the limits protect the node from remote
 * callers, and in-process clients are spared the turn and the timeout.
 */
import type { Address, Hex } from 'viem';
import type { TestNetwork } from '../../src/testing/index.ts';
import { pollUntil } from './poll.ts';

/** Runtime of an endless loop: JUMPDEST PUSH1 0 JUMP (burns any gas it is given, ~4 gas per step). */
export const LOOP_RUNTIME: Hex = '0x5b600056';
/** Creation code returning LOOP_RUNTIME: PUSH4 5b600056 PUSH1 0 MSTORE PUSH1 4 PUSH1 28 RETURN. */
const LOOP_INITCODE: Hex = '0x635b6000566000526004601cf3';
/** An address with no code, where eth_call puts LOOP_RUNTIME through a state override. */
export const OVERRIDDEN: Address = '0x00000000000000000000000000000000000c0de1';

/** Error codes that blame the caller (never -32603). */
export const CALLER_FAULT_CODES: readonly number[] = [-32602, -32000, -32001, -32005, 3];

/** Deploys the endless loop on a chain of the network from the first rich wallet; returns its address. */
export async function deployLoop(net: TestNetwork, chainId: number): Promise<Address> {
  const chain = net.chain(chainId);
  const hash = await chain.wallet.sendTransaction({ data: LOOP_INITCODE, to: null, gas: 100_000n });
  const receipt = await pollUntil(() => chain.client.getTransactionReceipt({ hash }).catch(() => undefined), { what: `the loop deployment ${hash}` });
  if (!receipt.contractAddress) throw new Error(`the loop deployment ${hash} made no contract`);
  return receipt.contractAddress;
}

/**
 * Samples this process's RSS every few milliseconds while `work` runs.
 * @returns what `work` returns and the highest RSS seen (bytes), with the RSS before it started
 */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; before: number; peak: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, before, peak };
  } finally {
    clearInterval(timer);
  }
}
