/**
 * The SDK's own data: message stages as the SDK sees them (`sent` before a node has the message in a
 * block, then the node's stages), the stages `waitForMessage` waits for, and the verification
 * arguments of a message. Plain JSON-able data; numbers are JSON numbers.
 *
 * What the node answers over RPC (lifecycles, imported roots, network configuration…) is not defined
 * here but in the wire contract, src/wire/types.ts, which the node imports too; src/sdk/index.ts
 * re-exports it.
 */
import type { Address, Hex } from 'viem';
import type { LifecycleStage, NodeDescription } from '../wire/types.ts';

/** Stage of a message on its source chain, in order: `sent` (in no block yet), then what the node reports; `failed` ends the road. */
export type MessageStage = 'sent' | LifecycleStage;

/** Every stage of a message in order: on its source chain, then `imported` and `verifiable` on a target chain. */
export const WAIT_STAGES = ['sent', 'included', 'sealed', 'committed', 'proved', 'executed', 'imported', 'verifiable'] as const;

/** Every stage `waitForMessage` can wait for. */
export type WaitStage = Exclude<(typeof WAIT_STAGES)[number], 'sent'>;

/** One node of a network as `zkinterop_networkConfig` lists it (the wire contract's `NodeDescription`). */
export type NetworkConfigNode = NodeDescription;

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
