/**
 * A message's steps on the L1 (issue 13 point 5, SPEC §10) on a started network with an L1 under
 * Gateway: `zkinterop_getMessageLifecycle` and `zkinterop_listMessages` of a message sent on 271 show
 * Gateway's batch holding its execute committed, proved and executed on the L1, with L1 transactions
 * that are real on the L1 (receipt status 1, to Gateway's ZK chain contract there); a chain settling on
 * the L1 directly names the L1 in its own settlement steps; Gateway's zks_getL1BatchDetails and
 * zks_getTransactionDetails name L1 transactions with the L1's id, a chain's name Gateway's; the CLI's
 * `wait --until executed-on-l1` and `status` follow; a network without an L1 answers as before and
 * refuses the L1 wait with NO_L1.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address, Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { chainSettlementAddress } from '../../src/contracts/index.ts';
import { createChainClients, isExecutedOnL1, traceMessage, waitForMessage, type LifecycleStep, type MessageLifecycle, type MessageListPage } from '../../src/sdk/index.ts';
import { sendMessage, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { jsonOf, runCli } from '../cli/runCli.ts';

const L1 = 9;
let net: Network;
let withoutL1: Network;
let config: string;
let sent: SentMessage;
let onL1Sent: SentMessage;
let lifecycle: MessageLifecycle;

/** The lifecycle of `hash` on `chainId`, once `done` says it is complete enough. */
function lifecycleOnceWith(network: Network, chainId: number, hash: Hex, done: (l: MessageLifecycle) => boolean): Promise<MessageLifecycle> {
  return pollUntil(
    async () => {
      const l = await network.node(chainId).client.request<MessageLifecycle | null>('zkinterop_getMessageLifecycle', [hash, 0]);
      return l && done(l) ? l : undefined;
    },
    { what: `the lifecycle of ${hash} on ${chainId}` },
  );
}

function step(l: MessageLifecycle, name: LifecycleStep['step']): LifecycleStep {
  const s = l.steps.find((x) => x.step === name);
  if (!s) throw new Error(`no ${name} step in ${JSON.stringify(l.steps)}`);
  return s;
}

type Receipt = { status: Hex; to: Address | null; blockNumber: Hex };

beforeAll(async () => {
  [net, withoutL1] = await Promise.all([
    startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 273, port: 0, settlesOn: 'l1' }], l1: { port: 0 }, profile: 'instant' }),
    startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: false, profile: 'instant' }),
  ]);
  config = path.join(await mkdtemp(path.join(tmpdir(), 'zkinterop-lifecycle-l1-')), 'network.json');
  await writeFile(config, JSON.stringify(net.config()));
  [sent, onL1Sent] = await Promise.all([sendMessage(net.node(271), 'followed down to the L1'), sendMessage(net.node(273), 'settled on the L1 directly')]);
  lifecycle = await lifecycleOnceWith(net, 271, sent.txHash, (l) => l.steps.some((s) => s.step === 'executedOnL1'));
});
afterAll(() => Promise.all([net?.stop(), withoutL1?.stop()]));

describe('the lifecycle of a message sent on 271, with an L1 under Gateway', () => {
  it('lists committedOnL1, provedOnL1 and executedOnL1 after executed, in order and in time', () => {
    const names = lifecycle.steps.map((s) => s.step);
    expect(names.slice(names.indexOf('executed'))).toEqual(['executed', 'committedOnL1', 'provedOnL1', 'executedOnL1']);
    const times = lifecycle.steps.slice(names.indexOf('executed')).map((s) => s.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('names on each L1 step the Gateway batch that holds its execute transaction and the L1', async () => {
    const receipt = await net.gateway.client.request<{ l1BatchNumber: Hex }>('eth_getTransactionReceipt', [step(lifecycle, 'executed').gatewayTxHash]);
    for (const name of ['committedOnL1', 'provedOnL1', 'executedOnL1'] as const) {
      expect(step(lifecycle, name)).toMatchObject({ gatewayBatchNumber: Number(BigInt(receipt.l1BatchNumber)), settlementLayerChainId: L1 });
    }
  });

  it('gives L1 transactions that succeeded on the L1, sent to Gateway\'s ZK chain contract there', async () => {
    for (const name of ['committedOnL1', 'provedOnL1', 'executedOnL1'] as const) {
      const receipt = await net.l1!.client.request<Receipt | null>('eth_getTransactionReceipt', [step(lifecycle, name).l1TxHash]);
      expect(receipt?.status).toBe('0x1');
      expect(receipt?.to?.toLowerCase()).toBe(chainSettlementAddress(506).toLowerCase());
    }
  });

  it('is executedOnL1 once the proof without a mode is there (provable on the L1)', async () => {
    expect(await net.node(271).client.request('zks_getL2ToL1LogProof', [sent.txHash, 0])).not.toBeNull();
    expect(isExecutedOnL1(lifecycle)).toBe(true);
  });

  it('keeps the stage of the source chain and the Gateway steps as without an L1', () => {
    expect(lifecycle.stage).toBe('executed');
    expect(step(lifecycle, 'executed').gatewayTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(step(lifecycle, 'executed').l1TxHash).toBeUndefined();
  });

  it('shows the same L1 steps in zkinterop_listMessages', async () => {
    const page = await net.node(271).client.request<MessageListPage>('zkinterop_listMessages', [{ stage: 'executed' }]);
    const listed = page.messages.find((m) => m.txHash === sent.txHash);
    expect(listed?.steps.filter((s) => s.step.endsWith('OnL1'))).toEqual(lifecycle.steps.filter((s) => s.step.endsWith('OnL1')));
  });
});

describe('the lifecycle of a message of a chain settling on the L1 directly', () => {
  it('names the L1 and its transactions in its own committed, proved and executed steps, with no L1 steps after', async () => {
    const l = await lifecycleOnceWith(net, 273, onL1Sent.txHash, (x) => x.stage === 'executed');
    for (const name of ['committed', 'proved', 'executed'] as const) {
      const s = step(l, name);
      expect(s.settlementLayerChainId).toBe(L1);
      expect(s.gatewayTxHash).toBeUndefined();
      const receipt = await net.l1!.client.request<Receipt | null>('eth_getTransactionReceipt', [s.l1TxHash]);
      expect(receipt?.status).toBe('0x1');
      expect(receipt?.to?.toLowerCase()).toBe(chainSettlementAddress(273).toLowerCase());
    }
    expect(l.steps.some((s) => s.step.endsWith('OnL1'))).toBe(false);
    expect(isExecutedOnL1(l)).toBe(true);
  });
});

describe('zks_ methods about the L1', () => {
  it('Gateway\'s zks_getL1BatchDetails names its L1 transactions, their times and the L1\'s id', async () => {
    const n = step(lifecycle, 'executedOnL1').gatewayBatchNumber!;
    const details = await net.gateway.client.request<Record<string, unknown>>('zks_getL1BatchDetails', [n]);
    expect(details).toMatchObject({
      number: n,
      status: 'verified',
      commitTxHash: step(lifecycle, 'committedOnL1').l1TxHash,
      proveTxHash: step(lifecycle, 'provedOnL1').l1TxHash,
      executeTxHash: step(lifecycle, 'executedOnL1').l1TxHash,
      commitChainId: L1,
      proveChainId: L1,
      executeChainId: L1,
    });
    expect(Date.parse(details.executedAt as string)).toBe(step(lifecycle, 'executedOnL1').at);
  });

  it('a chain\'s zks_getL1BatchDetails names its Gateway transactions with Gateway\'s id', async () => {
    const details = await net.node(271).client.request<Record<string, unknown>>('zks_getL1BatchDetails', [lifecycle.batchNumber]);
    expect(details).toMatchObject({ status: 'verified', executeTxHash: step(lifecycle, 'executed').gatewayTxHash, commitChainId: 506, executeChainId: 506 });
  });

  it('Gateway\'s zks_getTransactionDetails of the chain\'s execute names the L1 transactions of its batch, verified', async () => {
    const details = await net.gateway.client.request<Record<string, unknown>>('zks_getTransactionDetails', [step(lifecycle, 'executed').gatewayTxHash]);
    expect(details).toMatchObject({
      status: 'verified',
      ethCommitTxHash: step(lifecycle, 'committedOnL1').l1TxHash,
      ethProveTxHash: step(lifecycle, 'provedOnL1').l1TxHash,
      ethExecuteTxHash: step(lifecycle, 'executedOnL1').l1TxHash,
    });
  });

  it('a chain\'s zks_getTransactionDetails of the message names the Gateway transactions of its batch', async () => {
    const details = await net.node(271).client.request<Record<string, unknown>>('zks_getTransactionDetails', [sent.txHash]);
    expect(details).toMatchObject({ status: 'verified', ethCommitTxHash: step(lifecycle, 'committed').gatewayTxHash, ethExecuteTxHash: step(lifecycle, 'executed').gatewayTxHash });
  });
});

describe('a network without an L1', () => {
  it('reports no L1 step and no L1 field', async () => {
    const other = await sendMessage(withoutL1.node(271), 'no L1 here');
    const l = await lifecycleOnceWith(withoutL1, 271, other.txHash, (x) => x.stage === 'executed');
    expect(l.steps.map((s) => s.step)).toEqual(['sent', 'included', 'sealed', 'committed', 'proved', 'executed']);
    expect(l.steps.some((s) => s.l1TxHash !== undefined || s.settlementLayerChainId !== undefined || s.gatewayBatchNumber !== undefined)).toBe(false);
  });

  it('refuses waitForMessage until executed-on-l1 with NO_L1 at once', async () => {
    const other = await sendMessage(withoutL1.node(271), 'never on an L1');
    const { publicClient } = await createChainClients({ rpcUrl: withoutL1.node(271).rpcUrl });
    await expect(waitForMessage(publicClient, { txHash: other.txHash, until: 'executed-on-l1' })).rejects.toMatchObject({ code: 'NO_L1' });
  });
});

describe.concurrent('the CLI', () => {
  it('wait --until executed-on-l1 returns for a message sent on 271', async () => {
    const result = await runCli(['wait', sent.txHash, '--config', config, '--chain', '271', '--until', 'executed-on-l1', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ chainId: 271, txHash: sent.txHash, until: 'executed-on-l1', stage: 'executed-on-l1' });
  });

  it('wait --until executed-on-l1 returns for a message of a chain settling on the L1', async () => {
    const result = await runCli(['wait', onL1Sent.txHash, '--config', config, '--chain', '273', '--until', 'executed-on-l1', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ stage: 'executed-on-l1' });
  });

  it('wait --until executed-on-l1 exits 1 with NO_L1 on a network without an L1, saying how to get one', async () => {
    const other = await sendMessage(withoutL1.node(271), 'no L1 for the cli');
    const result = await runCli(['wait', other.txHash, '--rpc', withoutL1.node(271).rpcUrl, '--until', 'executed-on-l1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NO_L1');
    expect(result.stderr).toContain('--no-l1');
  });

  it('status prints the L1 steps with their L1 transactions', async () => {
    const result = await runCli(['status', sent.txHash, '--config', config, '--chain', '271']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('executedOnL1');
    expect(result.stdout).toContain(`L1 tx ${step(lifecycle, 'executedOnL1').l1TxHash}`);
  });
});

describe('traceMessage', () => {
  it('lists the L1 steps on the L1 after the interop root', async () => {
    const { publicClient } = await createChainClients({ rpcUrl: net.node(271).rpcUrl });
    const trace = await traceMessage({ source: publicClient, targets: [] }, { txHash: sent.txHash });
    const names = trace.steps.map((s) => s.step);
    expect(names.indexOf('committedOnL1')).toBe(names.indexOf('interopRoot') + 1);
    expect(trace.steps.filter((s) => s.step.endsWith('OnL1'))).toEqual(
      (['committedOnL1', 'provedOnL1', 'executedOnL1'] as const).map((name) => ({
        step: name,
        chainId: L1,
        at: step(lifecycle, name).at,
        l1TxHash: step(lifecycle, name).l1TxHash,
        gatewayBatchNumber: step(lifecycle, name).gatewayBatchNumber,
      })),
    );
  });
});
