/**
 * A real Hardhat 2 project (test/hardhat-project: hardhat-toolbox, ethers v6, mocha + chai matchers)
 * runs its own tests with `npx hardhat test --network zkinterop` against a network started here on
 * free ports; each of its mocha tests must pass. It also pins the README's Hardhat config to the
 * project's, so the config users copy is the one tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROJECT = path.join(ROOT, 'test/hardhat-project');
const README_CONFIG_MARKER = `// -- the README's "Hardhat" config starts here --\n`;

/** Every mocha test of the project, by its title: each must be reported as passing. */
const EXPECTED_PASSING = [
  'deploys with the unlock time, owner and locked funds it was given',
  'refuses an unlock time in the past with its revert reason',
  'reverts withdraw before the unlock time',
  'reverts withdraw from another account once unlocked (time.increaseTo)',
  'emits Withdrawal once unlocked',
  'moves the locked funds to the owner (changeEtherBalances)',
  'undoes the time travel when the fixture is loaded again',
  'mines 100 blocks at once with mine()',
  "moves the next block's time forward by time.increase",
  "sets an account's balance with setBalance",
  'sends from an impersonated account that has no key here',
  'traces a mined transaction with debug_traceTransaction',
  'proves on chain B, with proveL2MessageInclusionShared, a message sent on chain A',
  'acts on the proven message in a contract deployed on chain B',
  'refuses a message that was not sent (revertedWith)',
];

type MochaRun = { code: number | null; output: string; passed: string[]; failing: number };

/** Mocha's spec reporter: `✔ title (12ms)` per passing test, `N failing` in the summary. */
function parseSpec(output: string): Pick<MochaRun, 'passed' | 'failing'> {
  const passed = [...output.matchAll(/^\s+✔ (.+?)(?: \(\d+ms\))?$/gmu)].map((m) => m[1]!);
  const failing = Number(/^\s+(\d+) failing/m.exec(output)?.[1] ?? 0);
  return { passed, failing };
}

let net: Network;
let env: NodeJS.ProcessEnv;
const children = new Set<ChildProcess>();
let run: MochaRun;

/** Runs `npx hardhat <args>` in the project; --no-install: the root's hardhat or nothing, never a download. */
function hardhat(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'hardhat', ...args], { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      children.delete(child);
      resolve({ code, output });
    });
  });
}

/** The ```ts block after `<!-- name -->` in the README. */
function readmeBlock(name: string): string | undefined {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return new RegExp(`<!-- ${name} -->\\s*\`\`\`ts\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
  env = {
    ...process.env,
    ZKINTEROP_CHAIN_A: net.node(271).rpcUrl,
    ZKINTEROP_CHAIN_B: net.node(272).rpcUrl,
    ZKINTEROP_GATEWAY: net.gateway.rpcUrl,
    HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
    NO_COLOR: '1',
  };
  const result = await hardhat(['test', '--network', 'zkinterop']);
  run = { ...result, ...parseSpec(result.output) };
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await net?.stop();
});

describe('a Hardhat 2 project (hardhat-toolbox) against the network', () => {
  it('exits 0 with no failing test', () => {
    expect({ code: run.code, failing: run.failing }, run.output).toEqual({ code: 0, failing: 0 });
  });

  it.each(EXPECTED_PASSING)('passes its test "%s"', (title) => {
    expect(run.passed).toContain(title);
  });

  it('runs no test this file does not know about', () => {
    expect(run.passed.filter((title) => !EXPECTED_PASSING.includes(title))).toEqual([]);
  });
});

describe("the README's Hardhat section", () => {
  it("shows, line for line, the tested project's hardhat.config.ts", () => {
    const projectConfig = readFileSync(path.join(PROJECT, 'hardhat.config.ts'), 'utf8');
    expect(projectConfig).toContain(README_CONFIG_MARKER);
    expect(readmeBlock('hardhat-config')).toBe(projectConfig.split(README_CONFIG_MARKER)[1]);
  });

  it("shows, line for line, the project's scripts/deploy.ts", () => {
    expect(readmeBlock('hardhat-deploy')).toBe(readFileSync(path.join(PROJECT, 'scripts/deploy.ts'), 'utf8'));
  });

  it('deploys with that script: `npx hardhat run scripts/deploy.ts` prints the address on chain 271', async () => {
    const { code, output } = await hardhat(['run', 'scripts/deploy.ts']);
    expect(code, output).toBe(0);
    const address = /Lock deployed to (0x[0-9a-fA-F]{40}) on chain 271/.exec(output)?.[1];
    expect(address, output).toBeDefined();
    expect(await net.node(271).client.request('eth_getCode', [address, 'latest'])).not.toBe('0x');
  });
});
