/**
 * `zkinterop node`: runs exactly one node of a network in this process (issue 16, docs/design/processes.md
 * §4): `--role l1`, `--role gateway` or `--role chain` (nodeAlone.ts). Its genesis comes from the network
 * layout file (`--layout`); a settling node's operator key (a chain's; Gateway's when the layout has an L1)
 * from `--operator-key-file` (or its store, where an earlier start kept it); its settlement layer and
 * Gateway are reached over HTTP; the network-wide methods go to `--coordinator`; the network's internal
 * token comes from `--internal-token-file` or the environment variable ZKINTEROP_INTERNAL_TOKEN. It takes
 * `up`'s timing, mode, allow-list and request-limit flags (servingOptions.ts). Once serving it prints one
 * JSON line `{"ready":true,"role","chainId","rpcUrl","wsUrl","pid"}` and answers GET /health; Ctrl-C /
 * SIGTERM stop it cleanly (shutdown.ts). Started by a supervisor (`up --processes`, environment
 * ZKINTEROP_PARENT_PIPE=1, supervisor.ts) it also stops cleanly when its stdin ends, which is when the
 * supervisor died, however it died; before it is ready it then exits at once (its store is crash-safe).
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { Hex } from 'viem';
import { parseChainId, parsePort, parseUrl } from './clientOptions.ts';
import { addServingOptions, requestLimitsOf, type ServingFlags } from './servingOptions.ts';
import { ZkInteropError } from '../errors.ts';
import type { Store } from '../store/journal.ts';
import type { NodeRole } from '../network/nodeAlone.ts';
import { exitOnSignals } from './shutdown.ts';
import { signalReady } from './readySignal.ts';
import { PARENT_PIPE_ENV } from '../network/supervisor.ts';

/** The environment variable a node reads the network's internal token from when no file is given. */
export const INTERNAL_TOKEN_ENV = 'ZKINTEROP_INTERNAL_TOKEN';

type NodeOptions = ServingFlags & {
  role: NodeRole;
  chainId: number;
  port: number;
  host?: string;
  layout: string;
  settlementLayer?: string;
  gateway?: string;
  coordinator?: string;
  internalTokenFile?: string;
  operatorKeyFile?: string;
  dataDir?: string;
  db?: string;
};

/** Registers `zkinterop node` on the program. */
export function registerNode(program: Command): void {
  const command = program
    .command('node')
    .description('run one node of a network (the L1, Gateway or a settling chain) in this process')
    .requiredOption('--role <role>', 'the node to run: l1 | gateway | chain', parseRole)
    .requiredOption('--chain-id <id>', 'its chain id', parseChainId)
    .requiredOption('--layout <file>', 'the network layout (JSON): genesis chains, chains on the L1, operator and relayer addresses')
    .option('--settlement-layer <url>', "JSON-RPC URL of the layer it settles on: a chain's (Gateway's, or the L1's for a chain settling there: the layout's chainsOnL1, or a chain added at runtime given the L1's URL; checked by its chain id); Gateway's, the L1's when the layout has one", parseUrl)
    .option('--gateway <url>', "a chain's: JSON-RPC URL of Gateway, for its interop roots (default: the settlement layer's)", parseUrl)
    .option('--coordinator <url>', "the network's coordinator: network-wide methods (zkinterop_networkConfig, snapshots, faults, …) are forwarded to <url>/network; without it they answer method-not-found", parseUrl)
    .option('--internal-token-file <file>', `a file holding the network's internal token (or set ${INTERNAL_TOKEN_ENV}): Gateway and the L1 then serve zkinterop_registerChain to calls that pass it`)
    .option('--operator-key-file <file>', 'a file holding its operator key (0x + 64 hex digits; a chain, and Gateway with an L1); kept in its store, so later starts need it no more')
    .option('--data-dir <dir>', 'persist to SQLite in this directory (its own: one per node)')
    .option('--db <url>', 'persist to PostgreSQL, in the schema zkinterop_node_<chain id> of that database')
    .option('--port <port>', 'its JSON-RPC port (0 = a free one, printed when ready)', parsePort, 0)
    .option('--host <host>', 'interface to bind (default 127.0.0.1: this machine only)');
  addServingOptions(command, { dev: "dev mode: hardhat_/anvil_ account cheats may touch protected accounts (docs/security.md); the fault methods are its coordinator's" }).action(async (opts: NodeOptions) => {
    if (opts.dataDir && opts.db) throw new ZkInteropError('INVALID_ARGUMENT', 'give either --data-dir (SQLite) or --db (PostgreSQL), not both');
    const parentGone = process.env[PARENT_PIPE_ENV] === '1' ? watchParentPipe() : undefined;
    // Loaded here: the client commands share this program and need no EVM.
    const { parseLayout } = await import('../network/layout.ts');
    const { startNodeAlone } = await import('../network/nodeAlone.ts');
    const layout = parseLayout(await readFile(opts.layout, 'utf8'));
    const internalToken = await internalTokenFor(opts);
    const store = await openNodeStore(opts);
    try {
      const settles = opts.role === 'chain' || (opts.role === 'gateway' && layout.l1ChainId !== null);
      const running = await startNodeAlone({
        role: opts.role,
        chainId: opts.chainId,
        layout,
        settlementLayerUrl: opts.settlementLayer,
        gatewayUrl: opts.gateway,
        coordinatorUrl: opts.coordinator,
        internalToken,
        operatorKey: settles ? await operatorKeyFor(opts, store) : undefined,
        store,
        host: opts.host,
        port: opts.port,
        allowedOrigins: opts.allowOrigin,
        allowedHosts: opts.allowHost,
        profile: opts.profile,
        batchTimeMs: opts.batchTime,
        blockTimeMs: opts.blockTime,
        watcherPollMs: opts.watcherPoll,
        manual: opts.manual,
        dev: opts.dev,
        allowUnprotectedTxs: opts.allowUnprotectedTxs,
        requestLimits: requestLimitsOf(opts),
      });
      // Signals are handled before the ready line: a supervisor may stop it as soon as it reads the line.
      exitOnSignals(() => running.stop(), { alsoWhen: parentGone?.gone });
      console.log(JSON.stringify({ ready: true, role: running.role, chainId: running.chainId, rpcUrl: running.rpcUrl, wsUrl: running.wsUrl, pid: process.pid }));
      parentGone?.ready();
      signalReady();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Watches stdin (the supervisor's pipe): `gone` resolves when it ends. Until `ready()` a start in progress
 * exits at once instead, since nobody is left to stop it. Output to the dead supervisor's pipes is dropped, not fatal.
 */
function watchParentPipe(): { gone: Promise<string>; ready(): void } {
  let ready = false;
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const gone = new Promise<string>((resolve) => {
    const onEnd = () => {
      if (!ready) process.exit(1);
      resolve('its supervisor is gone (stdin closed)');
    };
    process.stdin.once('end', onEnd);
    process.stdin.once('close', onEnd);
    process.stdin.on('error', onEnd);
    process.stdin.resume();
  });
  return { gone, ready: () => (ready = true) };
}

/** Its own store: SQLite in its data dir, its own schema of the PostgreSQL database (docs/design/processes.md §3), else memory. */
async function openNodeStore(opts: NodeOptions): Promise<Store> {
  if (opts.db) {
    const { openPostgresStore, nodeSchemaName } = await import('../store/postgresStore.ts');
    return openPostgresStore(opts.db, { schema: nodeSchemaName(opts.chainId) });
  }
  if (opts.dataDir) return (await import('../store/sqliteStore.ts')).openSqliteStore(opts.dataDir);
  return (await import('../store/memoryStore.ts')).openMemoryStore();
}

function parseRole(value: string): NodeRole {
  if (value !== 'l1' && value !== 'gateway' && value !== 'chain') throw new InvalidArgumentError(`expected l1, gateway or chain, got "${value}"`);
  return value;
}

/** The internal token: from the file, else the environment; none = no internal methods. */
async function internalTokenFor(opts: NodeOptions): Promise<string | undefined> {
  const token = opts.internalTokenFile !== undefined ? (await readFile(opts.internalTokenFile, 'utf8')).trim() : process.env[INTERNAL_TOKEN_ENV]?.trim();
  if (token === undefined) return undefined;
  if (token === '') throw new ZkInteropError('INVALID_ARGUMENT', `the internal token is empty (${opts.internalTokenFile ?? INTERNAL_TOKEN_ENV}): give the network's token (one line), or none`);
  return token;
}

/** The operator key: from the file (and kept in the store), else the one the store kept. */
async function operatorKeyFor(opts: NodeOptions, store: Store): Promise<Hex> {
  const metaKey = `operatorKey:${opts.chainId}`;
  const stored = await store.getMeta(metaKey);
  if (opts.operatorKeyFile === undefined) {
    if (stored === undefined) throw new ZkInteropError('INVALID_ARGUMENT', `chain ${opts.chainId} has no operator key in its store: give --operator-key-file with the key whose address the layout names`);
    return stored as Hex;
  }
  const key = (await readFile(opts.operatorKeyFile, 'utf8')).trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ZkInteropError('INVALID_ARGUMENT', `${opts.operatorKeyFile} does not hold a private key (0x + 64 hex digits)`);
  if (stored !== undefined && stored.toLowerCase() !== key.toLowerCase()) {
    throw new ZkInteropError('INVALID_ARGUMENT', `${opts.operatorKeyFile} holds another key than the one chain ${opts.chainId}'s store settled with: give that one, or a new data dir or database`);
  }
  if (stored === undefined) await store.setMeta(metaKey, key);
  return key as Hex;
}
