/**
 * The network page: every node (L1, Gateway, chains) with its height, open batch, the last batch at
 * each settlement stage, settlement lag, the last imported interop root and health, all live; then
 * the newest messages of every chain, the newest bundles, and (in `--dev`) the faults injected.
 */
import type { ChainSummary, MessageLifecycle, MessageListPage, BundleListPage } from '../../src/wire/types.ts';
import { rpc, rpcBatch, ok } from '../rpc.ts';
import { useLive, useLiveNetwork, useNetwork } from '../live.ts';
import { Hash, Link, LoadState, PageTitle, Stage, Table, Time } from '../ui.tsx';
import { duration } from '../format.ts';
import type { Node } from '../network.ts';
import { FaultList, type FaultReport } from './Faults.tsx';

export function Overview() {
  const net = useNetwork();
  const live = useLiveNetwork();
  const summaries = useLive(
    async () => {
      const answers = await Promise.all(net.nodes.map((n) => rpc<ChainSummary>(n.url, 'zkinterop_chainSummary').catch(() => undefined)));
      return new Map(net.nodes.map((n, i) => [n.chainId, answers[i]]));
    },
    `overview:${net.nodes.length}`,
    'all',
  );
  const chains = net.nodes.filter((n) => n.role === 'chain');
  const messages = useLive(
    async () => {
      const pages = await Promise.all(chains.map((c) => rpc<MessageListPage>(c.url, 'zkinterop_listMessages', [{ limit: 10 }])));
      return pages.flatMap((p) => p.messages).sort((a, b) => (b.steps[0]?.at ?? 0) - (a.steps[0]?.at ?? 0)).slice(0, 10);
    },
    `messages:${chains.length}`,
    chains.map((c) => c.chainId),
  );
  const extras = useLive(
    async () => {
      const [bundles, faults] = await rpcBatch<[BundleListPage, FaultReport]>(live.node(net.config.gateway.chainId)!.url, [
        ['zkinterop_listBundles', [{ limit: 10 }]],
        ['zkinterop_listFaults', []],
      ]);
      // A node without bundle lifecycles (-32601) or faults simply leaves its section out.
      return { bundles: ok(bundles), faults: ok(faults) };
    },
    'extras',
    'all',
  );
  return (
    <>
      <PageTitle
        title="Network"
        sub={
          <>
            Mode <strong>{net.config.mode}</strong>, profile <strong>{net.config.profile}</strong>; batches seal {net.config.delays.batchTimeMs} ms after their first transaction. Everything below updates as blocks arrive.
          </>
        }
      />
      <section aria-labelledby="nodes-heading">
        <h2 id="nodes-heading">Nodes</h2>
        <LoadState loading={summaries.loading} error={summaries.error} what="the nodes" />
        <Table
          caption="Every node of the network, live"
          hideCaption
          head={['Node', 'Block', 'Open batch', 'Sealed', 'Committed', 'Proved', 'Executed', 'Settlement lag', 'Last imported root', 'Health']}
          rows={net.nodes.length}
        >
          {net.nodes.map((node) => (
            <NodeRow node={node} summary={summaries.data?.get(node.chainId)} link={net.links.get(node.chainId) ?? 'connecting'} head={net.heads.get(node.chainId)?.number} />
          ))}
        </Table>
      </section>
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Newest messages</h2>
        <LoadState loading={messages.loading} error={messages.error} what="messages" />
        {messages.data ? <MessageTable messages={messages.data} caption="The newest interop messages of every chain" /> : null}
      </section>
      {extras.data?.bundles ? (
        <section aria-labelledby="bundles-heading">
          <h2 id="bundles-heading">Newest bundles</h2>
          <Table caption="The newest interop bundles" hideCaption head={['Bundle', 'From', 'To', 'Calls', 'Stage', 'Sent']} rows={extras.data.bundles.bundles.length}>
            {extras.data.bundles.bundles.map((b) => (
              <tr>
                <td>
                  <Hash value={b.bundleHash} to={{ page: 'bundle', hash: b.bundleHash }} />
                </td>
                <td>
                  <Link to={{ page: 'chain', chainId: b.sourceChainId }}>{b.sourceChainId}</Link>
                </td>
                <td>
                  <Link to={{ page: 'chain', chainId: b.destinationChainId }}>{b.destinationChainId}</Link>
                </td>
                <td>{b.calls.length}</td>
                <td>
                  <Stage stage={b.stage} />
                </td>
                <td>
                  <Time at={b.steps[0]?.at} />
                </td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
      {extras.data?.faults && extras.data.faults.access !== 'off' ? <FaultList report={extras.data.faults} /> : null}
    </>
  );
}

function NodeRow(props: { node: Node; summary: ChainSummary | undefined; link: string; head: number | undefined }) {
  const { node, summary: s } = props;
  const settles = node.role === 'chain' || (node.role === 'gateway' && node.settlementContract !== undefined);
  const batchLink = (n: number | undefined) => (n === undefined ? '–' : n === 0 ? <span class="muted">0</span> : <Link to={{ page: 'batch', chainId: node.chainId, number: n }}>{n}</Link>);
  const height = Math.max(props.head ?? 0, s?.blockNumber ?? 0);
  return (
    <tr data-chain={node.chainId}>
      <th scope="row">
        <Link to={{ page: 'chain', chainId: node.chainId }}>{node.label}</Link>
        <span class={`link link-${props.link}`} title={`WebSocket ${props.link}`}>
          {props.link === 'live' ? '● live' : props.link === 'down' ? '○ down' : '◌ connecting'}
        </span>
      </th>
      <td class="num" data-field="block">
        <Link to={{ page: 'block', chainId: node.chainId, number: height }}>{height}</Link>
      </td>
      <td class="num">{s && node.role !== 'l1' ? batchLink(s.openBatch) : <span class="muted">n/a</span>}</td>
      <td class="num">{s && node.role !== 'l1' ? batchLink(s.lastSealedBatch) : <span class="muted">n/a</span>}</td>
      <td class="num">{s && settles ? batchLink(s.lastCommittedBatch) : <span class="muted">n/a</span>}</td>
      <td class="num">{s && settles ? batchLink(s.lastProvedBatch) : <span class="muted">n/a</span>}</td>
      <td class="num">{s && settles ? batchLink(s.lastExecutedBatch) : <span class="muted">n/a</span>}</td>
      <td class="wrap-cell">{s && settles ? (s.settlementLagBatches === 0 ? 'none' : `${s.settlementLagBatches} batch${s.settlementLagBatches === 1 ? '' : 'es'}, ${duration(s.settlementLagMs)}`) : <span class="muted">n/a</span>}</td>
      <td class="wrap-cell">{s?.lastImportedRoot ? <>Gateway block {s.lastImportedRoot.blockNumber}, <Time at={s.lastImportedRoot.importedAt} /></> : <span class="muted">none</span>}</td>
      <td>{s ? <span class={`health health-${s.health}`} title={s.haltedReason}>{s.health === 'ok' ? 'ok' : `halted: ${s.haltedReason ?? ''}`}</span> : '–'}</td>
    </tr>
  );
}

/** A table of message lifecycles, each linked to its page. */
export function MessageTable(props: { messages: MessageLifecycle[]; caption: string }) {
  return (
    <Table caption={props.caption} hideCaption head={['Message', 'Chain', 'Transaction', 'Block', 'Batch', 'Stage', 'Sent']} rows={props.messages.length} empty="No message sent yet.">
      {props.messages.map((m) => (
        <tr>
          <td>
            <Hash value={m.messageHash} to={{ page: 'message', chainId: m.chainId, hash: m.txHash, index: m.index }} />
          </td>
          <td>
            <Link to={{ page: 'chain', chainId: m.chainId }}>{m.chainId}</Link>
          </td>
          <td>
            <Hash value={m.txHash} to={{ page: 'tx', chainId: m.chainId, hash: m.txHash }} />
          </td>
          <td class="num">
            <Link to={{ page: 'block', chainId: m.chainId, number: m.blockNumber }}>{m.blockNumber}</Link>
          </td>
          <td class="num">
            <Link to={{ page: 'batch', chainId: m.chainId, number: m.batchNumber }}>{m.batchNumber}</Link>
          </td>
          <td>
            <Stage stage={m.stage} />
          </td>
          <td>
            <Time at={m.steps[0]?.at} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
