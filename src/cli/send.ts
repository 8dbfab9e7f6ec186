/**
 * `zkinterop send`: sends an interop message (L1Messenger.sendToL1) from a dev wallet.
 */
import type { Command } from 'commander';
import { stringToHex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { createChainClients } from '../sdk/createChainClients.ts';
import { sendMessage } from '../sdk/sendMessage.ts';
import { addEndpointOptions, DEFAULT_SENDER_KEY, parseHexBytes, parsePrivateKey } from './clientOptions.ts';
import { openClientContext } from './clientContext.ts';
import type { EndpointOptions } from './endpoints.ts';
import { printJson } from './output.ts';

type SendOptions = EndpointOptions & { hex?: `0x${string}`; fromKey: `0x${string}`; json: boolean };

/** Adds the `send` command to the program. */
export function registerSend(program: Command): void {
  addEndpointOptions(
    program
      .command('send')
      .description('send an interop message from a chain (L1Messenger.sendToL1); prints the transaction and message hashes')
      .argument('[message]', 'the message as text (sent as its UTF-8 bytes)'),
  )
    .option('--hex <bytes>', 'the message as 0x-hex bytes instead of text', parseHexBytes)
    .option('--from-key <key>', 'private key of the sender (default: the first rich wallet)', parsePrivateKey, DEFAULT_SENDER_KEY)
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop send --chain 271 "hello"
  $ zkinterop send --chain 272 --hex 0xdeadbeef --json
  $ zkinterop send --rpc http://127.0.0.1:3050 --from-key 0x… "hi"`,
    )
    .action(async (text: string | undefined, opts: SendOptions) => {
      if ((text === undefined) === (opts.hex === undefined)) throw new InvalidArgumentError('give the message either as text or with --hex, not both and not neither');
      const ctx = await openClientContext(opts);
      const { walletClient } = await createChainClients({ rpcUrl: ctx.sourceUrl, account: opts.fromKey });
      const sent = await sendMessage(walletClient!, { message: opts.hex ?? stringToHex(text!) });
      if (opts.json) return printJson({ chainId: ctx.sourceChainId, ...sent });
      console.log(`sent on chain ${ctx.sourceChainId} in block ${sent.blockNumber}`);
      console.log(`  tx       ${sent.txHash}`);
      console.log(`  message  ${sent.messageHash} (${(sent.message.length - 2) / 2} bytes from ${sent.sender})`);
      console.log(`\nnext: zkinterop wait ${sent.txHash} --chain ${ctx.sourceChainId} --until verifiable --on <target chain>`);
    });
}
