/**
 * `zkinterop node`: runs exactly one node of a network in this process (issue 16, docs/design/processes.md
 * §4). This first slice runs a settling chain (`--role chain`) that is already registered on its
 * settlement layer: its genesis from the network layout file (`--layout`), its operator key from
 * `--operator-key-file` (or its store, where an earlier start kept it), its settlement layer and Gateway
 * reached over HTTP. Once serving it prints one JSON line `{"ready":true,"chainId","rpcUrl","wsUrl"}` and
 * answers GET /health; Ctrl-C / SIGTERM stop it cleanly (shutdown.ts). `--role l1|gateway` are refused
 * with what to use instead until the plan's later steps.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseChainId, parsePort, parseProfile } from './clientOptions.ts';
import type { Hex } from 'viem';
import { ZkInteropError } from '../errors.ts';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../network/profiles.ts';
import { exitOnSignals } from './shutdown.ts';

type NodeOptions = {
  role: string;
  chainId: number;
  port: number;
  host?: string;
  layout: string;
  settlementLayer: string;
  gateway?: string;
  operatorKeyFile?: string;
  dataDir?: string;
  db?: string;
  profile?: ProfileName;
};

/** Registers `zkinterop node` on the program. */
export function registerNode(program: Command): void {
  program
    .command('node')
    .description('run one node of a network in this process (for now: a settling chain already registered on its settlement layer)')
    .requiredOption('--role <role>', 'the node to run: chain (l1 and gateway: not yet, see docs/design/processes.md)')
    .requiredOption('--chain-id <id>', 'its chain id', parseChainId)
    .requiredOption('--layout <file>', 'the network layout (JSON): genesis chains, chains on the L1, operator and relayer addresses')
    .requiredOption('--settlement-layer <url>', "JSON-RPC URL of the layer it settles on (Gateway's, or the L1's for a chain settling there)")
    .option('--gateway <url>', "JSON-RPC URL of Gateway, for its interop roots (default: the settlement layer's)")
    .option('--port <port>', 'its JSON-RPC port (0 = a free one, printed when ready)', parsePort, 0)
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--operator-key-file <file>', 'a file holding its operator key (0x + 64 hex digits); kept in its store, so later starts need it no more')
    .option('--data-dir <dir>', 'persist to SQLite in this directory (its own: one per node)')
    .option('--db <url>', 'persist to PostgreSQL, in the schema zkinterop_node_<chain id> of that database')
    .option('--profile <name>', `timing profile: ${PROFILE_NAMES.join(' | ')} (default "default")`, parseProfile)
    .action(async (opts: NodeOptions) => {
      if (opts.role !== 'chain') {
        throw new ZkInteropError('INVALID_ARGUMENT', `--role ${opts.role} cannot run alone yet: only --role chain can; run the L1 and Gateway with \`zkinterop up\` (docs/design/processes.md, step plan)`);
      }
      if (opts.dataDir && opts.db) throw new ZkInteropError('INVALID_ARGUMENT', 'give either --data-dir (SQLite) or --db (PostgreSQL), not both');
      // Loaded here: the client commands share this program and need no EVM.
      const { parseLayout } = await import('../network/layout.ts');
      const { startChainNodeAlone } = await import('../network/chainNodeAlone.ts');
      const layout = parseLayout(await readFile(opts.layout, 'utf8'));
      const store = await openNodeStore(opts);
      const operatorKey = await operatorKeyFor(opts, store);
      const running = await startChainNodeAlone({
        chainId: opts.chainId,
        layout,
        settlementLayerUrl: opts.settlementLayer,
        gatewayUrl: opts.gateway,
        operatorKey,
        store,
        host: opts.host,
        port: opts.port,
        delays: { ...PROFILES[opts.profile ?? 'default'] },
      });
      console.log(JSON.stringify({ ready: true, chainId: running.chainId, rpcUrl: running.rpcUrl, wsUrl: running.wsUrl }));
      exitOnSignals(() => running.stop());
    });
}

async function openNodeStore(opts: NodeOptions) {
  if (opts.db) {
    const { openPostgresStore, nodeSchemaName } = await import('../store/postgresStore.ts');
    return openPostgresStore(opts.db, { schema: nodeSchemaName(opts.chainId) });
  }
  if (opts.dataDir) return (await import('../store/sqliteStore.ts')).openSqliteStore(opts.dataDir);
  return (await import('../store/memoryStore.ts')).openMemoryStore();
}

/** The operator key: from the file (and kept in the store), else the one the store kept. */
async function operatorKeyFor(opts: NodeOptions, store: { getMeta(k: string): Promise<string | undefined>; setMeta(k: string, v: string): Promise<void> }): Promise<Hex> {
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



