// @ts-check
/**
 * Container health and start-order checks, in plain Node (the runtime image has no curl or wget).
 *
 *   node deploy/healthcheck.mjs                 exit 0 when GET http://127.0.0.1:<port>/health answers 200,
 *                                               <port> read from --port of the container's main process
 *                                               (PID 1: `zkinterop node|coordinator … --port N`), so one
 *                                               Dockerfile HEALTHCHECK serves every role
 *   node deploy/healthcheck.mjs --port 3050     the same for that port
 *   node deploy/healthcheck.mjs --wait URL…     wait until each URL answers: http(s)://… → its /health
 *                                               gives 200; tcp://host:port → a connection opens (PostgreSQL).
 *                                               For Kubernetes init containers (a node whose settlement
 *                                               layer is not up yet would fail its first calls).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';

/** The router's port: a coordinator given no --port listens there. */
const DEFAULT_PORT = 3000;

/**
 * The value of --port in a command line (`--port N` or `--port=N`), else the default.
 * @param {readonly string[]} argv
 * @returns {number}
 */
export function portOfCommandLine(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' && argv[i + 1] !== undefined) return Number(argv[i + 1]);
    if (arg?.startsWith('--port=')) return Number(arg.slice('--port='.length));
  }
  return DEFAULT_PORT;
}

/** @returns {string[]} PID 1's arguments (the container's main process) */
function mainProcessArgv() {
  return readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter((a) => a !== '');
}

/**
 * Whether `url` answers now: /health with 200 for http(s), an open connection for tcp.
 * @param {string} url
 * @returns {Promise<boolean>}
 */
export async function answers(url) {
  const parsed = new URL(url);
  if (parsed.protocol === 'tcp:') {
    return new Promise((resolve) => {
      const socket = connect({ host: parsed.hostname, port: Number(parsed.port) });
      socket.setTimeout(2_000);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
  }
  try {
    const response = await fetch(new URL('/health', parsed), { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--wait') {
    for (const url of args.slice(1)) {
      while (!(await answers(url))) {
        console.error(`waiting for ${url}`);
        await new Promise((r) => setTimeout(r, 2_000));
      }
    }
    return;
  }
  const port = args.length > 0 ? portOfCommandLine(args) : portOfCommandLine(mainProcessArgv());
  process.exitCode = (await answers(`http://127.0.0.1:${port}`)) ? 0 : 1;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
