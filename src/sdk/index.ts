/**
 * The zkinterop client SDK (`zkinterop/sdk`): viem actions to send interop messages, follow them
 * through Gateway, build their proofs and verify them on other chains (off-chain and on-chain) or on L1;
 * to send v31 interop bundles and token transfers, prove them and execute them on their destination; and
 * the shapes the node answers in (the wire contract, src/wire/types.ts, under the SDK's names).
 * It loads no part of the node (EDR, stores, servers): test/sdk/entryPoints.test.ts checks that.
 */
export { createChainClients, type CreateChainClientsParameters, type CreateChainClientsReturnType } from './createChainClients.ts';
export { sendMessage, type SendMessageParameters, type SendMessageReturnType } from './sendMessage.ts';
export { getMessageStatus, type GetMessageStatusParameters, type GetMessageStatusReturnType } from './getMessageStatus.ts';
export { getMessageLifecycle, isExecutedOnL1, type GetMessageLifecycleParameters, type GetMessageLifecycleReturnType } from './getMessageLifecycle.ts';
export { listMessages, type ListMessagesParameters, type ListMessagesReturnType } from './listMessages.ts';
export { getImportedRoot, type GetImportedRootParameters, type GetImportedRootReturnType } from './getImportedRoot.ts';
export { getNetworkConfig, type GetNetworkConfigReturnType } from './getNetworkConfig.ts';
export { waitForMessage, type WaitForMessageParameters, type WaitForMessageReturnType, type WaitForMessageProgress } from './waitForMessage.ts';
export { getInteropProof, type GetInteropProofParameters, type GetInteropProofReturnType } from './getInteropProof.ts';
export { verifyMessage, type VerifyMessageParameters, type VerifyMessageReturnType } from './verifyMessage.ts';
export { verifyMessageOnchain, type VerifyMessageOnchainParameters, type VerifyMessageOnchainReturnType } from './verifyMessageOnchain.ts';
export { getL1MessageProof, type GetL1MessageProofParameters, type GetL1MessageProofReturnType } from './getL1MessageProof.ts';
export { verifyMessageOnL1, type VerifyMessageOnL1Parameters, type VerifyMessageOnL1ReturnType } from './verifyMessageOnL1.ts';
export { deployInteropVerifier, type DeployInteropVerifierParameters, type DeployInteropVerifierReturnType } from './deployInteropVerifier.ts';
export { sendBundle, type SendBundleParameters, type SendBundleReturnType, type BundleCall } from './sendBundle.ts';
export { getBundleProof, type GetBundleProofParameters, type GetBundleProofReturnType, type MessageInclusionProof } from './getBundleProof.ts';
export { executeBundle, type ExecuteBundleParameters, type ExecuteBundleReturnType } from './executeBundle.ts';
export { verifyBundle, type VerifyBundleParameters, type VerifyBundleReturnType } from './verifyBundle.ts';
export { getBundleStatus, BUNDLE_STATUSES, type BundleStatus, type GetBundleStatusParameters, type GetBundleStatusReturnType } from './getBundleStatus.ts';
export { getBundleLifecycle, type GetBundleLifecycleParameters, type GetBundleLifecycleReturnType } from './getBundleLifecycle.ts';
export { waitForBundleLifecycle, type WaitForBundleLifecycleParameters, type WaitForBundleLifecycleReturnType } from './waitForBundleLifecycle.ts';
export { unbundleBundle, type UnbundleAction, type UnbundleBundleParameters, type UnbundleBundleReturnType } from './unbundleBundle.ts';
export { listBundles, type ListBundlesParameters, type ListBundlesReturnType } from './listBundles.ts';
export { waitForBundle, type WaitForBundleParameters, type WaitForBundleReturnType, type WaitForBundleProgress, type BundleWaitStage } from './waitForBundle.ts';
export { transferToken, type TransferTokenParameters, type TransferTokenReturnType } from './transferToken.ts';
export { bridgedTokenAddress, type BridgedTokenAddressParameters } from './bridgedTokenAddress.ts';
export { traceMessage, type TraceMessageClients, type TraceMessageParameters, type TraceMessageReturnType, type TraceStep, type TraceStepName } from './traceMessage.ts';
export {
  WAIT_STAGES,
  WAIT_UNTIL,
  L1_WAIT_STAGE,
  type MessageStage,
  type WaitStage,
  type NetworkConfigNode,
  type InteropMessage,
  type MessageProofArgs,
} from './types.ts';
export {
  LIFECYCLE_STAGES,
  L1_LIFECYCLE_STEPS,
  PROFILE_NAMES,
  type LifecycleStage,
  type LifecycleStep,
  type LifecycleStepName,
  type L1LifecycleStepName,
  type MessageLifecycle,
  type MessageListFilter,
  type MessageListPage,
  type ImportedRoot,
  type GatewayInclusion,
  type L2ToL1LogProof,
  type MessageRootLogProof,
  type NetworkConfig,
  BUNDLE_STAGES,
  type BundleStage,
  type BundleStep,
  type BundleLifecycle,
  type BundleListFilter,
  type BundleListPage,
  type BundleFailure,
  type BundleCallSummary,
  type CallFrame,
  type AutorelayConfig,
  type NetworkDelays,
  type NetworkMode,
  type NodeDescription,
  type ProfileName,
} from '../wire/types.ts';
export { ZkInteropError, InvalidArgumentError, ERROR_CODES, type ErrorCode } from '../errors.ts';
export {
  MessageNotFoundError,
  ProofNotReadyError,
  TransactionRevertedError,
  MessageFailedError,
  WaitTimeoutError,
  VerificationRevertedError,
  UnsupportedNodeError,
  NodeInconsistencyError,
  NoL1Error,
  BundleNotFoundError,
  InteropRootNotImportedError,
  BundleAlreadyProcessedError,
  BundleRevertedError,
  BundleExecutionFailedError,
} from './errors.ts';
