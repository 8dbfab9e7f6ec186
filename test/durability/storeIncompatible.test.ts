/**
 * A store that does not replay on this zkinterop (written by another version whose chains differ, or
 * edited by hand) stops the start with STORE_INCOMPATIBLE and says what to do, instead of an internal error.
 */
import { describe, expect, test } from 'vitest';
import { startNetwork } from '../../src/network/network.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import type { JournalEntry } from '../../src/store/journal.ts';
import { ZkInteropError } from '../../src/errors.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { privateKeyToAccount } from 'viem/accounts';
import { createWalletClient, http } from 'viem';

const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }] });

/** A store holding a network whose chain 271 has one user block, after `edit` changed its journal. */
async function storeWithEditedJournal(edit: (entries: JournalEntry[]) => JournalEntry[]) {
  const store = openMemoryStore();
  const net = await startNetwork({ ...layout(), store });
  const wallet = createWalletClient({ account: privateKeyToAccount(devAccounts()[0]!.privateKey), transport: http(net.node(271).rpcUrl) });
  await wallet.sendTransaction({ chain: null, to: '0x000000000000000000000000000000000000dEaD', value: 1n });
  await net.stop();
  const entries = await store.load(271);
  await store.truncate(271, 0);
  await store.append(271, edit(entries));
  return store;
}

describe('a store that does not replay', () => {
  test('stops the start with STORE_INCOMPATIBLE naming the block and what to do', async () => {
    const store = await storeWithEditedJournal((entries) =>
      entries.map((e) => (e.type === 'block' ? { ...e, hash: `0x${'ab'.repeat(32)}` as const } : e)),
    );
    const started = startNetwork({ ...layout(), store });
    await expect(started).rejects.toBeInstanceOf(ZkInteropError);
    await expect(started).rejects.toMatchObject({ code: 'STORE_INCOMPATIBLE', message: expect.stringMatching(/chain 271 cannot replay its store: replaying block \d+ .*fresh --data-dir/) });
  });

  test('starts from the same store left as it was', async () => {
    const store = await storeWithEditedJournal((entries) => entries);
    const net = await startNetwork({ ...layout(), store });
    await net.stop();
  });
});
