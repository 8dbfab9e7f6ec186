/**
 * kill -9 while bundles are in flight (`up --no-l1 --data-dir`, a child process with auto-relay on), three
 * times, then a restart from the same store: every bundle whose sending transaction was acknowledged is
 * executed on 272 by the relayer, each exactly once (one BundleExecuted per bundle, one call received per
 * bundle), whether it was killed before settling, before its root was imported or while the relayer was at it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeEventLog, decodeFunctionResult, encodeFunctionData, getAddress, toHex, type Address, type Hex } from 'viem';
import { bundleReceiverAbi, bundleReceiverBytecode, interopCenterAbi, interopHandlerAbi, INTEROP_CENTER_ADDRESS, INTEROP_HANDLER_ADDRESS } from '../../src/contracts/index.ts';
import { rpc, startChildNetwork, writeChildConfig, type ChildNetwork } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { sendBundleCall } from '../support/bundles.ts';

type Receipt = { status: Hex; contractAddress: Address | null; logs: { address: Address; topics: [Hex, ...Hex[]]; data: Hex }[] };

const ROUNDS = 3;
const PER_ROUND = 6;

async function receiptOf(net: ChildNetwork, chainId: number, hash: Hex): Promise<Receipt> {
  return pollUntil(() => rpc<Receipt | null>(net.url(chainId), 'eth_getTransactionReceipt', [hash]), { what: `the receipt of ${hash}` });
}

/** The bundle hash InteropCenter named in a sending transaction's receipt. */
function bundleHashOf(receipt: Receipt): Hex {
  for (const log of receipt.logs) {
    if (getAddress(log.address) !== getAddress(INTEROP_CENTER_ADDRESS)) continue;
    const event = decodeEventLog({ abi: interopCenterAbi, data: log.data, topics: log.topics });
    if (event.eventName === 'InteropBundleSent') return event.args.interopBundleHash;
  }
  throw new Error('no InteropBundleSent in the receipt');
}

async function bundleStatus(net: ChildNetwork, hash: Hex): Promise<number> {
  const data = await rpc<Hex>(net.url(272), 'eth_call', [{ to: INTEROP_HANDLER_ADDRESS, data: encodeFunctionData({ abi: interopHandlerAbi, functionName: 'bundleStatus', args: [hash] }) }, 'latest']);
  return Number(decodeFunctionResult({ abi: interopHandlerAbi, functionName: 'bundleStatus', data }));
}

describe('kill -9 while bundles are in flight', () => {
  let net: ChildNetwork | undefined;
  afterAll(async () => {
    net?.process.kill('SIGKILL');
    await net?.exited;
  });

  it('executes every acknowledged bundle on 272 exactly once after the restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zkinterop-bundles-kill9-'));
    const config = writeChildConfig(dir, [271, 272], 30);
    const store = ['--no-l1', '--data-dir', path.join(dir, 'data')];
    net = await startChildNetwork(config, store);
    const deployed = await receiptOf(net, 272, await rpc<Hex>(net.url(272), 'eth_sendTransaction', [{ from: RICH_ADDRESS, data: bundleReceiverBytecode }]));
    const receiver = getAddress(deployed.contractAddress!);

    const bundles: Hex[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) net = await startChildNetwork(config, store);
      for (let i = 0; i < PER_ROUND; i++) {
        const data = sendBundleCall(272, [{ to: receiver, data: toHex(`round ${round} bundle ${i}`) }]);
        const hash = await rpc<Hex>(net.url(271), 'eth_sendTransaction', [{ from: RICH_ADDRESS, to: INTEROP_CENTER_ADDRESS, data }]);
        bundles.push(bundleHashOf(await receiptOf(net, 271, hash)));
      }
      // Killed with the round's bundles at every stage: some still in the open batch, some settling, some
      // imported and being executed by the relayer (later rounds wait longer before the kill).
      await new Promise((r) => setTimeout(r, 30 + 60 * round));
      net.process.kill('SIGKILL');
      await net.exited;
    }

    net = await startChildNetwork(config, store);
    for (const hash of bundles) {
      try {
        await pollUntil(async () => (await bundleStatus(net!, hash)) === 2, { what: `bundle ${hash} executed on 272`, timeoutMs: 60_000 });
      } catch (error) {
        console.error(net.stderr());
        throw error;
      }
    }
    // Exactly once: one BundleExecuted per bundle, and the receiver got one call per bundle.
    for (const hash of bundles) {
      const executed = await rpc<unknown[]>(net.url(272), 'eth_getLogs', [{ address: INTEROP_HANDLER_ADDRESS, topics: [null, hash], fromBlock: '0x0', toBlock: 'latest' }]);
      const names = executed.map((log) => decodeEventLog({ abi: interopHandlerAbi, ...(log as { data: Hex; topics: [Hex, ...Hex[]] }) }).eventName);
      expect(names.filter((n) => n === 'BundleExecuted')).toHaveLength(1);
    }
    const count = await rpc<Hex>(net.url(272), 'eth_call', [{ to: receiver, data: encodeFunctionData({ abi: bundleReceiverAbi, functionName: 'count' }) }, 'latest']);
    expect(Number(BigInt(count))).toBe(ROUNDS * PER_ROUND);
    // and the network's record agrees after the restart
    const lifecycle = await rpc<{ stage: string } | null>(net.url(271), 'zkinterop_getBundle', [bundles[0]]);
    expect(lifecycle?.stage).toBe('executed');
  }, 300_000);
});
