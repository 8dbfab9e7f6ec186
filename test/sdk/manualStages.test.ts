/**
 * The SDK against a network in manual mode: the test moves the message one stage at a time, so what
 * each action says before and after a stage is deterministic.
 *
 * The network runs without an L1 (`l1: false`), so the lifecycle ends at Gateway's execute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import {
  createChainClients,
  getImportedRoot,
  getInteropProof,
  getMessageLifecycle,
  getMessageStatus,
  listMessages,
  ProofNotReadyError,
  sendMessage,
  traceMessage,
  verifyMessage,
  waitForMessage,
  WaitTimeoutError,
  type CreateChainClientsReturnType,
} from '../../src/sdk/index.ts';
import { pollUntil } from '../support/poll.ts';

const KEY: Hex = '0x7726827caac94a7f9e1b160f7ea819f172f7b6f9d2a97f992c38edeab82d4110';

let net: TestNetwork;
let a: CreateChainClientsReturnType;
let b: CreateChainClientsReturnType;
let txHash: Hex;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, manual: true, l1: false });
  a = await createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: KEY });
  b = await createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: KEY });
  ({ txHash } = await sendMessage(a.walletClient!, { message: 'one stage at a time' }));
});
afterAll(() => net?.stop());

const stage = () => getMessageStatus(a.publicClient, { txHash });

// The tests below run in file order and each moves the message one stage on.
describe('a message moved by hand', () => {
  it('is included, with no proof yet, right after sending', async () => {
    expect(await stage()).toBe('included');
    await expect(getInteropProof(a.publicClient, { txHash })).rejects.toBeInstanceOf(ProofNotReadyError);
  });

  it('makes waitForMessage time out with the stage it is stuck at', async () => {
    const error = await waitForMessage(a.publicClient, { txHash, until: 'sealed', timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastStage).toBe('included');
  });

  it('reports sealed, committed, proved and executed after each stage method', async () => {
    const seen: string[] = [];
    for (const method of ['zkinterop_sealBatch', 'zkinterop_commitBatch', 'zkinterop_proveBatch', 'zkinterop_executeBatch']) {
      await net.chain(271).request(method);
      seen.push(await stage());
    }
    expect(seen).toEqual(['sealed', 'committed', 'proved', 'executed']);
  });

  it('gives a lifecycle whose steps carry the Gateway transactions', async () => {
    const lifecycle = await getMessageLifecycle(a.publicClient, { hash: txHash });
    expect(lifecycle!.steps.map((s) => s.step)).toEqual(['sent', 'included', 'sealed', 'committed', 'proved', 'executed']);
    expect(lifecycle!.steps.slice(3).every((s) => /^0x[0-9a-f]{64}$/.test(s.gatewayTxHash ?? ''))).toBe(true);
  });

  it('does not verify on the target before the target imports the root', async () => {
    const proof = await getInteropProof(a.publicClient, { txHash });
    expect(await verifyMessage(b.publicClient, proof)).toBe(false);
    expect(await getImportedRoot(b.publicClient, { chainId: 506, blockNumber: proof.gatewayBlockNumber })).toBeNull();
    const trace = await traceMessage({ source: a.publicClient, targets: [b.publicClient] }, { txHash });
    expect(trace.steps.slice(-2)).toEqual([
      { step: 'imported', chainId: 272, at: null },
      { step: 'verified', chainId: 272, at: null, verified: false },
    ]);
    expect(trace.complete).toBe(false);
  });

  it('verifies on the target once the target imported the root', async () => {
    const proof = await getInteropProof(a.publicClient, { txHash });
    // the watcher must have seen the root before the import can include it
    const imported = await pollUntil(
      async () => {
        await net.chain(272).request('zkinterop_importInteropRoots');
        return getImportedRoot(b.publicClient, { chainId: 506, blockNumber: proof.gatewayBlockNumber });
      },
      { what: 'the import of the root on 272' },
    );
    expect(imported.root).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await verifyMessage(b.publicClient, proof)).toBe(true);
    expect((await waitForMessage(a.publicClient, { txHash, until: 'verifiable', on: b.publicClient, timeoutMs: 0 })).stage).toBe('verifiable');
  });

  it('is listed among the chain’s executed messages', async () => {
    const { messages } = await listMessages(a.publicClient, { stage: 'executed' });
    expect(messages.map((m) => m.txHash)).toContain(txHash);
  });
});
