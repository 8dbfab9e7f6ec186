/**
 * Search: one box for a transaction hash, message hash, bundle hash, address, or block / batch number.
 * A 32-byte hash is asked of every node (transaction, message lifecycle) and of the network (bundle);
 * a number names that block and batch on every node. One match opens its page at once; several are
 * listed.
 */
import { useEffect } from 'preact/hooks';
import type { BundleLifecycle, MessageLifecycle } from '../../src/wire/types.ts';
import { rpcBatch, ok, rpc } from '../rpc.ts';
import { useLive, useNetwork } from '../live.ts';
import { Link, LoadState, PageTitle } from '../ui.tsx';
import { href, type Route } from '../route.ts';
import { hexNumber } from '../format.ts';
import type { Node } from '../network.ts';

type Hit = { route: Route; label: string };

/** What a query can be. */
export function classify(query: string): 'hash' | 'address' | 'number' | 'unknown' {
  const q = query.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(q)) return 'hash';
  if (/^0x[0-9a-fA-F]{40}$/.test(q)) return 'address';
  if (/^#?\d{1,15}$/.test(q)) return 'number';
  return 'unknown';
}

export function SearchPage(props: { query: string }) {
  const net = useNetwork();
  const q = props.query.trim();
  const kind = classify(q);
  const hits = useLive(() => search(q, kind, net.nodes, net.config.gateway.chainId), `search:${q}`, []);
  useEffect(() => {
    // One match: go there (replacing the search in history, so Back returns to where the search began).
    if (hits.data?.length === 1) location.replace(href(hits.data[0]!.route));
  }, [hits.data]);
  return (
    <>
      <PageTitle title={<>Search: <code>{q}</code></>} />
      {kind === 'unknown' ? <p role="alert">Search takes a transaction, message or bundle hash (0x and 64 hex digits), an address (0x and 40 hex digits), or a block or batch number.</p> : null}
      <LoadState loading={hits.loading} error={hits.error} what="the network" />
      {hits.data ? (
        hits.data.length === 0 ? (
          <p role="status">Nothing on this network matches {q}.</p>
        ) : (
          <ul class="hits" aria-label="Matches">
            {hits.data.map((h) => (
              <li>
                <Link to={h.route}>{h.label}</Link>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}

async function search(q: string, kind: ReturnType<typeof classify>, nodes: Node[], gatewayId: number): Promise<Hit[]> {
  if (kind === 'address') return [{ route: { page: 'address', address: q }, label: `Address ${q}` }];
  if (kind === 'number') {
    const n = Number(q.replace('#', ''));
    const hits: Hit[] = [];
    await Promise.all(
      nodes.map(async (node) => {
        const [head, batch] = await rpcBatch<[string, unknown]>(node.url, [
          ['eth_blockNumber', []],
          ['zks_getL1BatchBlockRange', [n]],
        ]);
        if (ok(head) !== undefined && hexNumber(ok(head)) >= n) hits.push({ route: { page: 'block', chainId: node.chainId, number: n }, label: `Block ${n} of ${node.label}` });
        if (ok(batch)) hits.push({ route: { page: 'batch', chainId: node.chainId, number: n }, label: `Batch ${n} of ${node.label}` });
      }),
    );
    return hits.sort((a, b) => a.label.localeCompare(b.label));
  }
  if (kind !== 'hash') return [];
  const hash = q.toLowerCase();
  const hits: Hit[] = [];
  await Promise.all(
    nodes.map(async (node) => {
      const [tx, message] = await rpcBatch<[unknown, MessageLifecycle | null]>(node.url, [
        ['eth_getTransactionByHash', [hash]],
        ['zkinterop_getMessageLifecycle', [hash]],
      ]);
      if (ok(tx)) hits.push({ route: { page: 'tx', chainId: node.chainId, hash }, label: `Transaction on ${node.label}` });
      const m = ok(message);
      // A transaction that sent a message is one hit (its page lists the message); a message hash is another.
      if (m && m.messageHash.toLowerCase() === hash) hits.push({ route: { page: 'message', chainId: node.chainId, hash: m.txHash, index: m.index }, label: `Message sent on ${node.label}` });
    }),
  );
  const gateway = nodes.find((n) => n.chainId === gatewayId);
  if (gateway) {
    const bundle = await rpc<BundleLifecycle | null>(gateway.url, 'zkinterop_getBundle', [hash]).catch(() => null);
    if (bundle) hits.push({ route: { page: 'bundle', hash }, label: `Bundle from chain ${bundle.sourceChainId} to chain ${bundle.destinationChainId}` });
  }
  return hits;
}
