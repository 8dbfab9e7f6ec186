/**
 * A node's `latest`, `safe` and `finalized` block numbers as `eth_subscribe('zkinterop_blockTags')` pushes
 * them (`{ latest, safe, finalized }`, hex quantities): what a follower of the node (a watcher, a chain's
 * layer finality) is woken by instead of polling (RpcClient.followTags, client.ts).
 */

/** A node's block tags, as numbers. */
export type BlockTags = { latest: number; safe: number; finalized: number };

/**
 * What a follower of a node's tags is told: the tags of a push; `subscribed` when the subscription
 * (re)starts (read now: what moved while it was away); `lost` when its socket dropped (poll until
 * `subscribed` again).
 */
export type TagsEvent = BlockTags | 'subscribed' | 'lost';

/** The tags of one push, or undefined if `result` is not one. */
export function parseBlockTags(result: unknown): BlockTags | undefined {
  const r = result as { latest?: unknown; safe?: unknown; finalized?: unknown } | null;
  if (typeof r?.latest !== 'string' || typeof r.safe !== 'string' || typeof r.finalized !== 'string') return undefined;
  return { latest: Number(r.latest), safe: Number(r.safe), finalized: Number(r.finalized) };
}
