/**
 * Timing profiles of a network: how long batches stay open, how long each settlement stage waits,
 * how often watchers look at Gateway.
 * - `instant`: no waiting anywhere (tests, demos).
 * - `default`: batches seal 100 ms after their first transaction; watchers follow Gateway by push (its
 *   `zkinterop_blockTags`) and poll every 10 ms only while its pushes do not reach them.
 * - `realistic`: delays shaped like a live ZK chain on Gateway, scaled down to seconds, so apps can
 *   see (and handle) a message that is sent but not yet verifiable.
 * With an L1 under Gateway, `L1_PROFILES` time the L1 and Gateway's settlement on it. `instant` and
 * `default` give Gateway the chains' batch time and no stage delays (with `instant`'s 0, Gateway holds its
 * open batch while the one before settles on the L1: ChainNode.holdsSeal), and the L1 no block time (a block
 * as soon as a transaction arrives), so a message verifies on another chain as fast as without an L1.
 * `realistic` is shaped like Ethereum under Gateway, scaled down about tenfold as the rest of the
 * profile: 12 s L1 blocks become 1.2 s, Gateway's batches (committed every few minutes on mainnet) stay
 * open 4 s, and its proofs take longer than a chain's.
 */
import type { L1Delays, NetworkDelays, ProfileName } from '../wire/types.ts';

// The names and the delays' shape are part of what zkinterop_networkConfig answers: the wire contract.
export { PROFILE_NAMES, type L1Delays, type NetworkDelays, type ProfileName } from '../wire/types.ts';

/** The delays of each profile. */
export const PROFILES: Readonly<Record<ProfileName, Readonly<NetworkDelays>>> = {
  instant: { batchTimeMs: 0, commitMs: 0, proveMs: 0, executeMs: 0, watcherPollMs: 2 },
  default: { batchTimeMs: 100, commitMs: 0, proveMs: 0, executeMs: 0, watcherPollMs: 10 },
  realistic: { batchTimeMs: 2_000, commitMs: 500, proveMs: 2_000, executeMs: 500, watcherPollMs: 500 },
};

/** The L1's delays of each profile (used only in a network with an L1). */
export const L1_PROFILES: Readonly<Record<ProfileName, Readonly<L1Delays>>> = {
  instant: { blockTimeMs: 0, batchTimeMs: 0, commitMs: 0, proveMs: 0, executeMs: 0 },
  default: { blockTimeMs: 0, batchTimeMs: 100, commitMs: 0, proveMs: 0, executeMs: 0 },
  realistic: { blockTimeMs: 1_200, batchTimeMs: 4_000, commitMs: 1_000, proveMs: 3_000, executeMs: 1_000 },
};
