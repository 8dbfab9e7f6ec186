/**
 * The network layout: what every node's genesis must know of the other nodes (and the accounts every
 * node funds), as plain data, and the genesis options each role derives from it (docs/design/processes.md §2). A node's genesis is fixed at
 * the network's first start and rebuilt identically on every later one (replay checks block hashes), so
 * it may depend only on this layout and the node's own store. Addresses only: an operator's key stays with
 * its own node (the store's `operatorKey:<id>`), so a node built from the layout never holds another's key.
 * Pure: no I/O. In one process `Network` builds the layout from its store's meta and starts every node
 * through these functions; a node in its own process reads the same layout from a file (`parseLayout`,
 * `zkinterop node --layout`).
 */
import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { z } from 'zod';
import type { ChainNodeOptions, GenesisAccount } from '../chain/chainNode.ts';
import { InvalidArgumentError } from '../errors.ts';
import { DEV_BALANCE, devAccounts } from './accounts.ts';

/** What the nodes' geneses need to know of each other. */
export type NetworkLayout = {
  /** the L1's chain id; null in a network without one (`l1: false`) */
  l1ChainId: number | null;
  gatewayChainId: number;
  /** the chains in Gateway's genesis (and the L1's), in order; chains added later live in the layers' journals */
  genesisChains: readonly number[];
  /** the chains that settle on the L1 directly (`ChainSpec.settlesOn: 'l1'`); empty without an L1 */
  chainsOnL1: readonly number[];
  /**
   * the operator address of every settling node a genesis names, by chain id: each genesis chain's, and
   * Gateway's when it settles on an L1
   */
  operators: Readonly<Record<string, Address>>;
  /** the network's bundle relayer account: funded at each new chain's genesis, never impersonated */
  relayer: Address;
  /**
   * accounts funded on every node besides the dev accounts (`NetworkOptions.extraAccounts`), balance in
   * wei as a decimal string; keys, because every node signs for them (test accounts, not a node's secret)
   */
  extraAccounts: readonly { privateKey: Hex; balance: string }[];
};

/** The accounts every node's genesis funds and signs for: the dev accounts, then the layout's extra ones. */
export function genesisAccountsOf(layout: NetworkLayout): GenesisAccount[] {
  return [...devAccounts().map(({ privateKey, balance }) => ({ privateKey, balance })), ...layout.extraAccounts.map((a) => ({ privateKey: a.privateKey, balance: BigInt(a.balance) }))];
}

/** What a layer's genesis sets up for the nodes it hosts. */
export type LayerGenesis = Pick<ChainNodeOptions, 'settlingChains' | 'l1Layout'>;

/** What a settling chain's genesis takes from the layout. */
export type ChainGenesis = Required<Pick<ChainNodeOptions, 'l1ChainId' | 'settlesOnL1' | 'interopChains' | 'fundedAddresses' | 'protectedAccounts'>>;

/**
 * The operator address the layout names for `chainId`.
 * @throws InvalidArgumentError when the layout names none (a layout that misses a genesis chain's operator)
 */
export function operatorIn(layout: NetworkLayout, chainId: number): Address {
  const operator = layout.operators[String(chainId)];
  if (operator === undefined) throw new InvalidArgumentError(`the network layout names no operator for chain ${chainId}; every genesis chain (and Gateway, with an L1) needs one: build the layout again from the network's store`);
  return operator;
}

/**
 * The L1's genesis (SPEC §10): Gateway as a settling chain (its operator funded), then each genesis chain:
 * a settling ZK chain contract when it settles on the L1 directly (operator funded there), else one naming
 * Gateway as its settlement layer.
 * @throws InvalidArgumentError when the layout has no L1 or misses an operator
 */
export function l1GenesisOf(layout: NetworkLayout): LayerGenesis {
  if (layout.l1ChainId === null) throw new InvalidArgumentError('this network layout has no L1, so there is no L1 genesis to build');
  const gateway = layout.gatewayChainId;
  const settlingChains = [{ chainId: gateway, operator: operatorIn(layout, gateway), operatorBalance: DEV_BALANCE }];
  const chainsOnSettlementLayers = [];
  for (const chainId of layout.genesisChains) {
    const operator = operatorIn(layout, chainId);
    if (layout.chainsOnL1.includes(chainId)) settlingChains.push({ chainId, operator, operatorBalance: DEV_BALANCE });
    else chainsOnSettlementLayers.push({ chainId, operator, settlementLayer: gateway });
  }
  return { settlingChains, l1Layout: { settlementLayers: [gateway], chainsOnSettlementLayers } };
}

/**
 * Gateway's genesis: the settlement contract of each genesis chain that settles on it (operators funded
 * there; chains settling on the L1 have nothing on Gateway).
 * @throws InvalidArgumentError when the layout misses an operator
 */
export function gatewayGenesisOf(layout: NetworkLayout): Pick<ChainNodeOptions, 'settlingChains'> {
  const settlingChains = layout.genesisChains
    .filter((chainId) => !layout.chainsOnL1.includes(chainId))
    .map((chainId) => ({ chainId, operator: operatorIn(layout, chainId), operatorBalance: DEV_BALANCE }));
  return { settlingChains };
}

/**
 * A settling chain's genesis: the L1 it names (Gateway without an L1), whether it settles on the L1,
 * the bundle destinations it starts with (Gateway's genesis chains), and the relayer account.
 * @param fundsRelayer whether this genesis funds the relayer (false only for a chain of a store from before it)
 */
export function chainGenesisOf(layout: NetworkLayout, chainId: number, fundsRelayer: boolean): ChainGenesis {
  return {
    l1ChainId: layout.l1ChainId ?? layout.gatewayChainId,
    settlesOnL1: layout.l1ChainId !== null && layout.chainsOnL1.includes(chainId),
    interopChains: [...layout.genesisChains],
    fundedAddresses: fundsRelayer ? [{ address: layout.relayer, balance: DEV_BALANCE }] : [],
    protectedAccounts: [{ address: layout.relayer, why: "the network's bundle relayer; it signs inside the network only" }],
  };
}

const chainId = z.number({ error: 'expected a chain id (a JSON number)' }).int().positive();
const address = z.string().refine((a) => isAddress(a, { strict: false }), { error: 'expected an address (0x and 40 hex digits)' }).transform((a) => getAddress(a));
const layoutSchema = z.strictObject({
  l1ChainId: chainId.nullable(),
  gatewayChainId: chainId,
  genesisChains: z.array(chainId),
  chainsOnL1: z.array(chainId),
  operators: z.record(z.string().regex(/^\d+$/, { error: 'operators are keyed by chain id' }), address),
  relayer: address,
  extraAccounts: z
    .array(z.strictObject({ privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, { error: 'expected a private key (0x + 64 hex digits)' }), balance: z.string().regex(/^\d+$/, { error: 'expected a balance in wei (a decimal string)' }) }))
    .default([]),
});

/**
 * Reads a layout file's text (JSON, as `JSON.stringify(await network.layout())` writes it).
 * @throws InvalidArgumentError naming the first field that is wrong, or when a genesis chain (or, with an
 *   L1, Gateway) has no operator
 */
export function parseLayout(text: string): NetworkLayout {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(`the network layout is not JSON (${e instanceof Error ? e.message : String(e)}): give the file written from the network's layout`);
  }
  const parsed = layoutSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidArgumentError(`the network layout is not valid at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const layout: NetworkLayout = { ...parsed.data, operators: parsed.data.operators as Record<string, Address>, extraAccounts: parsed.data.extraAccounts.map((a) => ({ privateKey: a.privateKey as Hex, balance: a.balance })) };
  const settling = [...layout.genesisChains, ...(layout.l1ChainId === null ? [] : [layout.gatewayChainId])];
  for (const id of settling) operatorIn(layout, id);
  if (layout.l1ChainId === null && layout.chainsOnL1.length > 0) throw new InvalidArgumentError('the network layout has chains on the L1 (chainsOnL1) but no L1 (l1ChainId null)');
  return layout;
}

/** The layout as canonical JSON: operators by chain id in order, addresses checksummed (as `parseLayout` gives them). */
export function layoutText(layout: NetworkLayout): string {
  const operators = Object.fromEntries(Object.entries(layout.operators).sort(([a], [b]) => Number(a) - Number(b)).map(([id, a]) => [id, getAddress(a)]));
  return JSON.stringify({
    l1ChainId: layout.l1ChainId,
    gatewayChainId: layout.gatewayChainId,
    genesisChains: layout.genesisChains,
    chainsOnL1: layout.chainsOnL1,
    operators,
    relayer: getAddress(layout.relayer),
    extraAccounts: layout.extraAccounts.map((a) => ({ privateKey: a.privateKey.toLowerCase(), balance: a.balance })),
  });
}

/**
 * The fields in which two layouts differ (empty when they are the same network's), for a node that
 * finds another layout recorded in its store than the one it is given.
 */
export function layoutDifferences(recorded: NetworkLayout, given: NetworkLayout): string[] {
  const a = JSON.parse(layoutText(recorded)) as Record<string, unknown>;
  const b = JSON.parse(layoutText(given)) as Record<string, unknown>;
  return Object.keys(a).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
