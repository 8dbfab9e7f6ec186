/**
 * The data the SDK hands out: message stages and lifecycles (the `zkinterop_*` dev namespace's
 * shapes, docs/dev-rpc.md), imported roots, network configuration, and the verification arguments
 * of a message. Plain JSON-able data; numbers are JSON numbers.
 */
import type { Address, Hex } from 'viem';

/** Stage of a message on its source chain, in order; `failed` ends the road. */
export type MessageStage = 'sent' | 'included' | 'sealed' | 'committed' | 'proved' | 'executed' | 'failed';

/** Every stage of a message in order: on its source chain, then `imported` and `verifiable` on a target chain. */
export const WAIT_STAGES = ['sent', 'included', 'sealed', 'committed', 'proved', 'executed', 'imported', 'verifiable'] as const;

/** Every stage `waitForMessage` can wait for. */
export type WaitStage = Exclude<(typeof WAIT_STAGES)[number], 'sent'>;

/** One reached step of a message's lifecycle on its source chain. */
export type LifecycleStep = {
  step: Exclude<MessageStage, 'failed'>;
  /** ms since the epoch */
  at: number;
  blockNumber?: number;
  batchNumber?: number;
  gatewayTxHash?: Hex;
  gatewayBlockNumber?: number;
};

/** A message as its source chain knows it (`zkinterop_getMessageLifecycle`). */
export type MessageLifecycle = {
  chainId: number;
  txHash: Hex;
  /** n-th message of its transaction */
  index: number;
  messageHash: Hex;
  sender: Address;
  message: Hex;
  /** position of its L2→L1 log in the batch (the proof's `index`) */
  logId?: number | null;
  txNumberInBatch?: number | null;
  blockNumber?: number | null;
  batchNumber?: number | null;
  stage: MessageStage;
  gatewayBlockNumber?: number | null;
  interopRoot?: Hex | null;
  steps: LifecycleStep[];
  error?: string;
};

/** When a chain imported the interop root of one Gateway block (`zkinterop_getImportedRoot`). */
export type ImportedRoot = { chainId: number; blockNumber: number; root: Hex; l2BlockNumber: number; importedAt: number };

/** One node of a network as `zkinterop_networkConfig` lists it. */
export type NetworkConfigNode = {
  chainId: number;
  role: 'gateway' | 'chain';
  rpcUrl: string;
  wsUrl?: string;
  routedUrl?: string;
  settlementContract?: Address;
};

/** A network's layout (`zkinterop_networkConfig`). */
export type NetworkConfig = {
  mode?: string;
  profile?: string;
  delays?: Record<string, number>;
  gateway: NetworkConfigNode;
  chains: NetworkConfigNode[];
  routerUrl?: string;
};

/** The message argument of `proveL2MessageInclusionShared`: `(txNumberInBatch, sender, data)`. */
export type InteropMessage = { txNumberInBatch: number; sender: Address; data: Hex };

/**
 * The arguments of `L2MessageVerification.proveL2MessageInclusionShared(chainId, batchNumber, index,
 * message, proof)`: what a target chain needs to verify a message.
 */
export type MessageProofArgs = {
  /** source chain id */
  chainId: number;
  /** the source chain's batch */
  batchNumber: number;
  /** position of the message's L2→L1 log in that batch (log id) */
  index: number;
  message: InteropMessage;
  proof: Hex[];
};
