/**
 * The record pages of one chain: a block (its transactions, its batch, the interop roots it
 * imported), a batch (stage, blocks, the settlement layer's transactions), a transaction (receipt,
 * logs, the messages it sent) and an address (balance, nonce and code on every node). Standard
 * `eth_*` / `zks_*` reads, live.
 */
import type { MessageLifecycle } from '../../src/wire/types.ts';
import { rpc, rpcBatch, ok } from '../rpc.ts';
import { useLive, useLiveNetwork, useNetwork } from '../live.ts';
import { useState } from 'preact/hooks';
import { Fields, Hash, Link, LoadState, PageTitle, Pager, Stage, Table, Time } from '../ui.tsx';
import { formatEther, hexNumber } from '../format.ts';

type Tx = { hash: string; from: string; to: string | null; value: string; nonce: string; blockNumber: string | null; transactionIndex: string | null; input: string; type: string };
type Receipt = { status: string; gasUsed: string; contractAddress: string | null; logs: { address: string; topics: string[]; data: string; logIndex: string }[]; l1BatchNumber?: string | null };
type BlockHeader = { number: string; hash: string; parentHash: string; timestamp: string; gasUsed: string; transactions: string[] };

/** Transactions a block page shows at once (a block of the bulk benches holds thousands). */
const TX_PAGE = 25;
type BlockDetails = { l1BatchNumber: number; status: string; l2TxCount: number };
type BatchDetails = { number: number; timestamp: number; l2TxCount: number; status: string; commitTxHash: string | null; committedAt: string | null; proveTxHash: string | null; provenAt: string | null; executeTxHash: string | null; executedAt: string | null; commitChainId: number | null; proveChainId: number | null; executeChainId: number | null; commitment: string | null };

function useNode(chainId: number) {
  useNetwork();
  return useLiveNetwork().node(chainId);
}

function Unknown(props: { chainId: number }) {
  return <PageTitle title="Unknown chain" sub={`This network has no chain ${props.chainId}.`} />;
}

export function BlockPage(props: { chainId: number; number: number }) {
  const node = useNode(props.chainId);
  const [offset, setOffset] = useState(0);
  const data = useLive(
    async () => {
      // Hashes only, then the page of transactions shown: a block's size does not set the page's cost.
      const [block, details] = await rpcBatch<[BlockHeader | null, BlockDetails | null]>(node!.url, [
        ['eth_getBlockByNumber', [`0x${props.number.toString(16)}`, false]],
        ['zks_getBlockDetails', [props.number]],
      ]);
      const header = ok(block) ?? null;
      const shown = header ? header.transactions.slice(offset, offset + TX_PAGE) : [];
      const txs = (await rpcBatch<Tx[]>(node!.url, shown.map((hash) => ['eth_getTransactionByHash', [hash]] as const))).map(ok).filter((t): t is Tx => t !== undefined && t !== null);
      return { block: header, txs, details: node!.role === 'l1' ? null : (ok(details) ?? null) };
    },
    `block:${props.chainId}:${props.number}:${offset}`,
    [props.chainId],
  );
  if (!node) return <Unknown chainId={props.chainId} />;
  const b = data.data?.block;
  return (
    <>
      <PageTitle title={`Block ${props.number}`} sub={<>of <Link to={{ page: 'chain', chainId: props.chainId }}>{node.label}</Link></>} />
      <nav class="prevnext" aria-label="Neighbouring blocks">
        {props.number > 0 ? <Link to={{ page: 'block', chainId: props.chainId, number: props.number - 1 }}>← Block {props.number - 1}</Link> : <span />}
        <Link to={{ page: 'block', chainId: props.chainId, number: props.number + 1 }}>Block {props.number + 1} →</Link>
      </nav>
      <LoadState loading={data.loading} error={data.error} what="the block" />
      {data.data && !b ? <p role="status">Block {props.number} does not exist yet; this page shows it as soon as it is sealed.</p> : null}
      {b ? (
        <>
          <Fields
            items={[
              ['Hash', <Hash value={b.hash} />],
              ['Parent', <Hash value={b.parentHash} to={props.number > 0 ? { page: 'block', chainId: props.chainId, number: props.number - 1 } : undefined} />],
              ['Time', <Time at={hexNumber(b.timestamp) * 1000} />],
              ['Transactions', b.transactions.length],
              ['Gas used', hexNumber(b.gasUsed).toLocaleString('en')],
              ...(data.data?.details ? ([['Batch', <><Link to={{ page: 'batch', chainId: props.chainId, number: data.data.details.l1BatchNumber }}>{data.data.details.l1BatchNumber}</Link> ({data.data.details.status})</>]] as [string, preact.ComponentChildren][]) : []),
            ]}
          />
          <TxTable chainId={props.chainId} txs={data.data?.txs ?? []} caption="Transactions of the block" />
          {b.transactions.length > TX_PAGE ? <Pager label="Transactions" offset={offset} limit={TX_PAGE} total={b.transactions.length} onChange={setOffset} back="Previous" forward="Next" /> : null}
        </>
      ) : null}
    </>
  );
}

function TxTable(props: { chainId: number; txs: Tx[]; caption: string }) {
  return (
    <section aria-labelledby="txs-heading">
      <h2 id="txs-heading">Transactions</h2>
      <Table caption={props.caption} hideCaption head={['Transaction', 'From', 'To', 'Value']} rows={props.txs.length} empty="No user transaction (root imports are bootloader work and not listed).">
        {props.txs.map((t) => (
          <tr>
            <td>
              <Hash value={t.hash} to={{ page: 'tx', chainId: props.chainId, hash: t.hash }} />
            </td>
            <td>
              <Hash value={t.from} to={{ page: 'address', address: t.from }} />
            </td>
            <td>{t.to ? <Hash value={t.to} to={{ page: 'address', address: t.to }} /> : <span class="muted">contract creation</span>}</td>
            <td>{formatEther(BigInt(t.value))}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

export function BatchPage(props: { chainId: number; number: number }) {
  const node = useNode(props.chainId);
  const data = useLive(
    async () => {
      const [details, range] = await rpcBatch<[BatchDetails | null, [string, string] | null]>(node!.url, [
        ['zks_getL1BatchDetails', [props.number]],
        ['zks_getL1BatchBlockRange', [props.number]],
      ]);
      return { details: ok(details) ?? null, range: ok(range) ?? null };
    },
    `batch:${props.chainId}:${props.number}`,
    'all',
  );
  if (!node) return <Unknown chainId={props.chainId} />;
  const d = data.data?.details;
  const stage = !d ? 'open' : d.executeTxHash ? 'executed' : d.proveTxHash ? 'proved' : d.commitTxHash ? 'committed' : 'sealed';
  const stageTx = (hash: string | null, chainId: number | null, at: string | null) => (hash && chainId !== null ? <><Hash value={hash} to={{ page: 'tx', chainId, hash }} /> on chain {chainId}, <Time at={at ? Date.parse(at) : undefined} /></> : <span class="muted">not yet</span>);
  return (
    <>
      <PageTitle title={`Batch ${props.number}`} sub={<>of <Link to={{ page: 'chain', chainId: props.chainId }}>{node.label}</Link></>} />
      <nav class="prevnext" aria-label="Neighbouring batches">
        {props.number > 0 ? <Link to={{ page: 'batch', chainId: props.chainId, number: props.number - 1 }}>← Batch {props.number - 1}</Link> : <span />}
        <Link to={{ page: 'batch', chainId: props.chainId, number: props.number + 1 }}>Batch {props.number + 1} →</Link>
      </nav>
      <LoadState loading={data.loading} error={data.error} what="the batch" />
      {data.data && !d ? <p role="status">Batch {props.number} is not sealed yet (open, or still to come); this page follows it.</p> : null}
      {d ? (
        <Fields
          items={[
            ['Stage', <Stage stage={stage} />],
            ['Blocks', data.data?.range ? <><Link to={{ page: 'block', chainId: props.chainId, number: hexNumber(data.data.range[0]) }}>{hexNumber(data.data.range[0])}</Link> – <Link to={{ page: 'block', chainId: props.chainId, number: hexNumber(data.data.range[1]) }}>{hexNumber(data.data.range[1])}</Link></> : '–'],
            ['Transactions', d.l2TxCount],
            ['Time', <Time at={d.timestamp * 1000} />],
            ['Commitment', d.commitment ? <Hash value={d.commitment} /> : <span class="muted">not yet</span>],
            ['Commit', stageTx(d.commitTxHash, d.commitChainId, d.committedAt)],
            ['Prove', stageTx(d.proveTxHash, d.proveChainId, d.provenAt)],
            ['Execute', stageTx(d.executeTxHash, d.executeChainId, d.executedAt)],
          ]}
        />
      ) : null}
    </>
  );
}

export function TxPage(props: { chainId: number; hash: string }) {
  const node = useNode(props.chainId);
  const data = useLive(
    async () => {
      const [tx, receipt] = await rpcBatch<[Tx | null, Receipt | null]>(node!.url, [
        ['eth_getTransactionByHash', [props.hash]],
        ['eth_getTransactionReceipt', [props.hash]],
      ]);
      const messages: MessageLifecycle[] = [];
      if (node!.role === 'chain' && ok(receipt)) {
        // The messages it sent, by index, until there is no next one.
        for (let i = 0; i < 64; i++) {
          const m = await rpc<MessageLifecycle | null>(node!.url, 'zkinterop_getMessageLifecycle', [props.hash, i]).catch(() => null);
          if (!m || m.txHash.toLowerCase() !== props.hash) break;
          messages.push(m);
        }
      }
      return { tx: ok(tx) ?? null, receipt: ok(receipt) ?? null, messages };
    },
    `tx:${props.chainId}:${props.hash}`,
    [props.chainId],
  );
  if (!node) return <Unknown chainId={props.chainId} />;
  const t = data.data?.tx;
  const r = data.data?.receipt;
  return (
    <>
      <PageTitle title={<>Transaction <Hash value={props.hash} /></>} sub={<>on <Link to={{ page: 'chain', chainId: props.chainId }}>{node.label}</Link></>} />
      <LoadState loading={data.loading} error={data.error} what="the transaction" />
      {data.data && !t ? <p role="status">{node.label} knows no transaction {props.hash} (yet).</p> : null}
      {t ? (
        <Fields
          items={[
            ['Status', r ? (hexNumber(r.status) === 1 ? <span class="ok">success</span> : <span class="bad">reverted</span>) : <span class="muted">pending</span>],
            ['Block', t.blockNumber ? <Link to={{ page: 'block', chainId: props.chainId, number: hexNumber(t.blockNumber) }}>{hexNumber(t.blockNumber)}</Link> : <span class="muted">pending</span>],
            ['From', <Hash value={t.from} to={{ page: 'address', address: t.from }} />],
            ['To', t.to ? <Hash value={t.to} to={{ page: 'address', address: t.to }} /> : r?.contractAddress ? <>created <Hash value={r.contractAddress} to={{ page: 'address', address: r.contractAddress }} /></> : 'contract creation'],
            ['Value', formatEther(BigInt(t.value))],
            ['Nonce', hexNumber(t.nonce)],
            ['Type', hexNumber(t.type)],
            ['Gas used', r ? hexNumber(r.gasUsed).toLocaleString('en') : '–'],
            ['Input', <code class="wrap">{t.input.length > 202 ? `${t.input.slice(0, 202)}… (${(t.input.length - 2) / 2} bytes)` : t.input}</code>],
          ]}
        />
      ) : null}
      {data.data && data.data.messages.length > 0 ? (
        <section aria-labelledby="sent-heading">
          <h2 id="sent-heading">Interop messages sent</h2>
          <ul>
            {data.data.messages.map((m) => (
              <li>
                <Link to={{ page: 'message', chainId: m.chainId, hash: m.txHash, index: m.index }}>Message {m.index}</Link> <Hash value={m.messageHash} /> <Stage stage={m.stage} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {r ? (
        <section aria-labelledby="logs-heading">
          <h2 id="logs-heading">Logs</h2>
          <Table caption="Logs of the transaction" hideCaption head={['#', 'Address', 'Topic 0', 'Data']} rows={r.logs.length} empty="No logs.">
            {r.logs.map((l) => (
              <tr>
                <td class="num">{hexNumber(l.logIndex)}</td>
                <td>
                  <Hash value={l.address} to={{ page: 'address', address: l.address }} />
                </td>
                <td>{l.topics[0] ? <Hash value={l.topics[0]} /> : '–'}</td>
                <td>
                  <code class="wrap">{l.data.length > 130 ? `${l.data.slice(0, 130)}…` : l.data}</code>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
    </>
  );
}

export function AddressPage(props: { address: string }) {
  const net = useNetwork();
  const data = useLive(
    async () =>
      Promise.all(
        net.nodes.map(async (n) => {
          const [balance, nonce, code] = await rpcBatch<[string, string, string]>(n.url, [
            ['eth_getBalance', [props.address, 'latest']],
            ['eth_getTransactionCount', [props.address, 'latest']],
            ['eth_getCode', [props.address, 'latest']],
          ]);
          return { node: n, balance: ok(balance), nonce: ok(nonce), code: ok(code) };
        }),
      ),
    `address:${props.address}:${net.nodes.length}`,
    'all',
  );
  return (
    <>
      <PageTitle title={<>Address <Hash value={props.address} keep={8} /></>} sub="On every node of the network. The nodes keep no index of transactions by address; find its transactions by hash." />
      <LoadState loading={data.loading} error={data.error} what="the address" />
      {data.data ? (
        <Table caption="The address on every node" hideCaption head={['Node', 'Balance', 'Nonce', 'Code']} rows={data.data.length}>
          {data.data.map((row) => (
            <tr>
              <th scope="row">
                <Link to={{ page: 'chain', chainId: row.node.chainId }}>{row.node.label}</Link>
              </th>
              <td>{row.balance ? formatEther(BigInt(row.balance)) : '–'}</td>
              <td class="num">{row.nonce ? hexNumber(row.nonce) : '–'}</td>
              <td>{row.code && row.code !== '0x' ? `contract, ${(row.code.length - 2) / 2} bytes` : 'none (an account)'}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
