/** The known-good interop vectors (test/fixtures/interop-vectors.json), typed for the tests. */
import { readFileSync } from 'node:fs';
import type { Address, Hex } from 'viem';

export type ProofVector = {
  name: string;
  method: string;
  chainId: number;
  blockOrBatchNumber: number;
  index: number;
  log: { l2ShardId: number; isService: boolean; txNumberInBatch: number; sender: Address; key: Hex; value: Hex };
  proof: Hex[];
  storedRoot: { chainId: number; blockOrBatchNumber: number; root: Hex };
  intermediate?: { chainBatchRoot: Hex; chainTreeRoot: Hex; chainIdLeaf: Hex };
  expected: boolean;
};

export type InteropVectors = {
  constants: Record<string, Hex>;
  proofs: [ProofVector, ProofVector];
  messageRoot: [
    {
      name: string;
      hostChainId: number;
      chain: { chainId: Hex; batchNumber: number; chainBatchRoot: Hex };
      aggregatedRootAfterInit: string;
      expectedAggregatedRoot: Hex;
    },
  ];
};

/** The parsed vector file. */
export const vectors: InteropVectors = JSON.parse(
  readFileSync(new URL('../fixtures/interop-vectors.json', import.meta.url), 'utf8'),
) as InteropVectors;

/** A reader that knows exactly one stored root. */
export function readerOf(stored: { chainId: number | bigint; blockOrBatchNumber: number | bigint; root: Hex }) {
  return (chainId: bigint, blockOrBatchNumber: bigint): Hex | undefined =>
    chainId === BigInt(stored.chainId) && blockOrBatchNumber === BigInt(stored.blockOrBatchNumber) ? stored.root : undefined;
}
