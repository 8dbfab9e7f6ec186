// @ts-check
/**
 * Builds the prebuilt CLI: src/cli/main.ts and everything it imports bundled by esbuild into one ES
 * module, dist/cli.mjs, so `node bin/zkinterop.js` starts without transpiling TypeScript (tsx took
 * seconds of the startup). Next to it, dist/cli.stamp.json lists every input file with its size and
 * mtime; bin/zkinterop.js runs the bundle only while all of them are unchanged (see isBundleFresh),
 * with V8's code cache (scripts/runBundle.mjs; a new build deletes the old cache, dist/cli.mjs.cache).
 *
 * Runs at install (`prepare`, so `npm ci` builds it), by `npm run build:cli`, and from
 * bin/zkinterop.js when the stamp shows the sources changed. Plain JS on purpose: it must run before
 * (and without) tsx.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BANNER, writeBuildCache } from './runBundle.mjs';
import { viemImports } from './viemImports.mjs';

/** The repository root (this file lives in scripts/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bundle bin/zkinterop.js runs. */
export const BUNDLE = path.join(ROOT, 'dist', 'cli.mjs');
/** The input list the bundle was built from, with each file's size and mtime. */
export const STAMP = path.join(ROOT, 'dist', 'cli.stamp.json');


/**
 * Packages left out of the bundle: native addons (EDR, better-sqlite3), packages that load optional
 * native helpers or drivers by name (pg, ws), and tsx (only loaded for a TypeScript config file).
 * They are required lazily, at the point the bundled code first uses them, so `up` without --db
 * never loads pg and the client commands never load EDR.
 */
const LAZY_EXTERNALS = ['@nomicfoundation/edr', 'better-sqlite3', 'pg', 'ws'];

/**
 * Files that change the bundle without being one of its inputs: the build itself, and what decides
 * module resolution (a `npm install` rewrites node_modules/.package-lock.json).
 */
const EXTRA_INPUTS = ['scripts/buildCli.mjs', 'scripts/runBundle.mjs', 'scripts/viemImports.mjs', 'package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];

/**
 * A file modified after the build started may not be in the bundle as it is now. Filesystems with
 * whole-second mtimes (their mtimes are multiples of 1000 ms) blur that moment, so for those any
 * change within this window before the start counts too.
 */
const COARSE_MTIME_WINDOW_MS = 2_000;

/**
 * Bundles the CLI and writes its stamp. Both are written to temporary files and renamed, so a
 * concurrent reader sees either the old pair or the new one (a new bundle with the old stamp only
 * looks stale).
 * @returns the number of input files
 * @throws the esbuild error (with its messages) if the sources do not build
 */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const startedMs = Date.now();
  // Built into a private folder first: the bundle's sourceMappingURL names `cli.mjs.map` next to it.
  const work = path.join(path.dirname(BUNDLE), `.build-${process.pid}`);
  const temp = path.join(work, path.basename(BUNDLE));
  const tempStamp = path.join(work, path.basename(STAMP));
  mkdirSync(work, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/cli/main.ts'],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // ES module builds first (hash-wasm's drops the hashes we don't use; its UMD build keeps all).
      mainFields: ['module', 'main'],
      minifySyntax: true,
      minifyWhitespace: true,
      legalComments: 'none',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      banner: { js: BANNER },
      define: { 'import.meta.url': '__zkImportMetaUrl' },
      plugins: [lazyExternals(), builtinsRequired(), viemImports(ROOT)],
    });
    const inputs = [...new Set([...Object.keys(result.metafile.inputs).filter((file) => !file.includes(':')).map(watchedFileOf), ...EXTRA_INPUTS])];
    const files = inputs.map((file) => {
      const stat = statSync(path.join(ROOT, file), { throwIfNoEntry: false });
      if (!stat) return { file, size: -1, mtimeMs: -1 };
      // Edited while we were building: the bundle may hold the old text, so record it as changed.
      const editedSince = stat.mtimeMs % 1000 === 0 ? startedMs - COARSE_MTIME_WINDOW_MS : startedMs;
      return { file, size: stat.size, mtimeMs: stat.mtimeMs >= editedSince ? -1 : stat.mtimeMs };
    });
    writeFileSync(tempStamp, `${JSON.stringify({ format: 1, builtAt: new Date().toISOString(), files })}\n`);
    // A code cache of the old bundle is no use to the new one (runBundle.mjs also checks its identity).
    rmSync(`${BUNDLE}.cache`, { force: true });
    renameSync(`${temp}.map`, `${BUNDLE}.map`);
    renameSync(temp, BUNDLE);
    renameSync(tempStamp, STAMP);
    writeBuildCache(BUNDLE);
    return files.length;
  } finally {
    rmSync(work, { recursive: true, force: true });
    // esbuild keeps a service process for further builds; a CLI that rebuilt must not carry it along.
    await esbuild.stop();
  }
}

/**
 * Whether dist/cli.mjs was built from the files as they are now: every input recorded in the stamp
 * still has its size and mtime (one stat per file, a few ms for all of them).
 * @returns false if there is no bundle or stamp, or any input changed, vanished or was edited mid-build
 */
export function isBundleFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    statSync(BUNDLE);
  } catch {
    return false;
  }
  if (stamp?.format !== 1 || !Array.isArray(stamp.files)) return false;
  // Joined by hand: path.join's normalization of ~200 paths was a visible part of every start.
  const root = `${ROOT}${path.sep}`;
  for (const { file, size, mtimeMs } of stamp.files) {
    if (mtimeMs < 0) return false;
    const stat = statSync(root + file, { throwIfNoEntry: false });
    if (!stat || stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/**
 * The file whose stat stands for an input: the input itself for our sources, the package's
 * package.json for a dependency (a reinstall rewrites its files; a stat per package keeps the check
 * at about a hundred stats instead of nearly a thousand). Hand edits inside node_modules are not seen.
 * @param {string} input a metafile input path, relative to ROOT
 */
function watchedFileOf(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? `${match[1]}/package.json` : input;
}

/**
 * esbuild plugin: each LAZY_EXTERNALS import becomes a small CommonJS module that requires the real
 * package, which esbuild wraps to run on first use (an external ES import would be hoisted and loaded
 * at startup, and Node would also have to scan its CommonJS for named exports).
 * @returns {import('esbuild').Plugin}
 */
function lazyExternals() {
  const names = new RegExp(`^(${LAZY_EXTERNALS.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-externals',
    setup(build) {
      build.onResolve({ filter: /^tsx(\/|$)/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: names }, (args) => (args.namespace === 'lazy-external' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-external' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-external' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js', resolveDir: ROOT }));
    },
  };
}

/**
 * esbuild plugin: Node's built-in modules (`node:fs`, `path`, …) are required, not imported: an
 * `import` statement would keep the bundle from running as a function body (see BANNER). Each one
 * becomes a small CommonJS module that requires it, as lazyExternals does.
 * @returns {import('esbuild').Plugin}
 */
function builtinsRequired() {
  const builtins = new Set(builtinModules);
  return {
    name: 'builtins-required',
    setup(build) {
      build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
        if (!builtins.has(bare) || args.kind === 'require-call') return undefined;
        return args.namespace === 'builtin-required' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin-required' };
      });
      build.onLoad({ filter: /.*/, namespace: 'builtin-required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js', resolveDir: ROOT }));
    },
  };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const count = await buildCli();
    console.log(`built ${path.relative(ROOT, BUNDLE)} from ${count} files`);
  } catch (error) {
    const messages = /** @type {{ errors?: { text: string, location?: { file: string, line: number } }[] }} */ (error).errors;
    if (messages?.length) for (const m of messages) console.error(`${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`);
    else console.error(error);
    process.exitCode = 1;
  }
}
