/**
 * Timing profiles of a network: how long batches stay open, how long each settlement stage waits,
 * how often watchers look at Gateway.
 * - `instant`: no waiting anywhere (tests, demos).
 * - `default`: batches seal 100 ms after their first transaction; watchers poll every 10 ms.
 * - `realistic`: delays shaped like a live ZK chain on Gateway, scaled down to seconds, so apps can
 *   see (and handle) a message that is sent but not yet verifiable.
 */
import type { NetworkDelays, ProfileName } from '../wire/types.ts';

// The names and the delays' shape are part of what zkinterop_networkConfig answers: the wire contract.
export { PROFILE_NAMES, type NetworkDelays, type ProfileName } from '../wire/types.ts';

/** The delays of each profile. */
export const PROFILES: Readonly<Record<ProfileName, Readonly<NetworkDelays>>> = {
  instant: { batchTimeMs: 0, commitMs: 0, proveMs: 0, executeMs: 0, watcherPollMs: 2 },
  default: { batchTimeMs: 100, commitMs: 0, proveMs: 0, executeMs: 0, watcherPollMs: 10 },
  realistic: { batchTimeMs: 2_000, commitMs: 500, proveMs: 2_000, executeMs: 500, watcherPollMs: 500 },
};
