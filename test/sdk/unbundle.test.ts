/**
 * The SDK's `unbundleBundle` on a started network (instant profile, auto-relay on): a bundle of two calls
 * whose second reverts cannot be executed as a whole (the relayer records it failed); its unbundler runs the
 * first and cancels the second (verifying it first), nobody else may, a call processed once cannot run again,
 * and the actions must match the calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringToHex, type Address } from 'viem';
import { deployContract, readContract } from 'viem/actions';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import {
  BundleRevertedError,
  createChainClients,
  executeBundle,
  getBundleStatus,
  InvalidArgumentError,
  sendBundle,
  unbundleBundle,
  waitForBundle,
  waitForBundleLifecycle,
  type CreateChainClientsReturnType,
  type GetBundleProofReturnType,
} from '../../src/sdk/index.ts';

let net: TestNetwork;
let a: CreateChainClientsReturnType;
let b: CreateChainClientsReturnType;
let stranger: CreateChainClientsReturnType;
let kept: Address;
let refusing: Address;
let proof: GetBundleProofReturnType;

async function deployReceiver(): Promise<Address> {
  const hash = await deployContract(b.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
  return (await b.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
}

const countOf = (receiver: Address) => readContract(b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'count' });

beforeAll(async () => {
  net = await createNetwork({ chains: 2, profile: 'instant', l1: false });
  a = await createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: RICH_WALLET_KEYS[0]! });
  b = await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: RICH_WALLET_KEYS[0]! });
  stranger = await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: RICH_WALLET_KEYS[1]! });
  kept = await deployReceiver();
  refusing = await deployReceiver();
  const sent = await sendBundle(a.walletClient!, {
    destinationChainId: 272,
    calls: [{ to: kept, data: stringToHex('kept') }, { to: refusing, data: stringToHex('fail') }],
    unbundlerAddress: a.walletClient!.account.address,
  });
  ({ proof } = (await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'provable' })) as { proof: GetBundleProofReturnType });
});

afterAll(async () => {
  await net?.stop();
});

describe('a bundle whose second call reverts', () => {
  it('cannot be executed as a whole: BundleRevertedError, nothing runs', async () => {
    await expect(executeBundle(b.walletClient!, { proof })).rejects.toBeInstanceOf(BundleRevertedError);
    expect(await countOf(kept)).toBe(0n);
  });

  it('needs one action per call', async () => {
    await expect(unbundleBundle(b.walletClient!, { proof, calls: ['execute'] })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('cannot be unbundled by another account than its unbundler: UnbundlingNotAllowed (after anyone verified it)', async () => {
    const error = await unbundleBundle(stranger.walletClient!, { proof, calls: ['execute', 'cancel'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleRevertedError);
    expect((error as BundleRevertedError).reason).toBe('UnbundlingNotAllowed');
    expect((await getBundleStatus(b.publicClient, { bundleHash: proof.bundleHash })).status).toBe('verified');
  });

  it('is recorded failed by the relayer, with the second call named', async () => {
    const { lifecycle, reached } = await waitForBundleLifecycle(b.publicClient, { bundleHash: proof.bundleHash, until: 'executed' });
    expect({ reached, stage: lifecycle.stage, callIndex: lifecycle.failure?.callIndex }).toEqual({ reached: false, stage: 'failed', callIndex: 1 });
  });

  it('is unbundled by its unbundler: the first call runs, the second is cancelled, and a wait for unbundled sees it through the failure', async () => {
    const waiting = waitForBundleLifecycle(b.publicClient, { bundleHash: proof.bundleHash, until: 'unbundled' });
    const result = await unbundleBundle(b.walletClient!, { proof, calls: ['execute', 'cancel'] });
    expect(await waiting).toMatchObject({ reached: true, lifecycle: { stage: 'unbundled' } });
    expect(result.bundleHash).toBe(proof.bundleHash);
    expect(result.verifyTxHash).toBeUndefined(); // the stranger's attempt verified it already
    expect(await countOf(kept)).toBe(1n);
    expect(await countOf(refusing)).toBe(0n);
    expect(await getBundleStatus(b.publicClient, { bundleHash: proof.bundleHash })).toEqual({ status: 'unbundled', txHash: result.txHash });
  });

  it('then refuses to run a processed call again: CallNotExecutable', async () => {
    const error = await unbundleBundle(b.walletClient!, { proof, calls: ['execute', 'skip'] }).catch((e: unknown) => e);
    expect((error as BundleRevertedError).reason).toBe('CallNotExecutable');
    expect(await countOf(kept)).toBe(1n);
  });
});
