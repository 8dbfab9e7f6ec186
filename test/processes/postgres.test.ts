/**
 * `zkinterop up --processes --db <postgres>` against a real PostgreSQL server (issue 16 item 2; skipped,
 * saying why, where none can be started): one schema per node (`zkinterop_node_<id>`) and the
 * coordinator's `zkinterop_network` in one database, nothing in the shared `public` tables; started again
 * from the same database the network is back (same blocks, its messages verify, a chain added at runtime
 * included) and goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { runCli } from '../cli/runCli.ts';
import { rpc } from '../support/childNetwork.ts';
import { jsonLine, sendVerifiable, startProcessUp, verifies, tempDir, writeProcessConfig, type ProcessNetworkChild } from '../support/processNetwork.ts';
import { postgresBackend } from '../support/stores.ts';

const backend = await postgresBackend();


const blockHash = async (url: string, n: number) => (await rpc<{ hash: Hex } | null>(url, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false]))?.hash;

describe.skipIf('skip' in backend)('up --processes on PostgreSQL', () => {
  let url: string;
  let net: ProcessNetworkChild;
  let txHash: Hex;
  let fromAdded: Hex;
  const heads = new Map<number, { n: number; hash: Hex | undefined }>();
  const config = writeProcessConfig(tempDir(), { profile: 'instant' });

  beforeAll(async () => {
    url = await (backend as Exclude<typeof backend, { skip: string }>).location();
    net = await startProcessUp(config, ['--db', url]);
    txHash = await sendVerifiable(net.routed(271), 272, 'kept in PostgreSQL');
    const added = await rpc<{ rpcUrl: string }>(net.routed(271), 'zkinterop_addChain', [{}]);
    fromAdded = await sendVerifiable(net.routed(273), 271, 'from the added chain, in PostgreSQL');
    for (const id of [9, 506, 271, 272, 273]) {
      const own = id === 273 ? added.rpcUrl : net.own(id);
      const n = Number(await rpc<Hex>(own, 'eth_blockNumber'));
      heads.set(id, { n, hash: await blockHash(own, n) });
    }
  });
  afterAll(async () => {
    await net?.stop();
    if (!('skip' in backend)) await backend.cleanup();
  });

  it('keeps each node in its own schema and the coordinator in zkinterop_network, nothing in public', async () => {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    try {
      const schemas = await client.query<{ schema_name: string }>("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'zkinterop%' ORDER BY schema_name");
      expect(schemas.rows.map((r) => r.schema_name)).toEqual(['zkinterop_network', 'zkinterop_node_271', 'zkinterop_node_272', 'zkinterop_node_273', 'zkinterop_node_506', 'zkinterop_node_9']);
      const journals = await client.query<{ schema: string; n: string }>(
        "SELECT table_schema AS schema, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.zkinterop_journal', table_schema), false, true, '')))[1]::text AS n FROM information_schema.tables WHERE table_name = 'zkinterop_journal' ORDER BY table_schema",
      );
      const count = new Map(journals.rows.map((r) => [r.schema, Number(r.n)]));
      for (const id of [9, 506, 271, 272, 273]) expect(count.get(`zkinterop_node_${id}`)).toBeGreaterThan(0);
      expect(count.get('public') ?? 0).toBe(0);
      // The operator keys stay with the coordinator and each node, never in another node's schema.
      const keys = await client.query<{ key: string }>("SELECT key FROM zkinterop_node_271.zkinterop_meta WHERE key LIKE 'operatorKey:%'");
      expect(keys.rows.map((r) => r.key)).toEqual(['operatorKey:271']);
    } finally {
      await client.end();
    }
  });

  it('started again from the same database has the same blocks, the added chain, and its messages verify', async () => {
    expect(await net.stop(), net.stderr()).toBe(0);
    net = await startProcessUp(config, ['--db', url]);
    expect(net.config.chains.map((c) => c.chainId)).toEqual([271, 272, 273]);
    for (const [id, head] of heads) expect(await blockHash(net.own(id), head.n)).toBe(head.hash);
    expect(await verifies(net.routed(271), txHash, 272)).toBe(true);
    expect(await verifies(net.routed(273), fromAdded, 271)).toBe(true);
    const next = await sendVerifiable(net.routed(272), 273, 'after the restart');
    expect(await verifies(net.routed(272), next, 273)).toBe(true);
  });
});
