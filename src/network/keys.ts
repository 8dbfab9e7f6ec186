/**
 * The network's secret keys, kept in a store's meta: each settling node's operator key (`operatorKey:<id>`)
 * and the bundle relayer's (`relayerKey`), random the first time and the same on every later start, plus the
 * random key maker `zkinterop layout init` also uses. No EVM and no node here: the one-process network
 * (network.ts), the coordinator of a network of processes (coordinator.ts, processNetwork.ts) and the CLI
 * share it.
 */
import { randomBytes } from 'node:crypto';
import { keccak256, toHex, type Hex } from 'viem';
import type { Store } from '../store/journal.ts';

/**
 * The key that networks made before operator keys were secret used for chain `chainId`: derived from
 * the chain id, so anyone could compute it. Only a store that already holds such a network still uses it.
 */
function legacyOperatorKey(chainId: number): Hex {
  return keccak256(toHex(`zkinterop:operator:${chainId}`));
}

/** secp256k1's group order: a private key must be below it (and nonzero). */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A fresh random private key (also `zkinterop layout init`'s, for the keys of a deployment). */
export function randomPrivateKey(): Hex {
  for (;;) {
    const key = toHex(randomBytes(32));
    const value = BigInt(key);
    if (value > 0n && value < SECP256K1_ORDER) return key;
  }
}

/**
 * The operator key of a chain in this network: random the first time, kept in the store's meta so a
 * restart (or a dump loaded elsewhere) still recognises its operators. Secret: the only way to settle a
 * batch on Gateway is a transaction signed by it, and no RPC method reveals it or signs with it.
 */
export async function operatorKeyOf(store: Store, chainId: number): Promise<Hex> {
  const metaKey = `operatorKey:${chainId}`;
  const stored = await store.getMeta(metaKey);
  if (stored !== undefined) return stored as Hex;
  // A network stored before keys were random registered the derived key; keep settling with it.
  const key = (await store.getMeta(`genesis:${chainId}`)) !== undefined ? legacyOperatorKey(chainId) : randomPrivateKey();
  await store.setMeta(metaKey, key);
  return key;
}

/**
 * The key of the network's bundle relayer: random the first time, kept in the store's meta like the
 * operator keys, so a restart (or a loaded dump) relays from the same funded account. Never a dev account.
 */
export async function relayerKeyOf(store: Store): Promise<Hex> {
  const stored = await store.getMeta('relayerKey');
  if (stored !== undefined) return stored as Hex;
  const key = randomPrivateKey();
  await store.setMeta('relayerKey', key);
  return key;
}
