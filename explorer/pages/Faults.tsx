/**
 * The faults injected in `--dev` (`zkinterop_listFaults`): the events in time order, each naming the
 * chain, Gateway block or batch it struck. The message page puts the same events on its timeline.
 */
import { Hash, Link, Table, Time } from '../ui.tsx';

/** One fault event (docs/dev-rpc.md, "Faults"). */
export type FaultEvent = { at: number; kind: string; chainId?: number; gatewayBlock?: number; gatewayBatch?: number; txHash?: string; root?: string; detail?: string };

/** The part of `zkinterop_listFaults` the explorer shows. */
export type FaultReport = { access: 'off' | 'open' | 'token'; events: FaultEvent[]; gateway: { paused: boolean } };

export function FaultList(props: { report: FaultReport }) {
  const events = [...props.report.events].reverse().slice(0, 50);
  return (
    <section aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults injected</h2>
      <p class="sub">
        Fault injection is <strong>{props.report.access}</strong>
        {props.report.gateway.paused ? '; Gateway is paused' : ''}.
      </p>
      <Table caption="Faults injected, newest first" hideCaption head={['When', 'Fault', 'Chain', 'Where', 'Detail']} rows={events.length} empty="No fault injected yet.">
        {events.map((e) => (
          <tr>
            <td>
              <Time at={e.at} />
            </td>
            <td>
              <span class="fault">⚡ {e.kind}</span>
            </td>
            <td>{e.chainId !== undefined ? <Link to={{ page: 'chain', chainId: e.chainId }}>{e.chainId}</Link> : '–'}</td>
            <td>
              {e.gatewayBlock !== undefined ? `Gateway block ${e.gatewayBlock}` : e.gatewayBatch !== undefined ? `Gateway batch ${e.gatewayBatch}` : ''}
              {e.txHash ? <Hash value={e.txHash} /> : null}
            </td>
            <td>{e.detail ?? (e.root ? <Hash value={e.root} /> : '')}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
