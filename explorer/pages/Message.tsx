/**
 * A message's page: its lifecycle as a timeline across chains (sent, included, sealed, committed,
 * proved and executed on Gateway, the L1 steps, then the import of its interop root on every other
 * chain), with times and every Gateway and L1 transaction linked; the faults injected while it
 * travelled, on the timeline where they struck; the proof words with their meaning; and "verify on
 * chain X" buttons that ask chain X's verifier (verify.ts) and show its answer. Live: it re-reads on
 * every block of any node.
 */
import { useState } from 'preact/hooks';
import type { ImportedRoot, LifecycleStep, MessageLifecycle, MessageRootLogProof } from '../../src/wire/types.ts';
import { rpc, rpcBatch, ok } from '../rpc.ts';
import { useLive, useLiveNetwork, useNetwork } from '../live.ts';
import { Fields, Hash, Link, LoadState, PageTitle, Stage, Table, Time } from '../ui.tsx';
import { duration } from '../format.ts';
import { decodeProofWords } from '../proofWords.ts';
import { verifyOn, type Verdict } from '../verify.ts';
import type { FaultReport } from './Faults.tsx';
import type { Node } from '../network.ts';

/** One row of the timeline: a step of the source chain, an import elsewhere, or a fault. */
type TimelineEntry = { at: number; kind: 'step' | 'import' | 'fault'; title: string; chainId: number | undefined; body: preact.ComponentChildren };

export function MessagePage(props: { chainId: number; hash: string; index: number }) {
  const live = useLiveNetwork();
  const net = useNetwork();
  const source = live.node(props.chainId);
  const gatewayId = net.config.gateway.chainId;
  const others = net.nodes.filter((n) => n.role === 'chain' && n.chainId !== props.chainId && n.settlesOn !== 'l1');
  const data = useLive(
    async () => {
      const lifecycle = await rpc<MessageLifecycle | null>(source!.url, 'zkinterop_getMessageLifecycle', [props.hash, props.index]);
      if (!lifecycle) return { lifecycle: null };
      const gwBlock = lifecycle.gatewayBlockNumber;
      const imports = gwBlock === null ? [] : await Promise.all(others.map((o) => rpc<ImportedRoot | null>(o.url, 'zkinterop_getImportedRoot', [gatewayId, gwBlock]).catch(() => null)));
      const [proof, faults] = await rpcBatch<[MessageRootLogProof | null, FaultReport]>(source!.url, [
        ['zks_getL2ToL1LogProof', [lifecycle.txHash, lifecycle.index, 'messageRoot']],
        ['zkinterop_listFaults', []],
      ]);
      return { lifecycle, imports: others.map((o, i) => ({ node: o, imported: imports[i] ?? null })), proof: ok(proof) ?? null, faults: ok(faults) };
    },
    `message:${props.chainId}:${props.hash}:${props.index}`,
    'all',
  );
  if (!source) return <PageTitle title="Unknown chain" sub={`This network has no chain ${props.chainId}.`} />;
  const d = data.data;
  if (d && d.lifecycle === null) return <PageTitle title="Message not found" sub={`Chain ${props.chainId} knows no message with transaction or message hash ${props.hash}.`} />;
  const m = d?.lifecycle ?? undefined;
  return (
    <>
      <PageTitle title={<>Message <Hash value={m?.messageHash ?? props.hash} /></>} sub={m ? <>Sent on <Link to={{ page: 'chain', chainId: m.chainId }}>chain {m.chainId}</Link>; now <Stage stage={m.stage} />.</> : undefined} />
      <LoadState loading={data.loading} error={data.error} what="the message" />
      {m && d && 'imports' in d ? (
        <>
          <Fields
            items={[
              ['Stage', <Stage stage={m.stage} />],
              ['Transaction', <Hash value={m.txHash} to={{ page: 'tx', chainId: m.chainId, hash: m.txHash }} />],
              ['Sender', <Hash value={m.sender} to={{ page: 'address', address: m.sender }} />],
              ['Block / batch', <><Link to={{ page: 'block', chainId: m.chainId, number: m.blockNumber }}>block {m.blockNumber}</Link>, <Link to={{ page: 'batch', chainId: m.chainId, number: m.batchNumber }}>batch {m.batchNumber}</Link></>],
              ['Position', `message ${m.index} of its transaction; log ${m.logId}, transaction ${m.txNumberInBatch} of its batch`],
              ['Interop root', m.interopRoot ? <><Hash value={m.interopRoot} /> of Gateway block <Link to={{ page: 'block', chainId: gatewayId, number: m.gatewayBlockNumber ?? 0 }}>{m.gatewayBlockNumber}</Link></> : <span class="muted">not yet (the batch is not executed on Gateway)</span>],
              ['Message bytes', <><code class="wrap">{m.message.length > 200 ? `${m.message.slice(0, 200)}… (${(m.message.length - 2) / 2} bytes)` : m.message}</code>{textOf(m.message) ? <> = “{textOf(m.message)}”</> : null}</>],
              ...(m.error ? ([['Error', <span class="error">{m.error}</span>]] as [string, preact.ComponentChildren][]) : []),
            ]}
          />
          <Timeline entries={timelineOf(m, d.imports, d.faults, gatewayId)} pending={pendingSteps(m, d.imports, net.config.l1 !== undefined && source.settlesOn !== 'l1')} />
          <Verify message={m} source={source} targets={others} />
          <ProofWords proof={d.proof} />
        </>
      ) : null}
    </>
  );
}

function timelineOf(m: MessageLifecycle, imports: { node: Node; imported: ImportedRoot | null }[], faults: FaultReport | undefined, gatewayId: number): TimelineEntry[] {
  const entries: TimelineEntry[] = m.steps.map((s) => ({ at: s.at, kind: 'step', title: s.step, chainId: chainOfStep(s, m.chainId, gatewayId), body: stepBody(s, m, gatewayId) }));
  for (const { node, imported } of imports) {
    if (imported) {
      entries.push({
        at: imported.importedAt,
        kind: 'import',
        title: `root imported on chain ${node.chainId}`,
        chainId: node.chainId,
        body: (
          <>
            Gateway block {imported.blockNumber}'s root in <Link to={{ page: 'block', chainId: node.chainId, number: imported.l2BlockNumber }}>block {imported.l2BlockNumber}</Link> of chain {node.chainId}: the message verifies there from now on.
          </>
        ),
      });
    }
  }
  const start = m.steps[0]?.at ?? 0;
  for (const e of faults?.events ?? []) {
    if (e.at < start) continue;
    entries.push({ at: e.at, kind: 'fault', title: `fault: ${e.kind}`, chainId: e.chainId, body: <>{e.detail ?? ''}{e.gatewayBlock !== undefined ? ` (Gateway block ${e.gatewayBlock})` : ''}</> });
  }
  return entries.sort((a, b) => a.at - b.at);
}

function chainOfStep(s: LifecycleStep, source: number, gatewayId: number): number {
  if (s.l1TxHash) return s.settlementLayerChainId ?? source;
  if (s.gatewayTxHash) return gatewayId;
  return source;
}

function stepBody(s: LifecycleStep, m: MessageLifecycle, gatewayId: number) {
  const parts: preact.ComponentChildren[] = [];
  if (s.blockNumber !== undefined) parts.push(<>in <Link to={{ page: 'block', chainId: m.chainId, number: s.blockNumber }}>block {s.blockNumber}</Link></>);
  if (s.batchNumber !== undefined) parts.push(<>in <Link to={{ page: 'batch', chainId: m.chainId, number: s.batchNumber }}>batch {s.batchNumber}</Link></>);
  if (s.gatewayTxHash) parts.push(<>Gateway tx <Hash value={s.gatewayTxHash} to={{ page: 'tx', chainId: gatewayId, hash: s.gatewayTxHash }} /></>);
  if (s.gatewayBlockNumber !== undefined) parts.push(<>Gateway <Link to={{ page: 'block', chainId: gatewayId, number: s.gatewayBlockNumber }}>block {s.gatewayBlockNumber}</Link></>);
  if (s.l1TxHash && s.settlementLayerChainId !== undefined) parts.push(<>L1 tx <Hash value={s.l1TxHash} to={{ page: 'tx', chainId: s.settlementLayerChainId, hash: s.l1TxHash }} /></>);
  if (s.gatewayBatchNumber !== undefined) parts.push(<>Gateway <Link to={{ page: 'batch', chainId: gatewayId, number: s.gatewayBatchNumber }}>batch {s.gatewayBatchNumber}</Link></>);
  return <>{parts.map((p, i) => (i === 0 ? p : <>; {p}</>))}</>;
}

/** The steps still to come, in order (what `zkinterop trace` lists with no time yet). */
function pendingSteps(m: MessageLifecycle, imports: { node: Node; imported: ImportedRoot | null }[], withL1: boolean): string[] {
  if (m.stage === 'failed') return [];
  const reached = new Set(m.steps.map((s) => s.step));
  const road = ['included', 'sealed', 'committed', 'proved', 'executed', ...(withL1 ? ['committedOnL1', 'provedOnL1', 'executedOnL1'] : [])];
  return [...road.filter((step) => !reached.has(step as never)), ...imports.filter((i) => !i.imported).map((i) => `root imported on chain ${i.node.chainId}`)];
}

function Timeline(props: { entries: TimelineEntry[]; pending: string[] }) {
  const start = props.entries[0]?.at ?? 0;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Lifecycle</h2>
      <ol class="timeline">
        {props.entries.map((e) => (
          <li class={`tl tl-${e.kind}`} data-step={e.kind === 'step' ? e.title : undefined}>
            <div class="tl-head">
              <strong>{e.kind === 'fault' ? `⚡ ${e.title}` : e.title}</strong>
              {e.chainId !== undefined ? <span class="muted"> · chain {e.chainId}</span> : null}
              <span class="tl-time">
                +{duration(e.at - start)} · <Time at={e.at} />
              </span>
            </div>
            <div class="tl-body">{e.body}</div>
          </li>
        ))}
        {props.pending.map((step) => (
          <li class="tl tl-pending" data-pending={step}>
            <div class="tl-head">
              <strong>{step}</strong>
              <span class="tl-time">waiting</span>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Verify(props: { message: MessageLifecycle; source: Node; targets: Node[] }) {
  const [verdicts, setVerdicts] = useState<Record<number, Verdict | { error: string } | 'running'>>({});
  if (props.targets.length === 0) return null;
  const run = async (target: Node) => {
    setVerdicts((v) => ({ ...v, [target.chainId]: 'running' }));
    try {
      const verdict = await verifyOn(props.source.url, target.url, props.message);
      setVerdicts((v) => ({ ...v, [target.chainId]: verdict }));
    } catch (error) {
      setVerdicts((v) => ({ ...v, [target.chainId]: { error: error instanceof Error ? error.message : String(error) } }));
    }
  };
  return (
    <section aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify on another chain</h2>
      <p class="sub">Runs <code>proveL2MessageInclusionShared</code> of L2MessageVerification (0x…10009) on that chain with <code>eth_call</code>, with the proof to Gateway's interop root: what a contract there would be told.</p>
      <ul class="verify">
        {props.targets.map((t) => {
          const v = verdicts[t.chainId];
          return (
            <li data-target={t.chainId}>
              <button type="button" onClick={() => void run(t)} disabled={v === 'running'}>
                Verify on chain {t.chainId}
              </button>{' '}
              <span role="status" class="verdict">
                {v === undefined ? '' : v === 'running' ? 'asking…' : 'error' in v ? <span class="error">{v.error}</span> : v.verified ? <strong class="ok">verified: true</strong> : <strong class="bad">verified: false{v.reverted ? ` (reverted: ${v.reverted})` : ` (chain ${t.chainId} has not imported Gateway block ${v.gatewayBlockNumber}'s root yet)`}</strong>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ProofWords(props: { proof: MessageRootLogProof | null }) {
  if (!props.proof) {
    return (
      <section aria-labelledby="proof-heading">
        <h2 id="proof-heading">Proof</h2>
        <p class="muted">No proof yet: there is one once the batch is executed on Gateway.</p>
      </section>
    );
  }
  const words = decodeProofWords(props.proof.proof);
  return (
    <section aria-labelledby="proof-heading">
      <h2 id="proof-heading">Proof</h2>
      <p class="sub">
        Log {props.proof.id} of batch {props.proof.batchNumber}, to the interop root of Gateway block {props.proof.gatewayBlockNumber} (<code>zks_getL2ToL1LogProof</code>, target <code>messageRoot</code>): {words.length} words.
      </p>
      <Table caption="The proof's words and what each means" hideCaption head={['#', 'Part', 'Word', 'Meaning']} rows={words.length}>
        {words.map((w) => (
          <tr>
            <td class="num">{w.index}</td>
            <td>{w.part}</td>
            <td>
              <Hash value={w.word} keep={6} />
            </td>
            <td>{w.meaning}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** The bytes as text when they are short printable UTF-8 (a greeting sent as a message), else undefined. */
function textOf(hex: string): string | undefined {
  if (hex.length < 4 || hex.length > 402) return undefined;
  const bytes = new Uint8Array((hex.length - 2) / 2).map((_, i) => parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /^[\p{L}\p{N}\p{P}\p{S} ]+$/u.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
