/**
 * `zkinterop layout init`: makes a new network's layout and secrets for nodes that each run in their own
 * process or container (docs/deploy.md, docs/design/processes.md §2): `<out>/layout.json` (the
 * NetworkLayout every node's genesis is derived from: addresses only), `<out>/keys/operator-<id>.key` for
 * each settling node (every chain, and Gateway when there is an L1), `<out>/keys/relayer.key` (the
 * coordinator's bundle relayer) and `<out>/internal-token` (what the internal methods require). Keys and
 * the token are fresh random values, written mode 0600 and never printed; an existing layout is never
 * overwritten, since the nodes' stores were started from it (a new one would not replay).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { InvalidArgumentError as UsageError, Option, type Command } from 'commander';
import type { Address, Hex } from 'viem';
import { parseChainId } from './clientOptions.ts';
import { printJson } from './output.ts';
import { ZkInteropError } from '../errors.ts';
import { DEFAULT_GATEWAY, DEFAULT_L1 } from '../network/defaults.ts';
import type { NetworkLayout } from '../network/layout.ts';

type LayoutInitOptions = { out: string; chains: number[]; gatewayChainId: number; l1: boolean; settlesOnL1: number[]; json: boolean };

/** What `layout init --json` prints: where each file went and the addresses (never a key). */
export type LayoutInitResult = { layout: string; internalTokenFile: string; relayer: { address: Address; keyFile: string }; operators: { chainId: number; role: 'gateway' | 'chain'; address: Address; keyFile: string }[] };

/** Registers `zkinterop layout init` on the program. */
export function registerLayout(program: Command): void {
  const layout = program.command('layout').description('network layouts for nodes run as separate processes or containers (docs/deploy.md)');
  layout
    .command('init')
    .description('write a new network layout (layout.json), each settling node\'s operator key, the relayer key and the internal token into a directory; keys are random and never printed')
    .requiredOption('--out <dir>', 'directory to write into (created; refused if it already holds a layout)')
    .addOption(new Option('--chains <ids>', "the settling chains of the network's genesis, ids separated by commas").argParser(parseChainIds).default([271, 272], '271,272'))
    .option('--gateway-chain-id <id>', "Gateway's chain id", parseChainId, DEFAULT_GATEWAY.chainId)
    .option('--no-l1', `a network without an L1 (by default an L1, chain ${DEFAULT_L1.chainId}, runs under Gateway)`)
    .addOption(new Option('--settles-on-l1 <ids>', 'chains (of --chains) that settle on the L1 directly instead of on Gateway, separated by commas').argParser(parseChainIds).default([], 'none'))
    .option('--json', 'print the files written and the addresses as one JSON object (never a key)', false)
    .action(async (opts: LayoutInitOptions) => {
      const result = await initLayout(opts);
      if (opts.json) return printJson(result);
      console.log(`wrote ${result.layout}`);
      for (const o of result.operators) console.log(`  ${o.role} ${o.chainId} operator ${o.address}: key in ${o.keyFile}`);
      console.log(`  relayer ${result.relayer.address}: key in ${result.relayer.keyFile}`);
      console.log(`  internal token in ${result.internalTokenFile}`);
      console.log('keep keys/ and internal-token secret: give each node only its own operator key (docs/deploy.md)');
    });
}

/**
 * Writes a new layout and its secrets into `opts.out`.
 * @throws ZkInteropError INVALID_ARGUMENT when the directory already holds a layout or one of its files,
 *   or the chain ids clash
 */
export async function initLayout(opts: Omit<LayoutInitOptions, 'json'>): Promise<LayoutInitResult> {
  const l1ChainId = opts.l1 ? DEFAULT_L1.chainId : null;
  checkChainIds(opts, l1ChainId);
  const out = path.resolve(opts.out);
  const keysDir = path.join(out, 'keys');
  const layoutFile = path.join(out, 'layout.json');
  const tokenFile = path.join(out, 'internal-token');
  const settling = [...(l1ChainId === null ? [] : [{ chainId: opts.gatewayChainId, role: 'gateway' as const }]), ...opts.chains.map((chainId) => ({ chainId, role: 'chain' as const }))];
  const keyFileOf = (name: string) => path.join(keysDir, `${name}.key`);
  const planned = [layoutFile, tokenFile, keyFileOf('relayer'), ...settling.map((s) => keyFileOf(`operator-${s.chainId}`))];
  const present = planned.filter((f) => existsSync(f));
  if (present.length > 0) {
    throw new ZkInteropError('INVALID_ARGUMENT', `${out} already holds a network layout (${present.map((f) => path.relative(out, f)).join(', ')}); nodes started from it need it unchanged, so it is not overwritten: use it as it is, or give another --out (remove the old directory only together with every node's store)`);
  }
  // Loaded here: network.ts brings the EVM, which the other commands of this program do not need.
  const { randomPrivateKey } = await import('../network/keys.ts');
  const { parseLayout } = await import('../network/layout.ts');
  const { privateKeyAddress } = await import('../protocol/privateKeyAddress.ts');
  const keys = new Map<number, Hex>(settling.map((s) => [s.chainId, randomPrivateKey()]));
  const relayerKey = randomPrivateKey();
  const layout: NetworkLayout = {
    l1ChainId,
    gatewayChainId: opts.gatewayChainId,
    genesisChains: [...opts.chains],
    chainsOnL1: [...opts.settlesOnL1],
    operators: Object.fromEntries(settling.map((s) => [String(s.chainId), privateKeyAddress(keys.get(s.chainId)!)])),
    relayer: privateKeyAddress(relayerKey),
    extraAccounts: [],
  };
  const text = `${JSON.stringify(layout, null, 2)}\n`;
  parseLayout(text); // what every node will read: refuse to write one they would refuse
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await chmod(keysDir, 0o700);
  for (const s of settling) await writeSecret(keyFileOf(`operator-${s.chainId}`), keys.get(s.chainId)!);
  await writeSecret(keyFileOf('relayer'), relayerKey);
  await writeSecret(tokenFile, randomBytes(32).toString('hex'));
  // Last: a directory with layout.json is complete.
  await writeFile(layoutFile, text, { flag: 'wx', mode: 0o644 });
  return {
    layout: layoutFile,
    internalTokenFile: tokenFile,
    relayer: { address: layout.relayer, keyFile: keyFileOf('relayer') },
    operators: settling.map((s) => ({ chainId: s.chainId, role: s.role, address: layout.operators[String(s.chainId)]!, keyFile: keyFileOf(`operator-${s.chainId}`) })),
  };
}

/** Writes one line, readable by its owner only; never replaces a file (`wx`). */
async function writeSecret(file: string, value: string): Promise<void> {
  await writeFile(file, `${value}\n`, { flag: 'wx', mode: 0o600 });
  await chmod(file, 0o600); // the mode above is masked by the umask; a secret must not depend on it
}

function checkChainIds(opts: Omit<LayoutInitOptions, 'json'>, l1ChainId: number | null): void {
  const taken = new Set([opts.gatewayChainId, ...(l1ChainId === null ? [] : [l1ChainId])]);
  if (opts.chains.length === 0) throw new ZkInteropError('INVALID_ARGUMENT', '--chains needs at least one chain id');
  if (new Set(opts.chains).size !== opts.chains.length) throw new ZkInteropError('INVALID_ARGUMENT', `--chains names a chain twice (${opts.chains.join(',')}): give each id once`);
  for (const id of opts.chains) {
    if (taken.has(id)) throw new ZkInteropError('INVALID_ARGUMENT', `chain ${id} is ${id === opts.gatewayChainId ? "Gateway's" : "the L1's"} id: give the chains other ids`);
  }
  if (opts.settlesOnL1.length > 0 && l1ChainId === null) throw new ZkInteropError('INVALID_ARGUMENT', '--settles-on-l1 needs an L1: drop --no-l1 or --settles-on-l1');
  for (const id of opts.settlesOnL1) {
    if (!opts.chains.includes(id)) throw new ZkInteropError('INVALID_ARGUMENT', `--settles-on-l1 names chain ${id}, which is not in --chains (${opts.chains.join(',')})`);
  }
}

/** Parses chain ids separated by commas. */
function parseChainIds(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError(`expected chain ids separated by commas, got "${value}"`);
  return parts.map(parseChainId);
}
