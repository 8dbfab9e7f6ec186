/**
 * The network's default layout (SPEC §9): chain ids and ports. Kept apart from the orchestrator so the
 * CLI can show them without loading the EVM.
 */
import { InvalidArgumentError } from '../errors.ts';

/** Gateway's chain id and port by default (SPEC §9). */
export const DEFAULT_GATEWAY = { chainId: 506, port: 3150 } as const;
/** The L1's chain id and port (zkstack's local L1; SPEC §10): every network runs one unless `up --no-l1`. */
export const DEFAULT_L1 = { chainId: 9, port: 8545 } as const;
/** Port of the single endpoint that routes `/chains/<id>` by default. */
export const DEFAULT_ROUTER_PORT = 3000;

/**
 * Most settling chains one network runs unless told otherwise (`up --chains` takes up to this many;
 * `zkinterop_addChain` refuses more): each is an EVM, an RPC server and a watcher in one process.
 */
export const DEFAULT_MAX_CHAINS = 64;

/**
 * One chain of the network: its id and RPC port (0 = any free port), and where it settles: on Gateway
 * (the default) or, in a network with an L1, on the L1 directly (SPEC §10; such a chain imports no interop roots).
 */
export type ChainSpec = { chainId: number; port: number; settlesOn?: 'gateway' | 'l1' };

/**
 * The chain specs `up --chains N` uses: ids 271, 272, 273, …; ports 3050, 3250, 3350, ….
 * @throws InvalidArgumentError for fewer than 1 chain
 */
export function defaultChainSpecs(count: number): ChainSpec[] {
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`--chains must be a whole number ≥ 1, got ${count}`);
  return Array.from({ length: count }, (_, i) => ({ chainId: 271 + i, port: defaultChainPort(i) }));
}

/** Default port of the i-th chain (0-based): 3050, 3250, 3350, … (3150 is Gateway's). */
export function defaultChainPort(i: number): number {
  return i === 0 ? 3050 : 3150 + 100 * i;
}

