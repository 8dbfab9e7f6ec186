/**
 * `zkinterop transfer`: moves an ERC-20 to another chain as a v31 bundle (transferToken: approve the
 * native token vault, one indirect call to L2AssetRouter), waits until it is executed on the destination
 * (by the relayer, or by the command with auto-relay off), and prints the token's bridged address and the
 * recipient's balance there. The base token (`--token eth`) goes the way v31 moves it, as a direct call
 * carrying `interopCallValue` to an ERC-7786 receiver (zksync-js's `sendNative` route): the recipient must
 * be a contract answering `receiveMessage`; an account without code is refused before anything is sent,
 * since its call would revert on the destination (v31's asset router refuses the base token's asset id).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { erc20Abi, isAddress, zeroAddress, type Address } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { getBalance, getCode, readContract } from 'viem/actions';
import { l2NativeTokenVaultAbi, L2_NATIVE_TOKEN_VAULT_ADDRESS } from '../contracts/index.ts';
import { InvalidArgumentError as UsageError } from '../errors.ts';
import { sendBundle } from '../sdk/sendBundle.ts';
import { transferToken } from '../sdk/transferToken.ts';
import type { ClientContext } from './clientContext.ts';
import type { Client } from 'viem';
import { parseAddress } from './clientOptions.ts';
import { addDeliveryOptions, deliverBundle, openDelivery, printDelivery, reportDeliveryError, type DeliveryOptions } from './bundleDelivery.ts';
import { printJson } from './output.ts';

type TransferOptions = DeliveryOptions & { token: Address | 'eth'; amount: bigint; recipient?: Address };

function parseToken(value: string): Address | 'eth' {
  if (value.toLowerCase() === 'eth') return 'eth';
  if (!isAddress(value, { strict: false })) throw new InvalidArgumentError(`expected a token address (0x and 40 hex digits) or eth, got "${value}"`);
  return value as Address;
}

function parseAmount(value: string): bigint {
  if (!/^\d+$/.test(value) || BigInt(value) === 0n) throw new InvalidArgumentError(`expected an amount in the token's smallest unit (a whole number > 0), got "${value}"`);
  return BigInt(value);
}

/** Adds the `transfer` command to the program. */
export function registerTransfer(program: Command): void {
  addDeliveryOptions(
    program
      .command('transfer')
      .description("move an ERC-20 to another chain (v31 asset router), execute it there; prints the bundle, both transactions, the bridged token and the recipient's balance"),
  )
    .requiredOption('--token <address|eth>', 'the ERC-20 on the source chain (native there or a bridged copy), or eth: the base token, to an ERC-7786 receiver contract', parseToken)
    .requiredOption('--amount <n>', "amount in the token's smallest unit", parseAmount)
    .option('--recipient <address>', 'receiver on the destination (default: the sender)', parseAddress)
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop transfer --token 0xToken… --amount 1000 --from 271 --to 272
  $ zkinterop transfer --token 0xToken… --amount 5 --from 271 --to 272 --recipient 0xBob… --json
  $ zkinterop transfer --config net.json --token 0xBridged… --amount 5 --from 272 --to 271   # the way back
  $ zkinterop transfer --token eth --amount 1000 --from 271 --to 272 --recipient 0xReceiver…  # base token to a receiver contract`,
    )
    .action(async (opts: TransferOptions) => {
      const { ctx, destinationUrl, sourceWallet } = await openDelivery(opts);
      const recipient = opts.recipient ?? privateKeyToAddress(opts.privateKey);
      if (opts.token === 'eth') return transferBaseToken(ctx, destinationUrl, sourceWallet, recipient, opts);
      const sent = await transferToken(sourceWallet, { token: opts.token, amount: opts.amount, to: recipient, destinationChainId: opts.to });
      if (!opts.json) console.log(`sent ${opts.amount} of ${opts.token} on chain ${ctx.sourceChainId} in ${sent.txHash} (bundle ${sent.bundleHash})`);
      const delivery = await deliverBundle(ctx, destinationUrl, sent.txHash, sent.bundleHash, opts);

      // The destination's vault maps the asset id to the token there (a bridged copy, or the original on the way back).
      const destination = ctx.clientFor(opts.to);
      const found = await readContract(destination, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'tokenAddress', args: [sent.assetId] });
      const tokenOnDestination = found === zeroAddress ? null : found;
      const balance = tokenOnDestination ? await readContract(destination, { address: tokenOnDestination, abi: erc20Abi, functionName: 'balanceOf', args: [recipient] }) : 0n;

      if (opts.json) {
        return printJson({
          from: ctx.sourceChainId,
          to: opts.to,
          token: opts.token,
          amount: opts.amount.toString(),
          recipient,
          assetId: sent.assetId,
          bundleHash: sent.bundleHash,
          sourceTxHash: sent.txHash,
          ...(sent.approvalTxHash ? { approvalTxHash: sent.approvalTxHash } : {}),
          destinationTxHash: delivery.destinationTxHash,
          status: delivery.status,
          executedBy: delivery.executedBy,
          tokenOnDestination,
          recipientBalance: balance.toString(),
          ...(delivery.error ? { error: delivery.error } : {}),
        });
      }
      printDelivery(sent, ctx.sourceChainId, opts.to, delivery);
      console.log(`  token on ${opts.to} ${tokenOnDestination ?? '(not deployed yet)'}`);
      console.log(`  balance      ${balance} for ${recipient}`);
      reportDeliveryError(delivery);
    });
}

/**
 * The base token to a receiver contract on the destination: one direct call with `interopCallValue`, the
 * route zksync-js's `sendNative` takes when both chains share their base token (every chain here does).
 */
async function transferBaseToken(ctx: ClientContext, destinationUrl: string, sourceWallet: Client, recipient: Address, opts: TransferOptions): Promise<void> {
  const destination = ctx.clientFor(opts.to);
  const code = await getCode(destination, { address: recipient });
  if (!code || code === '0x') {
    throw new UsageError(
      `--token eth --recipient ${recipient}: that is an account without code on chain ${opts.to}. v31 moves the base token as a call carrying value to an ERC-7786 receiver (a contract answering receiveMessage); a call to an account reverts on the destination and its asset router refuses the base token. Pass a receiver contract as --recipient (e.g. one that forwards the value), or send an ERC-20 with --token <address>`,
    );
  }
  const before = await getBalance(destination, { address: recipient });
  const sent = await sendBundle(sourceWallet, { destinationChainId: opts.to, calls: [{ to: recipient, data: '0x', value: opts.amount }] });
  if (!opts.json) console.log(`sent ${opts.amount} wei of the base token on chain ${ctx.sourceChainId} in ${sent.txHash} (bundle ${sent.bundleHash})`);
  const delivery = await deliverBundle(ctx, destinationUrl, sent.txHash, sent.bundleHash, opts);
  const balance = await getBalance(destination, { address: recipient });
  if (opts.json) {
    return printJson({
      from: ctx.sourceChainId,
      to: opts.to,
      token: 'eth',
      amount: opts.amount.toString(),
      recipient,
      bundleHash: sent.bundleHash,
      sourceTxHash: sent.txHash,
      destinationTxHash: delivery.destinationTxHash,
      status: delivery.status,
      executedBy: delivery.executedBy,
      recipientBalance: balance.toString(),
      received: (balance - before).toString(),
      ...(delivery.error ? { error: delivery.error } : {}),
    });
  }
  printDelivery(sent, ctx.sourceChainId, opts.to, delivery);
  console.log(`  balance      ${balance} wei for ${recipient} (+${balance - before})`);
  reportDeliveryError(delivery);
}
