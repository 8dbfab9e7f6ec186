/**
 * `zkinterop_addChain` on `zkinterop up --processes` (issue 16): the new chain runs in a process of its
 * own (listed in `processes`), its messages verify on 271 and 271's on it, a bundle to it is executed by
 * the coordinator's relayer; one added to settle on the L1 has its message verify there; and `up
 * --processes` started again from its data dir brings both back, as does its dump loaded into another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { stringToHex, type Address, type Hex } from 'viem';
import { deployContract, readContract } from 'viem/actions';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import { createChainClients, sendBundle, waitForBundle } from '../../src/sdk/index.ts';
import type { NodeDescription } from '../../src/wire/types.ts';
import { runCli } from '../cli/runCli.ts';
import { rpc } from '../support/childNetwork.ts';
import { jsonLine, sendVerifiable, startProcessUp, tempDir, verifies, writeProcessConfig, type ProcessNetworkChild, type ProcessUp } from '../support/processNetwork.ts';

/** Sends on `url`, waits until verifiable on `on`, and checks `zkinterop verify` says true there. */
async function sendVerified(url: string, on: number, text: string): Promise<Hex> {
  const txHash = await sendVerifiable(url, on, text);
  expect(await verifies(url, txHash, on)).toBe(true);
  return txHash;
}

describe('a chain added while up --processes runs', () => {
  const dataDir = tempDir();
  const configFile = writeProcessConfig(tempDir(), { profile: 'instant' });
  let net: ProcessNetworkChild;
  let added: NodeDescription;
  let fromAdded: Hex;
  let fromL1Chain: Hex;

  beforeAll(async () => {
    net = await startProcessUp(configFile, ['--data-dir', dataDir]);
    added = await rpc<NodeDescription>(net.own(271), 'zkinterop_addChain', [{}]);
  });
  afterAll(async () => {
    if (net) await net.stop();
  });

  it('runs in a process of its own, listed in the config\'s processes', async () => {
    expect(added).toMatchObject({ chainId: 273, role: 'chain', routedUrl: `${net.config.routerUrl}/chains/273` });
    const config = await rpc<ProcessUp>(net.network, 'zkinterop_networkConfig');
    expect(config.chains.map((c) => c.chainId)).toEqual([271, 272, 273]);
    const pids = config.processes.map((p) => p.pid);
    const own = config.processes.find((p) => p.chainId === 273);
    expect(own).toMatchObject({ role: 'chain', pid: expect.any(Number) });
    expect(new Set(pids).size).toBe(pids.length);
    expect(own!.pid).not.toBe(net.process.pid);
    expect(Number(await rpc<Hex>(added.rpcUrl, 'eth_chainId'))).toBe(273);
  });

  it('its message verifies on 271, and 271\'s on it', async () => {
    fromAdded = await sendVerified(net.routed(273), 271, 'from the added chain');
    await sendVerified(net.routed(271), 273, 'to the added chain');
  });

  it('a bundle to it is executed by the coordinator\'s relayer', async () => {
    const [a, c] = await Promise.all([createChainClients({ rpcUrl: net.routed(271), account: RICH_WALLET_KEYS[0]! }), createChainClients({ rpcUrl: net.routed(273), account: RICH_WALLET_KEYS[0]! })]);
    const hash = await deployContract(c.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
    const receiver: Address = (await c.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
    const sent = await sendBundle(a.walletClient!, { destinationChainId: 273, calls: [{ to: receiver, data: stringToHex('to 273') }] });
    await waitForBundle(a.publicClient, c.publicClient, { txHash: sent.txHash, until: 'executed', timeoutMs: 60_000 });
    expect(await readContract(c.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('to 273'));
  });

  it('a chain added to settle on the L1 runs in its own process, and its message verifies on the L1', async () => {
    const onL1 = await rpc<NodeDescription>(net.routed(272), 'zkinterop_addChain', [{ chainId: 280, settlesOn: 'l1' }]);
    expect(onL1).toMatchObject({ chainId: 280, role: 'chain', settlesOn: 'l1' });
    expect((await rpc<ProcessUp>(net.network, 'zkinterop_networkConfig')).processes.some((p) => p.chainId === 280)).toBe(true);
    const sent = await runCli(['send', '--rpc', net.routed(280), 'from a chain on the L1', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { txHash } = jsonLine<{ txHash: Hex }>(sent.stdout);
    const verified = await runCli(['verify', txHash, '--rpc', net.routed(280), '--on', 'l1', '--wait', '--json']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(jsonLine(verified.stdout)).toMatchObject({ verified: true });
    fromL1Chain = txHash;
  });

  it('comes back when up --processes starts again from its data dir, its message still verifying', async () => {
    expect(await net.stop(), net.stderr()).toBe(0);
    net = await startProcessUp(configFile, ['--data-dir', dataDir]);
    expect(net.config.chains.map((c) => [c.chainId, c.settlesOn])).toEqual([[271, undefined], [272, undefined], [273, undefined], [280, 'l1']]);
    expect(net.config.processes.map((p) => p.chainId).sort((x, y) => x - y)).toEqual([9, 271, 272, 273, 280, 506]);
    const verified = await runCli(['verify', fromAdded, '--rpc', net.routed(273), '--on', '271', '--json']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(jsonLine(verified.stdout)).toMatchObject({ verified: true });
    await sendVerified(net.routed(272), 273, 'after the restart');
  });

  it('its dump loads into another up --processes with both added chains, their messages verifying', async () => {
    const dumpFile = path.join(tempDir(), 'dump.json');
    const dumped = await runCli(['dump', '--rpc', net.routed(271), '--out', dumpFile, '--json']);
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(await net.stop(), net.stderr()).toBe(0);
    net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }), ['--load', dumpFile]);
    expect(net.config.chains.map((c) => [c.chainId, c.settlesOn])).toEqual([[271, undefined], [272, undefined], [273, undefined], [280, 'l1']]);
    const onL1 = await runCli(['verify', fromL1Chain, '--rpc', net.routed(280), '--on', 'l1', '--json']);
    expect(jsonLine(onL1.stdout, onL1.stderr)).toMatchObject({ verified: true });
    const verified = await runCli(['verify', fromAdded, '--rpc', net.routed(273), '--on', '271', '--json']);
    expect(jsonLine(verified.stdout, verified.stderr)).toMatchObject({ verified: true });
  });
});
