import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, getAddress, type Address, type Hex } from 'viem';
import { chainGenesisOf, gatewayGenesisOf, genesisAccountsOf, l1GenesisOf, layoutDifferences, layoutText, parseLayout, type NetworkLayout } from '../../src/network/layout.ts';
import { DEV_BALANCE, devAccounts } from '../../src/network/accounts.ts';
import { operatorKeyOf, startNetwork, type Network } from '../../src/network/network.ts';
import { privateKeyAddress } from '../../src/protocol/privateKeyAddress.ts';
import { chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import type { RpcClient } from '../../src/rpc/client.ts';

const op = (n: number): Address => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const RELAYER = op(0xbeef);

/** An L1 (9) under Gateway (506) with chains 271 and 272 on Gateway and 273 on the L1. */
const layout: NetworkLayout = {
  l1ChainId: 9,
  gatewayChainId: 506,
  genesisChains: [271, 273, 272],
  chainsOnL1: [273],
  operators: { '506': op(506), '271': op(271), '272': op(272), '273': op(273) },
  relayer: RELAYER,
  extraAccounts: [],
};

describe('genesis from the network layout', () => {
  it('the L1 settles Gateway and the chains on the L1, and names Gateway for the others, in genesis order', () => {
    expect(l1GenesisOf(layout)).toEqual({
      settlingChains: [
        { chainId: 506, operator: op(506), operatorBalance: DEV_BALANCE },
        { chainId: 273, operator: op(273), operatorBalance: DEV_BALANCE },
      ],
      l1Layout: {
        settlementLayers: [506],
        chainsOnSettlementLayers: [
          { chainId: 271, operator: op(271), settlementLayer: 506 },
          { chainId: 272, operator: op(272), settlementLayer: 506 },
        ],
      },
    });
  });

  it("Gateway holds the settlement contracts of its own chains only, not of those settling on the L1", () => {
    expect(gatewayGenesisOf(layout).settlingChains).toEqual([
      { chainId: 271, operator: op(271), operatorBalance: DEV_BALANCE },
      { chainId: 272, operator: op(272), operatorBalance: DEV_BALANCE },
    ]);
  });

  it('a chain names the L1, starts with the genesis chains as bundle destinations, and funds and protects the relayer', () => {
    expect(chainGenesisOf(layout, 271, true)).toEqual({
      l1ChainId: 9,
      settlesOnL1: false,
      interopChains: [271, 273, 272],
      fundedAddresses: [{ address: RELAYER, balance: DEV_BALANCE }],
      protectedAccounts: [{ address: RELAYER, why: expect.stringContaining('relayer') }],
    });
    expect(chainGenesisOf(layout, 273, true).settlesOnL1).toBe(true);
  });

  it('a chain whose store predates the relayer does not fund it but still protects it', () => {
    const genesis = chainGenesisOf(layout, 271, false);
    expect(genesis.fundedAddresses).toEqual([]);
    expect(genesis.protectedAccounts.map((a) => a.address)).toEqual([RELAYER]);
  });

  it('without an L1 a chain names Gateway as its L1 and settles on it, and there is no L1 genesis', () => {
    const gatewayOnly: NetworkLayout = { ...layout, l1ChainId: null, genesisChains: [271, 272], chainsOnL1: [], operators: { '271': op(271), '272': op(272) } };
    expect(chainGenesisOf(gatewayOnly, 271, true)).toMatchObject({ l1ChainId: 506, settlesOnL1: false });
    expect(() => l1GenesisOf(gatewayOnly)).toThrow(/no L1/);
  });

  it('every node funds the dev accounts, then the extra accounts the layout carries', () => {
    const extra = { privateKey: `0x${'22'.repeat(32)}` as const, balance: '5000' };
    expect(genesisAccountsOf({ ...layout, extraAccounts: [extra] })).toEqual([...devAccounts().map(({ privateKey, balance }) => ({ privateKey, balance })), { privateKey: extra.privateKey, balance: 5000n }]);
  });

  it('a layout missing a genesis chain operator is refused, saying which chain', () => {
    const missing: NetworkLayout = { ...layout, operators: { '506': op(506), '271': op(271), '273': op(273) } };
    expect(() => gatewayGenesisOf(missing)).toThrow(/no operator for chain 272/);
    expect(() => l1GenesisOf(missing)).toThrow(/no operator for chain 272/);
  });
});

describe('the layout file', () => {
  it('reads back the layout it was written from', () => {
    expect(parseLayout(JSON.stringify(layout))).toEqual(layout);
  });

  it('refuses a field of the wrong kind, naming it', () => {
    expect(() => parseLayout(JSON.stringify({ ...layout, relayer: '0x1234' }))).toThrow(/at relayer: expected an address/);
  });

  it("refuses a layout without a genesis chain's operator, naming the chain", () => {
    expect(() => parseLayout(JSON.stringify({ ...layout, operators: { '506': op(506), '271': op(271), '273': op(273) } }))).toThrow(/no operator for chain 272/);
  });

  it('reads a layout without extra accounts as one with none', () => {
    const { extraAccounts: _none, ...withoutExtra } = layout;
    expect(parseLayout(JSON.stringify(withoutExtra)).extraAccounts).toEqual([]);
  });

  it('refuses text that is not JSON, saying so', () => {
    expect(() => parseLayout('l1ChainId: 9')).toThrow(/not JSON/);
  });
});

describe('two layouts compared (a node checks the one given against the one its store recorded)', () => {
  it('finds no difference in operators listed in another order or addresses in lower case', () => {
    const reordered = { ...layout, operators: { '273': op(273).toLowerCase() as Address, '272': op(272), '271': op(271), '506': op(506) } };
    expect(layoutDifferences(layout, reordered)).toEqual([]);
  });

  it('names each field that differs', () => {
    expect(layoutDifferences(layout, { ...layout, genesisChains: [271, 272], relayer: op(0xcafe) })).toEqual(['genesisChains', 'relayer']);
  });

  it('reads back its canonical text as the same layout', () => {
    expect(parseLayout(layoutText(layout))).toEqual(layout);
  });
});

/** The operator a settlement contract names, read over a node's RPC client. */
async function operatorOn(client: RpcClient, chainId: number): Promise<Address> {
  const data = await client.request<Hex>('eth_call', [{ to: chainSettlementAddress(chainId), data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'operator' }) }, 'latest']);
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName: 'operator', data });
}

const EXTRA = { privateKey: `0x${'33'.repeat(32)}` as const, balance: 7n * 10n ** 18n };

describe("a started network's layout", () => {
  let net: Network;
  let started: NetworkLayout;
  beforeAll(async () => {
    net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 273, port: 0, settlesOn: 'l1' }], l1: { port: 0 }, profile: 'instant', extraAccounts: [EXTRA] });
    started = await net.layout();
  });
  afterAll(() => net.stop());

  it('describes the network it started: its L1, Gateway, genesis chains and the chains on the L1', () => {
    expect(started).toMatchObject({ l1ChainId: 9, gatewayChainId: 506, genesisChains: [271, 273], chainsOnL1: [273] });
  });

  it("names the operators the layers' settlement contracts hold", async () => {
    expect(await operatorOn(net.gateway.client, 271)).toBe(started.operators['271']);
    expect(await operatorOn(net.l1!.client, 273)).toBe(started.operators['273']);
    expect(await operatorOn(net.l1!.client, 506)).toBe(started.operators['506']);
  });

  it('names for each settling node the address of the key its own settlement client signs with', async () => {
    for (const chainId of [506, 271, 273]) expect(started.operators[String(chainId)]).toBe(privateKeyAddress(await operatorKeyOf(net.store, chainId)));
  });

  it('carries the extra accounts every node funds, and chain 271 holds their balance', async () => {
    expect(started.extraAccounts).toEqual([{ privateKey: EXTRA.privateKey, balance: EXTRA.balance.toString() }]);
    expect(BigInt(await net.node(271).client.request<string>('eth_getBalance', [privateKeyAddress(EXTRA.privateKey), 'latest']))).toBe(EXTRA.balance);
  });

  it("names the relayer the network's auto-relay signs with", () => {
    expect(started.relayer).toBe(net.config().autorelay.address);
  });
});
