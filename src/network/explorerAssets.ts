/**
 * The explorer's files as the router serves them (`GET /`, `/app.js`, `/app.css`, …): read once from
 * the build output, dist/explorer/ (scripts/buildExplorer.mjs, run at install), and kept in memory.
 * Without a build, `/` answers a short page that says how to build it, so `up` never fails for it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticFile, StaticFiles } from '../rpc/server.ts';

/** Content types of the files the build writes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const NOT_BUILT = Buffer.from(
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>zkinterop explorer</title><body><main><h1>The explorer is not built</h1><p>Build it with <code>npm run build:explorer</code> (it is built at install, by <code>npm install</code> / <code>npm ci</code>), then reload this page. JSON-RPC is served at <code>/chains/&lt;chain id&gt;</code> either way.</p></main></body></html>',
);

/**
 * The folder the build writes to: dist/explorer next to the sources' dist/ (this module in src/network/)
 * or beside the CLI bundle (dist/cli.mjs bundles this module).
 */
export function explorerDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', '..', 'dist', 'explorer'), path.resolve(here, 'explorer')];
  return candidates.find((dir) => statSync(path.join(dir, 'index.html'), { throwIfNoEntry: false })?.isFile()) ?? candidates[0]!;
}

/**
 * Loads the built explorer into memory and answers its paths (`/` and `/index.html` are the page).
 * @param dir the build output (default `explorerDir()`)
 * @example createRpcServer({ …, staticFiles: explorerAssets() })
 */
export function explorerAssets(dir = explorerDir()): StaticFiles {
  const files = new Map<string, StaticFile>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  for (const name of names) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (type === undefined || !statSync(path.join(dir, name)).isFile()) continue;
    files.set(`/${name}`, { contentType: type, body: readFileSync(path.join(dir, name)) });
  }
  const index = files.get('/index.html') ?? { contentType: CONTENT_TYPES['.html']!, body: NOT_BUILT };
  files.set('/', index);
  files.set('/index.html', index);
  return (urlPath) => files.get(urlPath);
}
