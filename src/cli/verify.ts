/**
 * `zkinterop verify`: verifies a message of the source chain on a target chain — off-chain with an
 * eth_call to L2MessageVerification (default), or `--onchain` in a transaction through an
 * InteropVerification contract (deployed if `--verifier` is not given); or, with `--on l1`, on the
 * network's L1 (src/cli/verifyOnL1.ts). Exit code 1 when the answer is false.
 */
import type { Command } from 'commander';
import type { Address, Hex } from 'viem';
import { createChainClients } from '../sdk/createChainClients.ts';
import { deployInteropVerifier } from '../sdk/deployInteropVerifier.ts';
import { getInteropProof } from '../sdk/getInteropProof.ts';
import { verifyMessage } from '../sdk/verifyMessage.ts';
import { verifyMessageOnchain } from '../sdk/verifyMessageOnchain.ts';
import { waitForMessage } from '../sdk/waitForMessage.ts';
import { addEndpointOptions, addTimeoutOption, DEFAULT_SENDER_KEY, parseAddress, parseChainId, parseIndex, parsePrivateKey, parseTxHash } from './clientOptions.ts';
import { L1_TARGET, verifyOnL1 } from './verifyOnL1.ts';
import { openClientContext } from './clientContext.ts';
import { urlOf, type EndpointOptions } from './endpoints.ts';
import { printJson, progressWriter } from './output.ts';
import { InvalidArgumentError } from '../errors.ts';

type VerifyOptions = EndpointOptions & {
  on: number | typeof L1_TARGET;
  offline: boolean;
  l1Rpc?: string;
  index: number;
  onchain: boolean;
  verifier?: Address;
  fromKey: Hex;
  wait: boolean;
  timeout: number;
  json: boolean;
};

/** `--on`: a chain id, or "l1". */
function parseTarget(value: string): number | typeof L1_TARGET {
  if (value.toLowerCase() === L1_TARGET) return L1_TARGET;
  if (/^\d+$/.test(value)) return parseChainId(value);
  throw new InvalidArgumentError(`expected a chain id (a positive whole number) or "l1", got "${value}"`);
}

/** Adds the `verify` command to the program. */
export function registerVerify(program: Command): void {
  addTimeoutOption(
    addEndpointOptions(
      program
        .command('verify')
        .description('verify a message on a target chain (proveL2MessageInclusionShared) or on L1 (Bridgehub.proveL2MessageInclusion); exit code 1 if it does not verify')
        .argument('<txHash>', 'the transaction that sent the message', parseTxHash),
    )
      .requiredOption('--on <chainId>', 'the target chain to verify on, or "l1" for the L1 under Gateway (networks with an L1: not --no-l1)', parseTarget)
      .option('--index <n>', 'which message of the transaction', parseIndex, 0)
      .option('--onchain', 'verify in a transaction through an InteropVerification contract', false)
      .option('--verifier <address>', 'with --onchain: the InteropVerification contract (default: deploy one)', parseAddress)
      .option('--from-key <key>', 'with --onchain: private key of the sender (default: the first rich wallet)', parsePrivateKey, DEFAULT_SENDER_KEY)
      .option('--wait', 'wait until the message is verifiable on the target first', false)
      .option('--offline', 'with --on l1: verify with the TypeScript twin of Bridgehub, reading only the roots L1 stores', false)
      .option('--l1-rpc <url>', "with --on l1: the L1's JSON-RPC URL (default: the l1 entry of zkinterop_networkConfig)"),
    'with --wait',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop verify 0x… --chain 271 --on 272
  $ zkinterop verify 0x… --chain 271 --on 272 --wait --json
  $ zkinterop verify 0x… --chain 271 --on 272 --onchain --verifier 0x…
  $ zkinterop verify 0x… --chain 271 --on l1 --wait --json
  $ zkinterop verify 0x… --chain 271 --on l1 --offline --l1-rpc http://127.0.0.1:8545`,
    )
    .action(async (txHash: Hex, opts: VerifyOptions) => {
      const ctx = await openClientContext(opts);
      if (opts.on === L1_TARGET) return verifyOnL1(ctx.source, txHash, opts);
      if (opts.offline || opts.l1Rpc) throw new InvalidArgumentError('--offline and --l1-rpc apply only to --on l1');
      const target = ctx.clientFor(opts.on);
      if (opts.wait) {
        const progress = progressWriter(opts.json);
        await waitForMessage(ctx.source, { txHash, index: opts.index, until: 'verifiable', on: target, timeoutMs: opts.timeout, onProgress: progress && ((p) => progress(`  ${p.stage}`)) });
      }
      const proof = await getInteropProof(ctx.source, { txHash, index: opts.index });
      let verified: boolean;
      let onchain: { txHash: Hex; verifierAddress: Address; messageId: Hex; blockNumber: number } | undefined;
      if (opts.onchain) {
        const { walletClient } = await createChainClients({ rpcUrl: urlOf(ctx.endpoints, opts.on), account: opts.fromKey });
        const verifierAddress = opts.verifier ?? (await deployInteropVerifier(walletClient!)).address;
        const result = await verifyMessageOnchain(walletClient!, { verifierAddress, ...proof });
        verified = result.verified;
        onchain = { txHash: result.txHash, verifierAddress, messageId: result.messageId, blockNumber: result.blockNumber };
      } else {
        verified = await verifyMessage(target, proof);
      }
      if (!verified) process.exitCode = 1;
      if (opts.json) return printJson({ verified, chainId: proof.chainId, on: opts.on, txHash, messageHash: proof.messageHash, gatewayBlockNumber: proof.gatewayBlockNumber, ...(onchain ? { onchain } : {}) });
      console.log(`${verified ? 'verified' : 'NOT verified'}: message ${proof.messageHash} of chain ${proof.chainId} on chain ${opts.on}`);
      if (onchain) console.log(`  in tx ${onchain.txHash} (block ${onchain.blockNumber}) through ${onchain.verifierAddress}`);
      if (!verified) console.log(`  (is Gateway block ${proof.gatewayBlockNumber}'s interop root imported on ${opts.on} yet? try --wait)`);
    });
}
