/**
 * `zkinterop bundle send`: sends a v31 interop bundle (InteropCenter.sendBundle) of one or more calls to
 * ERC-7786 receivers on another chain and waits until it is executed there: by the network's relayer
 * (auto-relay, the default), or with auto-relay off by the command itself once the bundle is provable
 * (InteropHandler.executeBundle). Exit code 1 when the wait times out or the execution reverts (the
 * hashes are still printed; `zkinterop trace <bundleHash>` shows why).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { isAddress, type Address, type Hex } from 'viem';
import { sendBundle, type BundleCall } from '../sdk/sendBundle.ts';
import { addDeliveryOptions, deliverBundle, openDelivery, printDelivery, reportDeliveryError, type DeliveryOptions } from './bundleDelivery.ts';
import { printJson } from './output.ts';

type BundleSendOptions = DeliveryOptions & { call: { to: Address; data: Hex }[]; value?: bigint };

/** Parses one `--call <address>:<calldata>` and adds it to the ones before. */
export function parseCall(value: string, previous: { to: Address; data: Hex }[] = []): { to: Address; data: Hex }[] {
  const [to, data, ...rest] = value.split(':');
  if (rest.length > 0 || !to || data === undefined || !isAddress(to, { strict: false }) || !/^0x([0-9a-fA-F]{2})*$/.test(data)) {
    throw new InvalidArgumentError(`expected <address>:<calldata> (0x and 40 hex digits, a colon, 0x-hex bytes, e.g. 0x1234…abcd:0x), got "${value}"`);
  }
  return [...previous, { to: to as Address, data: data.toLowerCase() as Hex }];
}

/** Parses an amount of wei (a whole number ≥ 0); no bigint default, which commander's help could not print. */
export function parseWei(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected an amount in wei (a whole number ≥ 0), got "${value}"`);
  return BigInt(value);
}

/** Adds the `bundle` command (with `bundle send`) to the program. */
export function registerBundle(program: Command): void {
  const bundle = program.command('bundle').description('interop bundles (protocol v31): calls to ERC-7786 receivers on another chain');
  addDeliveryOptions(
    bundle
      .command('send')
      .description('send a bundle of calls from one chain to another and wait until it is executed there (by the relayer, or by this command with auto-relay off); prints the bundle hash, both transactions and the status'),
  )
    .requiredOption('--call <address:calldata>', 'a call to an ERC-7786 receiver (receiveMessage gets the calldata as payload); repeat for several', parseCall)
    .option('--value <wei>', 'base token each call carries to its receiver (attribute interopCallValue; default 0)', parseWei)
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop bundle send --from 271 --to 272 --call 0xReceiver…:0x1234
  $ zkinterop bundle send --from 271 --to 272 --call 0xA…:0x01 --call 0xB…:0x02 --value 1000 --json
  $ zkinterop bundle send --config net.json --from 271 --to 272 --call 0xA…:0x --no-execute`,
    )
    .action(async (opts: BundleSendOptions) => {
      const { ctx, destinationUrl, sourceWallet } = await openDelivery(opts);
      const calls: BundleCall[] = opts.call.map((c) => ({ ...c, ...(opts.value ? { value: opts.value } : {}) }));
      const sent = await sendBundle(sourceWallet, { destinationChainId: opts.to, calls });
      if (!opts.json) console.log(`sent bundle ${sent.bundleHash} of ${calls.length} call(s) on chain ${ctx.sourceChainId} in ${sent.txHash}`);
      const delivery = await deliverBundle(ctx, destinationUrl, sent.txHash, sent.bundleHash, opts);
      if (opts.json) {
        return printJson({ from: ctx.sourceChainId, to: opts.to, bundleHash: sent.bundleHash, sourceTxHash: sent.txHash, destinationTxHash: delivery.destinationTxHash, status: delivery.status, executedBy: delivery.executedBy, ...(delivery.error ? { error: delivery.error } : {}) });
      }
      printDelivery(sent, ctx.sourceChainId, opts.to, delivery);
      reportDeliveryError(delivery);
    });
}
