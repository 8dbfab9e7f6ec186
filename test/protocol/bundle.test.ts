/**
 * src/protocol/bundle.ts against v31's rules computed by hand (era-contracts 7cdd5474: ERC-7930 byte
 * layout, `0x01 ‖ abi.encode(InteropBundle)`, bundleHash, salt, sendId), against what InteropCenter
 * emits on an engine, and a fuzz of the decoders: random bytes give BundleDecodeError, never a crash.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concat, decodeEventLog, encodeAbiParameters, encodeFunctionData, keccak256, slice, toFunctionSelector, toHex, type Hex } from 'viem';
import { createEngine, type Engine } from '../../src/chain/engine.ts';
import { installSystemContracts } from '../../src/chain/genesis.ts';
import { INTEROP_CENTER_ADDRESS, interopCenterAbi, l1MessengerAbi } from '../../src/contracts/index.ts';
import {
  BundleDecodeError,
  bundleHash,
  bundleSalt,
  decodeBundle,
  decodeBundleMessage,
  encodeBundle,
  encodeBundleMessage,
  formatEvmV1,
  interopAttributes,
  parseEvmV1,
  receiveId,
  sendId,
  type InteropBundle,
} from '../../src/protocol/bundle.ts';
import { TEST_ACCOUNT, readContract } from '../support/systemChain.ts';
import { propertyRuns } from '../support/propertyRuns.ts';

const A = '0x1111111111111111111111111111111111111111';
const B = '0x2222222222222222222222222222222222222222';

const SAMPLE: InteropBundle = {
  version: '0x01',
  sourceChainId: 271n,
  destinationChainId: 272n,
  destinationBaseTokenAssetId: keccak256('0x01'),
  interopBundleSalt: keccak256('0x02'),
  calls: [{ version: '0x01', shadowAccount: false, to: B, from: A, value: 5n, data: '0xdeadbeef' }],
  bundleAttributes: { executionAddress: '0x', unbundlerAddress: formatEvmV1({ chainId: 271, address: A }), useFixedFee: false },
};

describe('ERC-7930 EVM addresses', () => {
  it('writes version 0x0001, chain type 0x0000, the minimal big-endian chain id and the address', () => {
    expect(formatEvmV1({ chainId: 272, address: A })).toBe(`0x0001000002011014${A.slice(2)}`);
    expect(formatEvmV1({ chainId: 272 })).toBe('0x0001000002011000');
    expect(formatEvmV1({ address: A })).toBe(`0x000100000014${A.slice(2)}`);
    expect(formatEvmV1({ chainId: 0 })).toBe('0x00010000010000');
  });

  it('reads back what it writes, with zeros for a missing part', () => {
    expect(parseEvmV1(formatEvmV1({ chainId: 272, address: A }))).toMatchObject({ chainId: 272n, address: A, hasChainReference: true, hasAddress: true });
    expect(parseEvmV1(formatEvmV1({ address: A }))).toMatchObject({ chainId: 0n, hasChainReference: false });
  });

  it('refuses another version, another chain type, a short input or a 19-byte address', () => {
    for (const bad of ['0x0002000000140000', '0x000100010000', '0x0001000002', `0x000100000013${'11'.repeat(19)}`] as const) {
      expect(() => parseEvmV1(bad)).toThrow(BundleDecodeError);
    }
  });
});

describe('bundle encoding and hashes', () => {
  it('encodes the message as 0x01 ‖ abi.encode(bundle) and decodes it back', () => {
    const encoded = encodeBundle(SAMPLE);
    expect(encodeBundleMessage(SAMPLE)).toBe(concat(['0x01', encoded]));
    expect(decodeBundleMessage(encodeBundleMessage(SAMPLE))).toEqual({ bundle: SAMPLE, encoded });
  });

  it('hashes a bundle as keccak256(abi.encode(uint256 source, bytes encoded))', () => {
    const encoded = encodeBundle(SAMPLE);
    expect(bundleHash(271, encoded)).toBe(keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes' }], [271n, encoded])));
  });

  it('derives the salt from sender ‖ nonce and each call id from bundleHash ‖ index, packed', () => {
    expect(bundleSalt(A, 3)).toBe(keccak256(concat([A, toHex(3, { size: 32 })])));
    const hash = keccak256('0x03');
    expect(sendId(hash, 1)).toBe(keccak256(concat([hash, toHex(1, { size: 32 })])));
    expect(receiveId(hash, 1)).toBe(sendId(hash, 1));
  });

  it('refuses a message whose first byte is not 0x01', () => {
    expect(() => decodeBundleMessage(concat(['0x02', encodeBundle(SAMPLE)]))).toThrow(/first byte is 0x02/);
  });

  it('turns any random bytes into a bundle or a BundleDecodeError, never another error', () => {
    const valid = encodeBundle(SAMPLE);
    const arbitrary = fc.oneof(
      fc.uint8Array({ maxLength: 800 }).map((b) => toHex(b)),
      // a valid bundle with some bytes flipped: offsets and lengths go wild
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
        const bytes = Buffer.from(valid.slice(2), 'hex');
        bytes[at % bytes.length]! ^= mask;
        return toHex(bytes);
      }),
    );
    fc.assert(
      fc.property(arbitrary, (bytes) => {
        for (const decode of [() => decodeBundle(bytes), () => decodeBundleMessage(bytes), () => parseEvmV1(bytes)]) {
          try {
            decode();
          } catch (error) {
            if (!(error instanceof BundleDecodeError)) throw error;
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('attribute encodings', () => {
  it('are the IERC7786Attributes selector followed by the abi-encoded argument', () => {
    expect(interopAttributes.interopCallValue(5n)).toBe(concat([toFunctionSelector('interopCallValue(uint256)'), encodeAbiParameters([{ type: 'uint256' }], [5n])]));
    expect(interopAttributes.indirectCall(0n)).toBe(concat([toFunctionSelector('indirectCall(uint256)'), encodeAbiParameters([{ type: 'uint256' }], [0n])]));
    const who = formatEvmV1({ chainId: 272, address: A });
    expect(interopAttributes.executionAddress(who)).toBe(concat([toFunctionSelector('executionAddress(bytes)'), encodeAbiParameters([{ type: 'bytes' }], [who])]));
    expect(interopAttributes.unbundlerAddress(who)).toBe(concat([toFunctionSelector('unbundlerAddress(bytes)'), encodeAbiParameters([{ type: 'bytes' }], [who])]));
    expect(interopAttributes.useFixedFee(true)).toBe(concat([toFunctionSelector('useFixedFee(bool)'), encodeAbiParameters([{ type: 'bool' }], [true])]));
  });
});

describe('InteropCenter on an engine agrees with the twin', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ chainId: 271, accounts: [{ privateKey: TEST_ACCOUNT.privateKey, balance: 10n ** 24n }], automine: true });
    await installSystemContracts(engine, { isGateway: false, l1ChainId: 9, interopChains: [271, 272] });
  });

  it('supports every attribute the twin encodes, by its selector', async () => {
    const who = formatEvmV1({ chainId: 272, address: A });
    const encoded = [interopAttributes.interopCallValue(1n), interopAttributes.indirectCall(0n), interopAttributes.executionAddress(who), interopAttributes.unbundlerAddress(who), interopAttributes.useFixedFee(false)];
    for (const attribute of encoded) {
      expect(await readContract(engine, { address: INTEROP_CENTER_ADDRESS, abi: interopCenterAbi, functionName: 'supportsAttribute', args: [slice(attribute, 0, 4)] })).toBe(true);
    }
  });

  it('sends the bundle message, hash, salt and sendIds the twin computes', async () => {
    const data = encodeFunctionData({
      abi: interopCenterAbi,
      functionName: 'sendBundle',
      args: [formatEvmV1({ chainId: 272 }), [{ to: formatEvmV1({ address: B }), data: '0xc0ffee', callAttributes: [] }, { to: formatEvmV1({ address: A }), data: '0x', callAttributes: [] }], []],
    });
    const receipt = await engine.execute({ from: TEST_ACCOUNT.address, to: INTEROP_CENTER_ADDRESS, data });
    const events = receipt.logs.flatMap((log) => {
      for (const abi of [l1MessengerAbi, interopCenterAbi]) {
        try {
          return [decodeEventLog({ abi: abi as typeof interopCenterAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] })];
        } catch {
          /* another contract's event */
        }
      }
      return [];
    });
    const message = (events.find((e) => (e.eventName as string) === 'L1MessageSent')!.args as unknown as { message: Hex }).message;
    const sentEvent = events.find((e) => e.eventName === 'InteropBundleSent')!;
    const { bundle, encoded } = decodeBundleMessage(message);
    const hash = bundleHash(271, encoded);
    expect(sentEvent.args).toMatchObject({ interopBundleHash: hash, l2l1MsgHash: keccak256(message) });
    expect(bundle.interopBundleSalt).toBe(bundleSalt(TEST_ACCOUNT.address, 0));
    expect(encodeBundle(bundle)).toBe(encoded);
    const sendIds = events.filter((e) => e.eventName === 'MessageSent').map((e) => (e.args as { sendId: Hex }).sendId);
    expect(sendIds).toEqual([sendId(hash, 0), sendId(hash, 1)]);
    expect(events.map((e) => e.eventName).slice(-3)).toEqual(['MessageSent', 'MessageSent', 'InteropBundleSent']);
  });
});
