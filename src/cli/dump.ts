/**
 * `zkinterop dump`: writes the whole running network (every chain's journal and the network layout)
 * to a file that `zkinterop up --load <file>` starts from: same blocks, hashes, batches and proofs.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createHttpRpcClient } from '../rpc/client.ts';

/** Adds the `dump` command. */
export function registerDump(program: Command): void {
  program
    .command('dump')
    .description('write the whole running network to a file that `up --load` starts from')
    .option('--rpc <url>', 'any endpoint of the network', 'http://127.0.0.1:3150')
    .option('--out <file>', 'where to write the dump (default: standard output)')
    .option('--json', 'print a JSON summary instead of text', false)
    .addHelpText('after', '\nExamples:\n  $ zkinterop dump --out net.json\n  $ zkinterop up --load net.json --data-dir .zkinterop')
    .action(async (opts: { rpc: string; out?: string; json: boolean }) => {
      const dump = await createHttpRpcClient(opts.rpc).request<{ journals: Record<string, unknown[]> }>('zkinterop_dump');
      const text = `${JSON.stringify(dump)}\n`;
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      await writeFile(opts.out, text);
      const entries = Object.values(dump.journals).reduce((n, j) => n + j.length, 0);
      const summary = { file: opts.out, chains: Object.keys(dump.journals).map(Number), entries };
      console.log(opts.json ? JSON.stringify(summary) : `wrote ${entries} journal entries of chains ${summary.chains.join(', ')} to ${opts.out}`);
    });
}
