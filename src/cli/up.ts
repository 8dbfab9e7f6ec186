/**
 * `zkinterop up`: starts the L1 (unless `--no-l1`; SPEC §10), Gateway and the chains in this process, prints the endpoints (or JSON with
 * --json), writes them to --config-out for scripts, and runs until interrupted (Ctrl-C / SIGTERM
 * stop it cleanly, exit code 0; if a running request keeps the network from stopping within 10 s it
 * exits anyway with code 1, and a second signal exits at once: shutdown.ts). Every endpoint answers
 * GET /health once the network is ready. `--rpc-gas-cap` and `--rpc-timeout` set the request limits
 * of docs/security.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { NetworkDump } from '../store/journal.ts';
import { InvalidArgumentError, type Command } from 'commander';
import { parsePort } from './clientOptions.ts';
import { addServingOptions, requestLimitsOf, type ServingFlags } from './servingOptions.ts';
import type { Hex } from 'viem';
import type { NetworkOptions } from '../network/network.ts';
import type { NetworkConfig } from '../wire/types.ts';
import { DEFAULT_GATEWAY, DEFAULT_L1, DEFAULT_ROUTER_PORT, defaultChainSpecs } from '../network/defaults.ts';
import { devAccounts } from '../network/accounts.ts';
import { readNetworkConfigFile } from './networkConfigFile.ts';
import { exposedEndpoints, exposureOf, exposureWarning, urlsAt, type Exposure } from './exposure.ts';
import { ZkInteropError } from '../errors.ts';
import { exitOnSignals } from './shutdown.ts';
import { signalReady } from './readySignal.ts';

export type UpOptions = ServingFlags & {
  chains?: number;
  l1?: boolean;
  l1Port?: number;
  host?: string;
  port?: number;
  autorelay?: boolean;
  config?: string;
  configOut?: string;
  dataDir?: string;
  db?: string;
  load?: string;
  devToken?: string;
  /** false with `--no-explorer` */
  explorer?: boolean;
  /** one process per node (`--processes`) */
  processes?: boolean;
  /** false with `--no-restart`: a crashed node process stays down */
  restart?: boolean;
  json: boolean;
};

/** Adds the `up` command to the program. */
export function registerUp(program: Command): void {
  const up = program
    .command('up')
    .description('start Gateway (506) and ZK chains (271, 272, …) with settlement, watchers and JSON-RPC')
    .option('--chains <n>', 'number of ZK chains (ids 271, 272, 273, …; default 2)', parseCount)
    .option('--l1', `run an L1 (chain ${DEFAULT_L1.chainId}, the default); with --data-dir/--db, refuse a stored network that has none`)
    .option('--no-l1', `run no L1: Gateway settles nowhere and finalized/safe and interop roots wait for Gateway only (by default an L1, chain ${DEFAULT_L1.chainId}, runs under Gateway)`)
    .option('--l1-port <port>', `port of the L1 (default ${DEFAULT_L1.port})`, parsePort)
    .option('--host <host>', 'interface to bind (default 127.0.0.1: this machine only); 0.0.0.0 exposes the dev accounts and admin methods to the network, with a warning')
    .option('--port <port>', `port of the single endpoint that routes /chains/<id> (default ${DEFAULT_ROUTER_PORT})`, parsePort)
    .option('--no-explorer', 'do not serve the explorer (a web page of the whole network, live) at / of that port');
  // Timing, modes, allow lists and request limits: the flags `zkinterop node` shares (servingOptions.ts).
  addServingOptions(up)
    .option('--autorelay', 'execute every v31 bundle on its destination once provable there, from the network\'s own relayer account (default on; off with --manual)')
    .option('--no-autorelay', 'no auto-relay: bundles wait on their destination until someone calls executeBundle (the bundle index, zkinterop_getBundle / zkinterop_listBundles, still runs)')
    .option('--config <file>', 'network config (JSON, or a TS/JS module with a default export): chains, ids, ports, accounts, delays')
    .option('--config-out <file>', 'write the endpoints, addresses and accounts as JSON once ready')
    .option('--data-dir <dir>', 'persist to SQLite in this directory; starting again with it restores the network')
    .option('--db <url>', 'persist to PostgreSQL (postgres://user:pass@host:port/db) instead of SQLite')
    .option('--load <file>', 'start from a dump written by `zkinterop dump` (into an empty store)')
    .option('--dev-token <token>', 'like --dev, but each fault call must pass {"devToken": "<token>"} as its last param')
    .option('--processes', 'run every node in its own process (the L1, Gateway, each chain: `zkinterop node`), this one coordinating them (router, explorer, network methods, faults, auto-relay); stores per node under --data-dir, or a schema per node with --db')
    .option('--no-restart', 'with --processes: leave a crashed node process down until zkinterop_restartNode (by default it is started again after a backoff, 1 s doubling to 30 s, and reported)')
    .option('--json', 'print the endpoints as one JSON object (for scripts)', false)
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop up                          # L1 :8545, Gateway :3150, chain 271 :3050, chain 272 :3250, router :3000 (explorer at http://127.0.0.1:3000/)
  $ zkinterop up --chains 3               # adds chain 273 on :3350
  $ zkinterop up --no-l1                  # no L1: Gateway-only, as before the L1 arrived
  $ zkinterop up --no-autorelay           # bundles wait until someone executes them
  $ zkinterop up --profile realistic      # seconds-long stages, like a live network
  $ zkinterop up --manual                 # advance each stage yourself (see docs/dev-rpc.md)
  $ zkinterop up --config net.json --config-out endpoints.json
  $ zkinterop up --data-dir .zkinterop    # restart with the same dir: everything is back
  $ zkinterop up --dev                    # fault injection: pause Gateway, drop roots, kill settlement
  $ zkinterop up --db postgres://postgres@127.0.0.1:5432/zkinterop
  $ zkinterop up --processes --data-dir .zkinterop   # one process per node, same endpoints; --db: a schema per node
  $ zkinterop up --allow-origin https://app.example   # a dApp served from elsewhere (localhost dApps need nothing)
  $ zkinterop up --host 0.0.0.0 --allow-host devbox.lan   # other machines too: prints a warning and the LAN URLs
  $ curl http://127.0.0.1:3050/health     # {"status":"ok"} once ready`,
    )
    .action(async (opts: UpOptions) => {
      const started = Date.now();
      if (opts.dataDir && opts.db) throw new ZkInteropError('INVALID_ARGUMENT', 'give either --data-dir (SQLite) or --db (PostgreSQL), not both');
      // Loaded here, not at the top: the client commands share this program and need no EVM. The
      // store drivers (pg, better-sqlite3) load only when asked for: they cost ~0.1 s of startup.
      if (opts.restart === false && !opts.processes) throw new ZkInteropError('INVALID_ARGUMENT', '--no-restart is about node processes: give it with --processes (in one process there is nothing to restart)');
      if (opts.processes) {
        const { startProcessNetwork } = await import('../network/processNetwork.ts');
        const load = opts.load ? await readDump(opts.load) : undefined;
        const options = await networkOptions(opts);
        const network = await startProcessNetwork({ ...options, dataDir: opts.dataDir, db: opts.db, load, restartCrashed: opts.restart !== false });
        // Signals are handled before the endpoints are printed: a caller may stop it as soon as it reads them.
        exitOnSignals(() => network.stop());
        await announce(network, Date.now() - started, options, opts);
        return;
      }
      const { startNetwork } = await import('../network/network.ts');
      const location = opts.db || opts.dataDir;
      const store = !location ? undefined : await (await import('../store/index.ts')).openStore(location);
      const load = opts.load ? await readDump(opts.load) : undefined;
      const options = await networkOptions(opts);
      const network = await startNetwork({ ...options, store, load });
      // Signals are handled before the endpoints are printed: a caller may stop it as soon as it reads them.
      exitOnSignals(() => network.stop());
      await announce(network, Date.now() - started, options, opts);
    });
}

/** What a running network shows of itself: `NetworkConfig` and whether the router serves the explorer. */
type Announced = { config(): NetworkConfig; explorerServed: boolean };

/** Prints the endpoints (or `--json`), writes `--config-out`, and the exposure warnings on stderr. */
async function announce(network: Announced, readyMs: number, options: NetworkOptions, opts: UpOptions): Promise<void> {
  const exposure = exposureOf(options.host ?? '127.0.0.1');
  const description = describe(network, readyMs, exposure, options);
  for (const warning of description.warnings) console.error(`${warning}\n`);
  if (opts.configOut) await writeFile(opts.configOut, `${JSON.stringify(description, null, 2)}\n`);
  if (opts.json) console.log(JSON.stringify(description));
  else printEndpoints(network, readyMs, exposure);
  signalReady();
}

/** `--no-l1`, `--l1-port` and the config file's `l1`, merged (flags win); undefined = the default. */
function l1Option(opts: UpOptions, file: boolean | { port?: number } | undefined): NetworkOptions['l1'] {
  if (opts.l1 === false) {
    if (opts.l1Port !== undefined) throw new ZkInteropError('INVALID_ARGUMENT', '--l1-port names the port of an L1, and --no-l1 runs none: give one of them');
    return false;
  }
  if (opts.l1Port !== undefined) return { port: opts.l1Port };
  if (opts.l1 === true && (file === undefined || file === false)) return { port: DEFAULT_L1.port };
  if (file === undefined || file === false) return file;
  return { port: (typeof file === 'object' ? file.port : undefined) ?? DEFAULT_L1.port };
}

/** Command-line flags and the config file, merged (flags win). */
async function networkOptions(opts: UpOptions): Promise<NetworkOptions> {
  const file = opts.config ? await readNetworkConfigFile(opts.config) : undefined;
  const chains = opts.chains !== undefined ? defaultChainSpecs(opts.chains) : (file?.chains ?? defaultChainSpecs(2));
  return {
    host: opts.host ?? file?.host,
    gateway: file?.gateway ?? DEFAULT_GATEWAY,
    // Absent: on for a new network; a stored one keeps what it was started with.
    l1: l1Option(opts, file?.l1),
    chains,
    routerPort: opts.port ?? (file?.routerPort === undefined ? DEFAULT_ROUTER_PORT : file.routerPort),
    explorer: opts.explorer,
    profile: opts.profile ?? file?.profile,
    manual: opts.manual ?? file?.manual,
    // Absent: on in auto mode, off in manual mode (startNetwork's default).
    autorelay: opts.autorelay ?? file?.autorelay,
    batchTimeMs: opts.batchTime ?? file?.delays?.batchTimeMs,
    blockTimeMs: opts.blockTime ?? file?.delays?.blockTimeMs,
    watcherPollMs: opts.watcherPoll ?? file?.delays?.watcherPollMs,
    stageDelays:
      file?.delays?.commitMs !== undefined || file?.delays?.proveMs !== undefined || file?.delays?.executeMs !== undefined
        ? { commitMs: file.delays.commitMs ?? 0, proveMs: file.delays.proveMs ?? 0, executeMs: file.delays.executeMs ?? 0 }
        : undefined,
    l1Delays: file?.delays?.l1,
    extraAccounts: file?.accounts?.map((a) => ({ privateKey: a.privateKey as Hex, balance: BigInt(a.balance) })),
    dev: opts.dev,
    devToken: opts.devToken,
    allowUnprotectedTxs: opts.allowUnprotectedTxs ?? file?.allowUnprotectedTxs,
    allowedOrigins: opts.allowOrigin ?? file?.allowedOrigins,
    allowedHosts: opts.allowHost ?? file?.allowedHosts,
    requestLimits: requestLimitsOf(opts),
  };
}

async function readDump(file: string): Promise<NetworkDump> {
  let dump: NetworkDump;
  try {
    dump = JSON.parse(await readFile(file, 'utf8')) as NetworkDump;
  } catch (cause) {
    throw new ZkInteropError('INVALID_ARGUMENT', `cannot read dump ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (dump?.format !== 'zkinterop-dump' || dump.version !== 1) throw new ZkInteropError('INVALID_ARGUMENT', `${file} is not a zkinterop dump (version 1): give --load a file written by \`zkinterop dump\` (or the zkinterop_dump method) of this zkinterop version`);
  return dump;
}

/**
 * What `--json` prints and `--config-out` writes: the network config (node `rpcUrl`s are for clients on
 * this machine), the dev accounts, and where the ports are reachable from: `exposure` (the bound host,
 * whether other machines can connect, and every endpoint's URLs at each address) and `warnings` (empty
 * unless bound beyond loopback; also printed on stderr). See docs/security.md.
 */
function describe(network: Announced, readyMs: number, exposure: Exposure, options: NetworkOptions) {
  const config = network.config();
  const warning = exposureWarning({ exposure, config, devAccounts: devAccounts().length, faults: options.devToken !== undefined ? 'token' : options.dev ? 'open' : 'off' });
  return {
    readyMs,
    ...config,
    accounts: devAccounts().map((a) => ({ address: a.address, privateKey: a.privateKey })),
    exposure: { ...exposure, ...exposedEndpoints(config, exposure) },
    warnings: warning === undefined ? [] : [warning],
  };
}

function printEndpoints(network: Announced, readyMs: number, exposure: Exposure): void {
  const config = network.config();
  console.log(`zkinterop network ready in ${readyMs} ms (${config.mode} mode, ${config.profile} profile)\n`);
  const l1 = config.delays.l1;
  if (l1) console.log(`  L1 timing: ${l1.blockTimeMs} ms blocks; Gateway's batches ${l1.batchTimeMs} ms, commit / prove / execute after ${l1.commitMs} / ${l1.proveMs} / ${l1.executeMs} ms\n`);
  console.log(`  auto-relay: ${config.autorelay.enabled ? `on (${config.autorelay.address})` : 'off'}\n`);
  for (const n of [...(config.l1 ? [config.l1] : []), config.gateway, ...config.chains]) {
    const label = n.role === 'gateway' ? 'Gateway' : n.role === 'l1' ? 'L1' : 'ZK chain';
    const pid = config.processes?.find((p) => p.chainId === n.chainId)?.pid;
    console.log(`  ${label.padEnd(8)} ${String(n.chainId).padEnd(5)} ${n.rpcUrl}  ${n.wsUrl}${n.routedUrl ? `  ${n.routedUrl}` : ''}${pid !== undefined ? `  (pid ${pid})` : ''}`);
    // Bound beyond loopback: the URLs other machines use (when the line above does not already show them).
    const wsUrls = urlsAt(n.wsUrl, exposure.remoteAddresses);
    urlsAt(n.rpcUrl, exposure.remoteAddresses).forEach((url, i) => {
      if (url !== n.rpcUrl) console.log(`  ${''.padEnd(8)} ${''.padEnd(5)} ${url}  ${wsUrls[i]!}`);
    });
  }
  if (config.routerUrl !== null) for (const url of urlsAt(config.routerUrl, exposure.remoteAddresses)) if (url !== config.routerUrl) console.log(`  ${'router'.padEnd(8)} ${''.padEnd(5)} ${url}/chains/<id>`);
  if (config.routerUrl !== null && network.explorerServed) console.log(`\n  Explorer ${config.routerUrl}/`);
  const [first] = devAccounts();
  console.log(`\nRich wallet: ${first!.address}\n  key ${first!.privateKey}\n(20 funded dev accounts: ZKsync rich wallets and the "test … junk" mnemonic)\n\nCtrl-C to stop.`);
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError(`--chains must be a whole number from 1 to 64, got "${value}"`);
  return n;
}
