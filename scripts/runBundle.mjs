// @ts-check
/**
 * Runs the prebuilt CLI (dist/cli.mjs) with V8's code cache, so a start does not compile the 2 MB
 * bundle again: Node 20 has no code cache for ES modules, so the bundle (past its BANNER line, which
 * is all that makes it a module: see scripts/buildCli.mjs) is compiled as the body of an async
 * function by `vm.Script`, with the cached data in dist/cli.mjs.cache when there is one.
 *
 * The build writes a first cache (writeBuildCache: the bundle compiled, nothing run, so it spares the
 * parse of the whole file but not the compilation of each function on its first call). A
 * long-running command replaces it once ready (`zkinterop up` or `node` emits `zkinterop:ready` on
 * `process`) with the bytecode of every function it had compiled by then; so does any such run that
 * found no cache or one V8 refused. The first line says which bundle (size, mtime) and which Node it
 * was made for, and who made it; V8 itself only checks the source's length and its own version and
 * flags. A cache that cannot be written (a read-only install) is simply not there next time.
 *
 * A bundle that does not start with the BANNER line (a hand-edited one) runs as the ES module it is.
 * ZKINTEROP_NO_CODE_CACHE=1 compiles it without the cache and writes none (bench/startup.ts compares).
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/**
 * The bundle's first line: a real `require` (for the lazily required externals, Node's built-in
 * modules and bundled CommonJS such as commander) and `import.meta.url` under a plain name (the
 * build replaces `import.meta.url` with it). Past this line the bundle holds no `import` statement
 * and no `import.meta`, so it can be compiled as the body of a function (scripts/buildCli.mjs
 * writes it; runBundle strips it).
 */
export const BANNER = "import { createRequire as __zkCreateRequire } from 'node:module'; const require = __zkCreateRequire(import.meta.url); const __zkImportMetaUrl = import.meta.url;";

/** Bumped when the wrapper below changes: a cache made for another wrapper is not used. */
const WRAPPER_VERSION = 3;
const WRAPPER_HEAD = '(async function (require, __zkImportMetaUrl) {"use strict";';
const WRAPPER_TAIL = '\n})';

/**
 * Runs the bundle at `bundle`; resolves when its top level has run (the command itself may go on).
 * @param {string} bundle the path of dist/cli.mjs
 */
export async function runBundle(bundle) {
  const text = readFileSync(bundle, 'utf8');
  if (!text.startsWith(`${BANNER}\n`)) {
    await import(pathToFileURL(bundle).href);
    return;
  }
  const cacheFile = `${bundle}.cache`;
  const identity = identityOf(bundle);
  const useCache = process.env.ZKINTEROP_NO_CODE_CACHE !== '1';
  const cache = useCache ? readCache(cacheFile, identity) : undefined;
  const script = compile(bundle, text, cache?.data);
  if (useCache && (cache === undefined || cache.madeBy === 'build' || script.cachedDataRejected)) {
    process.once('zkinterop:ready', () => setImmediate(() => writeCache(cacheFile, identity, 'run', script)));
  }
  const main = script.runInThisContext();
  await main(createRequire(bundle), pathToFileURL(bundle).href);
}

/**
 * Writes the build's cache of `bundle` (see module header). Never throws: without it the first start
 * compiles, as before.
 * @param {string} bundle the path of dist/cli.mjs
 */
export function writeBuildCache(bundle) {
  try {
    const text = readFileSync(bundle, 'utf8');
    if (text.startsWith(`${BANNER}\n`)) writeCache(`${bundle}.cache`, identityOf(bundle), 'build', compile(bundle, text, undefined));
  } catch {
    // no cache: the first long-running command writes one
  }
}

/**
 * The bundle (past its BANNER line) as the body of an async function.
 * @param {string} bundle
 * @param {string} text
 * @param {Buffer | undefined} cachedData
 */
function compile(bundle, text, cachedData) {
  return new vm.Script(`${WRAPPER_HEAD}${text.slice(BANNER.length + 1)}${WRAPPER_TAIL}`, {
    filename: bundle,
    // Stack traces name the bundle's own lines: its BANNER line is not compiled.
    lineOffset: 1,
    cachedData,
    // `import()` in the bundle (tsx, a TypeScript or JS --config) resolves as it would in the module.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

/**
 * What a cache must have been made for: this bundle (size, mtime), this wrapper, this Node.
 * @param {string} bundle
 */
function identityOf(bundle) {
  const stat = statSync(bundle);
  return JSON.stringify({ wrapper: WRAPPER_VERSION, size: stat.size, mtimeMs: stat.mtimeMs, node: process.version, arch: process.arch });
}

/**
 * The cached data in `file` if it was made for this bundle and Node (its first line is `identity`,
 * a tab, and who made it), and who made it.
 * @param {string} file
 * @param {string} identity
 * @returns {{ data: Buffer, madeBy: string } | undefined}
 */
function readCache(file, identity) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = data.indexOf(10);
  if (newline < 0) return undefined;
  const [made, madeBy = ''] = data.toString('utf8', 0, newline).split('\t');
  if (made !== identity) return undefined;
  return { data: data.subarray(newline + 1), madeBy };
}

/**
 * Writes the cache (to a temporary file first, renamed into place: a concurrent reader sees a whole
 * file or none). Failure is not an error: the next start compiles, as without a cache.
 * @param {string} file
 * @param {string} identity
 * @param {'build' | 'run'} madeBy
 * @param {vm.Script} script
 */
function writeCache(file, identity, madeBy, script) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(`${identity}\t${madeBy}\n`), script.createCachedData()]));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}
