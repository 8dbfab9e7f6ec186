/**
 * Preloaded with `node --import` (after tsx): registers a module hook that appends the URL of every
 * module the process loads through `import` to the file named by ZKINTEROP_MODULE_LOG, one per line.
 * Used by test/sdk/entryPoints.test.ts to see what an entry point pulls in.
 */
import { register } from 'node:module';

register('./recordModuleLoadsHooks.mjs', import.meta.url, { data: { log: process.env.ZKINTEROP_MODULE_LOG } });
