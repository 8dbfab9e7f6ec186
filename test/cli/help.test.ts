/**
 * Every client command explains itself: `--help` lists its options and shows examples. Checked in
 * process (commander's help output captured), since no network or child process is needed.
 */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerProof } from '../../src/cli/proof.ts';
import { registerSend } from '../../src/cli/send.ts';
import { registerStatus } from '../../src/cli/status.ts';
import { registerTrace } from '../../src/cli/trace.ts';
import { registerVerify } from '../../src/cli/verify.ts';
import { registerWait } from '../../src/cli/wait.ts';
import { registerBundle } from '../../src/cli/bundleSend.ts';
import { registerTransfer } from '../../src/cli/transfer.ts';

async function helpOf(name: string): Promise<string> {
  return helpOfArgs(name.split(' '));
}

async function helpOfArgs(args: string[]): Promise<string> {
  let out = '';
  const program = new Command().name('zkinterop').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  for (const register of [registerSend, registerStatus, registerTrace, registerProof, registerVerify, registerWait, registerBundle, registerTransfer]) register(program);
  const error = await program.parseAsync(['node', 'zkinterop', ...args, '--help']).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CommanderError);
  expect((error as CommanderError).code).toBe('commander.helpDisplayed');
  return out;
}

describe.each(['send', 'status', 'trace', 'proof', 'verify', 'wait'])('%s --help', (name) => {
  it('shows the endpoint and --json options and at least one example of the command', async () => {
    const help = await helpOf(name);
    for (const option of ['--chain <id>', '--rpc <url>', '--config <file>', '--json']) expect(help).toContain(option);
    expect(help).toContain('Examples:');
    expect(help).toContain(`$ zkinterop ${name} `);
  });
});

describe.each(['bundle send', 'transfer'])('%s --help', (name) => {
  it('shows --from, --to, the endpoint options, --no-execute and an example of the command', async () => {
    const help = await helpOf(name);
    for (const option of ['--from <chainId>', '--to <chainId>', '--rpc <url>', '--config <file>', '--json', '--no-execute', '--executor-key <key>']) expect(help).toContain(option);
    expect(help).toContain('Examples:');
    expect(help).toContain(`$ zkinterop ${name} `);
  });
});
