/**
 * `zkinterop up --processes` (issue 16, docs/design/processes.md §4): the same network as `up`, one
 * process per node. It keeps the network's layout and secrets in its own store (SQLite in
 * `<data dir>/network`, or the schema `zkinterop_network` of the PostgreSQL database), writes the layout
 * and each node's secret to files only that node is given (mode 0600), spawns `zkinterop node` for the
 * L1, then Gateway, then every chain at once (supervisor.ts), each with its own store (`<data dir>/nodes/<id>`
 * or the schema `zkinterop_node_<id>`) and the network's internal token, and then runs the coordinator
 * (coordinator.ts) in this process: the router port, the network methods every node forwards to it, the
 * faults, the bundle index and relayer. Without a data dir or database the stores live in a temporary
 * directory removed at stop (a network in memory, as `up` without `--data-dir`). A node given port 0 binds
 * a free one, which the supervisor keeps for its restarts (`zkinterop_restartNode`, or after it crashed),
 * so it answers at the same URL; a router port of 0 is reserved here, since the nodes are told it first. A
 * node that exits on its own is reported on stderr with its last lines; the others keep running.
 * A node that crashed (killed, or a non-zero exit) is started again by the supervisor after a backoff (1 s,
 * doubling on each crash in a row up to 30 s), reported on stderr, and the coordinator follows it again;
 * `restartCrashed: false` (`up --processes --no-restart`) leaves it down until `zkinterop_restartNode`.
 * Every node's stdin is a pipe from this process, so the nodes stop when it dies, even by SIGKILL (supervisor.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { loadDump, type NetworkDump, type Store } from '../store/journal.ts';
import { splitNetworkDump } from '../store/nodeDump.ts';
import type { NetworkConfig } from '../wire/types.ts';
import { Coordinator, type CoordinatedNode } from './coordinator.ts';
import { DEFAULT_GATEWAY, DEFAULT_L1, DEFAULT_MAX_CHAINS, defaultChainPort, defaultChainSpecs, type ChainSpec } from './defaults.ts';
import { parseLayout, type NetworkLayout } from './layout.ts';
import type { NetworkOptions } from './network.ts';
import { operatorKeyOf, randomPrivateKey, relayerKeyOf } from './keys.ts';
import { Supervisor, type ChildExit, type ChildSpec, type SupervisedChild } from './supervisor.ts';

/** What `up --processes` takes: `up`'s options, with the store named by location (each node opens its own). */
export type ProcessNetworkOptions = Omit<NetworkOptions, 'store' | 'internalToken' | 'onError'> & {
  /** SQLite: the coordinator in `<dir>/network`, each node in `<dir>/nodes/<id>` */
  dataDir?: string;
  /** PostgreSQL: one database, a schema per node and `zkinterop_network` for the coordinator */
  db?: string;
  /** where each node's stderr line and exit reports go (default: this process's stderr) */
  log?: (line: string) => void;
  /** start a crashed node again by itself, with a backoff (default true; `up --processes --no-restart`: false) */
  restartCrashed?: boolean;
};

/** The CLI script every node process runs: found upwards of this module (src/network/ or the bundle in dist/). */
const CLI = findCli(path.dirname(fileURLToPath(import.meta.url)));

function findCli(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bin', 'zkinterop.js');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(from, '..', '..', 'bin', 'zkinterop.js');
  }
}

/** The coordinator's schema in a PostgreSQL database shared by the nodes. */
export const NETWORK_SCHEMA = 'zkinterop_network';

/** A running network of node processes. */
export class ProcessNetwork {
  /** Use startProcessNetwork. */
  constructor(
    readonly coordinator: Coordinator,
    readonly supervisor: Supervisor,
    private readonly cleanup: () => Promise<void>,
    private readonly explorer: boolean,
  ) {}

  /** The network's configuration (zkinterop_networkConfig), with each node's process id. */
  config(): NetworkConfig {
    return this.coordinator.config();
  }

  /** True when the router serves the explorer at `/`. */
  get explorerServed(): boolean {
    return this.coordinator.routerUrl !== null && this.explorer;
  }

  /** Stops the coordinator, then every node process (chains, Gateway, the L1), then removes a temporary data dir. */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of [() => this.coordinator.stop(), () => this.supervisor.stop(), this.cleanup]) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new ZkInteropError('NETWORK_STOP_FAILED', `${failures.length} part(s) of the network failed to stop cleanly (each is in the cause)`, { cause: new AggregateError(failures) });
  }
}

/** What the coordinator's store keeps of the network between starts. */
type Kept = { layout: NetworkLayout; internalToken: string; added: { chainId: number; settlesOn: 'gateway' | 'l1' }[] };

/**
 * Starts the network as one process per node and its coordinator here.
 * @throws ZkInteropError when a node cannot start (its last stderr lines in the message); what started is stopped
 */
export async function startProcessNetwork(options: ProcessNetworkOptions): Promise<ProcessNetwork> {
  if (options.dataDir && options.db) throw new InvalidArgumentError('give either a data dir (SQLite) or a database (PostgreSQL), not both');
  const temporary = options.dataDir === undefined;
  const dir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'zkinterop-processes-')));
  const secrets = path.join(dir, 'secrets');
  await mkdir(secrets, { recursive: true, mode: 0o700 });
  const store = await openCoordinatorStore(options, dir);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let coordinator: Coordinator | undefined;
  let reserved: { port: number; release(): Promise<void> } | undefined;
  const supervisor = new Supervisor({
    log,
    onExit: (exit) => log(exitReport(exit)),
    ...(options.restartCrashed === false ? {} : { restartCrashed: {} }),
    onRestarted: (child) => {
      log(`[zkinterop] ${child.label} started again (pid ${child.pid}) at ${child.ready.rpcUrl}`);
      coordinator?.nodeMoved(child.spec.chainId, { rpcUrl: child.ready.rpcUrl, wsUrl: child.ready.wsUrl });
    },
    onRestartFailed: (chainId, error, retryInMs) => log(`[zkinterop] node ${chainId} could not start again (${error instanceof Error ? error.message : String(error)}); trying again in ${retryInMs} ms`),
  });
  const cleanup = async () => {
    await store.close().catch(() => undefined);
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  try {
    if (options.load) await loadNetworkMeta(store, options.load, options);
    const kept = await keptNetwork(store, options);
    const { layout, internalToken } = kept;
    const layoutFile = path.join(dir, 'layout.json');
    await writeFile(layoutFile, `${JSON.stringify(layout, null, 2)}\n`);
    const tokenFile = path.join(secrets, 'internal-token');
    await writeSecret(tokenFile, internalToken);
    if (options.load) await loadNodeStores(options, dir, options.load, layout, kept);

    const host = options.host ?? '127.0.0.1';
    const gatewaySpec = options.gateway ?? DEFAULT_GATEWAY;
    // A router port of 0 is reserved now (held bound until the coordinator binds it), since the nodes are told it first.
    reserved = options.routerPort === null || options.routerPort === undefined || options.routerPort === 0 ? await reservePort(host) : undefined;
    const routerPort = reserved?.port ?? (options.routerPort as number);
    const coordinatorUrl = `http://${urlHost(host)}:${routerPort}`;
    const chainSpecs = chainsOf(options, layout, kept);
    // Port 0 goes to the node as is: it binds a free one, which the supervisor keeps for its restarts.
    const port = async (given: number | undefined, fallback: number) => given ?? fallback;
    const common = nodeFlags(options, layoutFile, coordinatorUrl);
    const storeFlag = (chainId: number) => (options.db ? ['--db', options.db] : ['--data-dir', path.join(dir, 'nodes', String(chainId))]);
    const keyFile = async (chainId: number) => {
      const file = path.join(secrets, `operator-${chainId}.key`);
      await writeSecret(file, await operatorKeyOf(store, chainId));
      return file;
    };
    const env = { ...process.env, ZKINTEROP_INTERNAL_TOKEN: internalToken };
    const spec = (chainId: number, role: ChildSpec['role'], args: string[]): ChildSpec => ({ chainId, role, env, args: [CLI, 'node', '--role', role, '--chain-id', String(chainId), ...storeFlag(chainId), ...common, ...args] });

    // Every node starts at once where the URLs it is told are known beforehand (a fixed port: the default);
    // a node waits only for a layer given port 0, whose URL it learns when that layer is ready. A node
    // started before its settlement layer answers waits for it (nodeAlone.ts: waitForLayer), as a running
    // node rides out a layer that went down.
    const knownUrl = (p: number) => (p === 0 ? undefined : `http://${urlHost(host)}:${p}`);
    const started: Promise<SupervisedChild>[] = [];
    const starting = (child: Promise<SupervisedChild>) => {
      started.push(child);
      return child;
    };
    let l1: Promise<SupervisedChild> | undefined;
    let l1Url: Promise<string> | undefined;
    if (layout.l1ChainId !== null) {
      const l1Port = await port(typeof options.l1 === 'object' ? options.l1.port : undefined, gatewaySpec.port === 0 ? 0 : DEFAULT_L1.port);
      l1 = starting(supervisor.start(spec(layout.l1ChainId, 'l1', ['--port', String(l1Port), ...l1Flags(options)])));
      const known = knownUrl(l1Port);
      l1Url = known !== undefined ? Promise.resolve(known) : l1.then((child) => child.ready.rpcUrl);
    }
    const gatewayPort = await port(gatewaySpec.port, DEFAULT_GATEWAY.port);
    const gatewayArgs = async () => ['--port', String(gatewayPort), ...(l1Url ? ['--settlement-layer', await l1Url, '--operator-key-file', await keyFile(layout.gatewayChainId), ...gatewayOnL1Flags(options)] : chainTiming(options))];
    const gateway = starting(gatewayArgs().then((args) => supervisor.start(spec(layout.gatewayChainId, 'gateway', args))));
    const gatewayUrl = knownUrl(gatewayPort) ?? gateway.then((child) => child.ready.rpcUrl);
    // The layout's chains on the L1, and those added to settle there since (not in the layout).
    const onL1 = new Set([...layout.chainsOnL1, ...kept.added.filter((a) => a.settlesOn === 'l1').map((a) => a.chainId)]);
    const chainArgs = async (chainId: number, chainPort: number) => [
      '--port',
      String(chainPort),
      '--settlement-layer',
      onL1.has(chainId) ? await l1Url! : await gatewayUrl,
      '--gateway',
      await gatewayUrl,
      '--operator-key-file',
      await keyFile(chainId),
      ...chainTiming(options),
    ];
    const ports = await Promise.all(chainSpecs.map((c) => port(c.port, 0)));
    const chains = chainSpecs.map((c, i) => starting(chainArgs(c.chainId, ports[i]!).then((args) => supervisor.start(spec(c.chainId, 'chain', args)))));
    // The first failure is thrown (the catch below stops the nodes still starting, whose starts then fail too: not reported again).
    for (const child of started) child.catch(() => undefined);
    await Promise.all(started);
    const nodes: CoordinatedNode[] = [];
    const ready = async (chainId: number, role: CoordinatedNode['role'], child: Promise<SupervisedChild>) => {
      const { rpcUrl, wsUrl } = (await child).ready;
      nodes.push({ chainId, role, rpcUrl, wsUrl });
    };
    if (l1) await ready(layout.l1ChainId!, 'l1', l1);
    await ready(layout.gatewayChainId, 'gateway', gateway);
    for (const [i, c] of chains.entries()) await ready(chainSpecs[i]!.chainId, 'chain', c);

    await reserved?.release();
    reserved = undefined;
    coordinator = await Coordinator.start({
      // With the chains added to settle on the L1 since: the coordinator describes, relays and faults them as such.
      layout: { ...layout, chainsOnL1: [...onL1] },
      nodes,
      internalToken,
      store,
      profile: options.profile,
      delays: {
        ...(options.batchTimeMs !== undefined ? { batchTimeMs: options.batchTimeMs } : {}),
        ...(options.watcherPollMs !== undefined ? { watcherPollMs: options.watcherPollMs } : {}),
        ...(options.stageDelays ?? {}),
      },
      l1Delays: l1DelaysOf(options),
      manual: options.manual,
      autorelay: options.autorelay,
      maxChains: options.maxChains ?? DEFAULT_MAX_CHAINS,
      faults: options.devToken !== undefined ? { mode: 'token', devToken: options.devToken } : options.dev ? { mode: 'open' } : { mode: 'off' },
      // L1, Gateway, then the chains by id (the supervisor lists them as they became ready).
      processes: () => supervisor.processes().sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.chainId - b.chainId),
      restartNode: async (chainId) => {
        const child = await supervisor.restart(chainId);
        return { rpcUrl: child.ready.rpcUrl, wsUrl: child.ready.wsUrl };
      },
      spawnChain: async ({ chainId, operatorKey, settlesOn, port: asked }) => {
        await store.setMeta(`operatorKey:${chainId}`, operatorKey);
        if (settlesOn === 'l1') onL1.add(chainId);
        const child = await supervisor.start(spec(chainId, 'chain', await chainArgs(chainId, await port(asked, 0))));
        await keepAdded(store, { chainId, settlesOn });
        return { rpcUrl: child.ready.rpcUrl, wsUrl: child.ready.wsUrl };
      },
      router: { port: routerPort, host, explorer: options.explorer ?? true, allowedOrigins: options.allowedOrigins, allowedHosts: options.allowedHosts },
    });
    return new ProcessNetwork(coordinator, supervisor, cleanup, options.explorer !== false);
  } catch (error) {
    await reserved?.release();
    await coordinator?.stop().catch(() => undefined);
    await supervisor.stop().catch(() => undefined);
    await cleanup();
    throw error;
  }
}

/** The flags every node takes from `up`'s options: the layout, the coordinator, timing, mode, limits, access. */
function nodeFlags(options: ProcessNetworkOptions, layoutFile: string, coordinatorUrl: string): string[] {
  const flags = ['--layout', layoutFile, '--coordinator', coordinatorUrl, '--host', options.host ?? '127.0.0.1'];
  if (options.profile) flags.push('--profile', options.profile);
  if (options.manual) flags.push('--manual');
  if (options.dev || options.devToken !== undefined) flags.push('--dev');
  if (options.allowUnprotectedTxs) flags.push('--allow-unprotected-txs');
  if (options.allowedOrigins) flags.push('--allow-origin', options.allowedOrigins === '*' ? '*' : options.allowedOrigins.join(','));
  if (options.allowedHosts) flags.push('--allow-host', options.allowedHosts === '*' ? '*' : options.allowedHosts.join(','));
  if (options.requestLimits?.gasCap !== undefined) flags.push('--rpc-gas-cap', String(options.requestLimits.gasCap));
  if (options.requestLimits?.timeoutMs !== undefined) flags.push('--rpc-timeout', String(options.requestLimits.timeoutMs));
  if (options.watcherPollMs !== undefined) flags.push('--watcher-poll', String(options.watcherPollMs));
  return flags;
}

/** A chain's own timing (the L1 and Gateway on it take theirs from `l1Flags` / `gatewayOnL1Flags`). */
function chainTiming(options: ProcessNetworkOptions): string[] {
  const flags: string[] = [];
  if (options.batchTimeMs !== undefined) flags.push('--batch-time', String(options.batchTimeMs));
  if (options.blockTimeMs !== undefined) flags.push('--block-time', String(options.blockTimeMs));
  return flags;
}

function l1DelaysOf(options: ProcessNetworkOptions): NetworkOptions['l1Delays'] {
  return {
    ...(options.blockTimeMs !== undefined ? { blockTimeMs: options.blockTimeMs } : {}),
    ...(options.batchTimeMs !== undefined ? { batchTimeMs: options.batchTimeMs } : {}),
    ...(options.stageDelays ?? {}),
    ...(options.l1Delays ?? {}),
  };
}

function l1Flags(options: ProcessNetworkOptions): string[] {
  const blockTime = l1DelaysOf(options)?.blockTimeMs;
  return blockTime === undefined ? [] : ['--block-time', String(blockTime)];
}

function gatewayOnL1Flags(options: ProcessNetworkOptions): string[] {
  const batchTime = l1DelaysOf(options)?.batchTimeMs;
  return [...(batchTime === undefined ? [] : ['--batch-time', String(batchTime)]), ...(options.blockTimeMs !== undefined ? ['--block-time', String(options.blockTimeMs)] : [])];
}

/** The chains to start: the layout's genesis chains and those added since, with their ports from the options. */
function chainsOf(options: ProcessNetworkOptions, layout: NetworkLayout, kept: Kept): ChainSpec[] {
  const ids = [...layout.genesisChains, ...kept.added.map((a) => a.chainId)];
  const asked = options.chains ?? defaultChainSpecs(2);
  return ids.map((chainId, i) => asked.find((c) => c.chainId === chainId) ?? { chainId, port: asked[0]?.port === 0 ? 0 : defaultChainPort(i) });
}

/** The coordinator's store: SQLite in `<dir>/network`, or its schema of the database. */
async function openCoordinatorStore(options: ProcessNetworkOptions, dir: string): Promise<Store> {
  if (options.db) return (await import('../store/postgresStore.ts')).openPostgresStore(options.db, { schema: NETWORK_SCHEMA });
  return (await import('../store/sqliteStore.ts')).openSqliteStore(path.join(dir, 'network'));
}

/**
 * The network this store keeps, or a new one made from the options: its layout (kept so every later start
 * builds the same geneses), the internal token, and the chains added since.
 * @throws InvalidArgumentError when the options ask for another Gateway or L1 than the store's network has
 */
async function keptNetwork(store: Store, options: ProcessNetworkOptions): Promise<Kept> {
  const storedLayout = await store.getMeta('layout');
  if (storedLayout !== undefined) {
    const layout = parseLayout(storedLayout);
    if (options.gateway && options.gateway.chainId !== layout.gatewayChainId) throw new InvalidArgumentError(`the store holds a network with Gateway ${layout.gatewayChainId}, not ${options.gateway.chainId}; use another data dir or database to start a different network`);
    if (options.l1 !== undefined && (options.l1 !== false) !== (layout.l1ChainId !== null)) {
      throw new InvalidArgumentError(`the store holds a network ${layout.l1ChainId !== null ? 'with' : 'without'} an L1; start it ${layout.l1ChainId !== null ? 'without --no-l1' : 'with --no-l1'}, or use another data dir or database`);
    }
    return { layout, internalToken: (await store.getMeta('internalToken'))!, added: JSON.parse((await store.getMeta('addedChains')) ?? '[]') as Kept['added'] };
  }
  const withL1 = options.l1 !== false;
  const gatewayChainId = options.gateway?.chainId ?? DEFAULT_GATEWAY.chainId;
  const chains = options.chains ?? defaultChainSpecs(2);
  const onL1 = chains.filter((c) => c.settlesOn === 'l1').map((c) => c.chainId);
  if (onL1.length > 0 && !withL1) throw new InvalidArgumentError(`chain ${onL1[0]} is to settle on the L1, but this network runs no L1 (--no-l1): start it with an L1, or let the chain settle on Gateway`);
  const ids = [...(withL1 ? [DEFAULT_L1.chainId] : []), gatewayChainId, ...chains.map((c) => c.chainId)];
  if (new Set(ids).size !== ids.length) throw new InvalidArgumentError(`chain ids must be distinct, got ${ids.join(', ')}`);
  const operators: Record<string, Hex> = {};
  if (withL1) operators[String(gatewayChainId)] = privateKeyAddress(await operatorKeyOf(store, gatewayChainId));
  for (const c of chains) operators[String(c.chainId)] = privateKeyAddress(await operatorKeyOf(store, c.chainId));
  const layout: NetworkLayout = {
    l1ChainId: withL1 ? DEFAULT_L1.chainId : null,
    gatewayChainId,
    genesisChains: chains.map((c) => c.chainId),
    chainsOnL1: onL1,
    operators,
    relayer: privateKeyAddress(await relayerKeyOf(store)),
    extraAccounts: (options.extraAccounts ?? []).map((a) => ({ privateKey: a.privateKey, balance: a.balance.toString() })),
  };
  const internalToken = (await store.getMeta('internalToken')) ?? randomPrivateKey().slice(2);
  await store.setMeta('internalToken', internalToken);
  await store.setMeta('layout', JSON.stringify(layout));
  return { layout, internalToken, added: [] };
}

async function keepAdded(store: Store, chain: Kept['added'][number]): Promise<void> {
  const added = JSON.parse((await store.getMeta('addedChains')) ?? '[]') as Kept['added'];
  if (!added.some((a) => a.chainId === chain.chainId)) await store.setMeta('addedChains', JSON.stringify([...added, chain]));
}

/**
 * A dump (of one process or of many) into the coordinator's store: the layout its meta describes, the
 * keys, and the chains added at runtime; the journals go to the nodes' stores (`loadNodeStores`).
 * @throws InvalidArgumentError when the store already holds a network
 */
async function loadNetworkMeta(store: Store, dump: NetworkDump, options: ProcessNetworkOptions): Promise<void> {
  if ((await store.getMeta('layout')) !== undefined) throw new InvalidArgumentError('the store already holds a network: load a dump into an empty data dir or database');
  const meta = dump.meta;
  const saved = meta.network ? (JSON.parse(meta.network) as { gatewayChainId: number; chains: number[]; l1ChainId?: number }) : undefined;
  if (!saved) throw new InvalidArgumentError('the dump holds no network (its meta has no "network" entry): give a dump written by `zkinterop dump`');
  const l1ChainId = saved.l1ChainId ?? null;
  const genesisChains = JSON.parse(meta[`genesisChains:${saved.gatewayChainId}`] ?? '[]') as number[];
  const chainsOnL1 = JSON.parse(meta.chainsOnL1 ?? '[]') as number[];
  const operators: Record<string, Hex> = {};
  for (const id of [...(l1ChainId !== null ? [saved.gatewayChainId] : []), ...genesisChains]) {
    const key = meta[`operatorKey:${id}`];
    if (!key) throw new InvalidArgumentError(`the dump holds no operator key of chain ${id}: give a dump written by \`zkinterop dump\``);
    operators[String(id)] = privateKeyAddress(key as Hex);
  }
  for (const [key, value] of Object.entries(meta)) if (key.startsWith('operatorKey:') || key === 'relayerKey') await store.setMeta(key, value);
  const layout: NetworkLayout = { l1ChainId, gatewayChainId: saved.gatewayChainId, genesisChains, chainsOnL1: l1ChainId === null ? [] : chainsOnL1.filter((id) => genesisChains.includes(id)), operators, relayer: privateKeyAddress(await relayerKeyOf(store)), extraAccounts: (options.extraAccounts ?? []).map((a) => ({ privateKey: a.privateKey, balance: a.balance.toString() })) };
  const added = saved.chains.filter((id) => !genesisChains.includes(id)).map((chainId) => ({ chainId, settlesOn: chainsOnL1.includes(chainId) ? ('l1' as const) : ('gateway' as const) }));
  await store.setMeta('layout', JSON.stringify(layout));
  await store.setMeta('addedChains', JSON.stringify(added));
  await store.setMeta('internalToken', randomPrivateKey().slice(2));
}

/** Each node's journal and meta from the dump into its own (empty) store. */
async function loadNodeStores(options: ProcessNetworkOptions, dir: string, dump: NetworkDump, layout: NetworkLayout, kept: Kept): Promise<void> {
  const ids = [...(layout.l1ChainId !== null ? [layout.l1ChainId] : []), layout.gatewayChainId, ...layout.genesisChains, ...kept.added.map((a) => a.chainId)];
  for (const chainId of ids) {
    const part = splitNetworkDump(dump, chainId);
    const store = options.db
      ? await (await import('../store/postgresStore.ts')).openPostgresStore(options.db, { schema: (await import('../store/postgresStore.ts')).nodeSchemaName(chainId) })
      : (await import('../store/sqliteStore.ts')).openSqliteStore(path.join(dir, 'nodes', String(chainId)));
    try {
      await loadDump(store, { format: 'zkinterop-dump', version: 1, meta: part.meta, journals: { [String(chainId)]: part.entries } });
    } finally {
      await store.close();
    }
  }
}

function roleOrder(role: ChildSpec['role']): number {
  return role === 'l1' ? 0 : role === 'gateway' ? 1 : 2;
}

/** What a node's unexpected exit looks like on stderr. */
function exitReport(exit: ChildExit): string {
  const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
  const tail = exit.lastStderr.length > 0 ? `; its last lines:\n  ${exit.lastStderr.join('\n  ')}` : '';
  const next =
    exit.restartInMs !== undefined
      ? `starting it again in ${exit.restartInMs} ms (up --processes --no-restart turns this off)`
      : `start it again with zkinterop_restartNode(${exit.chainId}) on the router's /network`;
  return `[zkinterop] ${exit.label} (pid ${exit.pid}) ${how}; the other nodes keep running; ${next}${tail}`;
}

/**
 * A free TCP port on `host`, held bound until `release()`: the nodes are told the coordinator's URL before it
 * binds, and holding the port meanwhile keeps other programs from taking it.
 */
function reservePort(host: string): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      resolve({ port, release: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function writeSecret(file: string, value: string): Promise<void> {
  await writeFile(file, `${value}\n`, { mode: 0o600 });
}
