/**
 * A node's page (a chain, Gateway or the L1): its numbers, then its blocks with their transactions,
 * batches (with their stage and the settlement layer's transactions; not on the L1, which settles
 * nothing) and messages, each list a page read from the node, newest first, following new blocks live. Gateway's page adds its interop roots per block and its
 * MessageRoot trees (GatewayTrees.tsx).
 */
import { useState } from 'preact/hooks';
import type { BatchListPage, ChainSummary, MessageListPage } from '../../src/wire/types.ts';
import { rpc, rpcBatch, ok } from '../rpc.ts';
import { useLive, useLiveNetwork, useNetwork } from '../live.ts';
import { Fields, Hash, Link, LoadState, PageTitle, Pager, Stage, Table, Time } from '../ui.tsx';
import { duration, hexNumber } from '../format.ts';
import { MessageTable } from './Overview.tsx';
import { GatewayTrees } from './GatewayTrees.tsx';

const PAGE = 10;

type Block = { number: string; hash: string; timestamp: string; transactions: string[]; gasUsed: string };

export function ChainPage(props: { chainId: number }) {
  const live = useLiveNetwork();
  useNetwork();
  const node = live.node(props.chainId);
  const summary = useLive(() => rpc<ChainSummary>(node!.url, 'zkinterop_chainSummary'), `summary:${props.chainId}`, [props.chainId]);
  if (!node) return <PageTitle title={`No chain ${props.chainId}`} sub="This network has no node with that id; see the network page." />;
  const s = summary.data;
  return (
    <>
      <PageTitle title={node.label} sub={node.role === 'chain' ? `Settles on ${node.settlesOn === 'l1' ? 'the L1' : 'Gateway'}.` : node.role === 'gateway' ? 'The settlement layer of the chains: their batches settle here, and its MessageRoot publishes the interop roots.' : 'The L1 under Gateway: Gateway settles its batches here.'} />
      <LoadState loading={summary.loading} error={summary.error} what={node.label} />
      {s ? (
        <Fields
          items={[
            ['Block height', <span data-field="height">{s.blockNumber}</span>],
            ['Latest block', <Time at={s.blockTimestamp} />],
            ...(node.role === 'l1'
              ? []
              : ([
                  ['Open batch', s.openBatch],
                  ['Batches sealed / committed / proved / executed', `${s.lastSealedBatch} / ${s.lastCommittedBatch} / ${s.lastProvedBatch} / ${s.lastExecutedBatch}`],
                  ['Settlement lag', s.settlementLagBatches === 0 ? 'none' : `${s.settlementLagBatches} batches, ${duration(s.settlementLagMs)}`],
                ] as [string, preact.ComponentChildren][])),
            ['Last imported interop root', s.lastImportedRoot ? <>Gateway block {s.lastImportedRoot.blockNumber} in block <Link to={{ page: 'block', chainId: node.chainId, number: s.lastImportedRoot.l2BlockNumber }}>{s.lastImportedRoot.l2BlockNumber}</Link>, <Time at={s.lastImportedRoot.importedAt} /></> : 'none'],
            ['Transactions waiting', s.queuedTransactions],
            ['Health', s.health === 'ok' ? 'ok' : `halted: ${s.haltedReason ?? ''}`],
            ['Endpoint', <code>{node.url}</code>],
          ]}
        />
      ) : null}
      <Blocks chainId={node.chainId} url={node.url} />
      {node.role !== 'l1' ? <Batches chainId={node.chainId} url={node.url} /> : null}
      {node.role === 'chain' ? <Messages chainId={node.chainId} url={node.url} /> : null}
      {node.role === 'gateway' ? <GatewayTrees node={node} /> : null}
    </>
  );
}

function Blocks(props: { chainId: number; url: string }) {
  const [offset, setOffset] = useState(0);
  const blocks = useLive(
    async () => {
      const head = hexNumber(await rpc<string>(props.url, 'eth_blockNumber'));
      const numbers = Array.from({ length: PAGE }, (_, i) => head - offset - i).filter((n) => n >= 0);
      const answers = await rpcBatch<Block[]>(props.url, numbers.map((n) => ['eth_getBlockByNumber', [`0x${n.toString(16)}`, false]] as const));
      return { head, blocks: answers.map(ok).filter((b): b is Block => b !== undefined && b !== null) };
    },
    `blocks:${props.chainId}:${offset}`,
    [props.chainId],
  );
  return (
    <section aria-labelledby="blocks-heading">
      <h2 id="blocks-heading">Blocks</h2>
      <LoadState loading={blocks.loading} error={blocks.error} what="blocks" />
      {blocks.data ? (
        <>
          <Table caption="Blocks, newest first" hideCaption head={['Block', 'Hash', 'Transactions', 'Time']} rows={blocks.data.blocks.length}>
            {blocks.data.blocks.map((b) => (
              <tr data-block={hexNumber(b.number)}>
                <td class="num">
                  <Link to={{ page: 'block', chainId: props.chainId, number: hexNumber(b.number) }}>{hexNumber(b.number)}</Link>
                </td>
                <td>
                  <Hash value={b.hash} />
                </td>
                <td class="num">{b.transactions.length}</td>
                <td>
                  <Time at={hexNumber(b.timestamp) * 1000} />
                </td>
              </tr>
            ))}
          </Table>
          <Pager label="Blocks" offset={offset} limit={PAGE} total={blocks.data.head + 1} onChange={setOffset} />
          <h3 id="latest-txs-heading">Transactions of these blocks</h3>
          <Table caption="The newest transactions of the blocks above" hideCaption head={['Transaction', 'Block']} rows={Math.min(PAGE, blocks.data.blocks.reduce((n, b) => n + b.transactions.length, 0))} empty="No user transaction in these blocks.">
            {blocks.data.blocks
              .flatMap((b) => [...b.transactions].reverse().map((hash) => ({ hash, block: hexNumber(b.number) })))
              .slice(0, PAGE)
              .map((t) => (
                <tr>
                  <td>
                    <Hash value={t.hash} to={{ page: 'tx', chainId: props.chainId, hash: t.hash }} keep={8} />
                  </td>
                  <td class="num">
                    <Link to={{ page: 'block', chainId: props.chainId, number: t.block }}>{t.block}</Link>
                  </td>
                </tr>
              ))}
          </Table>
        </>
      ) : null}
    </section>
  );
}

function Batches(props: { chainId: number; url: string }) {
  const [offset, setOffset] = useState(0);
  const batches = useLive(() => rpc<BatchListPage>(props.url, 'zkinterop_listBatches', [{ limit: PAGE, offset }]), `batches:${props.chainId}:${offset}`, 'all');
  return (
    <section aria-labelledby="batches-heading">
      <h2 id="batches-heading">Batches</h2>
      <LoadState loading={batches.loading} error={batches.error} what="batches" />
      {batches.data ? (
        <>
          <Table caption="Batches, newest first, with their settlement transactions" hideCaption head={['Batch', 'Stage', 'Blocks', 'Txs', 'Messages', 'Commit', 'Prove', 'Execute', 'Sealed']} rows={batches.data.batches.length}>
            {batches.data.batches.map((b) => {
              const tx = (hash: string | undefined) => (hash && b.settlementLayerChainId !== null ? <Hash value={hash} to={{ page: 'tx', chainId: b.settlementLayerChainId, hash }} /> : <span class="muted">–</span>);
              return (
                <tr data-batch={b.number}>
                  <td class="num">
                    <Link to={{ page: 'batch', chainId: props.chainId, number: b.number }}>{b.number}</Link>
                  </td>
                  <td>
                    <Stage stage={b.stage} />
                  </td>
                  <td>
                    {b.lastBlock < b.firstBlock ? (
                      <span class="muted">none yet</span>
                    ) : (
                      <>
                        <Link to={{ page: 'block', chainId: props.chainId, number: b.firstBlock }}>{b.firstBlock}</Link>–<Link to={{ page: 'block', chainId: props.chainId, number: b.lastBlock }}>{b.lastBlock}</Link>
                      </>
                    )}
                  </td>
                  <td class="num">{b.txCount}</td>
                  <td class="num">{b.logCount}</td>
                  <td>{tx(b.commitTxHash)}</td>
                  <td>{tx(b.proveTxHash)}</td>
                  <td>{tx(b.executeTxHash)}</td>
                  <td>
                    <Time at={b.sealedAt} />
                  </td>
                </tr>
              );
            })}
          </Table>
          <Pager label="Batches" offset={offset} limit={PAGE} total={batches.data.total} onChange={setOffset} />
        </>
      ) : null}
    </section>
  );
}

function Messages(props: { chainId: number; url: string }) {
  const [offset, setOffset] = useState(0);
  const messages = useLive(() => rpc<MessageListPage>(props.url, 'zkinterop_listMessages', [{ limit: PAGE, offset }]), `messages:${props.chainId}:${offset}`, 'all');
  return (
    <section aria-labelledby="chain-messages-heading">
      <h2 id="chain-messages-heading">Messages sent</h2>
      <LoadState loading={messages.loading} error={messages.error} what="messages" />
      {messages.data ? (
        <>
          <MessageTable messages={messages.data.messages} caption="Messages sent from this chain, newest first" />
          <Pager label="Messages" offset={offset} limit={PAGE} total={messages.data.total} onChange={setOffset} />
        </>
      ) : null}
    </section>
  );
}
