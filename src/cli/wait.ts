/**
 * `zkinterop wait`: waits until a message reaches a stage, on its source chain, on the L1
 * (executed-on-l1; NO_L1 on a network without one) or (imported, verifiable) on a target chain. Exit
 * code 1 on timeout, a failed batch or no L1.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../errors.ts';
import { waitForMessage } from '../sdk/waitForMessage.ts';
import type { WaitStage } from '../sdk/types.ts';
import { addEndpointOptions, addTimeoutOption, parseChainId, parseIndex, parseTxHash, parseWaitStage } from './clientOptions.ts';
import { openClientContext } from './clientContext.ts';
import type { EndpointOptions } from './endpoints.ts';
import { printJson, progressWriter } from './output.ts';

type WaitOptions = EndpointOptions & { until: WaitStage; on?: number; index: number; timeout: number; json: boolean };

/** Adds the `wait` command to the program. */
export function registerWait(program: Command): void {
  addTimeoutOption(
    addEndpointOptions(
      program
        .command('wait')
        .description('wait until a message reaches a stage (source chain), or is imported / verifiable on a target chain')
        .argument('<txHash>', 'the transaction that sent the message', parseTxHash),
    )
      .option(
        '--until <stage>',
        'included, sealed, committed, proved, executed (on the settlement layer), executed-on-l1 (provable on the L1: needs a network with an L1), imported or verifiable',
        parseWaitStage,
        'executed',
      )
      .option('--on <chainId>', 'the target chain (needed for imported and verifiable)', parseChainId)
      .option('--index <n>', 'which message of the transaction', parseIndex, 0),
    'for the stage',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop wait 0x… --chain 271                                # until executed on Gateway
  $ zkinterop wait 0x… --chain 271 --until executed-on-l1          # until provable on the L1 (verify --on l1)
  $ zkinterop wait 0x… --chain 271 --until imported --on 272
  $ zkinterop wait 0x… --chain 271 --until verifiable --on 272 --timeout 10000 --json`,
    )
    .action(async (txHash: `0x${string}`, opts: WaitOptions) => {
      const needsTarget = opts.until === 'imported' || opts.until === 'verifiable';
      if (needsTarget && opts.on === undefined) throw new InvalidArgumentError(`--until ${opts.until} needs the target chain: --on <chainId>`);
      const ctx = await openClientContext(opts);
      const progress = progressWriter(opts.json);
      const result = await waitForMessage(ctx.source, {
        txHash,
        index: opts.index,
        until: opts.until,
        on: opts.on !== undefined ? ctx.clientFor(opts.on) : undefined,
        timeoutMs: opts.timeout,
        onProgress: progress && ((p) => progress(`  ${p.stage.padEnd(10)} +${p.elapsedMs} ms`)),
      });
      if (opts.json) return printJson({ chainId: ctx.sourceChainId, txHash, until: opts.until, stage: result.stage, elapsedMs: result.elapsedMs, ...(opts.on !== undefined ? { on: opts.on } : {}) });
      console.log(`${result.stage}${needsTarget ? ` on chain ${opts.on}` : ''} after ${result.elapsedMs} ms`);
    });
}
