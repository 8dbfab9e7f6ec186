/**
 * `zkinterop wait`: waits until a message reaches a stage, on its source chain, on the L1
 * (executed-on-l1; NO_L1 on a network without one) or (imported, verifiable) on a target chain; given a
 * bundle hash, until the bundle reaches a stage (settled, root-imported, verified, executed, unbundled)
 * or comes to rest without it (failed: the relayer's execution reverted). Exit code 1 on timeout, a
 * failed batch, no L1, or a bundle that came to rest before the stage.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../errors.ts';
import { waitForMessage } from '../sdk/waitForMessage.ts';
import { waitForBundleLifecycle } from '../sdk/waitForBundleLifecycle.ts';
import type { BundleLifecycle } from '../wire/types.ts';
import { findBundle, printBundleFailure } from './bundleView.ts';
import type { ClientContext } from './clientContext.ts';
import { WAIT_UNTIL, type WaitStage } from '../sdk/types.ts';
import { addEndpointOptions, addTimeoutOption, parseChainId, parseIndex, parseTxHash, parseWaitStage } from './clientOptions.ts';
import { openClientContext } from './clientContext.ts';
import type { EndpointOptions } from './endpoints.ts';
import { printJson, progressWriter } from './output.ts';

type WaitOptions = EndpointOptions & { until: WaitStage | BundleWaitUntil; on?: number; index: number; timeout: number; json: boolean };

/** `--until` for a bundle, as the command spells it, and the lifecycle step each names. */
const BUNDLE_UNTIL = { settled: 'settled', 'root-imported': 'rootImported', verified: 'verified', executed: 'executed', unbundled: 'unbundled' } as const;
type BundleWaitUntil = keyof typeof BUNDLE_UNTIL;

/** A message stage or a bundle stage; which one applies is known once the hash is looked up. */
function parseUntil(value: string): WaitStage | BundleWaitUntil {
  if (value in BUNDLE_UNTIL) return value as BundleWaitUntil;
  return parseWaitStage(value);
}

/** Adds the `wait` command to the program. */
export function registerWait(program: Command): void {
  addTimeoutOption(
    addEndpointOptions(
      program
        .command('wait')
        .description('wait until a message reaches a stage (source chain), or is imported / verifiable on a target chain; or until a bundle is executed (or failed) on its destination')
        .argument('<hash>', 'the transaction that sent the message, or a bundle hash', parseTxHash),
    )
      .option(
        '--until <stage>',
        'a message: included, sealed, committed, proved, executed (on the settlement layer), executed-on-l1 (provable on the L1: needs a network with an L1), imported or verifiable; a bundle: settled, root-imported, verified, executed (on its destination) or unbundled',
        parseUntil,
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
  $ zkinterop wait 0x… --chain 271 --until verifiable --on 272 --timeout 10000 --json
  $ zkinterop wait <bundleHash>                                    # until executed on its destination, or failed`,
    )
    .action(async (txHash: `0x${string}`, opts: WaitOptions) => {
      const needsTarget = opts.until === 'imported' || opts.until === 'verifiable';
      if (needsTarget && opts.on === undefined) throw new InvalidArgumentError(`--until ${opts.until} needs the target chain: --on <chainId>`);
      const ctx = await openClientContext(opts);
      const bundle = await findBundle(ctx.source, txHash);
      if (bundle) return waitBundle(ctx, bundle, opts);
      if (opts.until in BUNDLE_UNTIL && opts.until !== 'executed') {
        throw new InvalidArgumentError(`--until ${opts.until} is a bundle stage, and the network knows no bundle ${txHash} (yet): pass the bundle hash (\`bundle send\` prints it), or a message stage: ${WAIT_UNTIL.join(', ')}`);
      }
      const progress = progressWriter(opts.json);
      const result = await waitForMessage(ctx.source, {
        txHash,
        index: opts.index,
        until: opts.until as WaitStage,
        on: opts.on !== undefined ? ctx.clientFor(opts.on) : undefined,
        timeoutMs: opts.timeout,
        onProgress: progress && ((p) => progress(`  ${p.stage.padEnd(10)} +${p.elapsedMs} ms`)),
      });
      if (opts.json) return printJson({ chainId: ctx.sourceChainId, txHash, until: opts.until, stage: result.stage, elapsedMs: result.elapsedMs, ...(opts.on !== undefined ? { on: opts.on } : {}) });
      console.log(`${result.stage}${needsTarget ? ` on chain ${opts.on}` : ''} after ${result.elapsedMs} ms`);
    });
}

/** Waits for a bundle's stage; exit code 1 when it came to rest before it (failed, or unbundled instead of executed). */
async function waitBundle(ctx: ClientContext, bundle: BundleLifecycle, opts: WaitOptions): Promise<void> {
  const until = BUNDLE_UNTIL[opts.until as BundleWaitUntil];
  if (!until) throw new InvalidArgumentError(`${bundle.bundleHash} is a bundle: --until takes ${Object.keys(BUNDLE_UNTIL).join(', ')} for it, not ${opts.until}`);
  const progress = progressWriter(opts.json);
  const { lifecycle, reached, elapsedMs } = await waitForBundleLifecycle(ctx.source, {
    bundleHash: bundle.bundleHash,
    until,
    timeoutMs: opts.timeout,
    onProgress: progress && ((p) => progress(`  ${p.stage.padEnd(12)} +${p.elapsedMs} ms`)),
  });
  if (!reached) process.exitCode = 1;
  if (opts.json) return printJson({ bundleHash: bundle.bundleHash, until: opts.until, stage: lifecycle.stage, reached, elapsedMs, ...(lifecycle.failure ? { failure: lifecycle.failure } : {}) });
  console.log(`${reached ? opts.until : lifecycle.stage} on chain ${lifecycle.destinationChainId} after ${elapsedMs} ms${reached ? '' : ` (not ${opts.until})`}`);
  printBundleFailure(lifecycle);
}
