/**
 * Protocol v31 interop bundles as bytes (SPEC §11), the TypeScript twin of contracts/interop/: ERC-7930
 * addresses for EVM chains, the bundle message `0x01 ‖ abi.encode(InteropBundle)`, `bundleHash`, the
 * bundle salt and the per-call `sendId`/`receiveId`. Pure functions; every rule follows era-contracts
 * 7cdd5474 (the commit zksync-js 0.0.19 matches): vendor/draft-InteroperableAddress.sol,
 * interop/InteropDataEncoding.sol, interop/InteropCenter.sol, common/Messaging.sol. Decoding untrusted
 * bytes throws BundleDecodeError (code INVALID_BUNDLE), never anything else.
 */
import { concat, decodeAbiParameters, encodeAbiParameters, encodeFunctionData, encodePacked, getAddress, keccak256, numberToHex, size, slice, type Address, type Hex } from 'viem';
import { ZkInteropError } from '../errors.ts';

/** First byte of the interop message that carries a bundle (v31 BUNDLE_IDENTIFIER). */
export const BUNDLE_IDENTIFIER: Hex = '0x01';
/** InteropBundle.version and InteropCall.version of v31. */
export const INTEROP_BUNDLE_VERSION: Hex = '0x01';
export const INTEROP_CALL_VERSION: Hex = '0x01';

/** Bytes that are not an ERC-7930 EVM address or not a v31 bundle; the message says which rule failed. */
export class BundleDecodeError extends ZkInteropError {
  override name = 'BundleDecodeError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INVALID_BUNDLE', message, options);
  }
}

/** One call as it travels in a bundle (v31 InteropCall). */
export type InteropCall = { version: Hex; shadowAccount: boolean; to: Address; from: Address; value: bigint; data: Hex };
/** A bundle's attributes (v31 BundleAttributes); addresses are ERC-7930 bytes, `0x` when empty. */
export type BundleAttributes = { executionAddress: Hex; unbundlerAddress: Hex; useFixedFee: boolean };
/** A bundle (v31 InteropBundle). */
export type InteropBundle = {
  version: Hex;
  sourceChainId: bigint;
  destinationChainId: bigint;
  destinationBaseTokenAssetId: Hex;
  interopBundleSalt: Hex;
  calls: InteropCall[];
  bundleAttributes: BundleAttributes;
};

/** The ABI of InteropBundle, field for field (v31 Messaging.sol). */
export const INTEROP_BUNDLE_ABI = [
  {
    type: 'tuple',
    components: [
      { name: 'version', type: 'bytes1' },
      { name: 'sourceChainId', type: 'uint256' },
      { name: 'destinationChainId', type: 'uint256' },
      { name: 'destinationBaseTokenAssetId', type: 'bytes32' },
      { name: 'interopBundleSalt', type: 'bytes32' },
      {
        name: 'calls',
        type: 'tuple[]',
        components: [
          { name: 'version', type: 'bytes1' },
          { name: 'shadowAccount', type: 'bool' },
          { name: 'to', type: 'address' },
          { name: 'from', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'data', type: 'bytes' },
        ],
      },
      {
        name: 'bundleAttributes',
        type: 'tuple',
        components: [
          { name: 'executionAddress', type: 'bytes' },
          { name: 'unbundlerAddress', type: 'bytes' },
          { name: 'useFixedFee', type: 'bool' },
        ],
      },
    ],
  },
] as const;

/** The minimal big-endian bytes of a chain id (0 → one byte 0x00), as ERC-7930 names an EVM chain. */
function chainReference(chainId: bigint): Hex {
  if (chainId < 0n || chainId >= 1n << 256n) throw new BundleDecodeError(`chain id ${chainId} does not fit 32 bytes`);
  const hex = chainId.toString(16);
  return `0x${hex.length % 2 === 0 ? hex : `0${hex}`}`;
}

/**
 * An ERC-7930 EVM address: `0x0001 ‖ 0x0000 ‖ len ‖ chainRef ‖ len ‖ addr`, either part optional
 * (InteroperableAddress.formatEvmV1's three forms).
 * @throws BundleDecodeError when both parts are missing (v31 InteroperableAddressEmptyReferenceAndAddress)
 * @example formatEvmV1({ chainId: 272n }) // '0x0001000002011000'
 */
export function formatEvmV1(parts: { chainId?: bigint | number; address?: Address }): Hex {
  if (parts.chainId === undefined && parts.address === undefined) throw new BundleDecodeError('an ERC-7930 address needs a chain reference, an address, or both');
  const ref = parts.chainId === undefined ? '0x' : chainReference(BigInt(parts.chainId));
  // Lowercase hex: the same string the contract's bytes decode to.
  const addr = parts.address === undefined ? '0x' : (getAddress(parts.address).toLowerCase() as Hex);
  return concat(['0x00010000', numberToHex(size(ref), { size: 1 }), ref, numberToHex(size(addr), { size: 1 }), addr]);
}

/** What parseEvmV1 reads: zeros for an empty part, as the contract returns them, and which parts were present. */
export type EvmV1Address = { chainId: bigint; address: Address; hasChainReference: boolean; hasAddress: boolean };

/**
 * Reads an ERC-7930 EVM address with v31's rules: version 0x0001, chain type 0x0000, chain reference
 * at most 32 bytes, address empty or 20 bytes; bytes after the address are ignored (as the contract does).
 * @throws BundleDecodeError for anything else (the contract's InteroperableAddressParsingError)
 */
export function parseEvmV1(bytes: Hex): EvmV1Address {
  const fail = (why: string) => new BundleDecodeError(`not an ERC-7930 EVM address (${why}): ${bytes}`);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(bytes)) throw fail('not hex bytes');
  const n = size(bytes);
  if (n < 6) throw fail('fewer than 6 bytes');
  if (slice(bytes, 0, 2) !== '0x0001') throw fail('version is not 0x0001');
  if (slice(bytes, 2, 4) !== '0x0000') throw fail('chain type is not EVM (0x0000)');
  const refLen = Number(BigInt(slice(bytes, 4, 5)));
  if (n < 6 + refLen) throw fail('shorter than its chain reference');
  if (refLen > 32) throw fail('chain reference longer than 32 bytes');
  const addrLen = Number(BigInt(slice(bytes, 5 + refLen, 6 + refLen)));
  if (n < 6 + refLen + addrLen) throw fail('shorter than its address');
  if (addrLen !== 0 && addrLen !== 20) throw fail('address neither empty nor 20 bytes');
  const chainId = refLen === 0 ? 0n : BigInt(slice(bytes, 5, 5 + refLen));
  const address = addrLen === 0 ? '0x0000000000000000000000000000000000000000' : getAddress(slice(bytes, 6 + refLen, 6 + refLen + 20));
  return { chainId, address, hasChainReference: refLen > 0, hasAddress: addrLen > 0 };
}

/** `abi.encode(bundle)`: the bytes bundleHash and InteropHandler take (no 0x01 prefix). */
export function encodeBundle(bundle: InteropBundle): Hex {
  return encodeAbiParameters(INTEROP_BUNDLE_ABI, [bundle]);
}

/** The interop message InteropCenter sends: `0x01 ‖ abi.encode(bundle)`. */
export function encodeBundleMessage(bundle: InteropBundle): Hex {
  return concat([BUNDLE_IDENTIFIER, encodeBundle(bundle)]);
}

/**
 * Decodes `abi.encode(InteropBundle)` bytes (what executeBundle takes). Versions are not checked here
 * (InteropHandler checks them after decoding, with its own errors).
 * @throws BundleDecodeError for bytes that are not an encoded InteropBundle
 */
export function decodeBundle(encoded: Hex): InteropBundle {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(encoded)) throw new BundleDecodeError('a bundle must be hex bytes');
  try {
    const [bundle] = decodeAbiParameters(INTEROP_BUNDLE_ABI, encoded);
    return {
      ...bundle,
      calls: bundle.calls.map((c) => ({ ...c })),
      bundleAttributes: { ...bundle.bundleAttributes },
    };
  } catch (cause) {
    throw new BundleDecodeError(`not an ABI-encoded InteropBundle (${size(encoded)} bytes): ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { cause });
  }
}

/**
 * Decodes an interop message that carries a bundle (`0x01 ‖ abi.encode(bundle)`).
 * @returns the bundle and its encoded bytes (the message without the prefix), which bundleHash takes
 * @throws BundleDecodeError when the first byte is not 0x01 or the rest is not a bundle
 */
export function decodeBundleMessage(message: Hex): { bundle: InteropBundle; encoded: Hex } {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(message) || size(message) === 0) throw new BundleDecodeError('an interop bundle message must be non-empty hex bytes');
  if (slice(message, 0, 1) !== BUNDLE_IDENTIFIER) throw new BundleDecodeError(`not a bundle message: the first byte is ${slice(message, 0, 1)}, a bundle's is 0x01`);
  const encoded = size(message) === 1 ? '0x' : slice(message, 1);
  return { bundle: decodeBundle(encoded), encoded };
}

/** v31 InteropDataEncoding.encodeInteropBundleHash: keccak256(abi.encode(uint256 sourceChainId, bytes encodedBundle)). */
export function bundleHash(sourceChainId: bigint | number, encodedBundle: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes' }], [BigInt(sourceChainId), encodedBundle]));
}

/** A bundle's salt: keccak256(abi.encodePacked(address sender, uint256 nonce)), nonce = InteropCenter.interopBundleNonce(sender) before sending. */
export function bundleSalt(sender: Address, nonce: bigint | number): Hex {
  return keccak256(encodePacked(['address', 'uint256'], [sender, BigInt(nonce)]));
}

/** The id of call `index` of a bundle: keccak256(abi.encodePacked(bundleHash, uint256 index)); MessageSent's sendId on the source. */
export function sendId(hash: Hex, index: bigint | number): Hex {
  return keccak256(encodePacked(['bytes32', 'uint256'], [hash, BigInt(index)]));
}

/** The receiveId a recipient gets for call `index` on the destination: the same formula as sendId. */
export const receiveId = sendId;

const attributeAbi = (name: string, type: 'uint256' | 'bytes' | 'bool') => [{ type: 'function', name, inputs: [{ name: 'value', type }], outputs: [], stateMutability: 'pure' }] as const;

/**
 * IERC7786Attributes encodings (`selector ‖ abi.encode(arg)`): what InteropCenter reads from a bundle's calls
 * and from the bundle itself (v31, era-contracts 7cdd5474 `IERC7786Attributes.sol`).
 * @example sendBundle(dest, [{ to, data, callAttributes: [interopAttributes.interopCallValue(1n)] }], [])
 */
export const interopAttributes = {
  /** base token the call carries to its recipient (through L2BaseTokenHolder here) */
  interopCallValue: (wei: bigint): Hex => encodeFunctionData({ abi: attributeAbi('interopCallValue', 'uint256'), args: [wei] }),
  /** the starter's `to` (an IL2CrossChainSender, e.g. L2AssetRouter) builds the real call on the source; `messageValue` goes to it */
  indirectCall: (messageValue: bigint): Hex => encodeFunctionData({ abi: attributeAbi('indirectCall', 'uint256'), args: [messageValue] }),
  /** only this ERC-7930 address may execute the bundle */
  executionAddress: (address7930: Hex): Hex => encodeFunctionData({ abi: attributeAbi('executionAddress', 'bytes'), args: [address7930] }),
  /** only this ERC-7930 address may unbundle the bundle */
  unbundlerAddress: (address7930: Hex): Hex => encodeFunctionData({ abi: attributeAbi('unbundlerAddress', 'bytes'), args: [address7930] }),
  /** pay the fixed ZK fee instead of the protocol fee (no ZK token here: true reverts ZKTokenNotAvailable) */
  useFixedFee: (fixed: boolean): Hex => encodeFunctionData({ abi: attributeAbi('useFixedFee', 'bool'), args: [fixed] }),
};
