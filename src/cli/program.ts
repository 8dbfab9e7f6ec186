/**
 * The `zkinterop` program: every command registered on a commander Command, not yet parsed. main.ts
 * parses process.argv with it; tests parse a deployment's command lines with the same option
 * definitions (test/deploy), so a flag the CLI does not know fails there, not in a container.
 */
import { Command } from 'commander';
import { registerUp } from './up.ts';
import { registerNode } from './node.ts';
import { registerCoordinator } from './coordinator.ts';
import { registerLayout } from './layoutInit.ts';
import { registerSend } from './send.ts';
import { registerStatus } from './status.ts';
import { registerTrace } from './trace.ts';
import { registerProof } from './proof.ts';
import { registerVerify } from './verify.ts';
import { registerWait } from './wait.ts';
import { registerDump } from './dump.ts';
import { registerSnapshot } from './snapshot.ts';
import { registerBundle } from './bundleSend.ts';
import { registerTransfer } from './transfer.ts';

/** A new program with every command (errors throw CommanderError instead of exiting). */
export function createProgram(): Command {
  const program = new Command()
    .name('zkinterop')
    .description('ZKsync interop messaging on one machine: Gateway, ZK chains, settlement, watchers, JSON-RPC')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerUp(program);
  registerNode(program);
  registerCoordinator(program);
  registerLayout(program);
  for (const register of [registerSend, registerStatus, registerTrace, registerProof, registerVerify, registerWait, registerDump, registerSnapshot, registerBundle, registerTransfer]) register(program);
  return program;
}
