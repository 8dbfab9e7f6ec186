/**
 * The client side against `zkinterop up --processes` (one process per node, issue 16): the CLI commands
 * (send, status, wait, trace, proof, verify) through the router's `/chains/<id>` and on a node's own port,
 * the SDK with viem clients on the routed URLs, and a v31 bundle executed by the coordinator's relayer
 * (`zkinterop bundle send` waiting for it; `zkinterop_getBundle` on a chain's own port forwarded to the
 * coordinator). One network for the file (instant profile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringToHex, type Address, type Hex } from 'viem';
import { deployContract, readContract } from 'viem/actions';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import { createChainClients, getInteropProof, sendBundle, sendMessage, verifyMessage, waitForBundle, waitForMessage, type CreateChainClientsReturnType } from '../../src/sdk/index.ts';
import { runCli } from '../cli/runCli.ts';
import { rpc } from '../support/childNetwork.ts';
import { pollUntil } from '../support/poll.ts';
import { jsonLine, startProcessUp, tempDir, writeProcessConfig, type ProcessNetworkChild } from '../support/processNetwork.ts';

let net: ProcessNetworkChild;
let txHash: Hex;
let a: CreateChainClientsReturnType;
let b: CreateChainClientsReturnType;

beforeAll(async () => {
  net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }));
  [a, b] = await Promise.all([createChainClients({ rpcUrl: net.routed(271), account: RICH_WALLET_KEYS[0]! }), createChainClients({ rpcUrl: net.routed(272), account: RICH_WALLET_KEYS[0]! })]);
  const sent = await runCli(['send', '--rpc', net.routed(271), 'hello across processes', '--json']);
  expect(sent.code, sent.stderr).toBe(0);
  txHash = jsonLine<{ txHash: Hex }>(sent.stdout, sent.stderr).txHash;
  await waitForMessage(a.publicClient, { txHash, until: 'verifiable', on: b.publicClient, timeoutMs: 60_000 });
});
afterAll(async () => {
  expect(await net?.stop(), net?.stderr()).toBe(0);
});

describe.concurrent('CLI through the router', () => {
  it('wait --until verifiable --on 272 exits 0 with the stage reached', async () => {
    const result = await runCli(['wait', txHash, '--rpc', net.routed(271), '--until', 'verifiable', '--on', '272', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLine(result.stdout)).toMatchObject({ chainId: 271, txHash, stage: 'verifiable', on: 272 });
  });

  it('status prints the lifecycle at stage executed, its steps including the L1', async () => {
    const result = await runCli(['status', txHash, '--rpc', net.routed(271), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLine(result.stdout)).toMatchObject({ chainId: 271, txHash, stage: 'executed', steps: expect.any(Array) });
  });

  it('trace follows the message to 272 and completes', async () => {
    const result = await runCli(['trace', txHash, '--rpc', net.routed(271), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const trace = jsonLine<{ complete: boolean; steps: { step: string; chainId: number }[] }>(result.stdout);
    expect(trace.complete).toBe(true);
    expect(trace.steps.filter((s) => s.step === 'verified').map((s) => s.chainId)).toEqual([272]);
  });

  it('proof prints arguments the verifier on 272 accepts', async () => {
    const result = await runCli(['proof', txHash, '--rpc', net.routed(271), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const proof = jsonLine(result.stdout) as unknown as Parameters<typeof verifyMessage>[1];
    expect(await verifyMessage(b.publicClient, proof)).toBe(true);
  });

  it('verify --on 272 exits 0 with verified true', async () => {
    const result = await runCli(['verify', txHash, '--rpc', net.routed(271), '--on', '272', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLine(result.stdout)).toMatchObject({ verified: true, chainId: 271, on: 272, txHash });
  });
});

describe('CLI on a node\'s own port', () => {
  it('send on 272\'s own port, then wait, verify on 271 and status, all on own ports', async () => {
    const sent = await runCli(['send', '--rpc', net.own(272), 'from 272 own port', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const hash = jsonLine<{ txHash: Hex }>(sent.stdout).txHash;
    const waited = await runCli(['wait', hash, '--rpc', net.own(272), '--until', 'verifiable', '--on', '271', '--json']);
    expect(waited.code, waited.stderr).toBe(0);
    const verified = await runCli(['verify', hash, '--rpc', net.own(272), '--on', '271', '--json']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(jsonLine(verified.stdout)).toMatchObject({ verified: true, chainId: 272, on: 271 });
    const status = await runCli(['status', hash, '--rpc', net.own(272), '--json']);
    expect(jsonLine(status.stdout)).toMatchObject({ chainId: 272, stage: expect.stringMatching(/executed|finalized|verifiable/) });
  });
});

describe('SDK on the routed URLs', () => {
  it('sendMessage, waitForMessage, getInteropProof and verifyMessage across node processes', async () => {
    const sent = await sendMessage(b.walletClient!, { message: 'sdk across processes' });
    await waitForMessage(b.publicClient, { txHash: sent.txHash, until: 'verifiable', on: a.publicClient, timeoutMs: 60_000 });
    const proof = await getInteropProof(b.publicClient, { txHash: sent.txHash });
    expect(await verifyMessage(a.publicClient, proof)).toBe(true);
    expect(await verifyMessage(a.publicClient, { ...proof, message: { ...proof.message, data: stringToHex('forged') } })).toBe(false);
  });
});

describe('bundles', () => {
  let receiver: Address;
  beforeAll(async () => {
    const hash = await deployContract(b.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
    receiver = (await b.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
  });

  it('bundle send through the router is executed on 272 by the coordinator\'s relayer', async () => {
    const result = await runCli(['bundle', 'send', '--rpc', net.routed(271), '--to', '272', '--call', `${receiver}:${stringToHex('relayed')}`, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLine(result.stdout)).toMatchObject({ from: 271, to: 272, status: 'executed', executedBy: 'relayer' });
    expect(await readContract(b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('relayed'));
  });

  it('an SDK bundle is executed by the relayer, and zkinterop_getBundle on a chain\'s own port answers it executed', async () => {
    const sent = await sendBundle(a.walletClient!, { destinationChainId: 272, calls: [{ to: receiver, data: stringToHex('sdk bundle') }] });
    await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'executed', timeoutMs: 60_000 });
    // The coordinator's index learns of the execution from 272's next newHeads.
    const onOwnPort = await pollUntil(async () => {
      const bundle = await rpc<{ bundleHash: Hex; stage: string } | null>(net.own(271), 'zkinterop_getBundle', [sent.bundleHash]);
      return bundle?.stage === 'executed' && bundle;
    }, { what: 'the bundle executed in the coordinator\'s index' });
    expect(onOwnPort).toMatchObject({ bundleHash: sent.bundleHash, sourceChainId: 271, destinationChainId: 272, relayed: true });
    expect(await rpc(net.own(272), 'zkinterop_getBundle', [sent.bundleHash])).toEqual(onOwnPort);
    expect(await readContract(b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('sdk bundle'));
  });
});
