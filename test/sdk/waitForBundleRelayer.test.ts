/**
 * The SDK waiting on the network's relayer (auto-relay on, instant profile): `waitForBundle(…, { until:
 * 'executed' })` returns once the relayer executed the bundle, reporting `settled` and `rootImported` on
 * the way; when the relayer's execution reverts it throws BundleExecutionFailedError with the failure at
 * once instead of waiting for the timeout; getBundleLifecycle and listBundles read the same index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringToHex, type Address } from 'viem';
import { deployContract } from 'viem/actions';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import {
  BundleExecutionFailedError,
  createChainClients,
  getBundleLifecycle,
  listBundles,
  sendBundle,
  waitForBundle,
  type CreateChainClientsReturnType,
  type WaitForBundleProgress,
} from '../../src/sdk/index.ts';

let net: TestNetwork;
let a: CreateChainClientsReturnType;
let b: CreateChainClientsReturnType;
let receiver: Address;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, profile: 'instant', l1: false });
  a = await createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: RICH_WALLET_KEYS[0]! });
  b = await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: RICH_WALLET_KEYS[0]! });
  const hash = await deployContract(b.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
  receiver = (await b.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
});
afterAll(() => net?.stop());

describe('waitForBundle until executed, with the relayer on', () => {
  it('returns once the relayer executed the bundle, having seen it settle and its root imported', async () => {
    const sent = await sendBundle(a.walletClient!, { destinationChainId: 272, calls: [{ to: receiver, data: stringToHex('relay me') }] });
    const progress: WaitForBundleProgress[] = [];
    const done = await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'executed', timeoutMs: 30_000, onProgress: (p) => progress.push(p) });
    expect(done.stage).toBe('executed');
    const stages = progress.map((p) => p.stage);
    expect(stages[0]).toBe('sent');
    expect(stages.at(-1)).toBe('executed');
    const lifecycle = await getBundleLifecycle(b.publicClient, { bundleHash: sent.bundleHash });
    expect(lifecycle?.steps.find((s) => s.step === 'executed')?.txHash).toBe(done.executedTxHash);
  });

  it('throws BundleExecutionFailedError with the relayer\'s failure when a call reverts', async () => {
    const sent = await sendBundle(a.walletClient!, { destinationChainId: 272, calls: [{ to: receiver, data: stringToHex('fail') }] });
    const error = await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'executed', timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleExecutionFailedError);
    expect((error as BundleExecutionFailedError).code).toBe('BUNDLE_EXECUTION_FAILED');
    expect((error as BundleExecutionFailedError).failure).toMatchObject({ reason: 'Refused', callIndex: 0 });
    const { bundles } = await listBundles(a.publicClient, { stage: 'failed' });
    expect(bundles.map((x) => x.bundleHash)).toEqual([sent.bundleHash]);
  });
});
