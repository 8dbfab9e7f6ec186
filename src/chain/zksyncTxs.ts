/**
 * The two hashes of a ZKsync EIP-712 (0x71) transaction: the client's (the ZKsync hash zksync-ethers
 * computes) and the engine's (the EVM runs the call as its sender under another hash). This book keeps
 * both for every 0x71 transaction of the chain, and the decoded ones between submission and their
 * block, so the chain node serves blocks, transactions and receipts under the client's hash. Standard
 * transactions have one hash and are not kept here. No I/O.
 */
import type { Hex } from 'viem';
import type { DecodedTransaction } from '../protocol/transaction.ts';
import type { TxSubmission } from './sequencer.ts';

/** A 0x71 transaction in a block: what it was (and its signed bytes), its engine hash, when it was received (ms). */
export type ZkTx = { decoded: DecodedTransaction; raw?: Hex; evmHash: Hex; receivedAt: number };

/** A copy of the book (part of a chain's snapshot). */
export type ZksyncTxsState = { zkTxs: Map<Hex, ZkTx>; evmToClient: Map<Hex, Hex> };

/** Both hashes of the chain's 0x71 transactions; see module header. */
export class ZksyncTxs {
  private readonly zkTxs = new Map<Hex, ZkTx>();
  private readonly evmToClient = new Map<Hex, Hex>();
  /** decoded 0x71 transactions between submission and their block */
  private readonly pending = new Map<Hex, { decoded: DecodedTransaction; raw?: Hex }>();

  /** True when a 0x71 transaction with this client hash was sent (in a block or on its way). */
  has(hash: Hex): boolean {
    return this.zkTxs.has(hash) || this.pending.has(hash);
  }

  /** Holds a decoded 0x71 transaction (and its signed bytes) until its block records it (`included`). */
  hold(decoded: DecodedTransaction, raw?: Hex): void {
    this.pending.set(decoded.hash, { decoded, raw });
  }

  /** Forgets a held transaction (its submission settled, in a block or refused). */
  release(hash: Hex): void {
    this.pending.delete(hash);
  }

  /**
   * Records a transaction of a sealed block whose client hash differs from its engine hash.
   * @param receivedAt when it was received (ms)
   */
  included(hash: Hex, evmHash: Hex, receivedAt: number): void {
    this.evmToClient.set(evmHash, hash);
    const held = this.pending.get(hash);
    if (held) this.zkTxs.set(hash, { decoded: held.decoded, raw: held.raw, evmHash, receivedAt });
  }

  /** The engine's hash for a client-facing hash (identity for standard transactions). */
  evmHashOf(hash: Hex): Hex {
    return this.zkTxs.get(hash.toLowerCase() as Hex)?.evmHash ?? hash;
  }

  /** The client-facing hash for an engine hash. */
  clientHashOf(evmHash: Hex): Hex {
    return this.evmToClient.get(evmHash) ?? evmHash;
  }

  /** The decoded 0x71 transaction behind a client hash, if it was one. */
  decoded(hash: Hex): DecodedTransaction | undefined {
    return this.zkTxs.get(hash.toLowerCase() as Hex)?.decoded;
  }

  /** The signed bytes of a 0x71 transaction in a block (zks_getRawBlockTransactions). */
  raw(hash: Hex): Hex | undefined {
    return this.zkTxs.get(hash.toLowerCase() as Hex)?.raw;
  }

  /** The book's entries (not copied: the snapshot copies them). */
  saveState(): ZksyncTxsState {
    return { zkTxs: this.zkTxs, evmToClient: this.evmToClient };
  }

  /** Replaces the book's entries with a saved copy's (held transactions stay). */
  restoreState(state: ZksyncTxsState): void {
    replaceMap(this.zkTxs, state.zkTxs);
    replaceMap(this.evmToClient, state.evmToClient);
  }
}

/**
 * The submission that runs a verified 0x71 transaction as its sender, paying the fees it signed (the
 * same effective gas price as an EIP-1559 transaction with those fees; base fee + tip capped at the
 * max fee). Replay rebuilds it from the journaled raw bytes, so a replayed block pays the same.
 */
export function zksyncSubmission(decoded: DecodedTransaction, raw: Hex): TxSubmission {
  return {
    kind: 'impersonated',
    hash: decoded.hash,
    raw,
    from: decoded.from,
    to: decoded.to ?? undefined,
    data: decoded.data,
    value: decoded.value,
    gas: decoded.gas,
    nonce: decoded.nonce,
    maxFeePerGas: decoded.maxFeePerGas ?? decoded.gasPrice,
    maxPriorityFeePerGas: decoded.maxPriorityFeePerGas ?? decoded.gasPrice,
  };
}

function replaceMap<K, V>(target: Map<K, V>, source: Map<K, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}
