/**
 * A whole network with one process per node (issue 16): the L1, Gateway and two chains each run by
 * `zkinterop node --role …` in its own child process, talking only JSON-RPC over HTTP. A message sent on
 * 271 settles on Gateway, its root reaches 272, which verifies it, and once Gateway's batch is final on
 * the L1 the message verifies there too (Bridgehub). Gateway's process killed and started again from its
 * data dir: the chains settle on. The internal method refuses a wrong token; a store refuses another layout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import type { NetworkNode } from '../../src/network/network.ts';
import type { NetworkLayout } from '../../src/network/layout.ts';
import { BRIDGEHUB_ADDRESS, bridgehubAbi } from '../../src/contracts/index.ts';
import { createHttpRpcClient, type RpcClient } from '../../src/rpc/client.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled, type LogProof } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { runCli, spawnNode, type ChildCli, type NodeReady } from '../support/childNetwork.ts';

const TOKEN = 'internal-token-of-this-test';

let dir: string;
const running = new Map<number, ChildCli<NodeReady>>();

/** The interop helpers read only a node's chain id and client. */
function handle(chainId: number): NetworkNode {
  return { chainId, client: createHttpRpcClient(running.get(chainId)!.ready.rpcUrl) } as unknown as NetworkNode;
}

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text, { mode: 0o600 });
  return at;
}

/** Starts node `chainId` with `role` from its own data dir. */
async function start(role: 'l1' | 'gateway' | 'chain', chainId: number, extra: string[]): Promise<void> {
  const child = await spawnNode(['--role', role, '--chain-id', String(chainId), '--layout', path.join(dir, 'layout.json'), '--data-dir', path.join(dir, `node-${chainId}`), '--internal-token-file', path.join(dir, 'token'), '--profile', 'instant', ...extra]);
  running.set(chainId, child);
}

async function stop(chainId: number, signal: NodeJS.Signals): Promise<void> {
  const child = running.get(chainId);
  running.delete(chainId);
  child?.process.kill(signal);
  await child?.exited;
}

/** A layout of fresh keys: the L1 9, Gateway 506 settling there, 271 and 272 settling on Gateway. */
function makeLayout(): NetworkLayout {
  const operators: Record<string, Hex> = {};
  for (const id of [506, 271, 272]) {
    const key = generatePrivateKey();
    file(`operator-${id}.key`, key);
    operators[String(id)] = privateKeyToAddress(key);
  }
  return { l1ChainId: 9, gatewayChainId: 506, genesisChains: [271, 272], chainsOnL1: [], operators, relayer: privateKeyToAddress(generatePrivateKey()), extraAccounts: [] };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-nodes-'));
  file('layout.json', JSON.stringify(makeLayout()));
  file('token', `${TOKEN}\n`);
  await start('l1', 9, []);
  await start('gateway', 506, ['--settlement-layer', running.get(9)!.ready.rpcUrl, '--operator-key-file', path.join(dir, 'operator-506.key')]);
  const gateway = running.get(506)!.ready.rpcUrl;
  await Promise.all([271, 272].map((id) => start('chain', id, ['--settlement-layer', gateway, '--operator-key-file', path.join(dir, `operator-${id}.key`)])));
});

afterAll(async () => {
  for (const id of [271, 272, 506, 9]) await stop(id, 'SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the L1, Gateway and two chains, each in its own process', () => {
  it('prints each ready line with its role, chain id and process id', () => {
    expect([9, 506, 271, 272].map((id) => running.get(id)!.ready)).toMatchObject([
      { ready: true, role: 'l1', chainId: 9, pid: running.get(9)!.process.pid },
      { ready: true, role: 'gateway', chainId: 506, pid: running.get(506)!.process.pid },
      { ready: true, role: 'chain', chainId: 271, pid: running.get(271)!.process.pid },
      { ready: true, role: 'chain', chainId: 272, pid: running.get(272)!.process.pid },
    ]);
  });

  it("settles a message of 271 on Gateway, imports its root on 272 and verifies it there, then on the L1 through Bridgehub once Gateway's batch is final there", async () => {
    const sent = await sendMessage(handle(271), 'across four processes');
    const settled = await waitSettled(handle(271), handle(506), sent);
    // With an L1, 272 imports only roots of Gateway blocks finalized on it (SPEC §10).
    await waitInteropRoot(handle(272), 506, settled.gatewayBlock);
    expect(await proveOn(handle(272), claimOf(271, settled))).toBe(true);
    const toL1 = await pollUntil(() => handle(271).client.request<LogProof | null>('zks_getL2ToL1LogProof', [sent.txHash, 0]), { what: `the proof to the L1 of ${sent.txHash}` });
    expect(await proveOnL1(handle(9).client, toL1, settled)).toBe(true);
  });

  it("settles on after Gateway's process is killed and started again from its data dir", async () => {
    const port = new URL(running.get(506)!.ready.rpcUrl).port;
    await stop(506, 'SIGKILL');
    await start('gateway', 506, ['--port', port, '--settlement-layer', running.get(9)!.ready.rpcUrl]);
    const sent = await sendMessage(handle(272), 'after Gateway restarted');
    const settled = await waitSettled(handle(272), handle(506), sent);
    await waitInteropRoot(handle(271), 506, settled.gatewayBlock);
    expect(await proveOn(handle(271), claimOf(272, settled))).toBe(true);
  });

  it("refuses zkinterop_registerChain with a wrong internal token, and registers with the one from --internal-token-file", async () => {
    const chain = { chainId: 273, operator: privateKeyToAddress(generatePrivateKey()) };
    await expect(handle(506).client.request('zkinterop_registerChain', [chain, { internalToken: 'not-the-token' }])).rejects.toThrow();
    expect(await handle(506).client.request('zkinterop_registerChain', [chain, { internalToken: TOKEN }])).toEqual({ registered: true });
  });

  it("serves the node internal methods on Gateway given the token: its dump carries the layout it was started with", async () => {
    const dump = await handle(506).client.request<{ chainId: number; meta: Record<string, string> }>('zkinterop_dumpNode', [{ internalToken: TOKEN }]);
    expect(dump.chainId).toBe(506);
    expect(dump.meta['layout:506']).toBeDefined();
  });

  it('answers the network-wide methods method-not-found without a coordinator', async () => {
    await expect(handle(271).client.request('zkinterop_networkConfig')).rejects.toMatchObject({ rpcCode: -32601 });
  });
});

describe('a node whose store holds another layout', () => {
  it('refuses to start, naming what differs and what to do', async () => {
    const other = { ...makeLayout(), genesisChains: [271] };
    const args = (layout: string) => ['node', '--role', 'l1', '--chain-id', '9', '--layout', layout, '--data-dir', path.join(dir, 'node-9'), '--profile', 'instant'];
    // The L1's store, recorded with the network's layout at its first start.
    await stop(9, 'SIGTERM');
    const refused = await runCli(args(file('other-layout.json', JSON.stringify(other))));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/holds a node of another network: its layout differs from the one given in genesisChains, operators, relayer.*Give the layout file this node was first started with/s);
  });
});

/** Bridgehub.proveL2MessageInclusion on the L1 for 271's message with its proof to the L1. */
async function proveOnL1(l1: RpcClient, proof: LogProof, sent: { txNumberInBatch: number; sender: Hex; data: Hex }): Promise<unknown> {
  const data = encodeFunctionData({ abi: bridgehubAbi, functionName: 'proveL2MessageInclusion', args: [271n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: sent.txNumberInBatch, sender: sent.sender, data: sent.data }, proof.proof] });
  const result = await l1.request<Hex>('eth_call', [{ to: BRIDGEHUB_ADDRESS, data }, 'latest']);
  return decodeFunctionResult({ abi: bridgehubAbi, functionName: 'proveL2MessageInclusion', data: result });
}
