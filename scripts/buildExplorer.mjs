// @ts-check
/**
 * Builds the explorer (explorer/, docs in explorer/README.md) into static files under dist/explorer/:
 * index.html, app.css and favicon.svg copied, explorer/main.tsx and what it imports (Preact, viem's encoders, the
 * wire types) bundled by esbuild into one browser script, app.js. No CDN, no remote fonts: the router
 * serves these files (src/network/explorerAssets.ts), and the page works offline.
 *
 * Runs at install (`prepare`, after the CLI bundle), by `npm run build:explorer`, and from the browser
 * tests before they start. Written to a temporary folder and renamed into place, so a server that
 * reads it at start sees a whole build.
 */
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the built explorer goes. */
export const EXPLORER_OUT = path.join(ROOT, 'dist', 'explorer');

/** Files copied as they are. */
const STATIC_FILES = ['index.html', 'app.css', 'favicon.svg'];

/**
 * Bundles the explorer into `outDir`.
 * @param {string} [outDir] default dist/explorer
 * @returns {Promise<number>} the size of app.js in bytes
 * @throws the esbuild error (with its messages) if the sources do not build
 */
export async function buildExplorer(outDir = EXPLORER_OUT) {
  const esbuild = await import('esbuild');
  const work = `${outDir}.build-${process.pid}-${Date.now()}`;
  mkdirSync(work, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['explorer/main.tsx'],
      outfile: path.join(work, 'app.js'),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: ['chrome110', 'firefox110', 'safari16'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: true,
      legalComments: 'none',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
    });
    for (const file of STATIC_FILES) cpSync(path.join(ROOT, 'explorer', file), path.join(work, file));
    rmSync(outDir, { recursive: true, force: true });
    renameSync(work, outDir);
    return result.metafile.outputs[Object.keys(result.metafile.outputs).find((k) => k.endsWith('app.js')) ?? '']?.bytes ?? 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
    await esbuild.stop();
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const bytes = await buildExplorer();
    console.log(`built ${path.relative(ROOT, EXPLORER_OUT)}/app.js (${Math.round(bytes / 1024)} KiB)`);
  } catch (error) {
    const messages = /** @type {{ errors?: { text: string, location?: { file: string, line: number } }[] }} */ (error).errors;
    if (messages?.length) for (const m of messages) console.error(`${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`);
    else console.error(error);
    process.exitCode = 1;
  }
}
