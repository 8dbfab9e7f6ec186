/**
 * `zkinterop proof`: prints the arguments of `proveL2MessageInclusionShared` for a message (once its
 * batch is executed on Gateway; `--wait` waits for that).
 */
import type { Command } from 'commander';
import { getInteropProof } from '../sdk/getInteropProof.ts';
import { waitForMessage } from '../sdk/waitForMessage.ts';
import { addEndpointOptions, addTimeoutOption, parseIndex, parseTxHash } from './clientOptions.ts';
import { openClientContext } from './clientContext.ts';
import type { EndpointOptions } from './endpoints.ts';
import { printJson, progressWriter } from './output.ts';

type ProofOptions = EndpointOptions & { index: number; wait: boolean; timeout: number; json: boolean };

/** Adds the `proof` command to the program. */
export function registerProof(program: Command): void {
  addTimeoutOption(
    addEndpointOptions(
      program
        .command('proof')
        .description('print the verification arguments of a message: (chainId, batchNumber, index, (txNumberInBatch, sender, data), proof)')
        .argument('<txHash>', 'the transaction that sent the message', parseTxHash),
    )
      .option('--index <n>', 'which message of the transaction', parseIndex, 0)
      .option('--wait', 'wait until the batch is executed on Gateway (else: fail if it is not yet)', false),
    'with --wait',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop proof 0x… --chain 271
  $ zkinterop proof 0x… --chain 271 --wait --json > proof.json`,
    )
    .action(async (txHash: `0x${string}`, opts: ProofOptions) => {
      const ctx = await openClientContext(opts);
      if (opts.wait) {
        const progress = progressWriter(opts.json);
        await waitForMessage(ctx.source, { txHash, index: opts.index, until: 'executed', timeoutMs: opts.timeout, onProgress: progress && ((p) => progress(`  ${p.stage}`)) });
      }
      const proof = await getInteropProof(ctx.source, { txHash, index: opts.index });
      if (opts.json) return printJson(proof);
      console.log(`proveL2MessageInclusionShared arguments (verifiable where Gateway ${proof.gatewayChainId} block ${proof.gatewayBlockNumber}'s interop root is imported):`);
      console.log(`  chainId          ${proof.chainId}`);
      console.log(`  batchNumber      ${proof.batchNumber}`);
      console.log(`  index            ${proof.index}`);
      console.log(`  txNumberInBatch  ${proof.message.txNumberInBatch}`);
      console.log(`  sender           ${proof.message.sender}`);
      console.log(`  data             ${proof.message.data}`);
      console.log(`  proof            ${proof.proof.length} words`);
      for (const word of proof.proof) console.log(`    ${word}`);
    });
}
