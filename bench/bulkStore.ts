/**
 * Storing messages in bulk on a running network, for the memory benches (bench/storedMessages.ts,
 * bench/heapByStructure.ts): waves of single-message `eth_sendTransaction`s sent at once (or of
 * MessageBurst transactions that send many messages each), and a wait until every batch with
 * transactions has settled.
 */
import { encodeFunctionData, toHex, type Address, type Hex } from 'viem';
import type { Network } from '../src/network/network.ts';
import { l1MessengerAbi } from '../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS } from '../src/protocol/constants.ts';
import { burstCalldata } from './messageBurst.ts';

/** One wave: `count` single-message transactions on one chain, sent at once, awaited until in a block. */
export async function fill(net: Network, chainId: number, from: Address[], count: number, offset: number): Promise<Hex[]> {
  const node = net.node(chainId).node;
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      node.sendTransaction({
        from: from[i % from.length],
        to: L1_MESSENGER_ADDRESS,
        data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`stored ${chainId} ${offset + i}`)] }),
        gas: '0x186a0',
        maxFeePerGas: '0x0',
        maxPriorityFeePerGas: '0x0',
      }),
    ),
  );
}

/**
 * One wave of bursts: `txCount` transactions on one chain, sent at once, each sending `perTx` messages
 * through a deployed MessageBurst (bench/messageBurst.ts), awaited until in a block. For storing a
 * million messages in minutes: the per-transaction costs (engine and books) are paid once per `perTx`.
 */
export async function fillBursts(net: Network, chainId: number, from: Address[], burst: Address, txCount: number, perTx: number, offset: number): Promise<Hex[]> {
  const node = net.node(chainId).node;
  return Promise.all(
    Array.from({ length: txCount }, (_, i) =>
      node.sendTransaction({ from: from[i % from.length], to: burst, data: burstCalldata(perTx, offset + i), gas: toHex(30_000 + perTx * 40_000), maxFeePerGas: '0x0', maxPriorityFeePerGas: '0x0' }),
    ),
  );
}

/**
 * Waits until every sealed batch of every chain is executed (the network is quiet).
 * @throws Error after 300 s
 */
export async function settled(net: Network): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const busy = net.chains.some((c) => c.node.batches.some((b) => b.stage !== 'executed' && !(b.stage === 'open' && b.txHashes.length === 0)));
    if (!busy) return;
    if (Date.now() > deadline) throw new Error('stored messages did not settle within 300 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}
