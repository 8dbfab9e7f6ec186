/**
 * The SDK's bundle actions against started networks: in automatic mode (instant profile) a two-call
 * bundle goes from 271 to 272 (sendBundle → waitForBundle provable → executeBundle → getBundleStatus) and
 * an ERC-20 crosses with transferToken; in manual mode, where nothing settles unless told, the errors of a
 * bundle that is not ready yet and of one already executed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringToHex, type Address } from 'viem';
import { deployContract, readContract } from 'viem/actions';
import { privateKeyToAddress } from 'viem/accounts';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode, testTokenAbi, testTokenBytecode } from '../../src/contracts/index.ts';
import {
  BundleAlreadyProcessedError,
  BundleRevertedError,
  bridgedTokenAddress,
  createChainClients,
  executeBundle,
  getBundleProof,
  getBundleStatus,
  InteropRootNotImportedError,
  ProofNotReadyError,
  sendBundle,
  transferToken,
  verifyBundle,
  waitForBundle,
  type CreateChainClientsReturnType,
  type WaitForBundleProgress,
} from '../../src/sdk/index.ts';

const SENDER_KEY = RICH_WALLET_KEYS[0]!;
const RELAYER_KEY = RICH_WALLET_KEYS[1]!;
const RECEIVER: Address = privateKeyToAddress(RICH_WALLET_KEYS[2]!);

type Clients = { a: CreateChainClientsReturnType; b: CreateChainClientsReturnType; relayer: CreateChainClientsReturnType };

async function clientsOf(net: TestNetwork): Promise<Clients> {
  return {
    a: await createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: SENDER_KEY }),
    b: await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: SENDER_KEY }),
    relayer: await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: RELAYER_KEY }),
  };
}

/** Deploys a BundleReceiver (an ERC-7786 recipient that records each call) on `on`. */
async function deployReceiver(on: CreateChainClientsReturnType): Promise<Address> {
  const hash = await deployContract(on.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
  const receipt = await on.publicClient.waitForTransactionReceipt({ hash });
  return receipt.contractAddress!;
}

describe('bundles on an automatic network', () => {
  let net: TestNetwork;
  let c: Clients;
  let receiver: Address;

  beforeAll(async () => {
    net = await createNetwork({ chains: 2, profile: 'instant', autorelay: false });
    c = await clientsOf(net);
    receiver = await deployReceiver(c.b);
  });
  afterAll(() => net?.stop());

  it('sends a two-call bundle, waits until provable, executes it from another account, and reads it as executed', async () => {
    const sent = await sendBundle(c.a.walletClient!, {
      destinationChainId: 272,
      calls: [
        { to: receiver, data: stringToHex('first') },
        { to: receiver, data: stringToHex('second') },
      ],
    });
    expect(sent.bundle.calls.map((call) => call.data)).toEqual([stringToHex('first'), stringToHex('second')]);
    expect(await getBundleStatus(c.b.publicClient, { bundleHash: sent.bundleHash })).toEqual({ status: 'sent' });

    const stages: WaitForBundleProgress['stage'][] = [];
    const { proof } = await waitForBundle(c.a.publicClient, c.b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 60_000, onProgress: (p) => stages.push(p.stage) });
    expect(stages).toEqual(['sent', 'provable']);
    expect(proof!.bundleHash).toBe(sent.bundleHash);

    const { txHash } = await executeBundle(c.relayer.walletClient!, { proof: proof! });
    expect(await readContract(c.b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'count' })).toBe(2n);
    expect(await readContract(c.b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('second'));
    expect(await getBundleStatus(c.b.publicClient, { bundleHash: sent.bundleHash })).toEqual({ status: 'executed', txHash });
    expect(await waitForBundle(c.a.publicClient, c.b.publicClient, { txHash: sent.txHash, until: 'executed', timeoutMs: 1_000 })).toMatchObject({ stage: 'executed', executedTxHash: txHash });
  });

  it('refuses a stranger executing a bundle restricted to another account, naming the handler error', async () => {
    const sent = await sendBundle(c.a.walletClient!, { destinationChainId: 272, calls: [{ to: receiver, data: stringToHex('restricted') }], executionAddress: privateKeyToAddress(SENDER_KEY) });
    const { proof } = await waitForBundle(c.a.publicClient, c.b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 60_000 });
    const error = await executeBundle(c.relayer.walletClient!, { proof: proof! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleRevertedError);
    expect({ code: (error as BundleRevertedError).code, reason: (error as BundleRevertedError).reason }).toEqual({ code: 'BUNDLE_REVERTED', reason: 'ExecutingNotAllowed' });
    await executeBundle(c.b.walletClient!, { proof: proof! });
    expect((await getBundleStatus(c.b.publicClient, { bundleHash: sent.bundleHash })).status).toBe('executed');
  });

  it('verifies a bundle without running its calls, and executes it after', async () => {
    const sent = await sendBundle(c.a.walletClient!, { destinationChainId: 272, calls: [{ to: receiver, data: stringToHex('verified first') }] });
    const { proof } = await waitForBundle(c.a.publicClient, c.b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 60_000 });
    const before = await readContract(c.b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'count' });
    await verifyBundle(c.relayer.walletClient!, { proof: proof! });
    expect((await getBundleStatus(c.b.publicClient, { bundleHash: sent.bundleHash })).status).toBe('verified');
    expect(await readContract(c.b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'count' })).toBe(before);
    await executeBundle(c.relayer.walletClient!, { proof: proof! });
    expect(await readContract(c.b.publicClient, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('verified first'));
  });

  it('transfers an ERC-20 from 271 to 272, where the bridged token holds the amount for the receiver', async () => {
    const deployed = await deployContract(c.a.walletClient!, { abi: testTokenAbi, bytecode: testTokenBytecode, args: ['SDK Token', 'SDK', 18, 10n ** 21n] });
    const token = (await c.a.publicClient.waitForTransactionReceipt({ hash: deployed })).contractAddress!;
    expect(await bridgedTokenAddress(c.b.publicClient, { originChainId: 271, token })).toBeNull();

    const sent = await transferToken(c.a.walletClient!, { token, amount: 250n, to: RECEIVER, destinationChainId: 272 });
    expect(sent.approvalTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    const { proof } = await waitForBundle(c.a.publicClient, c.b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 60_000 });
    await executeBundle(c.relayer.walletClient!, { proof: proof! });

    const bridged = await bridgedTokenAddress(c.b.publicClient, { originChainId: 271, token });
    expect(bridged).not.toBeNull();
    expect(await readContract(c.b.publicClient, { address: bridged!, abi: testTokenAbi, functionName: 'balanceOf', args: [RECEIVER] })).toBe(250n);
  });
});

describe('bundles on a manual network', () => {
  let net: TestNetwork;
  let c: Clients;
  let sent: Awaited<ReturnType<typeof sendBundle>>;

  beforeAll(async () => {
    net = await createNetwork({ chains: 2, manual: true, l1: false });
    c = await clientsOf(net);
    const receiver = await deployReceiver(c.b);
    sent = await sendBundle(c.a.walletClient!, { destinationChainId: 272, calls: [{ to: receiver, data: stringToHex('once') }] });
  });
  afterAll(() => net?.stop());

  // In file order: the bundle moves one stage on per test.
  it('has no proof before its batch is executed on Gateway', async () => {
    await expect(getBundleProof(c.a.publicClient, { txHash: sent.txHash })).rejects.toBeInstanceOf(ProofNotReadyError);
  });

  it('is not executed before the destination imports its interop root, with an error naming the Gateway block', async () => {
    await net.advanceUntil(sent.txHash, 'executed');
    const proof = await getBundleProof(c.a.publicClient, { txHash: sent.txHash });
    const error = await executeBundle(c.relayer.walletClient!, { proof, rootTimeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteropRootNotImportedError);
    expect((error as InteropRootNotImportedError).gatewayBlockNumber).toBe(proof.gatewayBlockNumber);
    expect(await getBundleStatus(c.b.publicClient, { bundleHash: sent.bundleHash })).toEqual({ status: 'sent' });
  });

  it('once executed, refuses to execute it again (BUNDLE_ALREADY_PROCESSED)', async () => {
    await net.advanceUntil(sent.txHash, 'imported', { on: 272 });
    const { proof } = await waitForBundle(c.a.publicClient, c.b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 1_000 });
    await executeBundle(c.relayer.walletClient!, { proof: proof! });
    const error = await executeBundle(c.relayer.walletClient!, { proof: proof! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleAlreadyProcessedError);
    expect((error as BundleAlreadyProcessedError).code).toBe('BUNDLE_ALREADY_PROCESSED');
  });
});

