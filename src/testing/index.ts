/** The test harness entry (`zkinterop/testing`). */
export { createNetwork, AdvanceTimeoutError, MESSAGE_STAGES, type CreateNetworkOptions, type TestNetwork, type ChainHandle, type MessageStage } from './createNetwork.ts';
/** What `createNetwork({ processes: true })` started (`TestNetwork<ProcessNetwork>`'s `network`). */
export type { ProcessNetwork } from '../network/processNetwork.ts';
