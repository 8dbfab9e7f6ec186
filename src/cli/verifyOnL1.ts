/**
 * `zkinterop verify --on l1`: verifies a message on the network's L1 (SPEC §10) with the proof
 * `zks_getL2ToL1LogProof` answers without a mode — an eth_call to `Bridgehub.proveL2MessageInclusion`
 * there (default), or `--offline` with the TypeScript twin reading L1's stored batch roots. The L1's
 * URL is `--l1-rpc`, else the `l1` entry of the source's `zkinterop_networkConfig`.
 */
import type { Client, Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { NoL1Error, ProofNotReadyError } from '../sdk/errors.ts';
import { getL1MessageProof, type GetL1MessageProofReturnType } from '../sdk/getL1MessageProof.ts';
import { getNetworkConfig } from '../sdk/getNetworkConfig.ts';
import { verifyMessageOnL1 } from '../sdk/verifyMessageOnL1.ts';
import { clientOf } from './endpoints.ts';
import { printJson } from './output.ts';

/** `--on l1` (any case) names the L1 rather than a chain id. */
export const L1_TARGET = 'l1';

export type VerifyOnL1Options = { index: number; onchain: boolean; offline: boolean; l1Rpc?: string; wait: boolean; timeout: number; json: boolean };

/** Verifies `txHash`'s message of the source chain on L1; exit code 1 when it does not verify. */
export async function verifyOnL1(source: Client, txHash: Hex, opts: VerifyOnL1Options): Promise<void> {
  if (opts.onchain) throw new InvalidArgumentError('--onchain does not apply to --on l1: Bridgehub.proveL2MessageInclusion is a view, verified with an eth_call (or --offline)');
  const l1Url = opts.l1Rpc ?? (await l1UrlOf(source));
  const proof = opts.wait ? await waitForL1Proof(source, txHash, opts.index, opts.timeout) : await getL1MessageProof(source, { txHash, index: opts.index });
  const verified = await verifyMessageOnL1(clientOf(l1Url), { ...proof, offline: opts.offline });
  if (!verified) process.exitCode = 1;
  const via = opts.offline ? 'offline' : 'bridgehub';
  if (opts.json) return printJson({ verified, chainId: proof.chainId, on: L1_TARGET, l1RpcUrl: l1Url, via, txHash, messageHash: proof.messageHash, batchNumber: proof.batchNumber });
  console.log(`${verified ? 'verified' : 'NOT verified'}: message ${proof.messageHash} of chain ${proof.chainId} on L1 (${l1Url}, ${via === 'offline' ? 'offline, TS twin of Bridgehub' : 'Bridgehub.proveL2MessageInclusion'})`);
}

async function l1UrlOf(source: Client): Promise<string> {
  const config = await getNetworkConfig(source);
  if (!config.l1) throw new NoL1Error('this network has no L1 under Gateway (started with --no-l1), so nothing verifies on L1: start it with an L1 (the default), or pass --l1-rpc <url>');
  return config.l1.rpcUrl;
}

/** Retries while the proof to L1 is not there yet (Gateway's batch not executed on L1). */
async function waitForL1Proof(source: Client, txHash: Hex, index: number, timeoutMs: number): Promise<GetL1MessageProofReturnType> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await getL1MessageProof(source, { txHash, index });
    } catch (error) {
      if (!(error instanceof ProofNotReadyError) || Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
