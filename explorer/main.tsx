/**
 * The explorer's entry: connects to the network (network.ts), then renders the header (the nodes,
 * search) and the page of the current hash route (route.ts). Keyboard: a skip link to the content,
 * `/` focuses search, and each new page moves focus to its heading so screen readers announce it.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { LiveNetwork } from './network.ts';
import { NetworkContext, useNetwork } from './live.ts';
import { href, parseRoute, type Route } from './route.ts';
import { Link } from './ui.tsx';
import { Overview } from './pages/Overview.tsx';
import { ChainPage } from './pages/Chain.tsx';
import { MessagePage } from './pages/Message.tsx';
import { AddressPage, BatchPage, BlockPage, TxPage } from './pages/Records.tsx';
import { BundlePage } from './pages/Bundle.tsx';
import { SearchPage } from './pages/Search.tsx';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

function Page(props: { route: Route }) {
  const r = props.route;
  switch (r.page) {
    case 'overview':
      return <Overview />;
    case 'chain':
      return <ChainPage chainId={r.chainId} />;
    case 'block':
      return <BlockPage chainId={r.chainId} number={r.number} />;
    case 'batch':
      return <BatchPage chainId={r.chainId} number={r.number} />;
    case 'tx':
      return <TxPage chainId={r.chainId} hash={r.hash} />;
    case 'address':
      return <AddressPage address={r.address} />;
    case 'message':
      return <MessagePage chainId={r.chainId} hash={r.hash} index={r.index} />;
    case 'bundle':
      return <BundlePage hash={r.hash} />;
    case 'search':
      return <SearchPage query={r.query} />;
    case 'notFound':
      return (
        <header class="page-title">
          <h1 tabIndex={-1} id="page-heading">
            No such page
          </h1>
          <p>
            <code>{r.path}</code> is not a page of the explorer. <a href="#/">Back to the network</a>.
          </p>
        </header>
      );
  }
}

function App() {
  const route = useRoute();
  const net = useNetwork();
  const search = useRef<HTMLInputElement>(null);
  const key = href(route);
  const first = useRef(true);
  useEffect(() => {
    // A new page (not the first one): focus its heading (announced by screen readers; Tab continues from there).
    const heading = document.getElementById('page-heading');
    if (!first.current && heading && document.activeElement !== search.current) heading.focus({ preventScroll: false });
    first.current = false;
    document.title = `${heading?.textContent?.trim() ?? 'Explorer'} · zkinterop explorer`;
  }, [key]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
      if (event.key === '/' && !typing) {
        event.preventDefault();
        search.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const onSearch = (event: Event) => {
    event.preventDefault();
    const q = search.current?.value.trim() ?? '';
    if (q !== '') location.hash = href({ page: 'search', query: q });
  };
  return (
    <>
      <a class="skip" href="#content" onClick={(e) => (e.preventDefault(), document.getElementById('page-heading')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          zkinterop <span>explorer</span>
        </a>
        <nav aria-label="Nodes">
          <ul>
            {net.nodes.map((n) => (
              <li>
                <Link to={{ page: 'chain', chainId: n.chainId }}>
                  {n.label} <span class="head-number" data-chain={n.chainId}>#{net.heads.get(n.chainId)?.number ?? '…'}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <form role="search" onSubmit={onSearch}>
          <label for="search">Search</label>
          <input id="search" ref={search} type="search" placeholder="tx / message / bundle hash, address, block or batch number  ( / )" autoComplete="off" spellcheck={false} />
          <button type="submit">Go</button>
        </form>
      </header>
      <main id="content">
        <Page route={route} />
      </main>
      <footer class="bottom">
        Read live from the nodes over JSON-RPC (<code>/chains/&lt;id&gt;</code>) and <code>eth_subscribe newHeads</code>; nothing is stored by the page.
      </footer>
    </>
  );
}

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  try {
    const live = await LiveNetwork.connect();
    // Preact renders beside what is there: the loading line goes first.
    root.textContent = '';
    render(
      <NetworkContext.Provider value={live}>
        <App />
      </NetworkContext.Provider>,
      root,
    );
  } catch (error) {
    root.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = `Cannot reach the network at ${location.origin}/network (${error instanceof Error ? error.message : String(error)}). Is zkinterop up running? Reload once it is.`;
    root.append(p);
  }
}

void main();
