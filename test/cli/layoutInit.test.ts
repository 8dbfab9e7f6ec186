import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { chainGenesisOf, gatewayGenesisOf, l1GenesisOf, parseLayout } from '../../src/network/layout.ts';
import { privateKeyAddress } from '../../src/protocol/privateKeyAddress.ts';
import { jsonOf, runCli } from './runCli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-layout-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
/** Runs `layout init --json` into a new directory and returns it with what was printed. */
async function init(...flags: string[]) {
  const out = path.join(dir, `net-${runs++}`);
  const result = await runCli(['layout', 'init', '--out', out, '--json', ...flags]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { out, printed: jsonOf(result) as { layout: string; internalTokenFile: string; relayer: { address: string; keyFile: string }; operators: { chainId: number; role: string; address: string; keyFile: string }[] } };
}

const keyIn = (file: string) => readFileSync(file, 'utf8').trim() as Hex;

describe('zkinterop layout init', () => {
  it('writes a layout every node accepts, with an L1, Gateway 506 and chains 271 and 272 by default', async () => {
    const { out } = await init();
    const layout = parseLayout(readFileSync(path.join(out, 'layout.json'), 'utf8'));
    expect(layout).toMatchObject({ l1ChainId: 9, gatewayChainId: 506, genesisChains: [271, 272], chainsOnL1: [], extraAccounts: [] });
    // Every role's genesis can be derived from it.
    expect(l1GenesisOf(layout).settlingChains?.map((c) => c.chainId)).toEqual([506]);
    expect(gatewayGenesisOf(layout).settlingChains?.map((c) => c.chainId)).toEqual([271, 272]);
    expect(chainGenesisOf(layout, 272, true).interopChains).toEqual([271, 272]);
  });

  it("names in the layout the address of each key file it writes: every settling node's operator and the relayer", async () => {
    const { out } = await init();
    const layout = parseLayout(readFileSync(path.join(out, 'layout.json'), 'utf8'));
    for (const id of [506, 271, 272]) expect(privateKeyAddress(keyIn(path.join(out, 'keys', `operator-${id}.key`)))).toBe(layout.operators[String(id)]);
    expect(privateKeyAddress(keyIn(path.join(out, 'keys', 'relayer.key')))).toBe(layout.relayer);
  });

  it('writes the keys and the internal token readable by their owner only (mode 0600)', async () => {
    const { out } = await init();
    for (const file of ['keys/operator-506.key', 'keys/operator-271.key', 'keys/operator-272.key', 'keys/relayer.key', 'internal-token']) {
      expect({ file, mode: statSync(path.join(out, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
    expect(statSync(path.join(out, 'keys')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(out, 'internal-token'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('prints the paths and the addresses with --json, and no key or token', async () => {
    const { out, printed } = await init();
    expect(printed.layout).toBe(path.join(out, 'layout.json'));
    expect(printed.operators.map((o) => [o.role, o.chainId])).toEqual([['gateway', 506], ['chain', 271], ['chain', 272]]);
    const text = JSON.stringify(printed).toLowerCase();
    const secrets = [...printed.operators.map((o) => o.keyFile), printed.relayer.keyFile, printed.internalTokenFile].map((f) => keyIn(f).toLowerCase().replace(/^0x/, ''));
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('writes no Gateway operator key for a network without an L1 (Gateway settles nowhere then)', async () => {
    const { out, printed } = await init('--no-l1', '--chains', '300', '--gateway-chain-id', '270');
    expect(parseLayout(readFileSync(path.join(out, 'layout.json'), 'utf8'))).toMatchObject({ l1ChainId: null, gatewayChainId: 270, genesisChains: [300] });
    expect(printed.operators.map((o) => o.chainId)).toEqual([300]);
  });

  it('records the chains given with --settles-on-l1 as settling on the L1', async () => {
    const { out } = await init('--chains', '271,272,273', '--settles-on-l1', '273');
    expect(parseLayout(readFileSync(path.join(out, 'layout.json'), 'utf8')).chainsOnL1).toEqual([273]);
  });

  it('refuses to overwrite an existing layout and leaves it unchanged (exit 2, saying what to do)', async () => {
    const { out } = await init();
    const before = readFileSync(path.join(out, 'layout.json'), 'utf8');
    const again = await runCli(['layout', 'init', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a network layout.*give another --out/);
    expect(readFileSync(path.join(out, 'layout.json'), 'utf8')).toBe(before);
  });

  it('explains itself with --help: every option it takes', async () => {
    const result = await runCli(['layout', 'init', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--out <dir>', '--chains <ids>', '--gateway-chain-id <id>', '--no-l1', '--settles-on-l1 <ids>', '--json']) expect(result.stdout).toContain(option);
  });

  it('refuses --settles-on-l1 naming a chain that is not in --chains (exit 2)', async () => {
    const result = await runCli(['layout', 'init', '--out', path.join(dir, 'refused'), '--chains', '271', '--settles-on-l1', '272']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--settles-on-l1 names chain 272, which is not in --chains/);
  });
});
