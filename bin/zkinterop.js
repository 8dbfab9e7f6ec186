#!/usr/bin/env node
// Launcher: runs the CLI in this process (so signals, and kill -9, reach the real process, not a
// wrapper). Normally that is dist/cli.mjs, the prebuilt bundle made at install (scripts/buildCli.mjs):
// plain JS, it starts in a fraction of the time tsx takes to transpile src/. The bundle runs only if
// every file it was built from is unchanged; after an edit it is rebuilt here first (about a second
// on an idle machine), so what runs is always the code in src/. If it cannot be built (no esbuild,
// read-only folder, a syntax error), or ZKINTEROP_NO_BUNDLE=1 is set, tsx runs the TypeScript as before.
// The bundle runs with V8's code cache (scripts/runBundle.mjs): it is not compiled again at every start.
import { BUNDLE, buildCli, isBundleFresh } from '../scripts/buildCli.mjs';
import { runBundle } from '../scripts/runBundle.mjs';

if (process.env.ZKINTEROP_NO_BUNDLE !== '1' && (isBundleFresh() || (await rebuilt()))) {
  await runBundle(BUNDLE);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

/** Rebuilds the bundle; false if that failed or the sources changed again meanwhile. */
async function rebuilt() {
  try {
    await buildCli();
    return isBundleFresh();
  } catch {
    return false;
  }
}
