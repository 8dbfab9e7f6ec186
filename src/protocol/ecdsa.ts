/**
 * Synchronous secp256k1 signer recovery for transaction decoding, with the checks every ZKsync
 * EOA signature must pass: canonical low s (EIP-2), as ZKsync's default account requires.
 * viem's own recovery is async (it loads the curve lazily); ox (viem's core) is synchronous.
 */
import { Secp256k1 } from 'ox';
import { type Address, type Hex, getAddress, hexToBigInt } from 'viem';
import { InvalidTransactionError, assertTransaction, describeCause } from './transactionError.ts';

/** secp256k1 order / 2: a larger `s` is the malleable twin of a valid signature. */
const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** An ECDSA signature split into its parts. */
export type EcdsaSignature = { r: Hex; s: Hex; yParity: 0 | 1 };

/** secp256k1's group order: r and s must both lie in 1..n-1. */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * The checks a signature must pass before anything recovers from it: r and s in range and s
 * canonical (EIP-2). Cheap (no curve arithmetic), so the node runs them on every transaction even
 * where it leaves recovery to the EVM.
 * @throws InvalidTransactionError with reason `INVALID_SIGNATURE`.
 */
export function assertSignatureScalars(r: bigint, s: bigint): void {
  assertTransaction(
    s <= SECP256K1_HALF_ORDER,
    'INVALID_SIGNATURE',
    'signature is not canonical: its s value is in the upper half of the curve order (EIP-2); sign with a library that normalizes s',
  );
  assertTransaction(r > 0n && r < SECP256K1_ORDER && s > 0n, 'INVALID_SIGNATURE', 'signature is not a valid secp256k1 signature: r and s must lie in 1..n-1');
}

/**
 * The address that signed `digest`, after checking the signature is canonical.
 * @param digest The 32-byte hash that was signed.
 * @param signature r, s (32 bytes each or shorter) and the y-parity.
 * @returns The checksummed signer address.
 * @throws InvalidTransactionError with reason `INVALID_SIGNATURE` for a high s or a signature
 *   that recovers no public key.
 * @example recoverSigner(keccak256(unsignedTx), { r, s, yParity: 1 })
 */
export function recoverSigner(digest: Hex, signature: EcdsaSignature): Address {
  assertSignatureScalars(hexToBigInt(signature.r), hexToBigInt(signature.s));
  try {
    return getAddress(
      Secp256k1.recoverAddress({
        payload: digest,
        signature: { r: hexToBigInt(signature.r), s: hexToBigInt(signature.s), yParity: signature.yParity },
      }),
    );
  } catch (error) {
    throw new InvalidTransactionError('INVALID_SIGNATURE', 'signature is not a valid secp256k1 signature', {
      details: describeCause(error),
      cause: error,
    });
  }
}
