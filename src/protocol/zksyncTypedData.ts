/**
 * The EIP-712 typed data a ZKsync EIP-712 transaction (type 0x71) is signed over, and its digest.
 *
 * Field for field this is what the ZKsync server hashes (`TransactionRequest::build_structure`) and
 * what zksync-ethers (`EIP712Signer`) and viem (`viem/zksync` `getEip712Domain`) sign: domain
 * `{ name: 'zkSync', version: '2', chainId }` (no verifying contract), primary type `Transaction`,
 * addresses as uint256, factory deps as their versioned bytecode hashes.
 */
import { type Address, type Hex, type TypedDataDefinition, hashTypedData, toHex } from 'viem';
import { hashBytecode } from 'viem/zksync';

/** The ZKsync `txType` of an EIP-712 transaction. */
export const ZKSYNC_EIP712_TX_TYPE = 0x71;

/** The EIP-712 struct types of a ZKsync transaction (the `EIP712Domain` type is derived by the hasher). */
export const ZKSYNC_EIP712_TYPES = {
  Transaction: [
    { name: 'txType', type: 'uint256' },
    { name: 'from', type: 'uint256' },
    { name: 'to', type: 'uint256' },
    { name: 'gasLimit', type: 'uint256' },
    { name: 'gasPerPubdataByteLimit', type: 'uint256' },
    { name: 'maxFeePerGas', type: 'uint256' },
    { name: 'maxPriorityFeePerGas', type: 'uint256' },
    { name: 'paymaster', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'factoryDeps', type: 'bytes32[]' },
    { name: 'paymasterInput', type: 'bytes' },
  ],
} as const;

/** The fields of a ZKsync EIP-712 transaction that its signature covers. */
export type ZksyncSignableTransaction = {
  chainId: number;
  from: Address;
  /** `null` is signed as address zero, as the ZKsync server does. */
  to: Address | null;
  nonce: bigint | number;
  value: bigint;
  data: Hex;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  /** Signed as given: the ZKsync server does not substitute `maxFeePerGas` for 0 (zksync-ethers does). */
  maxPriorityFeePerGas: bigint;
  gasPerPubdata: bigint;
  /** Bytecodes, not hashes: they are hashed with the ZKsync bytecode hash for signing. */
  factoryDeps: readonly Hex[];
  /** `null` when the transaction has no paymaster. */
  paymasterParams: { paymaster: Address; paymasterInput: Hex } | null;
};

/** The typed data of a ZKsync EIP-712 transaction, as ZKsync's EIP-712 signers hash and sign it. */
export type ZksyncTypedData = TypedDataDefinition<typeof ZKSYNC_EIP712_TYPES, 'Transaction'>;

/**
 * The EIP-712 domain ZKsync transactions are signed in.
 * @param chainId The L2 chain id.
 * @returns `{ name: 'zkSync', version: '2', chainId }`.
 * @example zksyncEip712Domain(270) // { name: 'zkSync', version: '2', chainId: 270 }
 */
export function zksyncEip712Domain(chainId: number) {
  return { name: 'zkSync', version: '2', chainId } as const;
}

/**
 * The ZKsync bytecode hash of a factory dependency, as it enters the signed `factoryDeps` array:
 * sha256 with byte 0 = version 1, byte 1 = 0, bytes 2..3 = length in 32-byte words.
 * @param bytecode Bytecode whose length is a multiple of 32 bytes and an odd number of words.
 * @returns The 32-byte versioned hash.
 * @throws viem's bytecode errors (length not a multiple of 32, even word count, too long).
 * @example hashFactoryDep(`0x${'00'.repeat(32)}`) // 0x01000001…
 */
export function hashFactoryDep(bytecode: Hex): Hex {
  return toHex(hashBytecode(bytecode));
}

/**
 * The EIP-712 typed data a ZKsync EIP-712 transaction is signed over.
 * @param tx The signed fields of the transaction.
 * @returns Domain, types, primary type and message, ready for viem's `hashTypedData` / `signTypedData`.
 * @throws viem's bytecode errors if a factory dependency is not a valid ZKsync bytecode.
 * @example hashTypedData(zksyncTypedData(tx))
 */
export function zksyncTypedData(tx: ZksyncSignableTransaction): ZksyncTypedData {
  return {
    domain: zksyncEip712Domain(tx.chainId),
    types: ZKSYNC_EIP712_TYPES,
    primaryType: 'Transaction',
    message: {
      txType: BigInt(ZKSYNC_EIP712_TX_TYPE),
      from: BigInt(tx.from),
      to: tx.to === null ? 0n : BigInt(tx.to),
      gasLimit: tx.gasLimit,
      gasPerPubdataByteLimit: tx.gasPerPubdata,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      paymaster: tx.paymasterParams === null ? 0n : BigInt(tx.paymasterParams.paymaster),
      nonce: BigInt(tx.nonce),
      value: tx.value,
      data: tx.data,
      factoryDeps: tx.factoryDeps.map(hashFactoryDep),
      paymasterInput: tx.paymasterParams === null ? '0x' : tx.paymasterParams.paymasterInput,
    },
  };
}

/**
 * The EIP-712 digest (`keccak256(0x1901 ‖ domainSeparator ‖ structHash)`) a ZKsync EIP-712
 * transaction's signature signs; zksync-ethers calls it `EIP712Signer.getSignedDigest`.
 * @param tx The signed fields of the transaction.
 * @returns The 32-byte digest.
 * @throws viem's bytecode errors if a factory dependency is not a valid ZKsync bytecode.
 * @example const digest = zksyncSignedDigest(tx); recoverAddress({ hash: digest, signature })
 */
export function zksyncSignedDigest(tx: ZksyncSignableTransaction): Hex {
  return hashTypedData(zksyncTypedData(tx));
}
