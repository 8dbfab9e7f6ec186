/**
 * Modes and network methods of `zkinterop up --processes` beyond the defaults (issue 16): manual mode
 * without an L1 stepped through the router (seal, commit, prove, execute on the source; import the root on
 * the destination) until the message verifies; `zkinterop_setStageDelays` on a chain's own port changing
 * every node; `--dev-token` fault calls forwarded with their token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { createChainClients, getInteropProof, sendMessage, verifyMessage } from '../../src/sdk/index.ts';
import type { MessageLifecycle, NetworkDelays } from '../../src/wire/types.ts';
import { rpc } from '../support/childNetwork.ts';
import { startProcessUp, tempDir, writeProcessConfig, type ProcessNetworkChild } from '../support/processNetwork.ts';

describe('manual mode without an L1, stepped through the router', () => {
  let net: ProcessNetworkChild;
  beforeAll(async () => {
    net = await startProcessUp(writeProcessConfig(tempDir()), ['--manual', '--no-l1']);
  });
  afterAll(async () => {
    expect(await net?.stop(), net?.stderr()).toBe(0);
  });

  it('runs no L1 process and says manual', () => {
    expect(net.config.mode).toBe('manual');
    expect(net.config.l1).toBeUndefined();
    expect(net.config.processes.map((p) => p.role).sort()).toEqual(['chain', 'chain', 'gateway']);
  });

  it('settles a message only when told, then it verifies on 272', async () => {
    const [a, b] = await Promise.all([createChainClients({ rpcUrl: net.routed(271), account: RICH_WALLET_KEYS[0]! }), createChainClients({ rpcUrl: net.routed(272) })]);
    const sent = await sendMessage(a.walletClient!, { message: 'stepped by hand' });
    expect((await rpc<MessageLifecycle>(net.routed(271), 'zkinterop_getMessageLifecycle', [sent.txHash])).stage).toBe('included');
    expect(await rpc<{ batchNumber: number } | null>(net.routed(271), 'zkinterop_sealBatch')).toMatchObject({ batchNumber: expect.any(Number) });
    for (const step of ['zkinterop_commitBatch', 'zkinterop_proveBatch']) expect(await rpc(net.routed(271), step)).not.toBeNull();
    const executed = await rpc<{ gatewayBlockNumber: number }>(net.routed(271), 'zkinterop_executeBatch');
    expect(await rpc(net.own(272), 'zkinterop_getImportedRoot', [506, executed.gatewayBlockNumber])).toBeNull();
    const imported = await rpc<{ roots: { blockNumber: number }[] }>(net.routed(272), 'zkinterop_importInteropRoots');
    expect(imported.roots.map((r) => r.blockNumber)).toContain(executed.gatewayBlockNumber);
    expect(await verifyMessage(b.publicClient, await getInteropProof(a.publicClient, { txHash: sent.txHash }))).toBe(true);
  });
});

describe('stage delays and a dev token', () => {
  let net: ProcessNetworkChild;
  beforeAll(async () => {
    net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }), ['--dev-token', 'sesame']);
  });
  afterAll(async () => {
    expect(await net?.stop(), net?.stderr()).toBe(0);
  });

  it('zkinterop_setStageDelays on 272\'s own port changes the delays the network reports, on every port', async () => {
    const set = await rpc<NetworkDelays>(net.own(272), 'zkinterop_setStageDelays', [{ batchTimeMs: 25, commitMs: 5, l1: { batchTimeMs: 30 } }]);
    expect(set).toMatchObject({ batchTimeMs: 25, commitMs: 5, l1: { batchTimeMs: 30 } });
    for (const url of [net.own(271), net.routed(9), net.network]) expect((await rpc<{ delays: NetworkDelays }>(url, 'zkinterop_networkConfig')).delays).toEqual(set);
    const a = await createChainClients({ rpcUrl: net.routed(271), account: RICH_WALLET_KEYS[0]! });
    const b = await createChainClients({ rpcUrl: net.routed(272) });
    const sent = await sendMessage(a.walletClient!, { message: 'with the new delays' });
    const { waitForMessage } = await import('../../src/sdk/index.ts');
    await waitForMessage(a.publicClient, { txHash: sent.txHash, until: 'verifiable', on: b.publicClient, timeoutMs: 60_000 });
  });

  it('refuses a fault call without the token, and runs it with the token on a chain\'s own port', async () => {
    await expect(rpc(net.own(271), 'zkinterop_pauseGateway')).rejects.toThrow(/-32602/);
    expect(await rpc(net.own(271), 'zkinterop_pauseGateway', [{ devToken: 'sesame' }])).toMatchObject({ paused: true });
    expect(await rpc(net.routed(272), 'zkinterop_resumeGateway', [{ devToken: 'sesame' }])).toMatchObject({ paused: false });
    expect((await rpc<{ access: string }>(net.own(506), 'zkinterop_listFaults')).access).toBe('token');
  });

  it('restarts a node only with the token; a snapshot taken before then is refused whole, nothing reverted', async () => {
    const snapshot = await rpc<string>(net.routed(271), 'evm_snapshot');
    await expect(rpc(net.network, 'zkinterop_restartNode', [272])).rejects.toThrow(/-32602/);
    const before = net.config.processes.find((p) => p.chainId === 272)!.pid;
    await rpc(net.network, 'zkinterop_restartNode', [272, { devToken: 'sesame' }]);
    const head271 = Number(await rpc<Hex>(net.own(271), 'eth_blockNumber'));
    await rpc(net.routed(271), 'eth_sendTransaction', [{ from: '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049', to: '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049', value: '0x1' }]);
    await expect(rpc(net.own(271), 'evm_revert', [snapshot])).rejects.toThrow(/-32602 snapshot 0x\w+ cannot be restored: node 272 restarted since.*nothing was reverted/);
    expect(Number(await rpc<Hex>(net.own(271), 'eth_blockNumber'))).toBeGreaterThan(head271);
    const after = (await rpc<{ processes: { chainId: number; pid: number }[] }>(net.network, 'zkinterop_networkConfig')).processes.find((p) => p.chainId === 272)!.pid;
    expect(after).not.toBe(before);
    expect(Number(await rpc<Hex>(net.routed(272), 'eth_chainId'))).toBe(272);
  });
});
