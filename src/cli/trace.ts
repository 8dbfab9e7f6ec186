/**
 * `zkinterop trace`: every step of a message with its time and place: on the source chain, the
 * Gateway transactions and blocks, the interop root, with an L1 its steps there (L1 transactions), and
 * its import and verification on each target. Given a bundle hash: the trace of the message carrying it
 * to its destination, then the bundle's own steps there (verified, executed, failed with the revert
 * reason and call trace, unbundled).
 */
import type { Command } from 'commander';
import { waitForBundleLifecycle } from '../sdk/waitForBundleLifecycle.ts';
import type { TraceMessageReturnType } from '../sdk/traceMessage.ts';
import type { BundleLifecycle } from '../wire/types.ts';
import { findBundle, printBundleFailure } from './bundleView.ts';
import type { ClientContext } from './clientContext.ts';
import { traceMessage } from '../sdk/traceMessage.ts';
import { waitForMessage } from '../sdk/waitForMessage.ts';
import { addEndpointOptions, addTimeoutOption, parseChainId, parseIndex, parseTxHash } from './clientOptions.ts';
import { openClientContext } from './clientContext.ts';
import type { EndpointOptions } from './endpoints.ts';
import { printJson, progressWriter, relativeTime } from './output.ts';

type TraceOptions = EndpointOptions & { on?: number[]; index: number; wait: boolean; timeout: number; json: boolean };

/** Adds the `trace` command to the program. */
export function registerTrace(program: Command): void {
  addTimeoutOption(
    addEndpointOptions(
      program
        .command('trace')
        .description('show every step of a message (or a bundle) across the network, with times, Gateway transactions and blocks, and each target chain')
        .argument('<hash>', 'the transaction that sent the message, or a bundle hash', parseTxHash),
    )
      .option('--on <chainId>', 'a target chain to follow (repeatable; default: every other chain of the network)', (v: string, prev: number[] | undefined) => [...(prev ?? []), parseChainId(v)])
      .option('--index <n>', 'which message of the transaction', parseIndex, 0)
      .option('--wait', 'wait until the message is verifiable on every target (a bundle: executed, failed or unbundled) before printing', false),
    'with --wait',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop trace 0x… --chain 271
  $ zkinterop trace 0x… --chain 271 --on 272 --wait
  $ zkinterop trace 0x… --chain 271 --json | jq '.steps[] | {step, at}'
  $ zkinterop trace <bundleHash> --wait              # a bundle: its message, then executed or failed`,
    )
    .action(async (txHash: `0x${string}`, opts: TraceOptions) => {
      const ctx = await openClientContext(opts);
      const bundle = await findBundle(ctx.source, txHash);
      if (bundle) return traceBundle(ctx, bundle, opts);
      const gatewayId = ctx.endpoints.gatewayChainId;
      const targetIds = opts.on ?? [...ctx.endpoints.urls.keys()].filter((id) => id !== ctx.sourceChainId && id !== gatewayId);
      const targets = targetIds.map((id) => ctx.clientFor(id));
      if (opts.wait) {
        const progress = progressWriter(opts.json);
        for (const [i, on] of targets.entries()) {
          await waitForMessage(ctx.source, { txHash, index: opts.index, until: 'verifiable', on, timeoutMs: opts.timeout, onProgress: progress && ((p) => progress(`  ${p.stage} (target ${targetIds[i]})`)) });
        }
      }
      const trace = await traceMessage({ source: ctx.source, gateway: ctx.clientFor(gatewayId), targets }, { txHash, index: opts.index });
      if (opts.json) return printJson(trace);
      printTrace(trace);
    });
}

/** Prints a message's trace: a headline, then one line per step with its chain, time and details. */
function printTrace(trace: TraceMessageReturnType): void {
  console.log(`message ${trace.messageHash} from ${trace.sender} on chain ${trace.chainId}: ${trace.stage}${trace.complete ? ', verifiable on every target' : ''}`);
  const start = trace.steps[0]?.at ?? undefined;
  // the widest step name sets the column (`executedOnL1` is 12 characters, `committedOnL1` 13)
  const stepWidth = Math.max(12, ...trace.steps.map((step) => step.step.length));
  for (const s of trace.steps) {
    const details = [
      s.blockNumber !== undefined ? `block ${s.blockNumber}` : '',
      s.batchNumber !== undefined ? `batch ${s.batchNumber}` : '',
      s.gatewayTxHash ? `tx ${s.gatewayTxHash}` : '',
      s.gatewayBlockNumber !== undefined ? `Gateway block ${s.gatewayBlockNumber}` : '',
      s.gatewayBatchNumber !== undefined ? `Gateway batch ${s.gatewayBatchNumber}` : '',
      s.l1TxHash ? `L1 tx ${s.l1TxHash}` : '',
      s.interopRoot ? `root ${s.interopRoot}` : '',
      s.verified !== undefined ? String(s.verified) : '',
    ].filter(Boolean);
    console.log(`  ${s.step.padEnd(stepWidth)} ${String(s.chainId ?? '?').padEnd(6)} ${relativeTime(s.at, start).padStart(10)}  ${details.join(', ')}`);
  }
  if (trace.error) console.log(`  error: ${trace.error}`);
}

/**
 * A bundle's trace: the carrying message followed to the bundle's destination (the source, Gateway and
 * L1 steps, the root's import there), then the bundle's steps on the destination and its failure.
 */
async function traceBundle(ctx: ClientContext, found: BundleLifecycle, opts: TraceOptions): Promise<void> {
  let bundle = found;
  if (opts.wait) {
    const progress = progressWriter(opts.json);
    ({ lifecycle: bundle } = await waitForBundleLifecycle(ctx.source, { bundleHash: found.bundleHash, timeoutMs: opts.timeout, onProgress: progress && ((p) => progress(`  ${p.stage} +${p.elapsedMs} ms`)) }));
  }
  const message = await traceMessage(
    { source: ctx.clientFor(bundle.sourceChainId), gateway: ctx.clientFor(ctx.endpoints.gatewayChainId), targets: [ctx.clientFor(bundle.destinationChainId)] },
    { txHash: bundle.txHash, index: bundle.index },
  );
  if (opts.json) return printJson({ bundle, message });
  console.log(`bundle ${bundle.bundleHash} from chain ${bundle.sourceChainId} to chain ${bundle.destinationChainId}: ${bundle.stage}`);
  printTrace(message);
  const start = message.steps[0]?.at ?? undefined;
  // the message trace already shows sent, settled (executed on Gateway) and the root's import
  console.log(`bundle on chain ${bundle.destinationChainId}:`);
  for (const step of bundle.steps.filter((s) => s.step === 'verified' || s.step === 'executed' || s.step === 'failed' || s.step === 'unbundled')) {
    console.log(`  ${step.step.padEnd(12)} ${String(step.chainId).padEnd(6)} ${relativeTime(step.at, start).padStart(10)}  ${step.txHash ? `tx ${step.txHash}` : ''}`);
  }
  printBundleFailure(bundle);
}
