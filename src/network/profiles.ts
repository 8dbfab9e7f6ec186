/**
 * Timing profiles of a network: how long batches stay open, how long each settlement stage waits,
 * how often watchers look at Gateway.
 * - `instant`: no waiting anywhere (tests, demos).
 * - `default`: batches seal 100 ms after their first transaction; watchers poll every 10 ms.
 * - `realistic`: delays shaped like a live ZK chain on Gateway, scaled down to seconds, so apps can
 *   see (and handle) a message that is sent but not yet verifiable.
 */

/** Every delay of a network, in ms. */
export type NetworkDelays = { batchTimeMs: number; commitMs: number; proveMs: number; executeMs: number; watcherPollMs: number };

/** Names of the built-in profiles. */
export const PROFILE_NAMES = ['instant', 'default', 'realistic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The delays of each profile. */
export const PROFILES: Readonly<Record<ProfileName, Readonly<NetworkDelays>>> = {
  instant: { batchTimeMs: 0, commitMs: 0, proveMs: 0, executeMs: 0, watcherPollMs: 2 },
  default: { batchTimeMs: 100, commitMs: 0, proveMs: 0, executeMs: 0, watcherPollMs: 10 },
  realistic: { batchTimeMs: 2_000, commitMs: 500, proveMs: 2_000, executeMs: 500, watcherPollMs: 500 },
};
