/**
 * `zkinterop snapshot` and `zkinterop revert <id>`: save the whole running network at one point, and
 * go back to it (every chain, Gateway, watcher positions, message index and journals). A snapshot can be
 * reverted to once; take a new one to come back again.
 */
import type { Command } from 'commander';
import { createHttpRpcClient } from '../rpc/client.ts';

/** Adds the `snapshot` and `revert` commands. */
export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('save the whole running network; prints the id for `zkinterop revert`')
    .option('--rpc <url>', 'any endpoint of the network', 'http://127.0.0.1:3150')
    .option('--json', 'print { "snapshotId": … }', false)
    .addHelpText('after', '\nExamples:\n  $ zkinterop snapshot            # → 0x1\n  $ zkinterop revert 0x1')
    .action(async (opts: { rpc: string; json: boolean }) => {
      const id = await createHttpRpcClient(opts.rpc).request<string>('zkinterop_snapshot');
      console.log(opts.json ? JSON.stringify({ snapshotId: id }) : id);
    });
  program
    .command('revert <snapshotId>')
    .description('return the whole running network to a snapshot (used up by the revert)')
    .option('--rpc <url>', 'any endpoint of the network', 'http://127.0.0.1:3150')
    .option('--json', 'print { "reverted": true }', false)
    .action(async (snapshotId: string, opts: { rpc: string; json: boolean }) => {
      await createHttpRpcClient(opts.rpc).request('zkinterop_revert', [snapshotId]);
      console.log(opts.json ? JSON.stringify({ reverted: true, snapshotId }) : `reverted to ${snapshotId}`);
    });
}
