/**
 * Registering a chain is journaled like every other change of a node: when Gateway's store refuses the
 * `registerChain` entry, Gateway stops taking work (STORE_FAILED) instead of building on blocks its
 * journal lacks, which a restart could not replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import type { Store } from '../../src/store/journal.ts';
import { devAccounts } from '../../src/network/accounts.ts';

const GATEWAY = 506;

/** A memory store whose appends to one chain's journal fail once `failFor` names that chain. */
function storeFailingFor(): { store: Store; failFor: { chainId: number | undefined } } {
  const inner = openMemoryStore();
  const failFor: { chainId: number | undefined } = { chainId: undefined };
  const store: Store = Object.assign(Object.create(inner) as Store, {
    kind: inner.kind,
    append: async (chainId: number, entries: Parameters<Store['append']>[1]) => {
      if (chainId === failFor.chainId) throw new Error('disk full');
      return inner.append(chainId, entries);
    },
  });
  return { store, failFor };
}

describe('a registerChain entry the store refuses', () => {
  let net: Network;
  let failFor: { chainId: number | undefined };

  beforeAll(async () => {
    const failing = storeFailingFor();
    failFor = failing.failFor;
    net = await startNetwork({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }], l1: false, profile: 'instant', store: failing.store });
    failFor.chainId = GATEWAY;
  });
  afterAll(() => net.stop());

  it('fails the added chain with STORE_FAILED, and Gateway then refuses transactions with STORE_FAILED', async () => {
    await expect(net.addChain({ chainId: 280 })).rejects.toMatchObject({ code: 'STORE_FAILED' });
    const from = devAccounts()[0]!.address;
    await expect(net.gateway.client.request('eth_sendTransaction', [{ from, to: from, value: '0x1' }])).rejects.toMatchObject({ message: expect.stringMatching(/cannot write to its store/) });
  });
});
