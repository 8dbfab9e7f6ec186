/**
 * zksync-js 0.0.19's interop flow against a started zkinterop network with its L1 (chain 9) under Gateway
 * 506, chains 271 → 272, walked step by step as the SDK takes them (test/support/zksyncJsFlow.ts: context,
 * quote/prepare, create, status, wait, finalize, over HTTP JSON-RPC only) for its three examples: a remote
 * call to an ERC-7786 receiver (its Greeting; here BundleReceiver), sendNative on the direct route
 * (interopCallValue to a payable receiver, its FundsReceiver), and sendErc20 on the indirect route through
 * L2AssetRouter (its example deposits the token from the L1 first, which zkinterop does not model: the
 * token is deployed and held on 271 instead). There is no auto-relay in this tree: the bundle waits for
 * the SDK's finalize.
 *
 * The SDK builds the proof's `message.txNumberInBatch` from the receipt's `transactionIndex`, which is the
 * ZKsync OS rule (an L2→L1 log carries its transaction's index in its block), while zkinterop numbers
 * the log as Era does, by the transaction's index in its batch (`l1BatchTxIndex`). They agree when the
 * bundle's transaction is the first user transaction of its batch, the usual case in the `instant`
 * profile (a batch seals after each block); the last part drives a manual network to show both cases
 * exactly: first in its batch it finalizes, behind a transaction of an earlier block of the same batch
 * its executeBundle reverts MessageNotIncluded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAbiParameters, decodeErrorResult, encodeAbiParameters, encodeFunctionData, getAddress, type Address, type Hex, type PublicClient, type WalletClient } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/createNetwork.ts';
import {
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L1_MESSENGER_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  bundleReceiverAbi,
  bundleReceiverBytecode,
  bridgedStandardERC20Abi,
  interopHandlerAbi,
  l2NativeTokenVaultAbi,
  testTokenAbi,
  testTokenBytecode,
} from '../../src/contracts/index.ts';
import { formatEvmV1 } from '../../src/protocol/bundle.ts';
import { bundleHashOf, create, finalize, interopContext, prepare, status, wait, type Action, type Context, type FinalizationInfo, type Sides } from '../support/zksyncJsFlow.ts';

const SOURCE = 271;
const DESTINATION = 272;

function sidesOf(net: TestNetwork): Sides {
  return {
    l1: net.l1!.client as PublicClient,
    gateway: net.gateway.client as PublicClient,
    source: net.chain(SOURCE).client as PublicClient,
    destination: net.chain(DESTINATION).client as PublicClient,
    sourceWallet: net.chain(SOURCE).wallet as WalletClient,
    destinationWallet: net.chain(DESTINATION).wallet as WalletClient,
  };
}

async function deploy(wallet: WalletClient, client: PublicClient, bytecode: Hex, args?: { abi: typeof testTokenAbi; args: readonly unknown[] }): Promise<Address> {
  const hash = await wallet.deployContract({ account: wallet.account!, chain: null, abi: args?.abi ?? bundleReceiverAbi, bytecode, args: (args?.args ?? []) as never });
  const receipt = await client.waitForTransactionReceipt({ hash });
  return getAddress(receipt.contractAddress!);
}

/** The SDK's quote → prepare → create → status → wait → finalize for `actions`, with what each step answered. */
async function runFlow(s: Sides, ctx: Context, actions: Action[], beforeWait?: (txHash: Hex) => Promise<void>) {
  const plan = await prepare(s, ctx, actions);
  const created = await create(s, plan);
  const bundleHash = await bundleHashOf(s, created.l2SrcTxHash);
  const statusAfterCreate = await status(s, bundleHash);
  await beforeWait?.(created.l2SrcTxHash);
  const info = await wait(s, created.l2SrcTxHash);
  // The SDK's proof is right only when the bundle's transaction is first in its batch (module header):
  // say so plainly rather than fail at finalize with a bare revert.
  const { transactionIndex, l1BatchTxIndex } = info.receipt;
  if (BigInt(transactionIndex) !== BigInt(l1BatchTxIndex!)) throw new Error(`sendBundle is transaction ${BigInt(l1BatchTxIndex!)} of its batch but ${BigInt(transactionIndex)} of its block: the SDK's txNumberInBatch will not prove (README, "Using zksync-js")`);
  const statusAfterWait = await status(s, bundleHash);
  const finalized = await finalize(s, info);
  const statusAfterFinalize = await status(s, bundleHash);
  return { plan, created, bundleHash, info, finalized, statusAfterCreate, statusAfterWait, statusAfterFinalize };
}

describe('zksync-js 0.0.19 interop flow on a network with its L1 (instant profile)', () => {
  let net: TestNetwork;
  let s: Sides;
  let ctx: Context;
  let receiver: Address;
  let sender: Address;

  beforeAll(async () => {
    net = await createNetwork({ chains: [SOURCE, DESTINATION], l1: true, profile: 'instant', autorelay: false });
    s = sidesOf(net);
    sender = s.sourceWallet.account!.address;
    receiver = await deploy(s.destinationWallet, s.destination, bundleReceiverBytecode);
    ctx = await interopContext(s);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it("context: zks_getBridgehubContract names the L1's Bridgehub, whose asset router, nullifier and vault answer, and both chains report protocol 0.31.0 and ETH as base token (direct route)", async () => {
    expect(await s.l1.getCode({ address: ctx.bridgehub })).not.toBe('0x');
    for (const address of [ctx.l1AssetRouter, ctx.l1Nullifier, ctx.l1NativeTokenVault]) expect(await s.l1.getCode({ address })).not.toBe('0x');
    expect(ctx.protocolVersions).toEqual({ source: [0, 31, 0], destination: [0, 31, 0] });
    expect(ctx.baseTokens.matches).toBe(true);
    expect(ctx).toMatchObject({ sourceChainId: BigInt(SOURCE), destinationChainId: BigInt(DESTINATION) });
  });

  it('fees: the protocol fee is 0 per call, ZK_INTEROP_FEE answers 10e18 and there is no ZK token, so sendBundle carries only the action value', async () => {
    const plan = await prepare(s, ctx, [{ type: 'sendNative', to: receiver, amount: 5n }]);
    expect(plan.fee).toEqual({ perCall: 0n, total: 0n });
    expect(plan.reads).toEqual({ zkInteropFee: 10n ** 19n, zkToken: '0x0000000000000000000000000000000000000000' });
    expect(plan.route).toBe('direct');
    expect(plan.steps.map((step) => [step.key, step.value])).toEqual([['sendBundle', 5n]]);
  });

  describe('a remote call (its Greeting example)', () => {
    let flow: Awaited<ReturnType<typeof runFlow>>;
    const greeting = 'hello from 271';

    beforeAll(async () => {
      const data = encodeAbiParameters([{ type: 'string' }], [greeting]);
      flow = await runFlow(s, ctx, [{ type: 'call', to: receiver, data }]);
    });

    it('create sends one sendBundle step, and status says SENT before finalize', () => {
      expect(Object.keys(flow.created.stepHashes)).toEqual(['sendBundle']);
      expect(flow.statusAfterCreate).toEqual({ phase: 'SENT' });
      expect(flow.statusAfterWait).toEqual({ phase: 'SENT' });
    });

    it("wait reads the receipt as the SDK does: l2ToL1Logs present, the bundle's L1MessageSent before InteropBundleSent, transactionIndex equal to l1BatchTxIndex", () => {
      const { receipt, l2ToL1LogIndex } = flow.info;
      expect(Array.isArray(receipt.l2ToL1Logs) && receipt.l2ToL1Logs.length).toBe(1);
      expect(l2ToL1LogIndex).toBe(0);
      const order = receipt.logs.map((l) => getAddress(l.address));
      expect(order.indexOf(getAddress(L1_MESSENGER_ADDRESS))).toBeLessThan(order.indexOf(getAddress(INTEROP_CENTER_ADDRESS)));
      // The precondition under which the SDK's txNumberInBatch is right here (see the module header).
      expect(BigInt(receipt.transactionIndex)).toBe(BigInt(receipt.l1BatchTxIndex!));
    });

    it("wait's proof names the source chain, InteropCenter as sender, the 0x01-prefixed bundle as data, and a Gateway block 272 imported", async () => {
      const { proof, encodedData, gatewayBlockNumber } = flow.info;
      expect(proof.chainId).toBe(BigInt(SOURCE));
      expect(getAddress(proof.message.sender)).toBe(getAddress(INTEROP_CENTER_ADDRESS));
      expect(proof.message.data).toBe(`0x01${encodedData.slice(2)}`);
      expect(gatewayBlockNumber).toBeGreaterThan(0n);
    });

    it("finalize executes it on 272: the receiver got the payload from the sender's ERC-7930 address, and status says EXECUTED with the finalize transaction", async () => {
      expect(flow.finalized.status).toBe('success');
      expect(flow.statusAfterFinalize).toEqual({ phase: 'EXECUTED', dstExecTxHash: flow.finalized.hash });
      const payload = await s.destination.readContract({ address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' });
      expect(decodeAbiParameters([{ type: 'string' }], payload)[0]).toBe(greeting);
      expect(await s.destination.readContract({ address: receiver, abi: bundleReceiverAbi, functionName: 'lastSender' })).toBe(formatEvmV1({ chainId: SOURCE, address: sender }));
    });

    it('finalize again is refused before any transaction: the bundle has already been executed', async () => {
      await expect(finalize(s, flow.info)).rejects.toThrow('Interop bundle has already been executed.');
    });
  });

  describe('sendNative (its send-native example, direct route)', () => {
    let flow: Awaited<ReturnType<typeof runFlow>>;
    let before: bigint;
    const amount = 123_456_789n;

    beforeAll(async () => {
      before = await s.destination.getBalance({ address: receiver });
      flow = await runFlow(s, ctx, [{ type: 'sendNative', to: receiver, amount }]);
    });

    it('sends the amount as msg.value with interopCallValue, and the receiver on 272 gets exactly it', async () => {
      expect(flow.plan.steps.at(-1)!.value).toBe(amount);
      expect(flow.statusAfterFinalize.phase).toBe('EXECUTED');
      expect(await s.destination.getBalance({ address: receiver })).toBe(before + amount);
      expect(await s.destination.readContract({ address: receiver, abi: bundleReceiverAbi, functionName: 'lastValue' })).toBe(amount);
    });
  });

  describe('sendErc20 (its erc20-transfer example, indirect route; the token is minted on 271, not deposited from the L1)', () => {
    let flow: Awaited<ReturnType<typeof runFlow>>;
    let token: Address;
    const amount = 4_000n;
    const recipient = getAddress('0x00000000000000000000000000000000c0ffee01');

    beforeAll(async () => {
      token = await deploy(s.sourceWallet, s.source, testTokenBytecode, { abi: testTokenAbi, args: ['Flow Token', 'FLOW', 18, 10n ** 24n] });
      flow = await runFlow(s, ctx, [{ type: 'sendErc20', token, to: recipient, amount }]);
    });

    it('create runs ensureTokenIsRegistered, the approval of the native token vault, then sendBundle, with no value', () => {
      expect(flow.plan.route).toBe('indirect');
      expect(flow.plan.steps.map((step) => [step.key, step.to, step.value])).toEqual([
        [`ensure-token:${token.toLowerCase()}`, L2_NATIVE_TOKEN_VAULT_ADDRESS, 0n],
        [`approve:${token.toLowerCase()}`, token, 0n],
        ['sendBundle', INTEROP_CENTER_ADDRESS, 0n],
      ]);
    });

    it('the vault on 271 escrows the amount, and finalize mints it to the recipient on 272 in the bridged token', async () => {
      expect(await s.source.readContract({ address: token, abi: testTokenAbi, functionName: 'balanceOf', args: [L2_NATIVE_TOKEN_VAULT_ADDRESS] })).toBe(amount);
      expect(flow.statusAfterFinalize.phase).toBe('EXECUTED');
      const assetId = await s.source.readContract({ address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'assetId', args: [token] });
      const bridged = await s.destination.readContract({ address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'tokenAddress', args: [assetId] });
      expect(await s.destination.readContract({ address: bridged, abi: bridgedStandardERC20Abi, functionName: 'balanceOf', args: [recipient] })).toBe(amount);
    });
  });
});

describe("the SDK's txNumberInBatch = receipt.transactionIndex on a batch of several blocks (manual network)", () => {
  let net: TestNetwork;
  let s: Sides;
  let ctx: Context;
  let receiver: Address;

  /** The network settles the bundle's batch on Gateway and the L1 and 272 imports the root (manual: the test drives it). */
  const settle = async (txHash: Hex) => {
    await net.advanceUntil(txHash, 'provableOnL1');
    await net.advanceUntil(txHash, 'imported', { on: DESTINATION });
  };
  const call = (text: string): Action[] => [{ type: 'call', to: receiver, data: encodeAbiParameters([{ type: 'string' }], [text]) }];
  const executeCall = (info: FinalizationInfo, txNumberInBatch: number) =>
    encodeFunctionData({ abi: interopHandlerAbi, functionName: 'executeBundle', args: [info.encodedData, { ...info.proof, message: { ...info.proof.message, txNumberInBatch } }] });
  /** The custom error an eth_call of executeBundle on 272 reverts with, or 'ok'. */
  const outcome = async (data: Hex): Promise<string> => {
    try {
      await s.destination.request({ method: 'eth_call', params: [{ to: INTEROP_HANDLER_ADDRESS, data }, 'latest'] } as never);
      return 'ok';
    } catch (error) {
      const revert = (error as { cause?: { data?: Hex }; data?: Hex }).cause?.data ?? (error as { data?: Hex }).data;
      return decodeErrorResult({ abi: interopHandlerAbi, data: revert! }).errorName;
    }
  };

  beforeAll(async () => {
    net = await createNetwork({ chains: [SOURCE, DESTINATION], l1: true, manual: true });
    s = sidesOf(net);
    receiver = await deploy(s.destinationWallet, s.destination, bundleReceiverBytecode);
    ctx = await interopContext(s);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('a bundle sent first in its batch finalizes: its transactionIndex is its l1BatchTxIndex', async () => {
    await net.chain(SOURCE).request('zkinterop_sealBatch');
    const flow = await runFlow(s, ctx, call('first in its batch'), settle);
    expect(BigInt(flow.info.receipt.l1BatchTxIndex!)).toBe(0n);
    expect(flow.info.proof.message.txNumberInBatch).toBe(0);
    expect(flow.statusAfterFinalize.phase).toBe('EXECUTED');
  });

  it("a bundle sent in the second block of its batch, after another transaction, fails at finalize: executeBundle reverts MessageNotIncluded with the SDK's txNumberInBatch and passes with l1BatchTxIndex", async () => {
    await net.chain(SOURCE).request('zkinterop_sealBatch');
    const wallet = s.sourceWallet;
    const first = await wallet.sendTransaction({ account: wallet.account!, chain: null, to: wallet.account!.address, value: 1n });
    await s.source.waitForTransactionReceipt({ hash: first });
    const plan = await prepare(s, ctx, call('second block of its batch'));
    const { l2SrcTxHash } = await create(s, plan);
    await settle(l2SrcTxHash);
    const info = await wait(s, l2SrcTxHash);

    const firstReceipt = await s.source.getTransactionReceipt({ hash: first });
    expect(BigInt(info.receipt.blockNumber)).toBe(firstReceipt.blockNumber + 1n);
    expect([BigInt(info.receipt.transactionIndex), BigInt(info.receipt.l1BatchTxIndex!)]).toEqual([0n, 1n]);
    expect(info.proof.message.txNumberInBatch).toBe(0);

    expect(await outcome(executeCall(info, info.proof.message.txNumberInBatch))).toBe('MessageNotIncluded');
    expect(await outcome(executeCall(info, 1))).toBe('ok');
    await expect(finalize(s, info)).rejects.toThrow(/MessageNotIncluded/);
    expect((await status(s, info.bundleHash)).phase).toBe('SENT');
  });
});
