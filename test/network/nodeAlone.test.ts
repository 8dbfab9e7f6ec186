/**
 * What `startNodeAlone` (nodeAlone.ts, `zkinterop node`) refuses before it builds anything: a role, chain
 * id, settlement layer or operator key that does not fit the network layout, each with what to give instead.
 */
import { describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { startNodeAlone, type NodeAloneOptions } from '../../src/network/nodeAlone.ts';
import type { NetworkLayout } from '../../src/network/layout.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';

const gatewayKey = generatePrivateKey();
const layout: NetworkLayout = {
  l1ChainId: 9,
  gatewayChainId: 506,
  genesisChains: [271],
  chainsOnL1: [],
  operators: { '506': privateKeyToAddress(gatewayKey), '271': privateKeyToAddress(generatePrivateKey()) },
  relayer: privateKeyToAddress(generatePrivateKey()),
  extraAccounts: [],
};
const L1 = 'http://127.0.0.1:1';

describe('a node alone that does not fit the layout', () => {
  it.each<[string, Partial<NodeAloneOptions>, RegExp]>([
    ['the L1 under another chain id', { role: 'l1', chainId: 10 }, /L1 is chain 9, not 10: give --chain-id 9/],
    ['the L1 given a settlement layer', { role: 'l1', chainId: 9, settlementLayerUrl: L1 }, /leave out --settlement-layer/],
    ['Gateway without the L1 it settles on', { role: 'gateway', chainId: 506, operatorKey: gatewayKey }, /give Gateway its URL with --settlement-layer/],
    ['Gateway without its operator key', { role: 'gateway', chainId: 506, settlementLayerUrl: L1 }, /give it \(--operator-key-file\)/],
    ['Gateway with another operator key than the layout names', { role: 'gateway', chainId: 506, settlementLayerUrl: L1, operatorKey: generatePrivateKey() }, /not the one the network layout names/],
    ["a chain under Gateway's chain id", { role: 'chain', chainId: 506 }, /run it with --role gateway/],
    ['a chain without its settlement layer', { role: 'chain', chainId: 271 }, /give its URL with --settlement-layer/],
  ])('refuses %s', async (_what, given, message) => {
    const options = { layout, store: openMemoryStore(), port: 0, ...given } as NodeAloneOptions;
    await expect(startNodeAlone(options)).rejects.toThrow(message);
  });

  it('refuses Gateway given a settlement layer in a network without an L1', async () => {
    const noL1 = { ...layout, l1ChainId: null, operators: { '271': layout.operators['271']! } };
    await expect(startNodeAlone({ role: 'gateway', chainId: 506, layout: noL1, settlementLayerUrl: L1, store: openMemoryStore(), port: 0 })).rejects.toThrow(/no L1, so Gateway settles nowhere/);
  });
});
