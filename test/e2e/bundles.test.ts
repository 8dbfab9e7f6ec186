/**
 * Protocol v31 bundles on a started network (SPEC §11): InteropCenter on 271 sends a bundle of calls to
 * ERC-7786 receivers on 272; its message is proven with zks_getL2ToL1LogProof(tx, i, "messageRoot") once
 * 272 imported the root of `gatewayBlockNumber`; InteropHandler on 272 executes it, refuses replays,
 * wrong destinations, proofs of other messages and strangers where an executionAddress is set, and lets
 * the unbundler run one call and cancel another after a failing bundle was verified; a bundle whose
 * executionAddress is on the source chain runs when a second bundle calls the handler's receiveMessage; a
 * chain settling on the L1 directly cannot send (NotInGatewayMode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAbiParameters, keccak256, decodeEventLog, decodeFunctionResult, encodeFunctionData, getAddress, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import {
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L2_BASE_TOKEN_HOLDER_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  ETH_TOKEN_L1_ADDRESS,
  bundleReceiverAbi,
  bundleReceiverBytecode,
  interopCenterAbi,
  interopHandlerAbi,
} from '../../src/contracts/index.ts';
import { bundleHash, encodeBundle, formatEvmV1, receiveId } from '../../src/protocol/bundle.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { attributes, handlerCall, proveBundle as proveBundleOn, sendBundle as sendBundleFrom, sendTx, type CallStarter, type Proof, type Receipt, type Sent, revertOf as revertOfCall } from '../support/bundles.ts';

const GATEWAY = 506;
const STRANGER: Address = privateKeyToAddress(RICH_WALLET_KEYS[1]!);
const ERRORS = [...interopHandlerAbi, ...interopCenterAbi, ...bundleReceiverAbi];

let net: Network;
let receiverA: Address;
let receiverB: Address;

function send(node: NetworkNode, tx: { from: Address; to?: Address; data: Hex; value?: bigint }): Promise<Receipt> {
  return sendTx(node, tx);
}

async function view<T>(node: NetworkNode, abi: typeof interopHandlerAbi | typeof bundleReceiverAbi, address: Address, functionName: string, args: unknown[] = []): Promise<T> {
  const data = await node.client.request<Hex>('eth_call', [{ to: address, data: encodeFunctionData({ abi, functionName, args } as never) }, 'latest']);
  return decodeFunctionResult({ abi, functionName, data } as never) as T;
}

/** The custom error an eth_call reverts with, decoded with the interop ABIs. */
function revertOf(node: NetworkNode, call: { from: Address; to: Address; data: Hex }): Promise<{ errorName: string; args: readonly unknown[] }> {
  return revertOfCall(node, call, ERRORS);
}

async function balanceOf(node: NetworkNode, address: Address): Promise<bigint> {
  return BigInt(await node.client.request<Hex>('eth_getBalance', [address, 'latest']));
}

/** Sends a bundle of `calls` from the rich wallet on 271 to 272 and reads it back from the receipt. */
async function sendBundle(calls: CallStarter[], bundleAttributes: Hex[] = [], value = 0n): Promise<Sent> {
  const sent = await sendBundleFrom(net.node(271), 272, calls, { from: RICH_ADDRESS, bundleAttributes, value });
  expect(sent.hash).toBe(bundleHash(271, sent.encoded));
  return sent;
}

/** Waits for the bundle's messageRoot proof and for 272 to import its Gateway root; the MessageInclusionProof. */
function proveBundle(sent: Sent): Promise<Proof> {
  return proveBundleOn(net.node(271), net.node(272), GATEWAY, sent);
}

const unbundleCall = (encoded: Hex, statuses: number[]) => encodeFunctionData({ abi: interopHandlerAbi, functionName: 'unbundleBundle', args: [271n, encoded, statuses] });
const { interopCallValue } = attributes;
const bytesAttribute = (name: 'executionAddress' | 'unbundlerAddress', value: Hex) => attributes[name](value);

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false, profile: 'instant', autorelay: false });
  receiverA = getAddress((await send(net.node(272), { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
  receiverB = getAddress((await send(net.node(272), { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
});

afterAll(async () => {
  await net?.stop();
});

describe('a bundle of two calls from 271 to 272', () => {
  let sent: Sent;
  let proof: Proof;
  let executed: Receipt;
  let holderOn272Before: bigint;

  beforeAll(async () => {
    sent = await sendBundle([{ to: receiverA, data: toHex('first'), attributes: [interopCallValue(1000n)] }, { to: receiverB, data: toHex('second') }], [], 1000n);
    proof = await proveBundle(sent);
    holderOn272Before = await balanceOf(net.node(272), L2_BASE_TOKEN_HOLDER_ADDRESS);
    executed = await send(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
  });

  it('carries both calls, from the sender to the receivers, with the value and the destination base token', () => {
    expect(sent.bundle.calls.map((c) => [getAddress(c.to), getAddress(c.from), c.value])).toEqual([
      [receiverA, RICH_ADDRESS, 1000n],
      [receiverB, RICH_ADDRESS, 0n],
    ]);
    // Every chain here is ETH-based; without an L1, the L1 chain id the asset id names is Gateway's.
    const ethAssetId = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [BigInt(GATEWAY), L2_NATIVE_TOKEN_VAULT_ADDRESS, ETH_TOKEN_L1_ADDRESS]));
    expect(sent.bundle).toMatchObject({ sourceChainId: 271n, destinationChainId: 272n, destinationBaseTokenAssetId: ethAssetId, bundleAttributes: { executionAddress: '0x', unbundlerAddress: formatEvmV1({ chainId: 271, address: RICH_ADDRESS }) } });
  });

  it('took the call value from the sender into the base token holder on 271', async () => {
    const burnt = sent.receipt.logs.filter((l) => getAddress(l.address) === getAddress(L2_BASE_TOKEN_HOLDER_ADDRESS));
    expect(burnt).toHaveLength(1);
  });

  it('ran both calls on 272 when a stranger executed it, each with its receiveId, sender and payload', async () => {
    for (const [i, receiver, payload] of [[0, receiverA, 'first'], [1, receiverB, 'second']] as const) {
      expect(await view<bigint>(net.node(272), bundleReceiverAbi, receiver, 'count')).toBe(1n);
      expect(await view<Hex>(net.node(272), bundleReceiverAbi, receiver, 'lastReceiveId')).toBe(receiveId(sent.hash, i));
      expect(await view<Hex>(net.node(272), bundleReceiverAbi, receiver, 'lastSender')).toBe(formatEvmV1({ chainId: 271, address: RICH_ADDRESS }));
      expect(await view<Hex>(net.node(272), bundleReceiverAbi, receiver, 'lastPayload')).toBe(toHex(payload));
    }
  });

  it('delivered the value to the first receiver out of the holder on 272', async () => {
    expect(await balanceOf(net.node(272), receiverA)).toBe(1000n);
    expect(await balanceOf(net.node(272), L2_BASE_TOKEN_HOLDER_ADDRESS)).toBe(holderOn272Before - 1000n);
  });

  it('emitted BundleVerified then BundleExecuted for the bundle hash, and recorded it as fully executed', async () => {
    const names = executed.logs
      .filter((l) => getAddress(l.address) === getAddress(INTEROP_HANDLER_ADDRESS))
      .map((l) => decodeEventLog({ abi: interopHandlerAbi, data: l.data, topics: l.topics }))
      .map((e) => [e.eventName, (e.args as { bundleHash: Hex }).bundleHash]);
    expect(names).toEqual([
      ['BundleVerified', sent.hash],
      ['BundleExecuted', sent.hash],
    ]);
    expect(await view<number>(net.node(272), interopHandlerAbi, INTEROP_HANDLER_ADDRESS, 'bundleStatus', [sent.hash])).toBe(2);
  });

  it('refuses to execute it again: BundleAlreadyProcessed', async () => {
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    expect(error).toEqual({ errorName: 'BundleAlreadyProcessed', args: [sent.hash] });
  });

  it('refuses a tampered call (the proof no longer covers it): MessageNotIncluded', async () => {
    const tampered = { ...sent.bundle, calls: sent.bundle.calls.map((c, i) => (i === 1 ? { ...c, data: toHex('tampered') } : c)) };
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', encodeBundle(tampered), proof) });
    expect(error.errorName).toBe('MessageNotIncluded');
  });

  it('refuses it on a chain that is not its destination: WrongDestinationChainId', async () => {
    const error = await revertOf(net.node(271), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    expect(error).toEqual({ errorName: 'WrongDestinationChainId', args: [sent.hash, 272n, 271n] });
  });
});

describe('a bundle with an executionAddress', () => {
  let sent: Sent;
  let proof: Proof;

  beforeAll(async () => {
    sent = await sendBundle([{ to: receiverA, data: toHex('only for the rich') }], [bytesAttribute('executionAddress', formatEvmV1({ chainId: 272, address: RICH_ADDRESS }))]);
    proof = await proveBundle(sent);
  });

  it('refuses a stranger: ExecutingNotAllowed naming the caller and the executionAddress', async () => {
    const error = await revertOf(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    expect(error.errorName).toBe('ExecutingNotAllowed');
    expect(error.args).toEqual([sent.hash, formatEvmV1({ chainId: 272, address: STRANGER }), formatEvmV1({ chainId: 272, address: RICH_ADDRESS })]);
  });

  it('refuses the proof of another message: MessageNotIncluded', async () => {
    const other = await sendBundle([{ to: receiverB, data: toHex('another message') }]);
    const otherProof = await proveBundle(other);
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, otherProof) });
    expect(error.errorName).toBe('MessageNotIncluded');
  });

  it('runs when the executionAddress executes it', async () => {
    const before = await view<bigint>(net.node(272), bundleReceiverAbi, receiverA, 'count');
    await send(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    expect(await view<bigint>(net.node(272), bundleReceiverAbi, receiverA, 'count')).toBe(before + 1n);
  });
});

describe('a bundle whose second call fails', () => {
  let sent: Sent;
  let proof: Proof;

  beforeAll(async () => {
    sent = await sendBundle([{ to: receiverA, data: toHex('kept') }, { to: receiverB, data: toHex('fail') }], [bytesAttribute('unbundlerAddress', formatEvmV1({ address: RICH_ADDRESS }))]);
    proof = await proveBundle(sent);
  });

  it('cannot be executed: the whole bundle reverts with the failing call', async () => {
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', sent.encoded, proof) });
    expect(error.errorName).toBe('Refused');
    expect(await view<number>(net.node(272), interopHandlerAbi, INTEROP_HANDLER_ADDRESS, 'bundleStatus', [sent.hash])).toBe(0);
  });

  it('refuses the proof with another message sender: UnauthorizedMessageSender', async () => {
    const forged = { ...proof, message: { ...proof.message, sender: RICH_ADDRESS } };
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('verifyBundle', sent.encoded, forged) });
    expect(error).toEqual({ errorName: 'UnauthorizedMessageSender', args: [getAddress(INTEROP_CENTER_ADDRESS), RICH_ADDRESS] });
  });

  it('cannot be unbundled before it is verified: CanNotUnbundle', async () => {
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: unbundleCall(sent.encoded, [1, 2]) });
    expect(error).toEqual({ errorName: 'CanNotUnbundle', args: [sent.hash] });
  });

  it('is verified by anyone, then its unbundler runs the first call and cancels the second', async () => {
    const countA = await view<bigint>(net.node(272), bundleReceiverAbi, receiverA, 'count');
    const verified = await send(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('verifyBundle', sent.encoded, proof) });
    expect(verified.logs.some((l) => getAddress(l.address) === getAddress(INTEROP_HANDLER_ADDRESS))).toBe(true);
    expect(await view<number>(net.node(272), interopHandlerAbi, INTEROP_HANDLER_ADDRESS, 'bundleStatus', [sent.hash])).toBe(1);

    const stranger = await revertOf(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: unbundleCall(sent.encoded, [1, 2]) });
    expect(stranger.errorName).toBe('UnbundlingNotAllowed');

    const unbundled = await send(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: unbundleCall(sent.encoded, [1, 2]) });
    const events = unbundled.logs
      .filter((l) => getAddress(l.address) === getAddress(INTEROP_HANDLER_ADDRESS))
      .map((l) => decodeEventLog({ abi: interopHandlerAbi, data: l.data, topics: l.topics }));
    expect(events.map((e) => [e.eventName, e.args])).toEqual([
      ['CallProcessed', { bundleHash: sent.hash, callIndex: 0n, status: 1 }],
      ['CallProcessed', { bundleHash: sent.hash, callIndex: 1n, status: 2 }],
      ['BundleUnbundled', { bundleHash: sent.hash }],
    ]);
    expect(await view<bigint>(net.node(272), bundleReceiverAbi, receiverA, 'count')).toBe(countA + 1n);
    expect(await view<number>(net.node(272), interopHandlerAbi, INTEROP_HANDLER_ADDRESS, 'callStatus', [sent.hash, 1n])).toBe(2);
    expect(await view<number>(net.node(272), interopHandlerAbi, INTEROP_HANDLER_ADDRESS, 'bundleStatus', [sent.hash])).toBe(3);
  });

  it('then refuses to run the first call again: CallNotExecutable', async () => {
    const error = await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: unbundleCall(sent.encoded, [1, 0]) });
    expect(error).toEqual({ errorName: 'CallNotExecutable', args: [sent.hash, 0n] });
  });
});

describe("a bundle executed from another chain through InteropHandler's own receiveMessage", () => {
  it('runs a bundle whose executionAddress is the sender on 271, carried by a second bundle that calls the handler', async () => {
    const restricted = await sendBundle([{ to: receiverB, data: toHex('executed from 271') }], [bytesAttribute('executionAddress', formatEvmV1({ chainId: 271, address: RICH_ADDRESS }))]);
    const restrictedProof = await proveBundle(restricted);
    // Nobody on 272 is that executionAddress: executing directly is refused.
    expect((await revertOf(net.node(272), { from: RICH_ADDRESS, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', restricted.encoded, restrictedProof) })).errorName).toBe('ExecutingNotAllowed');

    const carrier = await sendBundle([{ to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', restricted.encoded, restrictedProof) }]);
    const carrierProof = await proveBundle(carrier);
    const before = await view<bigint>(net.node(272), bundleReceiverAbi, receiverB, 'count');
    await send(net.node(272), { from: STRANGER, to: INTEROP_HANDLER_ADDRESS, data: handlerCall('executeBundle', carrier.encoded, carrierProof) });
    expect(await view<bigint>(net.node(272), bundleReceiverAbi, receiverB, 'count')).toBe(before + 1n);
    expect(await view<Hex>(net.node(272), bundleReceiverAbi, receiverB, 'lastPayload')).toBe(toHex('executed from 271'));
    for (const hash of [restricted.hash, carrier.hash]) expect(await view<number>(net.node(272), interopHandlerAbi, INTEROP_HANDLER_ADDRESS, 'bundleStatus', [hash])).toBe(2);
  });
});

describe('a chain settling on the L1 directly', () => {
  let withL1: Network;
  beforeAll(async () => {
    withL1 = await startNetwork({
      gateway: { chainId: GATEWAY, port: 0 },
      chains: [{ chainId: 271, port: 0 }, { chainId: 273, port: 0, settlesOn: 'l1' }],
      l1: { port: 0 },
      profile: 'instant',
      autorelay: false,
    });
  });
  afterAll(() => withL1?.stop());

  it('cannot send a bundle (NotInGatewayMode), while a chain on Gateway can send one to it', async () => {
    const call = (from: number, to: number) => ({
      from: RICH_ADDRESS,
      to: INTEROP_CENTER_ADDRESS,
      data: encodeFunctionData({ abi: interopCenterAbi, functionName: 'sendBundle', args: [formatEvmV1({ chainId: to }), [{ to: formatEvmV1({ address: RICH_ADDRESS }), data: '0x', callAttributes: [] }], []] }),
    });
    expect((await revertOf(withL1.node(273), call(273, 271))).errorName).toBe('NotInGatewayMode');
    await expect(withL1.node(271).client.request('eth_call', [call(271, 273), 'latest'])).resolves.toMatch(/^0x[0-9a-f]{64}$/);
  });
});
