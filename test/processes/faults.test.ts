/**
 * Fault injection on `zkinterop up --processes --dev` (issue 16), called through the router and on the
 * nodes' own ports: the coordinator runs `NetworkFaults` over the nodes' internal fault controls. Gateway
 * paused and resumed, an interop root dropped on 272, 271's settlement killed and restarted, Gateway's
 * next commit on the L1 rejected, `zkinterop_listFaults` merging what every process recorded, and
 * `zkinterop_restartNode(271)` starting 271's process again (a new pid) that catches up. One network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import type { FaultReport } from '../../src/network/faults.ts';
import { createChainClients, getInteropProof, sendMessage, verifyMessage, waitForMessage, type CreateChainClientsReturnType } from '../../src/sdk/index.ts';
import type { MessageLifecycle, NodeDescription } from '../../src/wire/types.ts';
import { rpc } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { startProcessUp, tempDir, writeProcessConfig, type ProcessNetworkChild, type ProcessUp } from '../support/processNetwork.ts';

const HOUR = 3_600_000;

let net: ProcessNetworkChild;
let a: CreateChainClientsReturnType;
let b: CreateChainClientsReturnType;

beforeAll(async () => {
  net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }), ['--dev']);
  [a, b] = await Promise.all([createChainClients({ rpcUrl: net.routed(271), account: RICH_WALLET_KEYS[0]! }), createChainClients({ rpcUrl: net.routed(272), account: RICH_WALLET_KEYS[0]! })]);
});
afterAll(async () => {
  expect(await net?.stop(), net?.stderr()).toBe(0);
});

const faults = (url = net.routed(271)) => rpc<FaultReport>(url, 'zkinterop_listFaults');
const lifecycle = (url: string, txHash: Hex) => rpc<MessageLifecycle | null>(url, 'zkinterop_getMessageLifecycle', [txHash]);
const blockNumber = async (url: string) => Number(await rpc<Hex>(url, 'eth_blockNumber'));

/** Waits until the message of `txHash` on `from` verifies on `on` (its proof checked there). */
async function verifiesOn(from: CreateChainClientsReturnType, on: CreateChainClientsReturnType, txHash: Hex): Promise<boolean> {
  await waitForMessage(from.publicClient, { txHash, until: 'verifiable', on: on.publicClient, timeoutMs: 60_000 });
  return verifyMessage(on.publicClient, await getInteropProof(from.publicClient, { txHash }));
}

describe('Gateway paused and resumed', () => {
  it('seals no Gateway block while paused with 271\'s settlement waiting in its queue; after resume the message verifies on 272', async () => {
    const paused = await rpc<{ paused: boolean; gatewayBlock: number }>(net.routed(271), 'zkinterop_pauseGateway');
    expect(paused).toMatchObject({ paused: true });
    const sent = await sendMessage(a.walletClient!, { message: 'while Gateway is paused' });
    await pollUntil(async () => (await faults(net.own(272))).gateway.pendingTransactions >= 1, { what: 'a settlement transaction waiting in paused Gateway\'s queue' });
    expect(await blockNumber(net.own(506))).toBe(paused.gatewayBlock);
    expect((await lifecycle(net.own(271), sent.txHash))!.stage).not.toBe('executed');
    const resumed = await rpc<{ paused: boolean; releasedTransactions: number }>(net.own(272), 'zkinterop_resumeGateway');
    expect(resumed).toMatchObject({ paused: false });
    expect(resumed.releasedTransactions).toBeGreaterThan(0);
    expect(await verifiesOn(a, b, sent.txHash)).toBe(true);
    const report = await faults();
    expect(report.access).toBe('open');
    expect(report.gateway.paused).toBe(false);
    expect(report.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['gatewayPaused', 'gatewayResumed']));
  });
});

describe('an interop root dropped on 272', () => {
  it('is never imported there: the message needing it verifies false on 272, and listFaults reports it', async () => {
    await rpc(net.routed(272), 'zkinterop_delayInteropRoots', [272, HOUR]);
    const sent = await sendMessage(a.walletClient!, { message: 'its root is dropped on 272' });
    const executed = await pollUntil(async () => {
      const l = await lifecycle(net.own(271), sent.txHash);
      return l?.gatewayBlockNumber !== null && l?.gatewayBlockNumber !== undefined && l;
    }, { what: 'the message executed on Gateway' });
    const gatewayBlock = executed.gatewayBlockNumber!;
    await pollUntil(async () => (await faults()).chains.find((c) => c.chainId === 272)!.waitingRoots.some((w) => w.blockNumber === gatewayBlock), { what: `the root of Gateway block ${gatewayBlock} waiting on 272` });
    const dropped = await rpc<{ status: string }>(net.own(271), 'zkinterop_dropInteropRoot', [272, gatewayBlock]);
    expect(dropped).toMatchObject({ status: 'dropped' });
    await rpc(net.routed(272), 'zkinterop_delayInteropRoots', [272, 0]);
    // A later message's root arrives on 272, the dropped one never does.
    const later = await sendMessage(a.walletClient!, { message: 'after the drop' });
    expect(await verifiesOn(a, b, later.txHash)).toBe(true);
    expect(await rpc(net.own(272), 'zkinterop_getImportedRoot', [506, gatewayBlock])).toBeNull();
    const proof = await getInteropProof(a.publicClient, { txHash: sent.txHash });
    expect(proof.gatewayBlockNumber).toBe(gatewayBlock);
    expect(await verifyMessage(b.publicClient, proof)).toBe(false);
    const report = await faults(net.own(272));
    expect(report.chains.find((c) => c.chainId === 272)!.droppedRoots).toEqual([expect.objectContaining({ gatewayBlock })]);
    expect(report.events.filter((e) => e.kind === 'rootDropped')).toEqual([expect.objectContaining({ chainId: 272, gatewayBlock })]);
  });
});

describe('271\'s settlement killed and restarted', () => {
  it('keeps sealed batches uncommitted while killed, reports the backlog, and settles them after restart', async () => {
    const killed = await rpc<{ settlement: string }>(net.routed(272), 'zkinterop_killSettlement', [271]);
    expect(killed).toMatchObject({ settlement: 'killed' });
    const sent = await sendMessage(a.walletClient!, { message: 'piled up while killed' });
    await pollUntil(async () => (await lifecycle(net.own(271), sent.txHash))?.stage === 'sealed', { what: 'the message sealed in a batch' });
    // 272 settles meanwhile: Gateway runs, 271 stays behind.
    const other = await sendMessage(b.walletClient!, { message: 'settles while 271 is killed' });
    expect(await verifiesOn(b, a, other.txHash)).toBe(true);
    expect((await lifecycle(net.own(271), sent.txHash))!.stage).toBe('sealed');
    const chain271 = (await faults()).chains.find((c) => c.chainId === 271)!;
    expect(chain271.settlement).toBe('killed');
    expect(chain271.settlementBacklog.length).toBeGreaterThan(0);
    const restarted = await rpc<{ settlement: string; backlog: number[] }>(net.own(271), 'zkinterop_restartSettlement', [271]);
    expect(restarted).toMatchObject({ chainId: 271, settlement: 'running', backlog: chain271.settlementBacklog });
    expect(await verifiesOn(a, b, sent.txHash)).toBe(true);
  });

  it('cannot be killed on Gateway, which has no settlement loop', async () => {
    await expect(rpc(net.routed(271), 'zkinterop_killSettlement', [506])).rejects.toThrow(/-32602/);
  });
});

describe('Gateway\'s next commit on the L1 rejected', () => {
  it('reverts one commit on the L1, recovers, and listFaults records both', async () => {
    await rpc(net.routed(271), 'zkinterop_rejectNextL1Batch');
    expect((await faults()).l1!.rejectionArmed).toBe(true);
    const sent = await sendMessage(a.walletClient!, { message: 'settled on the L1 after a rejected commit' });
    const report = await pollUntil(async () => {
      const r = await faults(net.own(9));
      return r.l1!.rejections.some((x) => x.outcome === 'recovered') && r;
    }, { what: 'the rejected commit recovered', timeoutMs: 60_000 });
    const [rejection] = report.l1!.rejections;
    expect(rejection!.recoveredTx).not.toBe(rejection!.revertedTx);
    const receipt = (hash: Hex) => rpc<{ status: Hex }>(net.own(9), 'eth_getTransactionReceipt', [hash]);
    expect(BigInt((await receipt(rejection!.revertedTx)).status)).toBe(0n);
    expect(BigInt((await receipt(rejection!.recoveredTx!)).status)).toBe(1n);
    expect(report.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['l1RejectionArmed', 'l1StageReverted', 'l1StageRecovered']));
    expect(await verifiesOn(a, b, sent.txHash)).toBe(true);
  });
});

describe('zkinterop_restartNode', () => {
  it('starts 271\'s process again with a new pid; it catches up and messages cross both ways', async () => {
    const before = (await rpc<ProcessUp>(net.network, 'zkinterop_networkConfig')).processes.find((p) => p.chainId === 271)!.pid;
    const headBefore = await blockNumber(net.own(271));
    // Asked of 272 (through the router): it forwards the call to the coordinator, which restarts 271.
    const described = await rpc<NodeDescription>(net.routed(272), 'zkinterop_restartNode', [271]);
    expect(described).toMatchObject({ chainId: 271, role: 'chain', rpcUrl: net.own(271) });
    const after = (await rpc<ProcessUp>(net.network, 'zkinterop_networkConfig')).processes.find((p) => p.chainId === 271)!.pid;
    expect(after).not.toBe(before);
    expect(() => process.kill(before, 0)).toThrow();
    expect(await blockNumber(net.own(271))).toBeGreaterThanOrEqual(headBefore);
    const from272 = await sendMessage(b.walletClient!, { message: 'to the restarted 271' });
    expect(await verifiesOn(b, a, from272.txHash)).toBe(true);
    const from271 = await sendMessage(a.walletClient!, { message: 'from the restarted 271' });
    expect(await verifiesOn(a, b, from271.txHash)).toBe(true);
  });

  it('refuses a chain that is not a node of the network, naming the nodes', async () => {
    await expect(rpc(net.network, 'zkinterop_restartNode', [999])).rejects.toThrow(/-32602 chain 999 is not a node of this network; its nodes are/);
  });
});
