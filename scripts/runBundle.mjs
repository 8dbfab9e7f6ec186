// @ts-check
/**
 * Runs the prebuilt CLI (dist/cli.mjs) with V8's code cache, so a start does not compile the 2 MB
 * bundle again: Node 20 has no code cache for ES modules, so the bundle (past its BANNER line, which
 * is all that makes it a module: see scripts/buildCli.mjs) is compiled as the body of an async
 * function by `vm.Script`, with the cached data in dist/cli.mjs.cache when there is one.
 *
 * The cache holds the bytecode of every function the run had compiled when it was written: it is
 * written once a long-running command is ready (`zkinterop up` or `node` emits `zkinterop:ready` on
 * `process`), when there was none or V8 refused it. Its first line says which bundle (size, mtime)
 * and which Node it was made for; V8 itself only checks the source's length and its own version
 * and flags. A cache that cannot be written (a read-only install) is simply not there next time.
 *
 * A bundle that does not start with the BANNER line (a hand-edited one) runs as the ES module it is.
 * ZKINTEROP_NO_CODE_CACHE=1 compiles it without the cache and writes none (bench/startup.ts compares).
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { BANNER } from './buildCli.mjs';

/** Bumped when the wrapper below changes: a cache made for another wrapper is not used. */
const WRAPPER_VERSION = 2;
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
  const stat = statSync(bundle);
  const cacheFile = `${bundle}.cache`;
  const header = JSON.stringify({ wrapper: WRAPPER_VERSION, size: stat.size, mtimeMs: stat.mtimeMs, node: process.version, arch: process.arch });
  const useCache = process.env.ZKINTEROP_NO_CODE_CACHE !== '1';
  const cachedData = useCache ? readCache(cacheFile, header) : undefined;
  const script = new vm.Script(`${WRAPPER_HEAD}${text.slice(BANNER.length + 1)}${WRAPPER_TAIL}`, {
    filename: bundle,
    // Stack traces name the bundle's own lines: its BANNER line is not compiled.
    lineOffset: 1,
    cachedData,
    // `import()` in the bundle (tsx, a TypeScript or JS --config) resolves as it would in the module.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('zkinterop:ready', () => setImmediate(() => writeCache(cacheFile, header, script)));
  }
  const main = script.runInThisContext();
  await main(createRequire(bundle), pathToFileURL(bundle).href);
}

/**
 * The cached data in `file` if it was made for this bundle and Node (its first line is `header`).
 * @param {string} file
 * @param {string} header
 * @returns {Buffer | undefined}
 */
function readCache(file, header) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = data.indexOf(10);
  if (newline < 0 || data.toString('utf8', 0, newline) !== header) return undefined;
  return data.subarray(newline + 1);
}

/**
 * Writes the cache (to a temporary file first, renamed into place: a concurrent reader sees a whole
 * file or none). Failure is not an error: the next start compiles, as without a cache.
 * @param {string} file
 * @param {string} header
 * @param {vm.Script} script
 */
function writeCache(file, header, script) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(`${header}\n`), script.createCachedData()]));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}
