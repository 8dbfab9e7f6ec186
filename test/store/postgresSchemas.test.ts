import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { nodeSchemaName, openPostgresStore } from '../../src/store/postgresStore.ts';
import type { JournalEntry } from '../../src/store/journal.ts';
import { postgresBackend } from '../support/stores.ts';

// One database for the nodes of a network of processes, a schema per node (docs/design/processes.md §3).
const backend = await postgresBackend();
const sealed = (n: number): JournalEntry => ({ type: 'batchSealed', batchNumber: n, at: 1000 + n });

describe.skipIf('skip' in backend)('PostgreSQL, a schema per node', () => {
  const db = () => (backend as Exclude<typeof backend, { skip: string }>).location();
  afterAll(() => ('skip' in backend ? undefined : backend.cleanup()));

  it("keeps each node's journal and meta apart in one database", async () => {
    const url = await db();
    const gateway = await openPostgresStore(url, { schema: nodeSchemaName(506) });
    const chain = await openPostgresStore(url, { schema: nodeSchemaName(271) });
    await gateway.append(506, [sealed(1)]);
    await chain.append(271, [sealed(7), sealed(8)]);
    await chain.setMeta('operatorKey:271', 'secret of 271');
    expect(await gateway.chainIds()).toEqual([506]);
    expect(await chain.chainIds()).toEqual([271]);
    expect(await gateway.getMeta('operatorKey:271')).toBeUndefined();
    expect(await chain.getMeta('operatorKey:271')).toBe('secret of 271');
    await Promise.all([gateway.close(), chain.close()]);
  });

  it("finds its own journal again when reopened on its schema", async () => {
    const url = await db();
    const first = await openPostgresStore(url, { schema: nodeSchemaName(271) });
    await first.append(271, [sealed(1), sealed(2)]);
    await first.close();
    const again = await openPostgresStore(url, { schema: nodeSchemaName(271) });
    await again.append(271, [sealed(3)]);
    expect((await again.load(271)).map((e) => (e as { batchNumber: number }).batchNumber)).toEqual([1, 2, 3]);
    await again.close();
  });

  it("clearing one node's store leaves the other nodes' stores whole", async () => {
    const url = await db();
    const gateway = await openPostgresStore(url, { schema: nodeSchemaName(506) });
    const chain = await openPostgresStore(url, { schema: nodeSchemaName(271) });
    await gateway.append(506, [sealed(1)]);
    await gateway.setMeta('genesis:506', '1');
    await chain.append(271, [sealed(1)]);
    await chain.clear();
    expect(await chain.load(271)).toEqual([]);
    expect(await gateway.load(506)).toEqual([sealed(1)]);
    expect(await gateway.getMeta('genesis:506')).toBe('1');
    await Promise.all([gateway.close(), chain.close()]);
  });

  it('without a schema the store keeps the tables a network in one process has always used', async () => {
    const url = await db();
    const single = await openPostgresStore(url);
    await single.append(271, [sealed(1)]);
    await single.close();
    const node = await openPostgresStore(url, { schema: nodeSchemaName(271) });
    expect(await node.load(271)).toEqual([]);
    await node.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM public.zkinterop_journal WHERE chain_id = 271');
    await client.end();
    expect(Number(rows.rows[0]!.n)).toBe(1);
  });

  it('refuses a schema name that is not a plain identifier, before connecting', async () => {
    await expect(openPostgresStore('postgres://nobody@127.0.0.1:1/none', { schema: 'x"; DROP TABLE zkinterop_meta; --' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('zkinterop_node_271') });
  });
});
