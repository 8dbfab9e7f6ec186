/**
 * A network dump in parts, one per node (src/store/nodeDump.ts): each node's own meta keys go with its
 * journal, the network's keys stay apart, and a merge refuses parts that do not fit together.
 */
import { describe, expect, it } from 'vitest';
import { mergeNodeDumps, networkMetaOf, splitNetworkDump } from '../../src/store/nodeDump.ts';
import type { NetworkDump } from '../../src/store/journal.ts';

const dump: NetworkDump = {
  format: 'zkinterop-dump',
  version: 1,
  meta: { network: '{"gatewayChainId":506,"chains":[271]}', relayerKey: '0x01', 'genesis:506': '1', 'genesisChains:506': '[271]', 'genesis:271': '2', 'operatorKey:271': '0x02' },
  journals: { '271': [{ type: 'batchSealed', batchNumber: 1, at: 3 }] },
};

describe('a network dump in parts', () => {
  it("gives a node its journal and the meta keys that end in its id, and none of another's", () => {
    expect(splitNetworkDump(dump, 271)).toEqual({ chainId: 271, entries: dump.journals['271'], meta: { 'genesis:271': '2', 'operatorKey:271': '0x02' } });
    expect(splitNetworkDump(dump, 506)).toEqual({ chainId: 506, entries: [], meta: { 'genesis:506': '1', 'genesisChains:506': '[271]' } });
  });

  it("keeps the keys naming no node as the network's", () => {
    expect(networkMetaOf(dump)).toEqual({ network: dump.meta.network, relayerKey: '0x01' });
  });

  it('merges the parts and the network meta back into the same dump', () => {
    expect(mergeNodeDumps([splitNetworkDump(dump, 506), splitNetworkDump(dump, 271)], networkMetaOf(dump))).toEqual(dump);
  });

  it("refuses a part holding another node's meta key", () => {
    expect(() => mergeNodeDumps([{ chainId: 272, entries: [], meta: { 'operatorKey:271': '0x02' } }])).toThrow(/chain 272's part holds meta key operatorKey:271/);
  });

  it('refuses two parts of one chain', () => {
    expect(() => mergeNodeDumps([splitNetworkDump(dump, 271), splitNetworkDump(dump, 271)])).toThrow(/two parts of chain 271/);
  });

  it("refuses network meta that names a node", () => {
    expect(() => mergeNodeDumps([], { 'genesis:271': '2' })).toThrow(/names a node/);
  });
});
