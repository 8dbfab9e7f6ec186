/**
 * The explorer's small building blocks: hashes shortened with a copy button, times relative with the
 * absolute one beside them, links to pages, stage badges, tables with captions, pagers, and the
 * states of a load (loading, error, empty). Semantic HTML only: tables for lists, `dl` for fields,
 * `ol` for timelines, buttons for actions, every control labelled.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { absoluteTime, relativeTime, shortHash } from './format.ts';
import { href, type Route } from './route.ts';
import { useNow } from './live.ts';

/** A link to a page of the explorer. */
export function Link(props: { to: Route; children: ComponentChildren; class?: string; label?: string }) {
  return (
    <a href={href(props.to)} class={props.class} aria-label={props.label}>
      {props.children}
    </a>
  );
}

/**
 * A hash or address: shortened (the whole value in its title and for screen readers), a link when
 * `to` is given, and a button that copies the whole value.
 */
export function Hash(props: { value: string; to?: Route; keep?: number }) {
  const [copied, setCopied] = useState(false);
  const text = shortHash(props.value, props.keep);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
    } catch {
      // No clipboard (plain http on another host): select-and-copy by hand still works.
      const area = document.createElement('textarea');
      area.value = props.value;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1200);
  };
  return (
    <span class="hash">
      {props.to ? (
        <Link to={props.to} label={props.value}>
          <code title={props.value}>{text}</code>
        </Link>
      ) : (
        <code title={props.value} aria-label={props.value}>
          {text}
        </code>
      )}
      <button type="button" class="copy" onClick={copy} aria-label={`Copy ${props.value}`} title="Copy">
        {copied ? (
          '✓'
        ) : (
          <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" focusable="false">
            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
            <path d="M3.5 11H3a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1h7a1 1 0 0 1 1 1v.5" fill="none" stroke="currentColor" stroke-width="1.5" />
          </svg>
        )}
      </button>
    </span>
  );
}

/** A time: relative (`5 s ago`) with the absolute one after it; `at` in ms since the epoch. */
export function Time(props: { at: number | undefined | null }) {
  const now = useNow();
  if (props.at === undefined || props.at === null || props.at === 0) return <span class="muted">–</span>;
  return (
    <time dateTime={new Date(props.at).toISOString()} title={new Date(props.at).toISOString()}>
      {relativeTime(props.at, now)} <span class="abs">({absoluteTime(props.at)})</span>
    </time>
  );
}

/** A stage as a badge whose colour is backed by its word (never colour alone). */
export function Stage(props: { stage: string }) {
  return <span class={`stage stage-${props.stage}`}>{props.stage}</span>;
}

/** A table with a caption (its accessible name) and column headers. */
export function Table(props: { caption: string; head: string[]; children: ComponentChildren; empty?: string; rows: number; hideCaption?: boolean }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class={props.hideCaption ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows === 0 ? (
            <tr>
              <td colSpan={props.head.length} class="muted">
                {props.empty ?? 'Nothing yet.'}
              </td>
            </tr>
          ) : (
            props.children
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next page of a list paginated on the server. */
export function Pager(props: { label: string; offset: number; limit: number; total: number; onChange: (offset: number) => void; back?: string; forward?: string }) {
  const { offset, limit, total } = props;
  const last = Math.min(total, offset + limit);
  return (
    <nav class="pager" aria-label={`${props.label} pages`}>
      <button type="button" disabled={offset === 0} onClick={() => props.onChange(Math.max(0, offset - limit))}>
        ← {props.back ?? 'Newer'}
      </button>
      <span>
        {total === 0 ? 0 : offset + 1}–{last} of {total.toLocaleString('en')}
      </span>
      <button type="button" disabled={last >= total} onClick={() => props.onChange(offset + limit)}>
        {props.forward ?? 'Older'} →
      </button>
    </nav>
  );
}

/** Name/value fields. */
export function Fields(props: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="fields">
      {props.items.map(([name, value]) => (
        <div>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What a load shows before its data: a status line, or the error with what to do. */
export function LoadState(props: { loading: boolean; error: Error | undefined; what: string }) {
  if (props.error) {
    return (
      <p class="error" role="alert">
        Could not read {props.what}: {props.error.message}
      </p>
    );
  }
  if (props.loading) return <p class="loading" role="status">Loading {props.what}…</p>;
  return null;
}

/** A page's heading and what it is about. */
export function PageTitle(props: { title: ComponentChildren; sub?: ComponentChildren }) {
  return (
    <header class="page-title">
      <h1 tabIndex={-1} id="page-heading">
        {props.title}
      </h1>
      {props.sub ? <p class="sub">{props.sub}</p> : null}
    </header>
  );
}
