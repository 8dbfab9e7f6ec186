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

/**
 * The stage on the L1 `waitForMessage` can wait for, in a network with an L1 (SPEC §10): the message is
 * provable on the L1 with the proof `zks_getL2ToL1LogProof` answers without a mode — the Gateway batch
 * holding its batch's execute is executed on the L1 (the lifecycle's `executedOnL1` step), or, for a
 * chain settling on the L1 directly, its batch is `executed` there. Not ordered with `imported` and
 * `verifiable` (a target may import the root before or after), so not in WAIT_STAGES.
 */
export const L1_WAIT_STAGE = 'executed-on-l1';

/** Every stage `waitForMessage` can wait for. */
export type WaitStage = Exclude<(typeof WAIT_STAGES)[number], 'sent'> | typeof L1_WAIT_STAGE;

/** What `waitForMessage` and `zkinterop wait --until` accept, in the order they are listed to users. */
export const WAIT_UNTIL: readonly WaitStage[] = [...(WAIT_STAGES.slice(1) as Exclude<(typeof WAIT_STAGES)[number], 'sent'>[]), L1_WAIT_STAGE];

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
