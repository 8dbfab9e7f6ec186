/**
 * MessageBurst: a tiny contract whose `burst(count, salt)` sends `count` messages through L1Messenger
 * in one transaction, so benchmarks can fill a whole batch (16,384 logs) or store 100,000 messages in
 * seconds instead of minutes of single-message transactions. Compiled at run time with the pinned solc
 * (about 1.5 s), so no bytecode is checked in without its source.
 */
import { createRequire } from 'node:module';
import { encodeFunctionData, parseAbi, type Address, type Hex } from 'viem';
import { L1_MESSENGER_ADDRESS } from '../src/protocol/constants.ts';
import type { ChainNode } from '../src/chain/chainNode.ts';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
interface IL1Messenger { function sendToL1(bytes calldata message) external returns (bytes32); }
contract MessageBurst {
    function burst(uint256 count, uint256 salt) external {
        for (uint256 i = 0; i < count; ++i) IL1Messenger(${L1_MESSENGER_ADDRESS}).sendToL1(abi.encode(salt, i));
    }
}`;

/** ABI of MessageBurst. */
export const messageBurstAbi = parseAbi(['function burst(uint256 count, uint256 salt)']);

let bytecode: Hex | undefined;

/** MessageBurst's creation bytecode (compiled once per process). */
export function messageBurstBytecode(): Hex {
  if (bytecode) return bytecode;
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const input = {
    language: 'Solidity',
    sources: { 'MessageBurst.sol': { content: SOURCE } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  const object = output.contracts?.['MessageBurst.sol']?.MessageBurst?.evm.bytecode.object;
  if (errors.length > 0 || !object) throw new Error(`solc failed on MessageBurst:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  bytecode = `0x${object}`;
  return bytecode;
}

/** Calldata of `burst(count, salt)`. */
export function burstCalldata(count: number, salt: number): Hex {
  return encodeFunctionData({ abi: messageBurstAbi, functionName: 'burst', args: [BigInt(count), BigInt(salt)] });
}

/**
 * Deploys MessageBurst on a chain from a dev account (eth_sendTransaction, in-process).
 * @returns its address
 */
export async function deployMessageBurst(node: ChainNode, from: Address): Promise<Address> {
  const hash = await node.sendTransaction({ from, data: messageBurstBytecode(), gas: '0x989680' });
  const receipt = await node.engine.getReceipt(node.evmHashOf(hash));
  if (!receipt?.contractAddress) throw new Error('MessageBurst was not deployed');
  return receipt.contractAddress;
}
