/**
 * kill -9 while Gateway settles on the L1 (`up --l1-port 0 --data-dir`, a child process), then a restart
 * from the same store: every acknowledged message still settles and its root reaches the other chain,
 * and Gateway's settlement on the L1 goes on from where the L1 says it is.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, toHex, type Hex } from 'viem';
import { chainSettlementAbi, chainSettlementAddress, l1MessengerAbi, l2InteropRootStorageAbi } from '../../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../../src/protocol/constants.ts';
import { rpc, startChildNetwork, writeChildConfig, type ChildNetwork } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { RICH_ADDRESS } from '../support/interop.ts';

type WithL1 = ChildNetwork & { l1Url: string };

async function start(config: string, dataDir: string): Promise<WithL1> {
  const net = await startChildNetwork(config, ['--l1-port', '0', '--data-dir', dataDir]);
  return { ...net, l1Url: (net.endpoints as unknown as { l1: { rpcUrl: string } }).l1.rpcUrl };
}

async function executedOnL1(net: WithL1): Promise<number> {
  const data = await rpc<Hex>(net.l1Url, 'eth_call', [{ to: chainSettlementAddress(506), data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'totalBatchesExecuted' }) }, 'latest']);
  return Number(decodeFunctionResult({ abi: chainSettlementAbi, functionName: 'totalBatchesExecuted', data }));
}

/** Waits until `txHash` (sent on 271) is settled and its Gateway root imported on 272. */
async function waitVerifiable(net: WithL1, txHash: Hex): Promise<void> {
  const gatewayBlock = await pollUntil(async () => {
    const details = await rpc<{ ethExecuteTxHash: Hex | null } | null>(net.url(271), 'zks_getTransactionDetails', [txHash]);
    if (!details?.ethExecuteTxHash) return undefined;
    const receipt = await rpc<{ blockNumber: Hex } | null>(net.url(506), 'eth_getTransactionReceipt', [details.ethExecuteTxHash]);
    return receipt ? Number(BigInt(receipt.blockNumber)) : undefined;
  }, { what: `the execution of ${txHash}'s batch on Gateway` });
  await pollUntil(async () => {
    const data = encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [506n, BigInt(gatewayBlock)] });
    return BigInt(await rpc<Hex>(net.url(272), 'eth_call', [{ to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data }, 'latest'])) !== 0n;
  }, { what: `Gateway's root of block ${gatewayBlock} on 272` });
}

describe('kill -9 while Gateway settles on the L1', () => {
  let net: WithL1 | undefined;
  afterAll(async () => {
    net?.process.kill('SIGKILL');
    await net?.exited;
  });

  it('loses no acknowledged message and Gateway settles on from where the L1 is', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zkinterop-l1-kill9-'));
    const config = writeChildConfig(dir, [271, 272], 20);
    const dataDir = path.join(dir, 'data');
    const sent: Hex[] = [];
    for (let round = 0; round < 3; round++) {
      net = await start(config, dataDir);
      for (let i = 0; i < 5; i++) {
        const data = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex(`round ${round} message ${i}`)] });
        sent.push(await rpc<Hex>(net.url(271), 'eth_sendTransaction', [{ from: RICH_ADDRESS, to: L1_MESSENGER_ADDRESS, data }]));
      }
      // Killed while the latest messages' batches are on their way to Gateway and Gateway's to the L1.
      await new Promise((r) => setTimeout(r, 40 + 30 * round));
      net.process.kill('SIGKILL');
      await net.exited;
    }
    net = await start(config, dataDir);
    for (const txHash of sent) {
      try {
        await waitVerifiable(net, txHash);
      } catch (error) {
        console.error(net.stderr());
        throw error;
      }
    }
    // A message after the restart needs one more Gateway batch executed on the L1.
    const before = await executedOnL1(net);
    const data = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex('after the last restart')] });
    await waitVerifiable(net, await rpc<Hex>(net.url(271), 'eth_sendTransaction', [{ from: RICH_ADDRESS, to: L1_MESSENGER_ADDRESS, data }]));
    expect(await executedOnL1(net)).toBeGreaterThan(before);
  });
});
