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
  assertTransaction(
    hexToBigInt(signature.s) <= SECP256K1_HALF_ORDER,
    'INVALID_SIGNATURE',
    'signature is not canonical: its s value is in the upper half of the curve order (EIP-2); sign with a library that normalizes s',
  );
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
