/**
 * The `zkinterop` command: parses arguments and dispatches to one module per command.
 * Exit codes: 0 success, 1 runtime failure, 2 bad arguments.
 */
import { CommanderError } from 'commander';
import { createProgram } from './program.ts';
import { ZkInteropError } from '../errors.ts';

const program = createProgram();

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
