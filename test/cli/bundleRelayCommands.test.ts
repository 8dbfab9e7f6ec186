/**
 * The bundle commands with the network's auto-relay on (the default), as child processes: `bundle send`
 * waits for the relayer's execution on 272 (or its failure: exit 1, BUNDLE_EXECUTION_FAILED), and
 * `status`, `trace` and `wait` take the bundle hash and show its stages across the network, the failing
 * call's reason and its call trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringToHex, type Address, type Hex } from 'viem';
import { deployContract, readContract } from 'viem/actions';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import { createChainClients } from '../../src/sdk/index.ts';
import { jsonOf, runCli, writeNetworkFile } from './runCli.ts';

let net: TestNetwork;
let config: string;
let receiver: Address;
let executed: Record<string, unknown>;
let failed: { code: number; out: Record<string, unknown> };

beforeAll(async () => {
  net = await createNetwork({ chains: 2, profile: 'instant', l1: false });
  config = await writeNetworkFile(net);
  const b = await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: RICH_WALLET_KEYS[0]! });
  const hash = await deployContract(b.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
  receiver = (await b.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
  const ok = await runCli(['bundle', 'send', '--config', config, '--from', '271', '--to', '272', '--call', `${receiver}:${stringToHex('relayed')}`, '--json']);
  expect(ok.code, ok.stderr).toBe(0);
  executed = jsonOf(ok);
  const bad = await runCli(['bundle', 'send', '--config', config, '--from', '271', '--to', '272', '--call', `${receiver}:${stringToHex('ok')}`, '--call', `${receiver}:${stringToHex('fail')}`, '--json']);
  failed = { code: bad.code, out: jsonOf(bad) };
});
afterAll(() => net?.stop());

describe('bundle send with auto-relay on', () => {
  it('waits for the relayer, which executes the bundle on 272: status executed, executed by the relayer', async () => {
    expect(executed).toMatchObject({ from: 271, to: 272, status: 'executed', executedBy: 'relayer', destinationTxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(await readContract(net.chain(272).client, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('relayed'));
  });

  it('exits 1 with BUNDLE_EXECUTION_FAILED naming the failing call when a call reverts', () => {
    expect(failed.code).toBe(1);
    expect(failed.out).toMatchObject({ status: 'failed', destinationTxHash: null, error: { code: 'BUNDLE_EXECUTION_FAILED', message: expect.stringContaining('(call 1)') } });
  });
});

describe('status, trace and wait of a bundle hash', () => {
  it('status --json prints the lifecycle: every stage from sent to executed, on the chains where they happened', async () => {
    const result = await runCli(['status', executed.bundleHash as string, '--config', config, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const lifecycle = jsonOf(result) as { stage: string; steps: { step: string; chainId: number }[]; sourceChainId: number; destinationChainId: number };
    expect(lifecycle).toMatchObject({ bundleHash: executed.bundleHash, sourceChainId: 271, destinationChainId: 272, stage: 'executed' });
    expect(lifecycle.steps.map((s) => [s.step, s.chainId])).toEqual([
      ['sent', 271],
      ['settled', 506],
      ['rootImported', 272],
      ['verified', 272],
      ['executed', 272],
    ]);
  });

  it('status of a failed bundle prints the reason, the failing call and its call trace', async () => {
    const result = await runCli(['status', failed.out.bundleHash as string, '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(': failed');
    expect(result.stdout).toMatch(/failed \(call 1\): /);
    // the trace's frame of the receiver's receiveMessage (selector 0x…), marked as the one that reverted
    expect(result.stdout).toMatch(new RegExp(`CALL ${receiver} 0x[0-9a-f]{8}\\s+✗`, 'i'));
  });

  it('status of the sending transaction names the bundle it carries', async () => {
    const result = await runCli(['status', executed.sourceTxHash as string, '--config', config, '--chain', '271']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`it carries bundle ${executed.bundleHash as string}`);
  });

  it('trace --json gives the bundle and the message that carried it to 272, verifiable there', async () => {
    const result = await runCli(['trace', executed.bundleHash as string, '--config', config, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = jsonOf(result) as { bundle: { stage: string }; message: { txHash: Hex; complete: boolean; steps: { step: string; chainId: number | null }[] } };
    expect(out.bundle.stage).toBe('executed');
    expect(out.message.txHash).toBe(executed.sourceTxHash);
    expect(out.message.complete).toBe(true);
    expect(out.message.steps.filter((s) => s.step === 'imported').map((s) => s.chainId)).toEqual([272]);
  });

  it('trace prints the message steps, then the bundle on 272 and its execution', async () => {
    const result = await runCli(['trace', executed.bundleHash as string, '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('bundle on chain 272:');
    expect(result.stdout).toMatch(/executed\s+272\s+\+\d+ ms\s+tx 0x/);
  });

  it('wait exits 0 for an executed bundle and 1 for a failed one, with the failure in its JSON', async () => {
    const ok = await runCli(['wait', executed.bundleHash as string, '--config', config, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(jsonOf(ok)).toMatchObject({ until: 'executed', stage: 'executed', reached: true });
    const bad = await runCli(['wait', failed.out.bundleHash as string, '--config', config, '--json']);
    expect(bad.code).toBe(1);
    expect(jsonOf(bad)).toMatchObject({ stage: 'failed', reached: false, failure: { callIndex: 1 } });
  });

  it('wait --until root-imported returns at once for a bundle past it', async () => {
    const result = await runCli(['wait', executed.bundleHash as string, '--config', config, '--until', 'root-imported', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toMatchObject({ until: 'root-imported', reached: true });
  });

  it('wait --until settled for a hash that is no bundle exits 2 and says what it takes', async () => {
    const result = await runCli(['wait', executed.sourceTxHash as string, '--config', config, '--until', 'settled']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a bundle stage');
  });
});
