/**
 * `zkinterop status`: the stage of a message on its source chain, with its timed steps (and its steps on the L1, in a
 * network with one); given a bundle hash, the bundle's stage and steps across the network (and why it failed).
 */
import type { Command } from 'commander';
import { getMessageLifecycle } from '../sdk/getMessageLifecycle.ts';
import { getMessageStatus } from '../sdk/getMessageStatus.ts';
import { MessageNotFoundError, UnsupportedNodeError } from '../sdk/errors.ts';
import type { MessageLifecycle } from '../wire/types.ts';
import { carriedBundleHash, findBundle, printBundle } from './bundleView.ts';
import { addEndpointOptions, parseIndex, parseTxHash } from './clientOptions.ts';
import { openClientContext } from './clientContext.ts';
import type { EndpointOptions } from './endpoints.ts';
import { printJson, relativeTime } from './output.ts';

type StatusOptions = EndpointOptions & { index: number; json: boolean };

/** Adds the `status` command to the program. */
export function registerStatus(program: Command): void {
  addEndpointOptions(
    program
      .command('status')
      .description(
        'show where a message is: sent, included, sealed, committed, proved, executed (or failed), and with an L1 committedOnL1, provedOnL1, executedOnL1; or where a bundle is: sent, settled, rootImported, verified, executed, failed (with the revert reason and call trace) or unbundled',
      )
      .argument('<hash>', 'the transaction that sent the message, or a bundle hash', parseTxHash),
  )
    .option('--index <n>', 'which message of the transaction', parseIndex, 0)
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop status 0x… --chain 271
  $ zkinterop status 0x… --chain 271 --json | jq .stage
  $ zkinterop status <bundleHash>                     # a bundle, from any chain of the network`,
    )
    .action(async (txHash: `0x${string}`, opts: StatusOptions) => {
      const ctx = await openClientContext(opts);
      const bundle = await findBundle(ctx.source, txHash);
      if (bundle) return opts.json ? printJson(bundle) : printBundle(bundle);
      let lifecycle: MessageLifecycle | null;
      try {
        lifecycle = await getMessageLifecycle(ctx.source, { hash: txHash, index: opts.index });
      } catch (error) {
        if (!(error instanceof UnsupportedNodeError)) throw error;
        // not a zkinterop node: the stage is all zks_getTransactionDetails tells
        const stage = await getMessageStatus(ctx.source, { txHash });
        return opts.json ? printJson({ chainId: ctx.sourceChainId, txHash, stage }) : console.log(stage);
      }
      if (!lifecycle) throw new MessageNotFoundError(`chain ${ctx.sourceChainId} knows no message ${opts.index} of ${txHash}, and the network no bundle by that hash: check the hash, --chain and --index`);
      const carried = carriedBundleHash(lifecycle);
      if (opts.json) return printJson(carried ? { ...lifecycle, bundleHash: carried } : lifecycle);
      console.log(`message ${lifecycle.messageHash} of ${txHash} on chain ${lifecycle.chainId}: ${lifecycle.stage}`);
      if (carried) console.log(`  it carries bundle ${carried}: zkinterop status ${carried}`);
      const start = lifecycle.steps[0]?.at;
      for (const step of lifecycle.steps) {
        const where = [
          step.blockNumber !== undefined ? `block ${step.blockNumber}` : '',
          step.batchNumber !== undefined ? `batch ${step.batchNumber}` : '',
          step.gatewayTxHash ? `Gateway tx ${step.gatewayTxHash}` : '',
          step.gatewayBlockNumber !== undefined ? `Gateway block ${step.gatewayBlockNumber}` : '',
          step.gatewayBatchNumber !== undefined ? `Gateway batch ${step.gatewayBatchNumber}` : '',
          step.l1TxHash ? `L1 tx ${step.l1TxHash}${step.settlementLayerChainId !== undefined ? ` (chain ${step.settlementLayerChainId})` : ''}` : '',
        ].filter(Boolean);
        console.log(`  ${step.step.padEnd(10)} ${relativeTime(step.at, start).padStart(10)}  ${where.join(', ')}`);
      }
      if (lifecycle.error) console.log(`  error: ${lifecycle.error}`);
    });
}
