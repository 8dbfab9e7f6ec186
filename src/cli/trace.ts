/**
 * `zkinterop trace`: every step of a message with its time and place: on the source chain, the
 * Gateway transactions and blocks, the interop root, with an L1 its steps there (L1 transactions), and
 * its import and verification on each target.
 */
import type { Command } from 'commander';
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
        .description('show every step of a message across the network, with times, Gateway transactions and blocks, and each target chain')
        .argument('<txHash>', 'the transaction that sent the message', parseTxHash),
    )
      .option('--on <chainId>', 'a target chain to follow (repeatable; default: every other chain of the network)', (v: string, prev: number[] | undefined) => [...(prev ?? []), parseChainId(v)])
      .option('--index <n>', 'which message of the transaction', parseIndex, 0)
      .option('--wait', 'wait until the message is verifiable on every target before printing', false),
    'with --wait',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop trace 0x… --chain 271
  $ zkinterop trace 0x… --chain 271 --on 272 --wait
  $ zkinterop trace 0x… --chain 271 --json | jq '.steps[] | {step, at}'`,
    )
    .action(async (txHash: `0x${string}`, opts: TraceOptions) => {
      const ctx = await openClientContext(opts);
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
    });
}
