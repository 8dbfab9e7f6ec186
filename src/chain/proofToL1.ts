/**
 * `zks_getL2ToL1LogProof(tx, i)` without a mode for a chain settling on Gateway when the network runs an
 * L1 (SPEC §10): the real server's proof to the L1, recursive through Gateway. The chain's own part (the
 * log's path to its chain batch root) comes from the chain; Gateway's part (the Gateway batch holding the
 * chain batch's execute, the paths at the shared root that batch committed, Gateway's local logs root)
 * comes from Gateway through its RPC client (`zkinterop_getL1Inclusion`), never from Gateway's objects.
 * Null until that Gateway batch is executed on the L1. `root`, `id` and `batchNumber` are as in the other
 * modes: the chain batch root, the log's leaf index, the chain's batch.
 */
import type { Hex } from 'viem';
import type { RpcClient } from '../rpc/client.ts';
import { buildProofToL1 } from '../protocol/proof.ts';
import type { GatewayL1Inclusion, L2ToL1LogProof } from '../wire/types.ts';
import type { ChainNode } from './chainNode.ts';

/** Answers a transaction's n-th log proof to the L1, or null while it is not provable there. */
export type ProofToL1 = (hash: Hex, index: number) => Promise<L2ToL1LogProof | null>;

/**
 * The proof-to-L1 source of one chain on Gateway.
 * @param gateway Gateway's RPC client (in-process or HTTP)
 * @example const proofToL1 = createProofToL1(node, gatewayClient); await proofToL1(txHash, 0)
 */
export function createProofToL1(node: Pick<ChainNode, 'logProof' | 'chainId'>, gateway: RpcClient): ProofToL1 {
  return async (hash, index) => {
    const local = node.logProof(hash, index, 'final');
    if (!local) return null;
    const inclusion = await gateway.request<GatewayL1Inclusion | null>('zkinterop_getL1Inclusion', [node.chainId, local.batchNumber]);
    if (!inclusion) return null;
    const proof = buildProofToL1({
      // The final proof is [metadata, ...path to the chain batch root]: the path is the recursive proof's first part.
      logLeafPath: local.proof.slice(1),
      batchLeafProofMask: inclusion.batchLeafProofMask,
      batchLeafPath: inclusion.batchLeafProof,
      sharedTreeMask: inclusion.sharedTreeIndex,
      gatewayChainId: inclusion.gatewayChainId,
      sharedTreePath: inclusion.sharedTreeProof,
      settlementLayerBatchNumber: inclusion.gatewayBatchNumber,
      settlementLayerLocalLogsRoot: inclusion.gatewayLocalLogsRoot,
    });
    return { id: local.id, proof, root: local.root, batchNumber: local.batchNumber };
  };
}
