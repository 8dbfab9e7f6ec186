/**
 * InteropCenter's checks on one engine (era-contracts 7cdd5474 order and errors): L2-to-L2 only, a known
 * destination, ERC-7930 shapes, attribute restrictions, msg.value, no ZK token, NotInGatewayMode on a chain
 * settling on the L1, and indirect calls through an IL2CrossChainSender (IndirectCallSender).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getAddress, encodeAbiParameters, encodeFunctionData, type Address, type Hex } from 'viem';
import { createEngine, type Engine } from '../../src/chain/engine.ts';
import { installSystemContracts } from '../../src/chain/genesis.ts';
import { INTEROP_CENTER_ADDRESS, L2_BASE_TOKEN_HOLDER_ADDRESS, indirectCallSenderAbi, indirectCallSenderBytecode, interopCenterAbi } from '../../src/contracts/index.ts';
import { decodeBundleMessage, formatEvmV1 } from '../../src/protocol/bundle.ts';
import { TEST_ACCOUNT, revertOf } from '../support/systemChain.ts';

const TARGET: Address = '0x3333333333333333333333333333333333333333';
const attribute = (name: string, type: 'uint256' | 'bytes' | 'bool', value: unknown) =>
  encodeFunctionData({ abi: [{ type: 'function', name, inputs: [{ type }], outputs: [], stateMutability: 'nonpayable' }], args: [value] } as never);

async function balanceOf(engine: Engine, address: Address): Promise<bigint> {
  return BigInt(await engine.request<Hex>('eth_getBalance', [address, 'latest']));
}

async function chain(options: { settlesOnL1?: boolean } = {}): Promise<Engine> {
  const engine = await createEngine({ chainId: 271, accounts: [{ privateKey: TEST_ACCOUNT.privateKey, balance: 10n ** 24n }], automine: true });
  await installSystemContracts(engine, { isGateway: false, l1ChainId: 9, interopChains: [271, 272], settlesOnL1: options.settlesOnL1 });
  return engine;
}

function sendBundle(engine: Engine, dest: Hex, starters: { to: Hex; data?: Hex; callAttributes?: Hex[] }[], bundleAttributes: Hex[] = [], value = 0n) {
  const data = encodeFunctionData({
    abi: interopCenterAbi,
    functionName: 'sendBundle',
    args: [dest, starters.map((s) => ({ to: s.to, data: s.data ?? '0x', callAttributes: s.callAttributes ?? [] })), bundleAttributes],
  });
  return engine.execute({ from: TEST_ACCOUNT.address, to: INTEROP_CENTER_ADDRESS, data, value });
}

describe('InteropCenter', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await chain();
  });
  const to = formatEvmV1({ address: TARGET });

  it.each([
    ['a destination with an address', () => formatEvmV1({ chainId: 272, address: TARGET }), 'InteroperableAddressNotEmpty'],
    ['the L1 as destination', () => formatEvmV1({ chainId: 9 }), 'NotL2ToL2'],
    ['a chain the network does not have', () => formatEvmV1({ chainId: 999 }), 'DestinationChainNotRegistered'],
  ] as const)('refuses %s', async (_what, dest, errorName) => {
    expect((await revertOf(sendBundle(engine, dest(), [{ to }]), interopCenterAbi)).errorName).toBe(errorName);
  });

  it('refuses a call address with a chain reference: InteroperableAddressChainReferenceNotEmpty', async () => {
    const error = await revertOf(sendBundle(engine, formatEvmV1({ chainId: 272 }), [{ to: formatEvmV1({ chainId: 272, address: TARGET }) }]), interopCenterAbi);
    expect(error.errorName).toBe('InteroperableAddressChainReferenceNotEmpty');
  });

  it('refuses a bundle attribute on a call, a repeated attribute and an unknown one', async () => {
    const dest = formatEvmV1({ chainId: 272 });
    const exec = attribute('executionAddress', 'bytes', formatEvmV1({ address: TARGET }));
    expect(await revertOf(sendBundle(engine, dest, [{ to, callAttributes: [exec] }]), interopCenterAbi)).toEqual({ errorName: 'AttributeViolatesRestriction', args: [exec.slice(0, 10), 1n] });
    const value = attribute('interopCallValue', 'uint256', 0n);
    expect((await revertOf(sendBundle(engine, dest, [{ to, callAttributes: [value, value] }]), interopCenterAbi)).errorName).toBe('AttributeAlreadySet');
    expect((await revertOf(sendBundle(engine, dest, [{ to, callAttributes: ['0x12345678'] }]), interopCenterAbi)).errorName).toBe('UnsupportedAttribute');
  });

  it('wants msg.value equal to the call values (MsgValueMismatch) and has no ZK token (ZKTokenNotAvailable)', async () => {
    const dest = formatEvmV1({ chainId: 272 });
    const error = await revertOf(sendBundle(engine, dest, [{ to, callAttributes: [attribute('interopCallValue', 'uint256', 5n)] }], [], 4n), interopCenterAbi);
    expect(error).toEqual({ errorName: 'MsgValueMismatch', args: [5n, 4n] });
    const fixedFee = await revertOf(sendBundle(engine, dest, [{ to }], [attribute('useFixedFee', 'bool', true)]), interopCenterAbi);
    expect(fixedFee.errorName).toBe('ZKTokenNotAvailable');
  });

  it('moves the call value into the base token holder', async () => {
    const before = await balanceOf(engine, L2_BASE_TOKEN_HOLDER_ADDRESS);
    await sendBundle(engine, formatEvmV1({ chainId: 272 }), [{ to, callAttributes: [attribute('interopCallValue', 'uint256', 7n)] }], [], 7n);
    expect(await balanceOf(engine, L2_BASE_TOKEN_HOLDER_ADDRESS)).toBe(before + 7n);
  });

  it('carries the call an IL2CrossChainSender answers for an indirect call, from that sender', async () => {
    const deployed = await engine.execute({ from: TEST_ACCOUNT.address, data: (indirectCallSenderBytecode + encodeAbiParameters([{ type: 'address' }], [TARGET]).slice(2)) as Hex });
    const sender = deployed.contractAddress!;
    const receipt = await sendBundle(engine, formatEvmV1({ chainId: 272 }), [{ to: formatEvmV1({ address: sender }), data: '0xabcd', callAttributes: [attribute('indirectCall', 'uint256', 3n)] }], [], 3n);
    const sentLog = receipt.logs.find((l) => l.address.toLowerCase() === '0x0000000000000000000000000000000000008008' && l.topics.length === 3)!;
    const message = `0x${sentLog.data.slice(2 + 128)}` as Hex; // abi-encoded bytes: offset, length, data
    const { bundle } = decodeBundleMessage(message.slice(0, 2 + Number(BigInt(`0x${sentLog.data.slice(66, 130)}`)) * 2) as Hex);
    expect({ ...bundle.calls[0], to: getAddress(bundle.calls[0]!.to), from: getAddress(bundle.calls[0]!.from) }).toMatchObject({ to: getAddress(TARGET), from: getAddress(sender), data: encodeAbiParameters([{ type: 'address' }, { type: 'bytes' }], [TEST_ACCOUNT.address, '0xabcd']) });
    expect(await balanceOf(engine, sender)).toBe(3n);
    await engine.execute({ from: TEST_ACCOUNT.address, to: sender, data: encodeFunctionData({ abi: indirectCallSenderAbi, functionName: 'setLieAboutValue', args: [true] }) });
    const lie = await revertOf(sendBundle(engine, formatEvmV1({ chainId: 272 }), [{ to: formatEvmV1({ address: sender }), callAttributes: [attribute('indirectCall', 'uint256', 0n)] }]), interopCenterAbi);
    expect(lie).toEqual({ errorName: 'IndirectCallValueMismatch', args: [0n, 1n] });
  });

  it('refuses every bundle on a chain settling on the L1 directly: NotInGatewayMode', async () => {
    const onL1 = await chain({ settlesOnL1: true });
    expect((await revertOf(sendBundle(onL1, formatEvmV1({ chainId: 272 }), [{ to }]), interopCenterAbi)).errorName).toBe('NotInGatewayMode');
  });
});
