/**
 * The address of a secp256k1 private key, derived with Node's native crypto (OpenSSL) instead of
 * JavaScript curve arithmetic: a network derives ~90 addresses at every start, and the first JS
 * derivation alone builds a ~100 ms precomputation table. Same result as viem's privateKeyToAddress.
 * Each key's address is remembered: a start asks again for the same few keys (dev accounts, operators,
 * the relayer), and each OpenSSL derivation costs a few ms on a busy machine.
 */
import { createECDH } from 'node:crypto';
import { getAddress, type Address, type Hex } from 'viem';
import { keccak256 } from './hash.ts';
import { assertArgument } from '../errors.ts';

/**
 * The checksummed address of `privateKey` (32 bytes, 0x-prefixed hex).
 * @throws InvalidArgumentError when the key is not 32 bytes of hex; Error (from OpenSSL) when it is
 *   not a valid secp256k1 private key (zero or above the curve order)
 * @example privateKeyAddress('0x7726…4110') // '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049'
 */
export function privateKeyAddress(privateKey: Hex): Address {
  const known = derived.get(privateKey);
  if (known !== undefined) return known;
  assertArgument(/^0x[0-9a-fA-F]{64}$/.test(privateKey), 'a private key is 32 bytes of 0x-prefixed hex');
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privateKey.slice(2), 'hex'));
  // Uncompressed point: 0x04 ‖ x ‖ y; the address is the last 20 bytes of keccak(x ‖ y).
  const hash = keccak256(ecdh.getPublicKey().subarray(1));
  const address = getAddress(`0x${Buffer.from(hash.subarray(12)).toString('hex')}`);
  rememberKeyAddress(privateKey, address);
  return address;
}

/**
 * Records a key's address known without deriving it (the dev accounts', written out in src/network/accounts.ts
 * and derived again by its test with viem): each engine and account policy built at a start asks for them.
 */
export function rememberKeyAddress(privateKey: Hex, address: Address): void {
  if (derived.size >= DERIVED_LIMIT) derived.clear();
  derived.set(privateKey, address);
}

/** Addresses derived or remembered so far, by key as given (bounded: a long run may see many keys). */
const derived = new Map<string, Address>();
const DERIVED_LIMIT = 1_024;
