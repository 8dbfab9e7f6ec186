/**
 * What `bundle send` and `transfer` share: their options (--from/--to instead of --chain, the sender's
 * and executor's keys, --no-execute) and the delivery of a sent bundle. With the network's auto-relay on
 * (`zkinterop_networkConfig().autorelay`), the command waits for the relayer to execute the bundle on its
 * destination (or to fail, with the reason); with it off, it waits until the bundle is provable there and
 * executes it itself (InteropHandler.executeBundle) with the executor's key.
 */
import type { Command } from 'commander';
import type { Client, Hex } from 'viem';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';
import { createChainClients } from '../sdk/createChainClients.ts';
import { executeBundle } from '../sdk/executeBundle.ts';
import { getBundleStatus, type BundleStatus } from '../sdk/getBundleStatus.ts';
import { waitForBundle } from '../sdk/waitForBundle.ts';
import { waitForBundleLifecycle } from '../sdk/waitForBundleLifecycle.ts';
import { rpc } from '../sdk/internal/rpc.ts';
import type { NetworkConfig } from '../wire/types.ts';
import { DEFAULT_SENDER_KEY, parseChainId, parseMs, parsePrivateKey, parseUrl } from './clientOptions.ts';
import { openClientContext, type ClientContext } from './clientContext.ts';
import { urlOf } from './endpoints.ts';
import { progressWriter } from './output.ts';

/** The options both commands take. */
export type DeliveryOptions = {
  from?: number;
  to: number;
  rpc?: string;
  config?: string;
  json: boolean;
  privateKey: Hex;
  executorKey?: Hex;
  execute: boolean;
  timeout: number;
};

/** Adds --from, --to, --rpc, --config, --private-key, --executor-key, --no-execute, --timeout and --json. */
export function addDeliveryOptions(command: Command): Command {
  return command
    .option('--from <chainId>', 'source chain id (default 271; with --rpc: asked from the node)', parseChainId)
    .requiredOption('--to <chainId>', 'destination chain id', parseChainId)
    .option('--rpc <url>', "source chain's JSON-RPC URL (default: up's port for --from)", parseUrl)
    .option('--config <file>', 'network description written by `zkinterop up --config-out` (endpoints of every chain)')
    .option('--private-key <key>', 'private key of the sender (default: the first rich wallet)', parsePrivateKey, DEFAULT_SENDER_KEY)
    .option('--executor-key <key>', 'with auto-relay off: private key that executes the bundle on the destination (default: the sender)', parsePrivateKey)
    .option('--no-execute', 'only send: do not wait for the bundle nor execute it on the destination')
    .option('--timeout <ms>', 'give up waiting for the bundle to be executed on the destination after this long', parseMs, 60_000)
    .option('--json', 'print one JSON object (for scripts); no progress output', false);
}

/** The source chain from --from/--rpc/--config, the destination's URL, and a wallet on the source. */
export async function openDelivery(opts: DeliveryOptions): Promise<{ ctx: ClientContext; destinationUrl: string; sourceWallet: Client }> {
  const ctx = await openClientContext({ chain: opts.from, rpc: opts.rpc, config: opts.config });
  if (opts.to === ctx.sourceChainId) throw new InvalidArgumentError(`--to ${opts.to} is the source chain itself; a bundle goes to another chain of the network`);
  const destinationUrl = urlOf(ctx.endpoints, opts.to);
  const { walletClient } = await createChainClients({ rpcUrl: ctx.sourceUrl, account: opts.privateKey });
  return { ctx, destinationUrl, sourceWallet: walletClient! };
}

/** How a delivery ended: the destination's transaction and the bundle's status there, or the error that stopped it. */
export type Delivery = { destinationTxHash: Hex | null; status: BundleStatus | 'provable' | 'failed'; executedBy: 'relayer' | 'command' | null; error?: { code: string; message: string } };

/**
 * Waits until the bundle sent in `txHash` is executed on the destination (unless --no-execute): by the
 * network's relayer when auto-relay is on, else by this command once it is provable. Failures (timeout,
 * revert) come back as `error` so the command can still print the bundle's hashes; it sets exit code 1
 * for them.
 */
export async function deliverBundle(ctx: ClientContext, destinationUrl: string, txHash: Hex, bundleHash: Hex, opts: DeliveryOptions): Promise<Delivery> {
  const destination = ctx.clientFor(opts.to);
  if (!opts.execute) return { destinationTxHash: null, status: (await getBundleStatus(destination, { bundleHash })).status, executedBy: null };
  const progress = progressWriter(opts.json);
  if (await autorelayIsOn(ctx.source)) {
    try {
      const { lifecycle, reached } = await waitForBundleLifecycle(ctx.source, {
        bundleHash,
        until: 'executed',
        timeoutMs: opts.timeout,
        onProgress: progress && ((p) => progress(`  ${p.stage.padEnd(12)} +${p.elapsedMs} ms`)),
      });
      const executed = lifecycle.steps.find((s) => s.step === 'executed');
      if (reached) return { destinationTxHash: executed?.txHash ?? null, status: 'executed', executedBy: 'relayer' };
      process.exitCode = 1;
      const reason = lifecycle.failure ? (lifecycle.failure.reason ?? `revert data ${lifecycle.failure.revertData ?? 'none'}`) : lifecycle.stage;
      const message = `the relayer could not execute bundle ${bundleHash} on chain ${opts.to}: ${reason}${lifecycle.failure?.callIndex != null ? ` (call ${lifecycle.failure.callIndex})` : ''}; \`zkinterop trace ${bundleHash}\` shows the call trace`;
      return { destinationTxHash: null, status: lifecycle.stage === 'unbundled' ? 'unbundled' : 'failed', executedBy: null, error: { code: 'BUNDLE_EXECUTION_FAILED', message } };
    } catch (error) {
      return failedDelivery(destination, bundleHash, error);
    }
  }
  try {
    const { proof } = await waitForBundle(ctx.source, destination, {
      txHash,
      until: 'provable',
      timeoutMs: opts.timeout,
      onProgress: progress && ((p) => progress(`  ${p.stage.padEnd(10)} +${p.elapsedMs} ms`)),
    });
    const { walletClient } = await createChainClients({ rpcUrl: destinationUrl, account: opts.executorKey ?? opts.privateKey });
    const executed = await executeBundle(walletClient!, { proof: proof! });
    progress?.(`  executed on chain ${opts.to}`);
    return { destinationTxHash: executed.txHash, status: (await getBundleStatus(destination, { bundleHash })).status, executedBy: 'command' };
  } catch (error) {
    return failedDelivery(destination, bundleHash, error);
  }
}

/** Whether the network relays bundles itself (a node without the dev namespace: no). */
async function autorelayIsOn(client: Client): Promise<boolean> {
  try {
    return (await rpc<NetworkConfig>(client, 'zkinterop_networkConfig')).autorelay?.enabled === true;
  } catch {
    return false;
  }
}

/** A delivery that stopped on an error, with the bundle's status on the destination as far as it can be read. */
async function failedDelivery(destination: Client, bundleHash: Hex, error: unknown): Promise<Delivery> {
  process.exitCode = 1;
  const code = error instanceof ZkInteropError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  const status = await getBundleStatus(destination, { bundleHash }).then((s) => s.status, () => 'sent' as const);
  return { destinationTxHash: null, status, executedBy: null, error: { code, message } };
}

/** The lines every delivering command prints: the bundle, both transactions (naming who executed it) and the status. */
export function printDelivery(sent: { bundleHash: Hex; txHash: Hex }, from: number, to: number, delivery: Delivery): void {
  const by = delivery.executedBy ? `, executed by the ${delivery.executedBy === 'relayer' ? 'relayer' : 'command'}` : '';
  console.log(`  bundle       ${sent.bundleHash}`);
  console.log(`  source tx    ${sent.txHash} (chain ${from})`);
  console.log(`  dest. tx     ${delivery.destinationTxHash ?? '-'} (chain ${to}${by})`);
  console.log(`  status       ${delivery.status}`);
}

/** Prints a failed delivery's error on stderr (the hashes are printed already). */
export function reportDeliveryError(delivery: Delivery): void {
  if (delivery.error) console.error(`zkinterop: ${delivery.error.code}: ${delivery.error.message}`);
}
