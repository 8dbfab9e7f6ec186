/**
 * Decoding of ZKsync EIP-712 transactions (type 0x71), which the EVM underneath does not know.
 *
 * Wire format (`0x71 ‖ rlp([...16 fields])`), as the ZKsync server and zksync-ethers encode it:
 *   0 nonce, 1 maxPriorityFeePerGas, 2 maxFeePerGas, 3 gasLimit, 4 to (20 bytes or empty),
 *   5 value, 6 data, 7 v | chainId, 8 r | empty, 9 s | empty, 10 chainId, 11 from (20 bytes),
 *   12 gasPerPubdata, 13 [factoryDeps], 14 customSignature, 15 [paymaster, paymasterInput] | [].
 * The sender is written out (field 11), not recovered: a smart account's signature is checked by
 * the account itself. zksync-ethers' and viem's signers put the EOA's 65-byte signature over the
 * EIP-712 digest into `customSignature` and leave v/r/s as (chainId, empty, empty); a signature
 * in v/r/s with an empty `customSignature` is also valid.
 *
 * This node has no account abstraction, so it accepts only what ZKsync's default (EOA) account
 * accepts: a 65-byte ECDSA signature (v 27/28, low s) by `from` over the digest. Any other custom
 * signature (smart accounts, multisigs) is refused as `UNSUPPORTED_SIGNATURE`.
 *
 * Deployments through the ContractDeployer system contract (to = 0x…8006, with factoryDeps)
 * decode fine, but the plain EVM underneath has no ContractDeployer: the node does not support
 * them yet.
 */
import {
  type Address,
  type Hex,
  concat,
  fromRlp,
  getAddress,
  hexToBigInt,
  hexToNumber,
  isAddressEqual,
  keccak256,
  numberToHex,
  size,
  slice,
} from 'viem';
import { recoverSigner } from './ecdsa.ts';
import type { DecodedZksyncTransaction, TransactionSignature } from './transaction.ts';
import { InvalidTransactionError, assertTransaction, describeCause } from './transactionError.ts';
import { assertZksyncRanges } from './transactionLimits.ts';
import { ZKSYNC_EIP712_TX_TYPE, hashFactoryDep, zksyncSignedDigest } from './zksyncTypedData.ts';

type RlpItem = Hex | readonly RlpItem[];

const FIELD_COUNT = 16;

/**
 * The hash of a ZKsync EIP-712 transaction: `keccak256(signedDigest ‖ keccak256(signature))`,
 * as the ZKsync server computes it and zksync-ethers checks it.
 * @param signedDigest The EIP-712 digest the transaction was signed over (`zksyncSignedDigest`).
 * @param signature The `customSignature` if it is not empty, else `r ‖ s ‖ (27 + yParity)`.
 * @returns The 32-byte transaction hash.
 * @example zksyncTransactionHash(zksyncSignedDigest(tx), customSignature)
 */
export function zksyncTransactionHash(signedDigest: Hex, signature: Hex): Hex {
  return keccak256(concat([signedDigest, keccak256(signature)]));
}

/**
 * Decodes a ZKsync EIP-712 transaction (type 0x71), checks its signature and computes its hash.
 * @param raw The signed transaction, `0x71 ‖ rlp(fields)`.
 * @returns The decoded transaction; `from` is the sender written in it, whose signature was checked.
 * @throws InvalidTransactionError: `MALFORMED`, `INVALID_SIGNATURE`, `UNSUPPORTED_SIGNATURE`, `OUT_OF_RANGE`.
 * @example const tx = decodeZksyncTransaction(raw); tx.hash // what zksync-ethers reports
 */
export function decodeZksyncTransaction(raw: Hex): DecodedZksyncTransaction {
  const fields = decodeFieldList(raw);
  const nonce = scalarField(fields, 0, 'nonce');
  const maxPriorityFeePerGas = scalarField(fields, 1, 'maxPriorityFeePerGas');
  const maxFeePerGas = scalarField(fields, 2, 'maxFeePerGas');
  const gas = scalarField(fields, 3, 'gasLimit');
  const to = addressField(fields, 4, 'to', { optional: true });
  const value = scalarField(fields, 5, 'value');
  const data = bytesField(fields, 6, 'data');
  const v = scalarField(fields, 7, 'v');
  const r = scalarField(fields, 8, 'r');
  const s = scalarField(fields, 9, 's');
  const chainId = chainIdField(fields, 10);
  const from = addressField(fields, 11, 'from', { optional: false });
  const gasPerPubdata = scalarField(fields, 12, 'gasPerPubdata');
  const factoryDeps = factoryDepsField(fields, 13);
  const customSignature = bytesField(fields, 14, 'customSignature');
  const paymasterParams = paymasterParamsField(fields, 15);

  assertZksyncRanges({ nonce, maxFeePerGas, maxPriorityFeePerGas, gasPerPubdata });

  const signedDigest = zksyncSignedDigest({
    chainId,
    from,
    to,
    nonce,
    value,
    data,
    gasLimit: gas,
    maxFeePerGas,
    maxPriorityFeePerGas,
    gasPerPubdata,
    factoryDeps,
    paymasterParams,
  });
  const signature = customSignature === '0x' ? packEcdsaSignature(v, r, s) : customSignature;
  const ecdsa = checkSignature(signature, signedDigest, from);

  return {
    type: 'eip712',
    typeByte: ZKSYNC_EIP712_TX_TYPE,
    hash: zksyncTransactionHash(signedDigest, signature),
    from,
    chainId,
    nonce: Number(nonce),
    to,
    value,
    data,
    gas,
    maxFeePerGas,
    maxPriorityFeePerGas,
    gasPerPubdata,
    factoryDeps,
    paymasterParams,
    customSignature: customSignature === '0x' ? null : customSignature,
    signedDigest,
    signature: ecdsa,
  };
}

/** The ECDSA signature in fields 7..9, packed as the ZKsync server does: `r ‖ s ‖ (27 + v)`. */
function packEcdsaSignature(v: bigint, r: bigint, s: bigint): Hex {
  assertTransaction(
    r !== 0n || s !== 0n,
    'INVALID_SIGNATURE',
    'EIP-712 transaction is not signed: customSignature is empty and so are r and s',
  );
  assertTransaction(
    v === 0n || v === 1n,
    'INVALID_SIGNATURE',
    `EIP-712 transaction has an ECDSA signature with v = ${v}; it must be the y-parity, 0 or 1`,
  );
  return concat([numberToHex(r, { size: 32 }), numberToHex(s, { size: 32 }), numberToHex(27n + v, { size: 1 })]);
}

/**
 * Checks what ZKsync's default account checks: 65 bytes, v 27 or 28, low s, signed by `from`.
 * @returns The signature split into r, s and y-parity.
 */
function checkSignature(signature: Hex, signedDigest: Hex, from: Address): TransactionSignature {
  assertTransaction(
    size(signature) === 65,
    'UNSUPPORTED_SIGNATURE',
    `EIP-712 transaction has a ${size(signature)}-byte custom signature; this node has no account abstraction and accepts only 65-byte ECDSA signatures by the sender (EOA accounts)`,
  );
  const r = slice(signature, 0, 32);
  const s = slice(signature, 32, 64);
  const vByte = hexToNumber(slice(signature, 64, 65));
  assertTransaction(
    vByte === 27 || vByte === 28,
    'INVALID_SIGNATURE',
    `EIP-712 transaction signature has v = ${vByte}; it must be 27 or 28`,
  );
  const yParity = vByte === 27 ? 0 : 1;
  const signer = recoverSigner(signedDigest, { r, s, yParity });
  assertTransaction(
    isAddressEqual(signer, from),
    'INVALID_SIGNATURE',
    `EIP-712 transaction is signed by ${signer}, not by its sender ${from}`,
  );
  return { r, s, yParity, v: BigInt(yParity) } as const;
}

function decodeFieldList(raw: Hex): readonly RlpItem[] {
  let decoded: RlpItem;
  try {
    decoded = fromRlp(slice(raw, 1), 'hex');
  } catch (error) {
    throw new InvalidTransactionError('MALFORMED', 'EIP-712 transaction is not valid RLP (truncated or corrupted bytes?)', {
      details: describeCause(error),
      cause: error,
    });
  }
  assertTransaction(
    Array.isArray(decoded) && decoded.length === FIELD_COUNT,
    'MALFORMED',
    `EIP-712 transaction must be an RLP list of ${FIELD_COUNT} fields, got ${Array.isArray(decoded) ? `${decoded.length} fields` : 'a byte string'}`,
  );
  return decoded;
}

function bytesField(fields: readonly RlpItem[], index: number, name: string): Hex {
  const item = fields[index];
  assertTransaction(typeof item === 'string', 'MALFORMED', `EIP-712 transaction field ${index} (${name}) must be a byte string, not a list`);
  return item;
}

/** An unsigned integer of at most 32 bytes without leading zeros, as RLP scalars must be. */
function scalarField(fields: readonly RlpItem[], index: number, name: string): bigint {
  const item = bytesField(fields, index, name);
  if (item === '0x') return 0n;
  assertTransaction(size(item) <= 32, 'MALFORMED', `EIP-712 transaction field ${index} (${name}) is longer than 32 bytes`);
  assertTransaction(!item.startsWith('0x00'), 'MALFORMED', `EIP-712 transaction field ${index} (${name}) has a leading zero byte`);
  return hexToBigInt(item);
}

function chainIdField(fields: readonly RlpItem[], index: number): number {
  const chainId = scalarField(fields, index, 'chainId');
  assertTransaction(
    chainId > 0n && chainId <= BigInt(Number.MAX_SAFE_INTEGER),
    'MALFORMED',
    `EIP-712 transaction chain id ${chainId} is not in 1..2^53-1`,
  );
  return Number(chainId);
}

function addressField(fields: readonly RlpItem[], index: number, name: string, options: { optional: true }): Address | null;
function addressField(fields: readonly RlpItem[], index: number, name: string, options: { optional: false }): Address;
function addressField(fields: readonly RlpItem[], index: number, name: string, options: { optional: boolean }): Address | null {
  const item = bytesField(fields, index, name);
  if (item === '0x' && options.optional) return null;
  assertTransaction(
    size(item) === 20,
    'MALFORMED',
    `EIP-712 transaction field ${index} (${name}) must be a 20-byte address${options.optional ? ' or empty' : ''}, got ${size(item)} bytes`,
  );
  return getAddress(item);
}

function factoryDepsField(fields: readonly RlpItem[], index: number): Hex[] {
  const item = fields[index];
  assertTransaction(Array.isArray(item), 'MALFORMED', `EIP-712 transaction field ${index} (factoryDeps) must be a list`);
  return item.map((dep: RlpItem, i: number) => {
    assertTransaction(typeof dep === 'string', 'MALFORMED', `factory dependency #${i} must be a byte string, not a list`);
    try {
      hashFactoryDep(dep);
    } catch (error) {
      throw new InvalidTransactionError('MALFORMED', `factory dependency #${i} is not a valid ZKsync bytecode`, {
        details: describeCause(error),
        cause: error,
      });
    }
    return dep;
  });
}

function paymasterParamsField(fields: readonly RlpItem[], index: number): DecodedZksyncTransaction['paymasterParams'] {
  const item = fields[index];
  assertTransaction(Array.isArray(item), 'MALFORMED', `EIP-712 transaction field ${index} (paymasterParams) must be a list`);
  if (item.length === 0) return null;
  assertTransaction(
    item.length === 2,
    'MALFORMED',
    `EIP-712 transaction paymasterParams must be empty or [paymaster, paymasterInput], got ${item.length} items`,
  );
  return {
    paymaster: addressField(item, 0, 'paymasterParams.paymaster', { optional: false }),
    paymasterInput: bytesField(item, 1, 'paymasterParams.paymasterInput'),
  };
}
