/**
 * The page's addresses: hash routes (`#/chain/271`), so every page has a link, the back button works
 * and the server serves one file. `parseRoute` reads `location.hash`; `href` writes one.
 */

/** Every page of the explorer and its arguments. */
export type Route =
  | { page: 'overview' }
  | { page: 'chain'; chainId: number }
  | { page: 'block'; chainId: number; number: number }
  | { page: 'batch'; chainId: number; number: number }
  | { page: 'tx'; chainId: number; hash: string }
  | { page: 'address'; address: string }
  | { page: 'message'; chainId: number; hash: string; index: number }
  | { page: 'bundle'; hash: string }
  | { page: 'search'; query: string }
  | { page: 'notFound'; path: string };

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const WHOLE = /^\d{1,15}$/;

/**
 * The route of a hash (`#/tx/271/0x…`).
 * @example parseRoute('#/block/271/12') // { page: 'block', chainId: 271, number: 12 }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [page, a, b, c] = parts;
  const id = (v: string | undefined) => (v !== undefined && WHOLE.test(v) ? Number(v) : undefined);
  if (page === undefined) return { page: 'overview' };
  if (page === 'chain' && id(a) !== undefined && b === undefined) return { page: 'chain', chainId: id(a)! };
  if ((page === 'block' || page === 'batch') && id(a) !== undefined && id(b) !== undefined) return { page, chainId: id(a)!, number: id(b)! };
  if (page === 'tx' && id(a) !== undefined && b !== undefined && HEX32.test(b)) return { page: 'tx', chainId: id(a)!, hash: b.toLowerCase() };
  if (page === 'address' && a !== undefined && ADDRESS.test(a)) return { page: 'address', address: a };
  if (page === 'message' && id(a) !== undefined && b !== undefined && HEX32.test(b)) return { page: 'message', chainId: id(a)!, hash: b.toLowerCase(), index: id(c) ?? 0 };
  if (page === 'bundle' && a !== undefined && HEX32.test(a)) return { page: 'bundle', hash: a.toLowerCase() };
  if (page === 'search' && a !== undefined) return { page: 'search', query: a };
  return { page: 'notFound', path };
}

/**
 * The link of a route.
 * @example href({ page: 'chain', chainId: 271 }) // '#/chain/271'
 */
export function href(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'chain':
      return `#/chain/${route.chainId}`;
    case 'block':
    case 'batch':
      return `#/${route.page}/${route.chainId}/${route.number}`;
    case 'tx':
      return `#/tx/${route.chainId}/${route.hash}`;
    case 'address':
      return `#/address/${route.address}`;
    case 'message':
      return `#/message/${route.chainId}/${route.hash}${route.index ? `/${route.index}` : ''}`;
    case 'bundle':
      return `#/bundle/${route.hash}`;
    case 'search':
      return `#/search/${encodeURIComponent(route.query)}`;
    case 'notFound':
      return `#${route.path}`;
  }
}
