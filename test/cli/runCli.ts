/**
 * Runs the `zkinterop` command as a child process, as users do (bin/zkinterop.js: the prebuilt
 * bundle, rebuilt first if src/ changed) and collects its exit code and output; plus the network
 * description file the commands read.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestNetwork } from '../../src/testing/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** What a command run left behind. */
export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `zkinterop ...args`; never rejects (the exit code is part of the result). */
export function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'zkinterop.js'), ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The single JSON object a command printed with --json. */
export function jsonOf(result: CliResult): Record<string, unknown> {
  const lines = result.stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line of JSON on stdout, got:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** Writes the network's description the way `up --config-out` does and returns the file's path. */
export async function writeNetworkFile(net: TestNetwork): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'zkinterop-cli-')), 'network.json');
  await writeFile(file, JSON.stringify(net.network.config()));
  return file;
}
