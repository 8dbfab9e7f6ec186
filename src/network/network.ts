/**
 * The orchestrator: owns the start and stop order of a whole interop network in one process.
 * Start: Gateway (engine, contracts, settlement contracts of every chain, MessageRoot index, RPC),
 * then each chain (engine, contracts, settlement client to Gateway, RPC), then the watchers.
 * Stop: the reverse, collecting every failure. Components reach each other only through RpcClients
 * (in-process here), never through each other's objects, so any of them could run elsewhere.
 */
import type { Address, Hex } from 'viem';
import { keccak256, toHex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { ChainNode } from '../chain/chainNode.ts';
import { ethNamespace } from '../chain/rpc/ethNamespace.ts';
import { zksNamespace } from '../chain/rpc/zksNamespace.ts';
import type { StageDelays } from '../chain/settlementLoop.ts';
import { InclusionIndex } from '../gateway/inclusionIndex.ts';
import { gatewayNamespace } from '../gateway/gatewayNamespace.ts';
import { createSettlementClient } from '../gateway/settlementClient.ts';
import { Watcher } from '../watcher/watcher.ts';
import { createTableRpcClient, type RpcClient } from '../rpc/client.ts';
import { createMethodTable, type MethodTable } from '../rpc/methodTable.ts';
import { ethUnsubscribe } from '../rpc/methods/eth_unsubscribe.ts';
import { createRpcServer, type RpcServer } from '../rpc/server.ts';
import { ZkInteropError } from '../errors.ts';
import { devAccounts, DEV_BALANCE } from './accounts.ts';

/** Gateway's chain id and port by default (SPEC §9). */
export const DEFAULT_GATEWAY = { chainId: 506, port: 3150 } as const;

/** One chain of the network: its id and RPC port (0 = any free port). */
export type ChainSpec = { chainId: number; port: number };

export type NetworkOptions = {
  /** interface to bind (default 127.0.0.1) */
  host?: string;
  gateway?: ChainSpec;
  /** the settling chains (default: 271 on 3050, 272 on 3250) */
  chains?: ChainSpec[];
  /** seal a batch this long after its first transaction (ms, default 100) */
  batchTimeMs?: number;
  /** gather transactions this long before sealing a block (ms, default 0: seal at once) */
  blockTimeMs?: number;
  /** how often watchers look at Gateway (ms, default 10) */
  watcherPollMs?: number;
  /** delays before each settlement stage (default none) */
  stageDelays?: StageDelays;
  /** told about background failures (settlement halts, watcher errors) */
  onError?: (source: string, error: unknown) => void;
};

/**
 * The chain specs `up --chains N` uses: ids 271, 272, 273, …; ports 3050, 3250, 3350, ….
 * @throws ZkInteropError for fewer than 1 chain
 */
export function defaultChainSpecs(count: number): ChainSpec[] {
  if (!Number.isInteger(count) || count < 1) throw new ZkInteropError('INVALID_ARGUMENT', `--chains must be a whole number ≥ 1, got ${count}`);
  return Array.from({ length: count }, (_, i) => ({ chainId: 271 + i, port: i === 0 ? 3050 : 3150 + 100 * i }));
}

/** The operator key of a chain: deterministic, so a restarted network recognises its operators. */
export function operatorKey(chainId: number): Hex {
  return keccak256(toHex(`zkinterop:operator:${chainId}`));
}

/** A running node of the network and how to reach it. */
export type NetworkNode = {
  chainId: number;
  role: 'gateway' | 'chain';
  node: ChainNode;
  methods: MethodTable;
  server: RpcServer;
  /** JSON-RPC client for this node (in-process) */
  client: RpcClient;
  rpcUrl: string;
  wsUrl: string;
};

/** A running network; see module header. */
export class Network {
  private stopped = false;

  constructor(
    readonly gateway: NetworkNode,
    readonly chains: NetworkNode[],
    private readonly watchers: Watcher[],
  ) {}

  /**
   * The node of a chain id (Gateway included).
   * @throws ZkInteropError for an id that is not in the network
   */
  node(chainId: number): NetworkNode {
    const found = chainId === this.gateway.chainId ? this.gateway : this.chains.find((c) => c.chainId === chainId);
    if (!found) throw new ZkInteropError('UNKNOWN_CHAIN', `chain ${chainId} is not part of this network; its chains are ${[this.gateway, ...this.chains].map((c) => c.chainId).join(', ')}`);
    return found;
  }

  /** Stops watchers, chains, then Gateway; every failure is collected into one error. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const failures: unknown[] = [];
    const attempt = async (fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        failures.push(error);
      }
    };
    for (const w of this.watchers) await attempt(() => w.stop());
    for (const c of this.chains) await attempt(() => c.server.stop());
    for (const c of this.chains) await attempt(() => c.node.stop());
    await attempt(() => this.gateway.server.stop());
    await attempt(() => this.gateway.node.stop());
    if (failures.length > 0) {
      throw new ZkInteropError('NETWORK_STOP_FAILED', `${failures.length} part(s) of the network failed to stop cleanly`, { cause: new AggregateError(failures) });
    }
  }
}

/**
 * Starts Gateway and the chains in this process.
 * @returns the running network (stop it with `network.stop()`)
 * @throws ZkInteropError (e.g. PORT_IN_USE) if a part cannot start; parts already started are stopped
 * @example const net = await startNetwork({ chains: defaultChainSpecs(2) });
 */
export async function startNetwork(options: NetworkOptions = {}): Promise<Network> {
  const host = options.host ?? '127.0.0.1';
  const gatewaySpec = options.gateway ?? DEFAULT_GATEWAY;
  const chainSpecs = options.chains ?? defaultChainSpecs(2);
  const onError = options.onError ?? ((source, error) => console.error(`[zkinterop] ${source}:`, error instanceof Error ? error.message : error));
  const accounts = devAccounts().map(({ privateKey, balance }) => ({ privateKey, balance }));
  const started: { stop(): Promise<void> }[] = [];

  try {
    const operators = chainSpecs.map((c) => ({ chainId: c.chainId, key: operatorKey(c.chainId) }));
    const gatewayNode = await ChainNode.create({
      chainId: gatewaySpec.chainId,
      role: 'gateway',
      accounts: [...accounts, ...operators.map((o) => ({ privateKey: o.key, balance: DEV_BALANCE }))],
      settlingChains: operators.map((o) => ({ chainId: o.chainId, operator: privateKeyToAddress(o.key) as Address })),
      blockTimeMs: options.blockTimeMs,
      onError: (e) => onError(`gateway ${gatewaySpec.chainId}`, e),
    });
    started.push(gatewayNode);
    const index = await InclusionIndex.follow(gatewayNode);
    const gatewayMethods = createMethodTable([
      ...ethNamespace(gatewayNode),
      ...zksNamespace(gatewayNode, gatewaySpec.chainId),
      ...gatewayNamespace(index),
      ethUnsubscribe,
    ]);
    const gateway = await serve(gatewayNode, 'gateway', gatewayMethods, host, gatewaySpec.port);
    started.push(gateway.server);

    const chains: NetworkNode[] = [];
    const watchers: Watcher[] = [];
    for (const spec of chainSpecs) {
      const node = await ChainNode.create({
        chainId: spec.chainId,
        role: 'chain',
        accounts,
        batchTimeMs: options.batchTimeMs,
        blockTimeMs: options.blockTimeMs,
        settlement: {
          client: createSettlementClient({ gateway: gateway.client, gatewayChainId: gatewaySpec.chainId, chainId: spec.chainId, operatorKey: operatorKey(spec.chainId) }),
          delays: options.stageDelays,
        },
        onError: (e) => onError(`chain ${spec.chainId}`, e),
      });
      started.push(node);
      const methods = createMethodTable([...ethNamespace(node), ...zksNamespace(node, gatewaySpec.chainId), ethUnsubscribe]);
      const chain = await serve(node, 'chain', methods, host, spec.port);
      started.push(chain.server);
      chains.push(chain);
      watchers.push(
        new Watcher({
          gateway: gateway.client,
          chainId: spec.chainId,
          pollMs: options.watcherPollMs ?? 10,
          onRoots: (roots) => node.importInteropRoots(roots),
          onError: (e) => onError(`watcher of chain ${spec.chainId}`, e),
        }),
      );
    }
    for (const w of watchers) w.start();
    return new Network(gateway, chains, watchers);
  } catch (error) {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    throw error;
  }
}

async function serve(node: ChainNode, role: 'gateway' | 'chain', methods: MethodTable, host: string, port: number): Promise<NetworkNode> {
  const server = createRpcServer({ host, port, methods });
  await server.start();
  return { chainId: node.chainId, role, node, methods, server, client: createTableRpcClient(methods), rpcUrl: server.url, wsUrl: server.wsUrl };
}
