/**
 * Reads which Gateway block (and Gateway chain) a `proof_based_gw` proof ends at, from the proof's
 * own words (SPEC §7 layout), so no Gateway query is needed to know which interop root to wait for.
 */
import type { Hex } from 'viem';
import { decodeProofMetadata, unpackSettlementLayerInfo } from '../../protocol/proof.ts';

/** Gateway chain id and block of a Gateway proof, or undefined for a final proof (or a malformed one). */
export function proofGateway(proof: readonly Hex[]): { gatewayChainId: number; gatewayBlockNumber: number } | undefined {
  const [first] = proof;
  if (!first) return undefined;
  const metadata = decodeProofMetadata(first);
  if (!metadata || metadata.finalProofNode) return undefined;
  // metadata, log path, batch-leaf mask, batch-leaf path, then the settlement-layer word and Gateway's chain id
  const settlementIndex = 1 + metadata.logLeafProofLen + 1 + metadata.batchLeafProofLen;
  const settlementWord = proof[settlementIndex];
  const chainIdWord = proof[settlementIndex + 1];
  if (!settlementWord || !chainIdWord) return undefined;
  return { gatewayChainId: Number(BigInt(chainIdWord)), gatewayBlockNumber: Number(unpackSettlementLayerInfo(settlementWord).gatewayBlockNumber) };
}
