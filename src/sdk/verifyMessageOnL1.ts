/**
 * `verifyMessageOnL1`: asks L1 whether a message of a ZK chain is proven (SPEC §10) — with an
 * eth_call to `Bridgehub.proveL2MessageInclusion` (default), or `offline` with the TypeScript twin
 * of that check (src/protocol/verifyOnL1.ts) reading only L1's stored batch roots.
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, type Client } from 'viem';
import { readContract } from 'viem/actions';
import { BRIDGEHUB_ADDRESS, bridgehubAbi, chainSettlementAbi } from '../contracts/index.ts';
import { ProofRevertError, proveL2MessageInclusionOnL1, type L1SettlementReader } from '../protocol/index.ts';
import { NoL1Error, VerificationRevertedError } from './errors.ts';
import { proofCallArgs } from './internal/proofArgs.ts';
import { isMethodNotFound, rpc } from './internal/rpc.ts';
import type { MessageProofArgs } from './types.ts';

export type VerifyMessageOnL1Parameters = MessageProofArgs & {
  /** verify in TypeScript against L1's stored roots instead of calling Bridgehub (default false) */
  offline?: boolean;
};

/** True when the proof leads to the batch root L1 stores. */
export type VerifyMessageOnL1ReturnType = boolean;

/**
 * Verifies a message on L1 with the proof `getL1MessageProof` builds.
 * @param client a viem client of the L1 node (`zkinterop_networkConfig`'s `l1.rpcUrl`)
 * @throws NoL1Error when the client's node is a ZK chain (it answers zks_L1ChainId), or has no Bridgehub
 *   with a ZK chain contract for the chain (not the L1, or the chain is not registered there); VerificationRevertedError when the check reverts
 *   (malformed proof, or a batch not executed on L1 yet)
 * @example
 * const proof = await getL1MessageProof(sourceClient, { txHash });
 * console.log(await verifyMessageOnL1(l1Client, proof)); // true
 */
export async function verifyMessageOnL1(client: Client, parameters: VerifyMessageOnL1Parameters): Promise<VerifyMessageOnL1ReturnType> {
  const l1OfNode = await l1ChainIdOf(client);
  if (l1OfNode !== undefined) {
    throw new NoL1Error(`this node is a ZK chain whose L1 is chain ${l1OfNode}, not the L1 (it answers zks_L1ChainId): connect the client to the network's L1 (zkinterop_networkConfig's l1.rpcUrl)`);
  }
  const reader = l1Reader(client);
  if (!(await registered(reader, BigInt(parameters.chainId)))) {
    throw new NoL1Error(`chain ${parameters.chainId} has no ZK chain contract on the Bridgehub of this node: is the client connected to the network's L1 (zkinterop_networkConfig's l1.rpcUrl)?`);
  }
  if (parameters.offline) {
    try {
      return await proveL2MessageInclusionOnL1(parameters, reader);
    } catch (error) {
      if (error instanceof ProofRevertError) throw new VerificationRevertedError(`L1 would reject the proof: ${error.reason}${error.details ? ` (${error.details})` : ''}`, { cause: error });
      throw error;
    }
  }
  try {
    return await readContract(client, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'proveL2MessageInclusion', args: proofCallArgs(parameters) });
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (reverted instanceof ContractFunctionRevertedError) {
      const reason = reverted.data?.errorName ?? reverted.reason ?? reverted.shortMessage;
      throw new VerificationRevertedError(`Bridgehub on L1 rejected the proof: ${reason}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The L1 chain id a ZKsync node names (`zks_L1ChainId`), or undefined for a node that does not serve it:
 * an L1. Gateway has a Bridgehub that knows the chains settling on it too, so asking Bridgehub alone
 * would take Gateway for the L1.
 */
async function l1ChainIdOf(client: Client): Promise<number | undefined> {
  try {
    return Number(await rpc<string>(client, 'zks_L1ChainId'));
  } catch (error) {
    if (isMethodNotFound(error)) return undefined;
    throw error;
  }
}

/** Whether the node's Bridgehub knows the chain; false when it has no Bridgehub at all. */
async function registered(reader: L1SettlementReader, chainId: bigint): Promise<boolean> {
  try {
    return await reader.isRegistered(chainId);
  } catch (error) {
    if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionZeroDataError)) return false;
    throw error;
  }
}

/** L1's settlement state through eth_calls: Bridgehub and the chains' ZK chain contracts. */
function l1Reader(client: Client): L1SettlementReader {
  const zkChain = (chainId: bigint) => readContract(client, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getZKChain', args: [chainId] });
  return {
    isRegistered: async (chainId) => BigInt(await zkChain(chainId)) !== 0n,
    isSettlementLayer: (chainId) => readContract(client, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'whitelistedSettlementLayers', args: [chainId] }),
    totalBatchesExecuted: async (chainId) => readContract(client, { address: await zkChain(chainId), abi: chainSettlementAbi, functionName: 'getTotalBatchesExecuted' }),
    l2LogsRootHash: async (chainId, batchNumber) => readContract(client, { address: await zkChain(chainId), abi: chainSettlementAbi, functionName: 'l2LogsRootHash', args: [batchNumber] }),
  };
}
