/**
 * A bundle's page (protocol v31): its lifecycle across chains (sent, settled, root imported,
 * verified, executed / failed / unbundled) with times and transactions, its calls, and for a failed
 * bundle the revert reason, the failing call and its call trace. Read from the network-level
 * `zkinterop_getBundle` (asked on Gateway's endpoint; every endpoint answers it), live.
 */
import type { ComponentChildren } from 'preact';
import type { BundleLifecycle, BundleStep, CallFrame } from '../../src/wire/types.ts';
import { rpc, RpcError } from '../rpc.ts';
import { useLive, useLiveNetwork, useNetwork } from '../live.ts';
import { Fields, Hash, Link, LoadState, PageTitle, Stage, Table, Time } from '../ui.tsx';
import { duration, formatEther } from '../format.ts';

export function BundlePage(props: { hash: string }) {
  const net = useNetwork();
  const gateway = useLiveNetwork().node(net.config.gateway.chainId)!;
  const data = useLive(
    async () => {
      try {
        return await rpc<BundleLifecycle | null>(gateway.url, 'zkinterop_getBundle', [props.hash]);
      } catch (error) {
        if (error instanceof RpcError && error.code === -32601) throw new Error('this network does not serve bundle lifecycles (zkinterop_getBundle): it predates protocol v31 bundles in the node');
        throw error;
      }
    },
    `bundle:${props.hash}`,
    'all',
  );
  const b = data.data;
  return (
    <>
      <PageTitle title={<>Bundle <Hash value={props.hash} /></>} sub={b ? <>From <Link to={{ page: 'chain', chainId: b.sourceChainId }}>chain {b.sourceChainId}</Link> to <Link to={{ page: 'chain', chainId: b.destinationChainId }}>chain {b.destinationChainId}</Link>; now <Stage stage={b.stage} />.</> : undefined} />
      <LoadState loading={data.loading} error={data.error} what="the bundle" />
      {data.data === null ? <p role="status">No bundle {props.hash} is known to this network.</p> : null}
      {b ? (
        <>
          <Fields
            items={[
              ['Stage', <Stage stage={b.stage} />],
              ['Sent in', <Hash value={b.txHash} to={{ page: 'tx', chainId: b.sourceChainId, hash: b.txHash }} />],
              ['Carried by message', <Hash value={b.messageHash} to={{ page: 'message', chainId: b.sourceChainId, hash: b.txHash, index: b.index }} />],
              ['Sender', <Hash value={b.sender} to={{ page: 'address', address: b.sender }} />],
              ['Executor', b.executionAddress ? <Hash value={b.executionAddress} keep={8} /> : <span class="muted">anyone</span>],
              ['Unbundler (ERC-7930)', <Hash value={b.unbundlerAddress} keep={8} />],
              ['Relayed by the network', b.relayed ? 'yes' : 'no'],
            ]}
          />
          <section aria-labelledby="bundle-timeline-heading">
            <h2 id="bundle-timeline-heading">Lifecycle</h2>
            <ol class="timeline">
              {b.steps.map((s) => (
                <li class="tl tl-step" data-step={s.step}>
                  <div class="tl-head">
                    <strong>{s.step}</strong>
                    <span class="muted"> · chain {s.chainId}</span>
                    <span class="tl-time">
                      +{duration(s.at - (b.steps[0]?.at ?? s.at))} · <Time at={s.at} />
                    </span>
                  </div>
                  <div class="tl-body">{joined(stepParts(s, b.sourceChainId))}</div>
                </li>
              ))}
              {b.failure ? (
                <li class="tl tl-fault" data-step="failed">
                  <div class="tl-head">
                    <strong>execution failed</strong>
                    <span class="tl-time">
                      <Time at={b.failure.at} />
                    </span>
                  </div>
                  <div class="tl-body">{b.failure.reason ?? 'reverted without a reason'}</div>
                </li>
              ) : null}
            </ol>
          </section>
          <section aria-labelledby="calls-heading">
            <h2 id="calls-heading">Calls</h2>
            <Table caption="The bundle's calls, in order" hideCaption head={['#', 'To', 'Value', 'Kind', 'Data']} rows={b.calls.length}>
              {b.calls.map((c, i) => (
                <tr class={b.failure?.callIndex === i ? 'failed-row' : undefined}>
                  <td class="num">{i}</td>
                  <td>
                    <Hash value={c.to} to={{ page: 'address', address: c.to }} />
                  </td>
                  <td>{formatEther(BigInt(c.value))}</td>
                  <td>{c.indirect ? 'indirect' : 'direct'}</td>
                  <td>
                    <code class="wrap">{c.data.length > 74 ? `${c.data.slice(0, 74)}…` : c.data}</code>
                  </td>
                </tr>
              ))}
            </Table>
          </section>
          {b.failure ? (
            <section aria-labelledby="failure-heading">
              <h2 id="failure-heading">Why it failed</h2>
              <Fields
                items={[
                  ['Revert reason', b.failure.reason ?? <span class="muted">none decoded</span>],
                  ['Failing call', b.failure.callIndex ?? <span class="muted">unknown</span>],
                  ['Revert data', b.failure.revertData ? <code class="wrap">{b.failure.revertData}</code> : '–'],
                ]}
              />
              {b.failure.trace ? (
                <>
                  <h3>Call trace</h3>
                  <ul class="trace">
                    <Frame frame={b.failure.trace} />
                  </ul>
                </>
              ) : null}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function Frame(props: { frame: CallFrame }) {
  const f = props.frame;
  return (
    <li class={f.error ? 'frame frame-error' : 'frame'}>
      <code>{f.type}</code> <Hash value={f.from} /> → {f.to ? <Hash value={f.to} /> : '(create)'}
      {f.error ? <span class="bad"> {f.error}{f.revertReason ? `: ${f.revertReason}` : ''}</span> : null}
      {f.calls && f.calls.length > 0 ? (
        <ul>
          {f.calls.map((c) => (
            <Frame frame={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** What one bundle step names: its transaction and block on its chain, the source batch, the Gateway block. */
function stepParts(s: BundleStep, sourceChainId: number): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  if (s.txHash) parts.push(<>tx <Hash value={s.txHash} to={{ page: 'tx', chainId: s.chainId, hash: s.txHash }} /></>);
  if (s.blockNumber !== undefined) parts.push(<>in <Link to={{ page: 'block', chainId: s.chainId, number: s.blockNumber }}>block {s.blockNumber}</Link> of chain {s.chainId}</>);
  if (s.batchNumber !== undefined) parts.push(<>carried in <Link to={{ page: 'batch', chainId: sourceChainId, number: s.batchNumber }}>batch {s.batchNumber}</Link> of chain {sourceChainId}</>);
  if (s.gatewayBlockNumber !== undefined) parts.push(<>proven by the interop root of Gateway block {s.gatewayBlockNumber}</>);
  return parts;
}

function joined(parts: ComponentChildren[]) {
  return <>{parts.map((p, i) => (i === 0 ? p : <>; {p}</>))}</>;
}
