/**
 * `zkinterop coordinator`: the coordinator of a network whose nodes run elsewhere (issue 16,
 * docs/design/processes.md §4, §6; src/network/coordinator.ts), alone in this process, as a deployment
 * runs it beside its node containers. It reads the network layout (`--layout`), reaches each node at the
 * URL given (`--node <chain id>=<rpc url>`; the WebSocket is the same host and port), carries the
 * network's internal token (`--internal-token-file`, or env ZKINTEROP_INTERNAL_TOKEN) on every internal
 * call, keeps the relayer's key in its own store (`--relayer-key-file` once; `--data-dir` / `--db`,
 * schema `zkinterop_network`), and serves the router port: `/chains/<id>` proxied to the nodes,
 * `/network` (the network methods), the explorer at `/`. Once serving it prints one JSON line
 * `{"ready":true,"role":"coordinator","routerUrl",…}`; Ctrl-C / SIGTERM stop it (shutdown.ts). It starts
 * no nodes: `zkinterop_addChain` says to deploy one.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { Hex } from 'viem';
import type { AllowList } from '../rpc/accessPolicy.ts';
import { ZkInteropError } from '../errors.ts';
import { PROFILE_NAMES, type ProfileName } from '../network/profiles.ts';
import type { Store } from '../store/journal.ts';
import { parsePort, parseProfile } from './clientOptions.ts';
import { exitOnSignals } from './shutdown.ts';
import { parseHosts, parseOrigins } from './servingOptions.ts';

type CoordinatorCliOptions = {
  layout: string;
  node: { chainId: number; rpcUrl: string }[];
  internalTokenFile?: string;
  relayerKeyFile?: string;
  dataDir?: string;
  db?: string;
  port: number;
  host?: string;
  explorer: boolean;
  autorelay: boolean;
  manual?: boolean;
  dev?: boolean;
  devToken?: string;
  profile?: ProfileName;
  allowOrigin?: AllowList;
  allowHost?: AllowList;
};

/** The PostgreSQL schema of the coordinator's own store (docs/design/processes.md §3). */
export const COORDINATOR_SCHEMA = 'zkinterop_network';

/** Registers `zkinterop coordinator` on the program. */
export function registerCoordinator(program: Command): void {
  program
    .command('coordinator')
    .description('run the coordinator of a network whose nodes run elsewhere: router port, network methods, bundle index and relayer')
    .requiredOption('--layout <file>', 'the network layout (JSON, `zkinterop layout init`): which node is the L1, Gateway, the chains, the relayer\'s address')
    .requiredOption('--node <id=url>', 'a node and its JSON-RPC URL, e.g. 271=http://chain-271:3050 (once per node: the L1, Gateway, every chain)', collectNode, [])
    .option('--internal-token-file <file>', 'a file holding the network\'s internal token (one line); env ZKINTEROP_INTERNAL_TOKEN also works')
    .option('--relayer-key-file <file>', 'a file holding the key of the layout\'s relayer (0x + 64 hex digits); kept in its store, so later starts need it no more')
    .option('--data-dir <dir>', 'its own store in SQLite in this directory (the relayer key)')
    .option('--db <url>', `its own store in PostgreSQL, schema ${COORDINATOR_SCHEMA} of that database`)
    .option('--port <port>', 'port of the router (/chains/<id>, /network, the explorer at /; default 3000)', parsePort, 3000)
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--no-explorer', 'do not serve the explorer at / of the router port')
    .option('--no-autorelay', 'run no bundle relayer (the bundle index still runs)')
    .option('--manual', 'the nodes run in manual mode (no auto-relay unless asked)')
    .option('--dev', 'accepted for the nodes\' sake; the fault methods across processes are not served yet (docs/design/processes.md, step 8)')
    .option('--dev-token <token>', 'as --dev')
    .option('--profile <name>', `the nodes' timing profile: ${PROFILE_NAMES.join(' | ')} (default "default")`, parseProfile)
    .option('--allow-origin <origins>', 'browser pages allowed to call the router besides localhost ones: origins separated by commas, or *', parseOrigins)
    .option('--allow-host <hosts>', 'Host names the router answers besides localhost, loopback and bound addresses: names separated by commas, or *', parseHosts)
    .action(async (opts: CoordinatorCliOptions) => {
      if (opts.dataDir && opts.db) throw new ZkInteropError('INVALID_ARGUMENT', 'give either --data-dir (SQLite) or --db (PostgreSQL), not both');
      if (opts.dev || opts.devToken !== undefined) console.error('zkinterop coordinator: the fault methods are not served across processes yet; --dev / --dev-token change nothing here');
      const { parseLayout } = await import('../network/layout.ts');
      const { Coordinator } = await import('../network/coordinator.ts');
      const layout = parseLayout(await readFile(opts.layout, 'utf8'));
      const internalToken = await internalTokenOf(opts);
      const nodes = opts.node.map(({ chainId, rpcUrl }) => ({
        chainId,
        role: chainId === layout.l1ChainId ? ('l1' as const) : chainId === layout.gatewayChainId ? ('gateway' as const) : ('chain' as const),
        rpcUrl,
        wsUrl: rpcUrl.replace(/^http/, 'ws'),
      }));
      const store = await openCoordinatorStore(opts);
      if (opts.relayerKeyFile !== undefined) await keepRelayerKey(store, opts.relayerKeyFile);
      const coordinator = await Coordinator.start({
        layout,
        nodes,
        internalToken,
        store,
        profile: opts.profile,
        manual: opts.manual,
        // Default as `up`: on in auto mode, off in manual mode.
        autorelay: opts.autorelay === false ? false : undefined,
        router: { port: opts.port, host: opts.host, explorer: opts.explorer, allowedOrigins: opts.allowOrigin, allowedHosts: opts.allowHost },
      });
      const routerUrl = coordinator.routerUrl!;
      // Signals are handled before the ready line: whoever started it may stop it as soon as it reads the line.
      exitOnSignals(async () => {
        await coordinator.stop();
        await store.close();
      });
      console.log(JSON.stringify({ ready: true, role: 'coordinator', routerUrl, rpcUrl: `${routerUrl}/network`, wsUrl: `${routerUrl.replace(/^http/, 'ws')}/network`, pid: process.pid }));
    });
}

/** `--node 271=http://…`, collected. */
function collectNode(value: string, previous: { chainId: number; rpcUrl: string }[]): { chainId: number; rpcUrl: string }[] {
  const match = /^(\d+)=(https?:\/\/.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`expected <chain id>=<http(s) url>, e.g. 271=http://127.0.0.1:3050, got "${value}"`);
  const chainId = Number(match[1]);
  if (previous.some((n) => n.chainId === chainId)) throw new InvalidArgumentError(`node ${chainId} given twice`);
  return [...previous, { chainId, rpcUrl: match[2]!.replace(/\/$/, '') }];
}

/** The internal token: the file's first line, else the environment's. */
async function internalTokenOf(opts: CoordinatorCliOptions): Promise<string> {
  const token = opts.internalTokenFile !== undefined ? (await readFile(opts.internalTokenFile, 'utf8')).split('\n')[0]!.trim() : process.env.ZKINTEROP_INTERNAL_TOKEN?.trim();
  if (!token) throw new ZkInteropError('INVALID_ARGUMENT', 'the coordinator needs the network\'s internal token: give --internal-token-file (written by `zkinterop layout init`) or set ZKINTEROP_INTERNAL_TOKEN');
  return token;
}

async function openCoordinatorStore(opts: CoordinatorCliOptions): Promise<Store> {
  if (opts.db) return (await import('../store/postgresStore.ts')).openPostgresStore(opts.db, { schema: COORDINATOR_SCHEMA });
  if (opts.dataDir) return (await import('../store/sqliteStore.ts')).openSqliteStore(opts.dataDir);
  return (await import('../store/memoryStore.ts')).openMemoryStore();
}

/** Keeps the relayer key of `file` in the store (refusing another than the one kept). */
async function keepRelayerKey(store: Store, file: string): Promise<void> {
  const key = (await readFile(file, 'utf8')).trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ZkInteropError('INVALID_ARGUMENT', `${file} does not hold a private key (0x + 64 hex digits)`);
  const stored = await store.getMeta('relayerKey');
  if (stored !== undefined && stored.toLowerCase() !== key.toLowerCase()) throw new ZkInteropError('INVALID_ARGUMENT', `${file} holds another key than the relayer key this coordinator's store kept: give that one, or a new data dir or database`);
  if (stored === undefined) await store.setMeta('relayerKey', key as Hex);
}
