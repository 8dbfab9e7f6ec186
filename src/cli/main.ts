/**
 * The `zkinterop` command: parses arguments and dispatches to one module per command.
 * Exit codes: 0 success, 1 runtime failure, 2 bad arguments.
 */
import { Command, CommanderError } from 'commander';
import { registerUp } from './up.ts';
import { registerNode } from './node.ts';
import { registerCoordinator } from './coordinator.ts';
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
import { ZkInteropError } from '../errors.ts';

const program = new Command()
  .name('zkinterop')
  .description('ZKsync interop messaging on one machine: Gateway, ZK chains, settlement, watchers, JSON-RPC')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

registerUp(program);
registerNode(program);
registerCoordinator(program);
for (const register of [registerSend, registerStatus, registerTrace, registerProof, registerVerify, registerWait, registerDump, registerSnapshot, registerBundle, registerTransfer]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  const message = error instanceof ZkInteropError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  // With --json a script reads stdout only: the failure is one JSON object there too.
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ error: { code: error instanceof ZkInteropError ? error.code : 'ERROR', message: error instanceof Error ? error.message : String(error) } }));
  }
  console.error(`zkinterop: ${message}`);
  // A caller's mistake (bad config file, unknown chain) is a usage error, like a bad flag.
  process.exit(error instanceof ZkInteropError && error.code === 'INVALID_ARGUMENT' ? 2 : 1);
}
