/**
 * Docs are code: every script in examples/ runs as a child process, starts its own network on free
 * ports, and must exit 0 having printed that the message verified (or, for the bundle examples, that the
 * badge was granted, the token went there and back, the failing call was unbundled) on the target chain. The README's
 * "Send on 271, verify on the L1" block and its bundle walkthroughs are made of lines of their examples, so they
 * cannot drift from code that runs.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function runExample(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'examples', file)], { cwd: ROOT, timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The trimmed, non-empty lines of the ```ts block after `<!-- name -->` in the README. */
function readmeBlockLines(name: string): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${name} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
  if (block === undefined) throw new Error(`README has no ts block after <!-- ${name} -->`);
  return block.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** Checks that every line of a README block is a line of the example it names. */
function expectBlockFromExample(block: string, file: string): void {
  const example = readFileSync(path.join(ROOT, 'examples', file), 'utf8').split('\n').map((line) => line.trim());
  const lines = readmeBlockLines(block);
  expect(lines.length).toBeGreaterThan(2);
  expect(lines.filter((line) => !example.includes(line))).toEqual([]);
}

describe('the README', () => {
  it('shows only lines that examples/send-and-verify-on-l1.ts runs in its "verify on the L1" block', () => {
    const example = readFileSync(path.join(ROOT, 'examples', 'send-and-verify-on-l1.ts'), 'utf8').split('\n').map((line) => line.trim());
    const lines = readmeBlockLines('send-and-verify-on-l1');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => !example.includes(line))).toEqual([]);
  });

  it.each([
    ['unlock-on-chain-b', 'unlock-on-chain-b.ts'],
    ['unbundle-failing-call', 'unbundle-failing-call.ts'],
    ['erc20-there-and-back', 'erc20-there-and-back.ts'],
  ])('shows only lines that the example runs in its %s walkthrough block', (block, file) => {
    expectBlockFromExample(block, file);
  });
});

describe.concurrent('examples', () => {
  it('send-and-verify-on-l1.ts verifies the message on the L1 and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('send-and-verify-on-l1.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('verified on the L1: true');
  });

  it('send-and-verify-zksync-ethers.ts verifies the message on 272 and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('send-and-verify-zksync-ethers.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('verified on 272: true');
  });

  it('send-and-verify-viem.ts verifies the message on 272 and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('send-and-verify-viem.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('verified on 272: true');
  });

  it('unlock-on-chain-b.ts grants the badge on 272 and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('unlock-on-chain-b.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('badge on 272: true');
  });

  it('erc20-there-and-back.ts moves 100 EXM to 272 and 40 back, and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('erc20-there-and-back.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('there and back: true');
  });

  it('unbundle-failing-call.ts sees the relayer fail on the second call, unbundles it and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('unbundle-failing-call.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('relayer: failed, call 1 reverted');
    expect(stdout).toContain('unbundled the failing call: true');
  });

  it('sdk.ts verifies the message on 272 off-chain and on-chain and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('sdk.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('verified on 272: true');
    expect(stdout).toContain('verified on-chain on 272: true');
  });
});
