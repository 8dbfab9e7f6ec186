/**
 * `traceMessage`: every step of one message across the network, with its time and where it happened:
 * sent, in a block, batch sealed, committed / proved / executed on Gateway (with the Gateway
 * transactions and blocks), the interop root of that Gateway block, then on each target chain the
 * root's import (`zkinterop_getImportedRoot`) and whether the message verifies there (eth_call). In a
 * network with an L1 (its `zkinterop_networkConfig` has one), the steps on the L1 too: the Gateway batch
 * holding the message's batch committed, proved and executed there (for a chain settling on the L1
 * directly, its own committed / proved / executed steps are on the L1 and name it).
 */
import type { Address, Client, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { l2InteropRootStorageAbi, L2_INTEROP_ROOT_STORAGE_ADDRESS } from '../contracts/index.ts';
import { MessageNotFoundError } from './errors.ts';
import { getImportedRoot } from './getImportedRoot.ts';
import { getInteropProof, type GetInteropProofReturnType } from './getInteropProof.ts';
import { getMessageLifecycle } from './getMessageLifecycle.ts';
import { chainIdOf, isMethodNotFound, rpc } from './internal/rpc.ts';
import type { MessageStage } from './types.ts';
import { L1_LIFECYCLE_STEPS, type ImportedRoot, type L1LifecycleStepName, type MessageLifecycle, type NetworkConfig } from '../wire/types.ts';
import { verifyMessage } from './verifyMessage.ts';

/** The steps of a trace, in order; `imported` and `verified` repeat once per target chain. */
export type TraceStepName = 'sent' | 'included' | 'sealed' | 'committed' | 'proved' | 'executed' | 'interopRoot' | L1LifecycleStepName | 'imported' | 'verified';

/** One step of a trace. Steps not reached yet are listed too, with `at: null`. */
export type TraceStep = {
  step: TraceStepName;
  /** the chain the step happened on (source, Gateway or a target); null when not known yet */
  chainId: number | null;
  /** ms since the epoch; null while not reached. For `verified`: since when it verifies (the root's import). */
  at: number | null;
  blockNumber?: number;
  batchNumber?: number;
  gatewayTxHash?: Hex;
  gatewayBlockNumber?: number;
  interopRoot?: Hex;
  /** a transaction on the L1: the L1 steps, and the settlement steps of a chain settling on the L1 */
  l1TxHash?: Hex;
  /** the L1 steps: Gateway's batch holding the message's batch */
  gatewayBatchNumber?: number;
  /** `verified` steps: what the target's verifier answered (false while the root is not imported) */
  verified?: boolean;
};

export type TraceMessageClients = {
  /** the source chain */
  source: Client;
  /** Gateway: to find the blocks of the commit and prove transactions (optional) */
  gateway?: Client;
  /** the chains to follow the import and verification on */
  targets: Client[];
};

export type TraceMessageParameters = {
  /** the transaction that sent the message (or the message hash) */
  txHash: Hex;
  /** which message of the transaction (default 0) */
  index?: number;
};

export type TraceMessageReturnType = {
  chainId: number;
  txHash: Hex;
  messageHash: Hex;
  sender: Address;
  message: Hex;
  stage: MessageStage;
  steps: TraceStep[];
  /** true once the message verifies on every target */
  complete: boolean;
  error?: string;
};

const SOURCE_STEPS = ['sent', 'included', 'sealed'] as const;
const GATEWAY_STEPS = ['committed', 'proved', 'executed'] as const;

/**
 * Traces a message from its source chain through Gateway to every target chain.
 * @param clients viem clients of the source chain, Gateway (optional) and the target chains
 * @throws MessageNotFoundError when the source chain knows no message by that hash;
 *   UnsupportedNodeError when the source is not a zkinterop node
 * @example
 * const trace = await traceMessage({ source, gateway, targets: [chainB] }, { txHash });
 * for (const s of trace.steps) console.log(s.step, s.chainId, s.at);
 */
export async function traceMessage(clients: TraceMessageClients, parameters: TraceMessageParameters): Promise<TraceMessageReturnType> {
  const lifecycle = await getMessageLifecycle(clients.source, { hash: parameters.txHash, index: parameters.index });
  if (!lifecycle) throw new MessageNotFoundError(`no interop message found for ${parameters.txHash} on the source chain: check the hash, and that clients.source is the chain that sent it`);
  const executed = lifecycle.steps.find((s) => s.step === 'executed');
  const proof = executed ? await getInteropProof(clients.source, { txHash: lifecycle.txHash, index: lifecycle.index }) : undefined;
  const gatewayChainId = proof?.gatewayChainId ?? (clients.gateway ? await chainIdOf(clients.gateway) : null);

  const steps: TraceStep[] = [];
  for (const name of SOURCE_STEPS) {
    const s = lifecycle.steps.find((x) => x.step === name);
    steps.push({ step: name, chainId: lifecycle.chainId, at: s?.at ?? null, ...pick(s, 'blockNumber', 'batchNumber') });
  }
  for (const name of GATEWAY_STEPS) {
    const s = lifecycle.steps.find((x) => x.step === name);
    const gatewayBlockNumber = s?.gatewayBlockNumber ?? (s?.gatewayTxHash && clients.gateway ? await blockOfTransaction(clients.gateway, s.gatewayTxHash) : undefined);
    // A chain settling on the L1 directly settles there: the step names the L1 and its transaction.
    steps.push({ step: name, chainId: s?.settlementLayerChainId ?? gatewayChainId, at: s?.at ?? null, ...pick(s, 'gatewayTxHash', 'l1TxHash'), ...(gatewayBlockNumber !== undefined ? { gatewayBlockNumber } : {}) });
  }
  steps.push({
    step: 'interopRoot',
    chainId: gatewayChainId,
    at: executed?.at ?? null,
    ...(proof ? { gatewayBlockNumber: proof.gatewayBlockNumber } : {}),
    ...(lifecycle.interopRoot ? { interopRoot: lifecycle.interopRoot } : {}),
  });

  const l1ChainId = await l1UnderGatewayOf(clients.source, lifecycle.chainId);
  if (l1ChainId !== null) {
    for (const name of L1_LIFECYCLE_STEPS) {
      const s = lifecycle.steps.find((x) => x.step === name);
      steps.push({ step: name, chainId: s?.settlementLayerChainId ?? l1ChainId, at: s?.at ?? null, ...pick(s, 'l1TxHash', 'gatewayBatchNumber') });
    }
  }

  let complete = clients.targets.length > 0 && proof !== undefined;
  for (const target of clients.targets) {
    const targetChainId = await chainIdOf(target);
    const imported = proof ? await importOf(target, proof) : null;
    steps.push({ step: 'imported', chainId: targetChainId, at: imported?.importedAt ?? null, ...(imported && imported.l2BlockNumber >= 0 ? { blockNumber: imported.l2BlockNumber } : {}) });
    const verified = proof && imported ? await verifyMessage(target, proof) : false;
    if (!verified) complete = false;
    steps.push({ step: 'verified', chainId: targetChainId, at: verified ? (imported?.importedAt ?? null) : null, verified });
  }

  return {
    chainId: lifecycle.chainId,
    txHash: lifecycle.txHash,
    messageHash: lifecycle.messageHash,
    sender: lifecycle.sender,
    message: lifecycle.message,
    stage: lifecycle.stage,
    steps,
    complete,
    ...(lifecycle.error ? { error: lifecycle.error } : {}),
  };
}

/** The L1's id when the source's network has an L1 and the source settles on Gateway (so its message has L1 steps); else null. */
async function l1UnderGatewayOf(source: Client, chainId: number): Promise<number | null> {
  let config: NetworkConfig;
  try {
    config = await rpc<NetworkConfig>(source, 'zkinterop_networkConfig');
  } catch {
    return null; // not a zkinterop node, or it hides its config: no L1 steps to list
  }
  if (!config.l1 || config.chains.some((c) => c.chainId === chainId && c.settlesOn === 'l1')) return null;
  return config.l1.chainId;
}

function pick<K extends 'blockNumber' | 'batchNumber' | 'gatewayTxHash' | 'l1TxHash' | 'gatewayBatchNumber'>(step: MessageLifecycle['steps'][number] | undefined, ...keys: K[]): Partial<TraceStep> {
  const out: Partial<TraceStep> = {};
  for (const k of keys) if (step?.[k] !== undefined) (out as Record<string, unknown>)[k] = step[k];
  return out;
}

async function blockOfTransaction(gateway: Client, txHash: Hex): Promise<number | undefined> {
  const receipt = await rpc<{ blockNumber: Hex } | null>(gateway, 'eth_getTransactionReceipt', [txHash]);
  return receipt ? Number(BigInt(receipt.blockNumber)) : undefined;
}

/** The target's import record; on a node without the dev namespace, the stored root without a time (-1 block). */
async function importOf(target: Client, proof: GetInteropProofReturnType): Promise<ImportedRoot | { importedAt: null; l2BlockNumber: -1 } | null> {
  try {
    return await getImportedRoot(target, { chainId: proof.gatewayChainId, blockNumber: proof.gatewayBlockNumber });
  } catch (error) {
    if (!isMethodNotFound(error)) throw error;
  }
  const root = await readContract(target, {
    address: L2_INTEROP_ROOT_STORAGE_ADDRESS,
    abi: l2InteropRootStorageAbi,
    functionName: 'interopRoots',
    args: [BigInt(proof.gatewayChainId), BigInt(proof.gatewayBlockNumber)],
  });
  return BigInt(root) !== 0n ? { importedAt: null, l2BlockNumber: -1 } : null;
}
