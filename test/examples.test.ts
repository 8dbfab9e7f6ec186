/**
 * Docs are code: every script in examples/ runs as a child process, starts its own network on free
 * ports, and must exit 0 having printed that the message verified on the target chain.
 */
import { execFile } from 'node:child_process';
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

describe.concurrent('examples', () => {
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

  it('sdk.ts verifies the message on 272 off-chain and on-chain and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('sdk.ts');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('verified on 272: true');
    expect(stdout).toContain('verified on-chain on 272: true');
  });
});
