import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import type { NetworkLayout } from '../../src/network/layout.ts';
import { runCli } from './runCli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-node-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Gateway-only layout whose genesis chain 271 is operated by `operator`'s key. */
function layoutFile(operator: `0x${string}`): string {
  const layout: NetworkLayout = { l1ChainId: null, gatewayChainId: 506, genesisChains: [271], chainsOnL1: [], operators: { '271': operator }, relayer: privateKeyToAddress(generatePrivateKey()), extraAccounts: [] };
  const file = path.join(dir, `layout-${operator}.json`);
  writeFileSync(file, JSON.stringify(layout));
  return file;
}

describe('zkinterop node', () => {
  it('refuses a settlement layer for a Gateway whose layout has no L1, saying what to leave out (exit 2)', async () => {
    const result = await runCli(['node', '--role', 'gateway', '--chain-id', '506', '--layout', layoutFile(privateKeyToAddress(generatePrivateKey())), '--settlement-layer', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has no L1, so Gateway settles nowhere: leave out --settlement-layer/);
  });

  it("refuses an operator key other than the one the layout names for the chain (exit 2)", async () => {
    const keyFile = path.join(dir, 'other.key');
    writeFileSync(keyFile, generatePrivateKey());
    const result = await runCli(['node', '--role', 'chain', '--chain-id', '271', '--layout', layoutFile(privateKeyToAddress(generatePrivateKey())), '--settlement-layer', 'http://127.0.0.1:1', '--operator-key-file', keyFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not the one the network layout names/);
  });

  it('refuses a chain with no operator key given or stored, saying which flag to give (exit 2)', async () => {
    const result = await runCli(['node', '--role', 'chain', '--chain-id', '271', '--layout', layoutFile(privateKeyToAddress(generatePrivateKey())), '--settlement-layer', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--operator-key-file/);
  });
});
