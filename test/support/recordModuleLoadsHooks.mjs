/**
 * The hook of recordModuleLoads.mjs (it runs on the loader thread): writes each loaded module's URL
 * before loading it, synchronously, so the list is complete once the import that needed it settles.
 */
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function load(url, context, nextLoad) {
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
