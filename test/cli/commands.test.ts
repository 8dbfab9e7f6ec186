/**
 * The client commands as child processes against a network started in this process (automatic mode,
 * instant profile): exit codes, the --json shapes, and the messages for bad arguments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { createChainClients, verifyMessage, waitForMessage } from '../../src/sdk/index.ts';
import { jsonOf, runCli, writeNetworkFile, type CliResult } from './runCli.ts';

let net: TestNetwork;
let config: string;
let sent: CliResult;
let txHash: Hex;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, profile: 'instant' });
  config = await writeNetworkFile(net);
  sent = await runCli(['send', '--config', config, '--chain', '271', 'hello from the cli', '--json']);
  txHash = (jsonOf(sent).txHash ?? '0x') as Hex;
  const [a, b] = await Promise.all([createChainClients({ rpcUrl: net.chain(271).rpcUrl }), createChainClients({ rpcUrl: net.chain(272).rpcUrl })]);
  await waitForMessage(a.publicClient, { txHash, until: 'verifiable', on: b.publicClient, timeoutMs: 30_000 });
});
afterAll(() => net?.stop());

describe('send', () => {
  it('exits 0 and prints the transaction, message hash and sender as JSON', () => {
    expect(sent.code).toBe(0);
    expect(jsonOf(sent)).toEqual({
      chainId: 271,
      txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      messageHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      message: '0x68656c6c6f2066726f6d2074686520636c69',
      sender: '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049',
      blockNumber: expect.any(Number),
    });
  });
});

describe.concurrent('commands on a sent message', () => {
  it('wait --until verifiable --on 272 exits 0 with the stage reached', async () => {
    const result = await runCli(['wait', txHash, '--rpc', net.chain(271).rpcUrl, '--until', 'verifiable', '--on', '272', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ chainId: 271, txHash, until: 'verifiable', stage: 'verifiable', on: 272 });
  });

  it('status --json prints the lifecycle at stage executed', async () => {
    const result = await runCli(['status', txHash, '--config', config, '--chain', '271', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ chainId: 271, txHash, stage: 'executed', steps: expect.any(Array) });
  });

  it('trace --json follows the message to every other chain of the network', async () => {
    const result = await runCli(['trace', txHash, '--config', config, '--chain', '271', '--json']);
    expect(result.code).toBe(0);
    const trace = jsonOf(result) as { complete: boolean; steps: { step: string; chainId: number }[] };
    expect(trace.complete).toBe(true);
    expect(trace.steps.filter((s) => s.step === 'verified').map((s) => s.chainId)).toEqual([272]);
  });

  it('proof --json prints arguments that the verifier on 272 accepts', async () => {
    const result = await runCli(['proof', txHash, '--config', config, '--chain', '271', '--json']);
    expect(result.code).toBe(0);
    const proof = jsonOf(result) as unknown as Parameters<typeof verifyMessage>[1];
    expect(proof).toMatchObject({ chainId: 271, batchNumber: expect.any(Number), index: expect.any(Number), message: { sender: '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049' } });
    expect(await verifyMessage(net.chain(272).client, proof)).toBe(true);
  });

  it('verify --on 272 exits 0 with verified true', async () => {
    const result = await runCli(['verify', txHash, '--config', config, '--chain', '271', '--on', '272', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ verified: true, chainId: 271, on: 272, txHash });
  });

  it('verify --onchain deploys a verifier and proves the message in a transaction', async () => {
    const result = await runCli(['verify', txHash, '--config', config, '--chain', '271', '--on', '272', '--onchain', '--json']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({ verified: true, onchain: { txHash: expect.stringMatching(/^0x/), verifierAddress: expect.stringMatching(/^0x/), messageId: expect.stringMatching(/^0x/) } });
  });

  it('exits 1 with the error code as JSON when the node cannot be reached', async () => {
    const result = await runCli(['status', txHash, '--rpc', 'http://127.0.0.1:1', '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual({ error: { code: 'NODE_UNREACHABLE', message: expect.stringContaining('cannot reach') } });
  });
});

describe.concurrent('bad arguments exit 2 with a message that says what is wrong', () => {
  it('send without a message', async () => {
    const result = await runCli(['send', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give the message either as text or with --hex');
  });

  it('verify without --on', async () => {
    const result = await runCli(['verify', txHash, '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--on <chainId>'");
  });

  it('a chain the config does not have', async () => {
    const result = await runCli(['verify', txHash, '--config', config, '--on', '999']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('chain 999 is not part of the network');
  });

  it('an unknown stage for wait', async () => {
    const result = await runCli(['wait', txHash, '--config', config, '--until', 'finalized']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a stage: included, sealed, committed, proved, executed, imported, verifiable');
  });
});
