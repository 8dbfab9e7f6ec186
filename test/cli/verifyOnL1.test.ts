/**
 * `zkinterop verify --on l1` as a child process against networks started in this process: one with
 * an L1 under Gateway (the L1's URL found through zkinterop_networkConfig, or given with --l1-rpc;
 * through Bridgehub or --offline), one without (a NO_L1 failure that says what to do).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { createChainClients, getL1MessageProof } from '../../src/sdk/index.ts';
import { sendMessage, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { jsonOf, runCli } from './runCli.ts';

let net: Network;
let withoutL1: TestNetwork;
let config: string;
let sent: SentMessage;

beforeAll(async () => {
  [net, withoutL1] = await Promise.all([
    startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: { port: 0 }, profile: 'instant' }),
    createNetwork({ chains: 1, l1: false }),
  ]);
  config = path.join(await mkdtemp(path.join(tmpdir(), 'zkinterop-cli-l1-')), 'network.json');
  await writeFile(config, JSON.stringify(net.config()));
  sent = await sendMessage(net.node(271), 'verified on L1 by the cli');
  const source = (await createChainClients({ rpcUrl: net.node(271).rpcUrl })).publicClient;
  await pollUntil(() => getL1MessageProof(source, { txHash: sent.txHash }), { what: `the proof to L1 of ${sent.txHash}` });
});
afterAll(() => Promise.all([net?.stop(), withoutL1?.stop()]));

describe.concurrent('verify --on l1', () => {
  it('exits 0 with verified true through Bridgehub, the L1 found through the network config', async () => {
    const result = await runCli(['verify', sent.txHash, '--config', config, '--chain', '271', '--on', 'l1', '--wait', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ verified: true, chainId: 271, on: 'l1', l1RpcUrl: net.l1!.rpcUrl, via: 'bridgehub', txHash: sent.txHash, batchNumber: sent.batchNumber });
  });

  it('exits 0 with verified true --offline, the L1 given with --l1-rpc', async () => {
    const result = await runCli(['verify', sent.txHash, '--rpc', net.node(271).rpcUrl, '--on', 'L1', '--offline', '--l1-rpc', net.l1!.rpcUrl]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('verified: message');
    expect(result.stdout).toContain('offline');
  });

  it('exits 1 with NO_L1 when --l1-rpc is not the L1 (Gateway)', async () => {
    const result = await runCli(['verify', sent.txHash, '--rpc', net.node(271).rpcUrl, '--on', 'l1', '--l1-rpc', net.gateway.rpcUrl, '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: { code: 'NO_L1' } });
  });

  it('exits 1 with NO_L1 and says how to start one on a network without an L1', async () => {
    const other = await sendMessage(withoutL1.network.node(271), 'no L1 here');
    const result = await runCli(['verify', other.txHash, '--rpc', withoutL1.chain(271).rpcUrl, '--on', 'l1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NO_L1');
    expect(result.stderr).toContain('--l1');
  });

  it('exits 2 for --onchain with --on l1', async () => {
    const result = await runCli(['verify', sent.txHash, '--rpc', net.node(271).rpcUrl, '--on', 'l1', '--onchain']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--onchain does not apply to --on l1');
  });
});
