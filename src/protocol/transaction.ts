/**
 * Decoding of the raw transactions a zkinterop chain accepts (`eth_sendRawTransaction`): legacy,
 * EIP-2930, EIP-1559 and ZKsync EIP-712 (type 0x71). Each is decoded, its signature checked, its
 * sender recovered and its hash computed as clients compute it — keccak256 of the raw bytes for
 * the Ethereum types, ZKsync's own hash for 0x71 (see `zksyncTransaction.ts`). Pure: no I/O.
 *
 * Anything refused raises InvalidTransactionError (code `INVALID_TRANSACTION`, with a `reason`);
 * a library's exception never escapes.
 */
import {
  type AccessList,
  type Address,
  type Hex,
  getAddress,
  isHex,
  keccak256,
  parseTransaction,
  serializeTransaction,
} from 'viem';
import { InvalidTransactionError, assertTransaction, describeCause } from './transactionError.ts';
import { keccakHex } from './hash.ts';
import { readRlpHexList, type RlpHexItem } from './rlpHex.ts';
import { assertSignatureScalars, recoverSigner } from './ecdsa.ts';
import { assertZksyncRanges } from './transactionLimits.ts';
import { decodeZksyncTransaction } from './zksyncTransaction.ts';
import { ZKSYNC_EIP712_TX_TYPE } from './zksyncTypedData.ts';

export { InvalidTransactionError, type InvalidTransactionReason } from './transactionError.ts';
export { zksyncTransactionHash } from './zksyncTransaction.ts';

/** An ECDSA signature as it was checked. */
export type TransactionSignature = {
  /** 32 bytes. */
  r: Hex;
  /** 32 bytes, in the lower half of the curve order. */
  s: Hex;
  yParity: 0 | 1;
  /** `v` as JSON-RPC reports it: legacy's 27/28 or `chainId * 2 + 35 + yParity`; the y-parity for typed transactions. */
  v: bigint;
};

type DecodedTransactionBase = {
  /** The hash clients compute and `eth_sendRawTransaction` returns. */
  hash: Hex;
  /** The sender; its signature has been checked. */
  from: Address;
  /** Below 2^32, as on ZKsync. */
  nonce: number;
  /** `null` creates a contract. */
  to: Address | null;
  value: bigint;
  data: Hex;
  /** The gas limit. */
  gas: bigint;
  signature: TransactionSignature;
};

/** Every type-specific field, so that any of them can be read off the union (as `undefined`). */
type AbsentFields = {
  gasPrice?: undefined;
  maxFeePerGas?: undefined;
  maxPriorityFeePerGas?: undefined;
  accessList?: undefined;
  gasPerPubdata?: undefined;
  factoryDeps?: undefined;
  paymasterParams?: undefined;
  customSignature?: undefined;
  signedDigest?: undefined;
};

/** `Fields` with every other type-specific field declared absent. */
type Variant<Fields> = DecodedTransactionBase & Omit<AbsentFields, keyof Fields> & Fields;

/** A decoded legacy transaction. */
export type DecodedLegacyTransaction = Variant<{
  type: 'legacy';
  typeByte: 0;
  /** `null` for a pre-EIP-155 transaction (v = 27/28), which is valid on any chain. */
  chainId: number | null;
  gasPrice: bigint;
}>;

/** A decoded EIP-2930 (access list) transaction. */
export type DecodedEip2930Transaction = Variant<{
  type: 'eip2930';
  typeByte: 1;
  chainId: number;
  gasPrice: bigint;
  accessList: AccessList;
}>;

/** A decoded EIP-1559 (fee market) transaction. */
export type DecodedEip1559Transaction = Variant<{
  type: 'eip1559';
  typeByte: 2;
  chainId: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  accessList: AccessList;
}>;

/** A decoded ZKsync EIP-712 transaction (type 0x71). */
export type DecodedZksyncTransaction = Variant<{
  type: 'eip712';
  typeByte: typeof ZKSYNC_EIP712_TX_TYPE;
  chainId: number;
  maxFeePerGas: bigint;
  /** As encoded (0 stays 0; zksync-ethers never encodes 0 next to a nonzero max fee). */
  maxPriorityFeePerGas: bigint;
  gasPerPubdata: bigint;
  /** Bytecodes (each a valid ZKsync bytecode), in order. */
  factoryDeps: Hex[];
  paymasterParams: { paymaster: Address; paymasterInput: Hex } | null;
  /** The `customSignature` field, `null` when empty (the signature was in v/r/s). */
  customSignature: Hex | null;
  /** The EIP-712 digest that `signature` signs. */
  signedDigest: Hex;
}>;

/** Any transaction a zkinterop chain accepts, told apart by `type`. */
export type DecodedTransaction =
  | DecodedLegacyTransaction
  | DecodedEip2930Transaction
  | DecodedEip1559Transaction
  | DecodedZksyncTransaction;

/**
 * Decodes a signed raw transaction, checks its signature, recovers its sender and computes its hash.
 *
 * Legacy, EIP-2930, EIP-1559 and ZKsync EIP-712 (0x71) are accepted; blob (0x03), set-code (0x04)
 * and unknown types are not. ZKsync's ranges apply to all (nonce < 2^32, fees < 2^64), and so
 * does EIP-2 (low s). A 0x71 transaction must carry an EOA's ECDSA signature by its `from`.
 *
 * @param raw The signed transaction as sent to `eth_sendRawTransaction`.
 * @param expectedChainId If given, a transaction for another chain is refused (a pre-EIP-155
 *   legacy transaction names no chain and passes, as on ZKsync).
 * @returns The decoded transaction.
 * @throws InvalidTransactionError with reason `MALFORMED`, `UNSUPPORTED_TYPE`, `INVALID_SIGNATURE`,
 *   `UNSUPPORTED_SIGNATURE`, `WRONG_CHAIN_ID` or `OUT_OF_RANGE`.
 * @example
 * const tx = decodeRawTransaction(raw, 270);
 * // tx.hash is what zksync-ethers / ethers / viem expect back; tx.from is the checked sender
 */
export function decodeRawTransaction(raw: Hex, expectedChainId?: number): DecodedTransaction {
  assertRawHex(raw);
  const lower = raw.toLowerCase() as Hex;
  let transaction: DecodedTransaction;
  try {
    if (typeByteOf(lower) === ZKSYNC_EIP712_TX_TYPE) transaction = decodeZksyncTransaction(lower);
    else {
      assertSupportedType(lower);
      transaction = decodeEthereumTransaction(lower);
    }
  } catch (error) {
    throw asMalformed(error);
  }
  assertChainId(transaction.chainId, expectedChainId);
  return transaction;
}

function assertRawHex(raw: Hex): void {
  assertTransaction(
    typeof raw === 'string' && isHex(raw, { strict: true }) && raw.length > 2 && raw.length % 2 === 0,
    'MALFORMED',
    'raw transaction must be a non-empty 0x-prefixed hex string of whole bytes',
  );
}

function assertChainId(chainId: number | null, expectedChainId: number | undefined): void {
  if (expectedChainId !== undefined && chainId !== null && chainId !== expectedChainId) {
    throw new InvalidTransactionError(
      'WRONG_CHAIN_ID',
      `transaction is for chain ${chainId}, but this chain's id is ${expectedChainId}; sign it for chain ${expectedChainId}`,
    );
  }
}

/** Whatever a library throws on the caller's bytes becomes a MALFORMED refusal. */
function asMalformed(error: unknown): InvalidTransactionError {
  if (error instanceof InvalidTransactionError) return error;
  return new InvalidTransactionError('MALFORMED', 'transaction could not be decoded', { details: describeCause(error), cause: error });
}

function typeByteOf(raw: Hex): number {
  return Number.parseInt(raw.slice(2, 4), 16);
}

/** Refuses every type byte but legacy (an RLP list), 0x01 and 0x02 (0x71 is handled before). */
function assertSupportedType(raw: Hex): void {
  const typeByte = typeByteOf(raw);
  if (typeByte >= 0xc0 || typeByte === 0x01 || typeByte === 0x02) return;
  if (typeByte === 0x03) throw unsupportedType('0x03 (EIP-4844 blob transaction)');
  if (typeByte === 0x04) throw unsupportedType('0x04 (EIP-7702 set-code transaction)');
  if (typeByte <= 0x7f) throw unsupportedType(`0x${typeByte.toString(16).padStart(2, '0')} (unknown)`);
  throw new InvalidTransactionError('MALFORMED', 'raw transaction is neither a typed transaction nor an RLP list (legacy)');
}

function unsupportedType(what: string): InvalidTransactionError {
  return new InvalidTransactionError(
    'UNSUPPORTED_TYPE',
    `transaction type ${what} is not supported; send a legacy, EIP-2930, EIP-1559 or ZKsync EIP-712 (0x71) transaction`,
  );
}

/** A standard transaction that passed every check but sender recovery (see `screenRawTransaction`). */
export type ScreenedStandardTransaction = {
  type: 'legacy' | 'eip2930' | 'eip1559';
  /** keccak256 of the raw bytes, what clients expect back (computed when first read). */
  readonly hash: Hex;
  /** `null` for a pre-EIP-155 legacy transaction. */
  chainId: number | null;
  /** The gas limit. */
  gas: bigint;
};

/** What `screenRawTransaction` returns: a screened standard transaction, or a fully decoded 0x71. */
export type ScreenedTransaction = ScreenedStandardTransaction | DecodedZksyncTransaction;

/** How strict `screenRawTransaction` is beyond the protocol's own rules. */
export type ScreenOptions = {
  /**
   * Refuse a pre-EIP-155 legacy transaction (v = 27/28, no chain id): signed for no chain, it can be
   * replayed on every chain. geth refuses them over RPC unless run with `--rpc.allow-unprotected-txs`;
   * the node does the same unless started with `--allow-unprotected-txs`. Default false (the protocol accepts them).
   */
  replayProtected?: boolean;
};

/** geth's refusal of an unprotected transaction, word for word, so clients that match it keep working. */
export const UNPROTECTED_TX_MESSAGE = 'only replay-protected (EIP-155) transactions allowed over RPC';

/**
 * Every check of `decodeRawTransaction` except recovering the sender of a standard (legacy, 2930,
 * 1559) transaction: decoding, canonical bytes, signature shape (r, s in range, low s), chain id and
 * ZKsync's ranges. A node that hands the bytes to the EVM uses this: the EVM recovers the sender
 * again anyway, and recovery in JS (~1 ms) was most of the node's work per transaction. A 0x71
 * transaction is decoded in full: the EVM never sees its signature, so its sender is checked here.
 * @param options.replayProtected refuse a legacy transaction without a chain id (reason `UNPROTECTED`)
 * @throws InvalidTransactionError like `decodeRawTransaction`, and `UNPROTECTED` (see `ScreenOptions`).
 * @example screenRawTransaction(raw, 271, { replayProtected: true })
 */
export function screenRawTransaction(raw: Hex, expectedChainId?: number, options: ScreenOptions = {}): ScreenedTransaction {
  assertRawHex(raw);
  const lower = raw.toLowerCase() as Hex;
  let screened: ScreenedTransaction;
  try {
    screened = typeByteOf(lower) === ZKSYNC_EIP712_TX_TYPE ? decodeZksyncTransaction(lower) : screenEthereumTransaction(lower);
  } catch (error) {
    throw asMalformed(error);
  }
  assertChainId(screened.chainId, expectedChainId);
  if (options.replayProtected && screened.chainId === null) {
    throw new InvalidTransactionError(
      'UNPROTECTED',
      `${UNPROTECTED_TX_MESSAGE}: this legacy transaction names no chain, so it could be replayed on every chain; sign it with a chain id (any current wallet or library does), or start the network with \`zkinterop up --allow-unprotected-txs\``,
    );
  }
  return screened;
}

/** RLP field counts of the signed standard types, and where their fields sit. */
const STANDARD_LAYOUTS = {
  legacy: { fields: 9, nonce: 0, fees: [1], gas: 2, to: 3, chainId: undefined, yParity: 6, r: 7, s: 8 },
  eip2930: { fields: 11, nonce: 1, fees: [2], gas: 3, to: 4, chainId: 0, yParity: 8, r: 9, s: 10 },
  eip1559: { fields: 12, nonce: 1, fees: [2, 3], gas: 4, to: 5, chainId: 0, yParity: 9, r: 10, s: 11 },
} as const;

/**
 * Reads only what the node needs off a standard transaction's RLP (hash, chain id, nonce and fee
 * ranges, signature shape) straight off the hex, without viem's full parse and canonical
 * re-serialization (~70 µs per transaction on the node's main thread, against a few µs here). The
 * EVM decodes the bytes again, strictly, before anything runs.
 */
function screenEthereumTransaction(raw: Hex): ScreenedStandardTransaction {
  assertSupportedType(raw);
  const typeByte = typeByteOf(raw);
  const type = typeByte === 0x01 ? 'eip2930' : typeByte === 0x02 ? 'eip1559' : 'legacy';
  const layout = STANDARD_LAYOUTS[type];
  let fields: RlpHexItem[];
  try {
    fields = readRlpHexList(raw, type === 'legacy' ? 2 : 4);
  } catch (error) {
    throw new InvalidTransactionError('MALFORMED', 'transaction could not be decoded (truncated or corrupted bytes?)', { details: describeCause(error), cause: error });
  }
  assertTransaction(fields.length !== layout.fields - 3, 'INVALID_SIGNATURE', 'transaction is not signed');
  assertTransaction(fields.length === layout.fields, 'MALFORMED', () => `a ${type} transaction has ${layout.fields} fields, this one ${fields.length}`);
  const to = fields[layout.to];
  assertTransaction(typeof to === 'string' && (to === '0x' || to.length === 42), 'MALFORMED', 'recipient must be empty or 20 bytes');
  const nonce = canonicalInteger(fields, layout.nonce, 'nonce');
  const fees = layout.fees.map((i) => canonicalInteger(fields, i, 'fee'));
  assertZksyncRanges({ nonce, maxFeePerGas: fees[fees.length - 1]!, maxPriorityFeePerGas: fees[0]! });
  const r = canonicalInteger(fields, layout.r, 'signature r');
  const s = canonicalInteger(fields, layout.s, 'signature s');
  const v = canonicalInteger(fields, layout.yParity, type === 'legacy' ? 'signature v' : 'signature y-parity');
  let chainId: number | null;
  if (layout.chainId === undefined) {
    assertTransaction(v === 27n || v === 28n || v >= 35n, 'INVALID_SIGNATURE', () => `legacy signature v ${v} is neither 27/28 nor EIP-155 (chainId * 2 + 35/36)`);
    chainId = v >= 35n ? Number((v - 35n) >> 1n) : null;
  } else {
    assertTransaction(v === 0n || v === 1n, 'INVALID_SIGNATURE', () => `signature y-parity must be 0 or 1, got ${v}`);
    chainId = Number(canonicalInteger(fields, layout.chainId, 'chain id'));
  }
  assertSignatureScalars(r, s);
  // The hash is hashed when first read: the node answers with the engine's hash of the mined
  // transaction, so on the hot path (no pending-transaction listener, no pool) nobody reads it.
  let hash: Hex | undefined;
  return {
    type,
    get hash(): Hex {
      return (hash ??= keccakHex(raw));
    },
    chainId,
    gas: canonicalInteger(fields, layout.gas, 'gas limit'),
  };
}

/** RLP field `index` as an unsigned integer: a byte string of at most 32 bytes with no leading zero. */
function canonicalInteger(fields: readonly RlpHexItem[], index: number, what: string): bigint {
  const field = fields[index];
  assertTransaction(typeof field === 'string' && !field.startsWith('0x00') && field.length <= 66, 'MALFORMED', () => `${what} is not a canonical integer of at most 32 bytes`);
  return field === '0x' ? 0n : BigInt(field);
}

/** Legacy, EIP-2930 and EIP-1559, via viem; re-serializing must give back the exact bytes. */
function decodeEthereumTransaction(raw: Hex): DecodedTransaction {
  let parsed: ReturnType<typeof parseTransaction>;
  try {
    parsed = parseTransaction(raw);
  } catch (error) {
    throw new InvalidTransactionError('MALFORMED', 'transaction could not be decoded (truncated or corrupted bytes?)', {
      details: describeCause(error),
      cause: error,
    });
  }
  assertTransaction(
    parsed.type === 'legacy' || parsed.type === 'eip2930' || parsed.type === 'eip1559',
    'UNSUPPORTED_TYPE',
    `transaction type ${parsed.type} is not supported`,
  );
  const { r, s, yParity } = parsed;
  assertTransaction(r !== undefined && s !== undefined && yParity !== undefined, 'INVALID_SIGNATURE', 'transaction is not signed');
  const v = parsed.type === 'legacy' ? parsed.v : BigInt(yParity);
  assertTransaction(v !== undefined, 'INVALID_SIGNATURE', 'transaction is not signed');
  assertTransaction(
    serializeTransaction(parsed, { r, s, v, yParity }) === raw,
    'MALFORMED',
    'transaction is not canonically encoded (leading zeros or non-minimal RLP)',
  );
  // The signing hash is that of the unsigned serialization (EIP-155 fields for legacy with a chain id).
  const { r: _r, s: _s, v: _v, yParity: _yParity, ...unsigned } = parsed;
  const from = recoverSigner(keccak256(serializeTransaction(unsigned)), { r, s, yParity: yParity === 0 ? 0 : 1 });

  const nonce = BigInt(parsed.nonce ?? 0);
  const common = {
    hash: keccak256(raw),
    from,
    nonce: Number(nonce),
    to: parsed.to ? getAddress(parsed.to) : null,
    value: parsed.value ?? 0n,
    data: parsed.data ?? '0x',
    gas: parsed.gas ?? 0n,
    signature: { r, s, yParity: yParity === 0 ? 0 : 1, v },
  } as const;

  if (parsed.type === 'eip1559') {
    const maxFeePerGas = parsed.maxFeePerGas ?? 0n;
    const maxPriorityFeePerGas = parsed.maxPriorityFeePerGas ?? 0n;
    assertZksyncRanges({ nonce, maxFeePerGas, maxPriorityFeePerGas });
    return {
      ...common,
      type: 'eip1559',
      typeByte: 2,
      chainId: parsed.chainId,
      maxFeePerGas,
      maxPriorityFeePerGas,
      accessList: checksummed(parsed.accessList),
    };
  }
  const gasPrice = parsed.gasPrice ?? 0n;
  assertZksyncRanges({ nonce, maxFeePerGas: gasPrice, maxPriorityFeePerGas: gasPrice });
  if (parsed.type === 'eip2930') {
    return { ...common, type: 'eip2930', typeByte: 1, chainId: parsed.chainId, gasPrice, accessList: checksummed(parsed.accessList) };
  }
  return { ...common, type: 'legacy', typeByte: 0, chainId: parsed.chainId ?? null, gasPrice };
}

function checksummed(accessList: AccessList | undefined): AccessList {
  return (accessList ?? []).map(({ address, storageKeys }) => ({ address: getAddress(address), storageKeys }));
}
