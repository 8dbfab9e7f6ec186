/**
 * `zks_getL2ToL1LogProof(tx, i)` without a mode for a chain settling on Gateway when the network runs an
 * L1 (SPEC §10): the real server's proof to the L1, recursive through Gateway. The chain's own part (the
 * log's path to its chain batch root) comes from the chain; Gateway's part (the Gateway batch holding the
 * chain batch's execute, the paths at the shared root that batch committed, Gateway's local logs root)
 * comes from Gateway through its RPC client (`zkinterop_getL1Inclusion`), never from Gateway's objects.
 * Null until that Gateway batch is executed on the L1. `root`, `id` and `batchNumber` are as in the other
 * modes: the chain batch root, the log's leaf index, the chain's batch.
 *
 * Gateway's part is fixed once Gateway answers it (its batch is executed on the L1), so it is asked once
 * per chain batch and kept beside that batch's Gateway inclusion (a WeakMap keyed by the inclusion
 * object): a batch restored from a snapshot or replayed from the store is another object and asks again,
 * and a kept answer goes with the batch it belongs to. Later proofs of the batch are served from the
 * cached words as `proof_based_gw` ones are (logProof.ts), without a round trip to Gateway.
 */
import type { Hex } from 'viem';
import type { RpcClient } from '../rpc/client.ts';
import type { GatewayInclusion, GatewayL1Inclusion } from '../wire/types.ts';
import type { ChainNode } from './chainNode.ts';
import { logProofToL1Json } from './logProof.ts';

/**
 * Answers a transaction's n-th log proof to the L1 as JSON text (the `L2ToL1LogProof` object serialised),
 * or null while it is not provable there; synchronously once Gateway's part of the batch is known.
 */
export type ProofToL1 = (hash: Hex, index: number) => string | null | Promise<string | null>;

/**
 * The proof-to-L1 source of one chain on Gateway.
 * @param gateway Gateway's RPC client (in-process or HTTP)
 * @example const proofToL1 = createProofToL1(node, gatewayClient); JSON.parse(await proofToL1(txHash, 0))
 */
export function createProofToL1(node: Pick<ChainNode, 'provableLog' | 'chainId'>, gateway: RpcClient): ProofToL1 {
  const known = new WeakMap<GatewayInclusion, GatewayL1Inclusion>();
  return (hash, index) => {
    const at = node.provableLog(hash, index);
    if (!at) return null;
    const { batch, id } = at;
    // provableLog answers only for a batch with its Gateway inclusion.
    const key = batch.gatewayInclusion!;
    const l1 = known.get(key);
    if (l1) return logProofToL1Json(batch, id, l1, node.chainId);
    return gateway.request<GatewayL1Inclusion | null>('zkinterop_getL1Inclusion', [node.chainId, batch.number]).then((inclusion) => {
      if (!inclusion) return null;
      // The batch may have been replaced meanwhile (a revert): keep the answer only with the batch it was asked for.
      known.set(key, inclusion);
      return logProofToL1Json(batch, id, inclusion, node.chainId);
    });
  };
}
