/**
 * The client entry points load no part of the node: a fresh Node process imports `zkinterop/sdk` (or
 * `zkinterop/protocol`) through package.json "exports" with a hook that records every module it loads
 * (test/support/recordModuleLoads.mjs; CommonJS ones also from `require.cache`), and none may be EDR,
 * SQLite, PostgreSQL, ws, or the node's own rooms (src/chain, src/gateway, src/watcher, src/network,
 * src/store, the RPC server, the CLI, the test harness). The root entry, which does load the node, is
 * the control that shows the check sees such loads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RECORDER = pathToFileURL(path.join(ROOT, 'test/support/recordModuleLoads.mjs')).href;

/** What a client entry point must never load, by the path of the loaded file. */
const NODE_PARTS: readonly RegExp[] = [
  /\/node_modules\/@nomicfoundation\/edr/,
  /\/node_modules\/better-sqlite3\//,
  /\/node_modules\/pg(-[^/]+)?\//,
  /\/node_modules\/ws\//,
  /^src\/(chain|gateway|watcher|network|store|cli|testing)\//,
  /^src\/rpc\/server\.ts$/,
];

/** Imports `entry` in a fresh process; returns every file it loaded, relative to the repository root where inside it. */
async function loadedFiles(entry: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-loads-'));
  const log = path.join(dir, 'modules.log');
  try {
    // `-e` runs as CommonJS: `require.cache` lists the CommonJS modules, the hook's log the rest.
    const script = 'import(process.argv[1]).then(() => process.stdout.write(JSON.stringify(Object.keys(require.cache))))';
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', '--import', RECORDER, '-e', script, entry], { cwd: ROOT, env: { ...process.env, ZKINTEROP_MODULE_LOG: log }, timeout: 60_000 }, (error, out, err) => {
        if (error) reject(new Error(`importing ${entry} failed: ${err || error.message}`));
        else resolve(out);
      });
    });
    const urls = readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('file:'));
    const files = [...urls.map((url) => fileURLToPath(url)), ...(JSON.parse(stdout) as string[])];
    return [...new Set(files.map((file) => (file.startsWith(`${ROOT}/`) ? file.slice(ROOT.length + 1) : file)))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The loaded files that belong to the node. */
function nodeParts(files: readonly string[]): string[] {
  return files.filter((file) => NODE_PARTS.some((part) => part.test(file) || part.test(`/${file}`)));
}

describe('client entry points', () => {
  test('importing zkinterop/sdk loads no part of the node', async () => {
    const files = await loadedFiles('zkinterop/sdk');
    expect(files).toContain('src/sdk/index.ts');
    expect(nodeParts(files)).toEqual([]);
  });

  test('importing zkinterop/protocol loads no part of the node', async () => {
    const files = await loadedFiles('zkinterop/protocol');
    expect(files).toContain('src/protocol/index.ts');
    expect(nodeParts(files)).toEqual([]);
  });

  test('importing the root entry loads the node, and the check sees it', async () => {
    const parts = nodeParts(await loadedFiles('zkinterop'));
    expect(parts).toEqual(expect.arrayContaining(['src/chain/engine.ts', 'src/rpc/server.ts', expect.stringMatching(/node_modules\/@nomicfoundation\/edr/), expect.stringMatching(/node_modules\/ws\//)]));
  });
});
