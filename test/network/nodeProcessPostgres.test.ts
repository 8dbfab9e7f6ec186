/**
 * `zkinterop node --db <postgres-url>` (issue 16, docs/design/processes.md §3): the node keeps its journal
 * and meta in its own schema of the database, `zkinterop_node_<id>`, records there the layout it was first
 * started with, and refuses a later start with another. Against a real PostgreSQL server (skipped, saying
 * why, where none can be started).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { parseLayout, type NetworkLayout } from '../../src/network/layout.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli, spawnNode } from '../support/childNetwork.ts';
import { postgresBackend } from '../support/stores.ts';

const backend = await postgresBackend();

/** A layout of fresh addresses: the L1 9 under Gateway 506 with chain 271. */
function makeLayout(): NetworkLayout {
  const address = () => privateKeyToAddress(generatePrivateKey());
  return { l1ChainId: 9, gatewayChainId: 506, genesisChains: [271], chainsOnL1: [], operators: { '506': address(), '271': address() }, relayer: address(), extraAccounts: [] };
}

describe.skipIf('skip' in backend)('the L1 in its own process on PostgreSQL', () => {
  let dir: string;
  let url: string;
  const layout = makeLayout();

  beforeAll(async () => {
    url = await (backend as Exclude<typeof backend, { skip: string }>).location();
    dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-node-pg-'));
    writeFileSync(path.join(dir, 'layout.json'), JSON.stringify(layout));
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify(makeLayout()));
    const node = await spawnNode(['--role', 'l1', '--chain-id', '9', '--layout', path.join(dir, 'layout.json'), '--db', url, '--profile', 'instant']);
    node.process.kill('SIGTERM');
    await node.exited;
  });

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (!('skip' in backend)) await backend.cleanup();
  });

  it('records its layout in its own schema, zkinterop_node_9', async () => {
    const own = await openStore(url, { schema: 'zkinterop_node_9' });
    const shared = await openStore(url);
    try {
      expect(parseLayout((await own.getMeta('layout:9'))!)).toEqual(parseLayout(JSON.stringify(layout)));
      expect(await shared.getMeta('layout:9')).toBeUndefined();
    } finally {
      await Promise.all([own.close(), shared.close()]);
    }
  });

  it('refuses to start again with another layout, saying what to do', async () => {
    const refused = await runCli(['node', '--role', 'l1', '--chain-id', '9', '--layout', path.join(dir, 'other.json'), '--db', url, '--profile', 'instant']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/holds a node of another network.*operators, relayer.*a new data dir or database/s);
  });
});
