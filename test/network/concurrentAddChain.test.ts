/**
 * Chains added at the same moment over HTTP JSON-RPC (issue 10): each gets its own id, Gateway's blocks
 * stay in order, every new chain's messages settle and verify elsewhere, the chains that were there keep
 * settling, and a network at its chain cap says so. Also the root cause underneath: a registration that
 * Gateway refuses half-way leaves no block behind, and a chain whose start failed after registering
 * (port taken) can be added again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

const ADDED = 3;
const CAP = 6;

type AddChainAnswer = { result?: { chainId: number; rpcUrl: string }; error?: { code: number; message: string } };

/** One zkinterop_addChain call over HTTP, as its own request. */
async function addChainOverHttp(url: string, id: number): Promise<AddChainAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id, method: 'zkinterop_addChain', params: [{}] }) });
  return (await res.json()) as AddChainAnswer;
}

let net: Network;
const backgroundErrors: string[] = [];
let answers: AddChainAnswer[];

beforeAll(async () => {
  net = await startNetwork({
    gateway: { chainId: 506, port: 0 },
    chains: [
      { chainId: 271, port: 0 },
      { chainId: 272, port: 0 },
    ],
    profile: 'instant',
    maxChains: CAP,
    onError: (source, error) => backgroundErrors.push(`${source}: ${error instanceof Error ? error.message : String(error)}`),
  });
  const url = net.node(271).rpcUrl;
  answers = await Promise.all(Array.from({ length: ADDED }, (_, i) => addChainOverHttp(url, i + 1)));
});

afterAll(async () => {
  await net?.stop();
});

describe('zkinterop_addChain called several times at once', () => {
  it('gives every call its own chain id', () => {
    expect(answers.map((a) => a.error)).toEqual(answers.map(() => undefined));
    expect(answers.map((a) => a.result!.chainId).sort()).toEqual([273, 274, 275]);
  });

  it('settles a message of every added chain that verifies on an original chain', async () => {
    for (const chainId of [273, 274, 275]) {
      const source = net.node(chainId);
      const sent = await sendMessage(source, `from chain ${chainId}`);
      const settled = await waitSettled(source, net.gateway, sent);
      await waitInteropRoot(net.node(271), net.gateway.chainId, settled.gatewayBlock);
      expect(await proveOn(net.node(271), claimOf(chainId, settled))).toBe(true);
    }
  });

  it('keeps the original chains settling, with messages that verify on an added chain', async () => {
    for (const chainId of [271, 272]) {
      const source = net.node(chainId);
      const sent = await sendMessage(source, `from chain ${chainId} after the adds`);
      const settled = await waitSettled(source, net.gateway, sent);
      await waitInteropRoot(net.node(275), net.gateway.chainId, settled.gatewayBlock);
      expect(await proveOn(net.node(275), claimOf(chainId, settled))).toBe(true);
    }
  });

  it('leaves no background failure behind (Gateway sees its blocks in order)', () => {
    expect(backgroundErrors).toEqual([]);
  });

  it('refuses a chain past the cap, naming the cap and what to do', async () => {
    await net.addChain({ chainId: 276 });
    const answer = await addChainOverHttp(net.node(271).rpcUrl, 99);
    expect(answer.error?.code).toBe(-32005);
    expect(answer.error?.message).toMatch(/already runs 6 settling chains, the most it allows \(6;/);
    expect(answer.error?.message).toMatch(/start another network for more/);
    expect(net.chains.map((c) => c.chainId)).toEqual([271, 272, 273, 274, 275, 276]);
  });
});

describe('a chain registration that Gateway refuses', () => {
  it('leaves Gateway settling every chain (its blocks stay in order)', async () => {
    const gatewayBlock = net.gateway.node.blockNumber;
    // 271 is registered already: the settlement contract's initialize reverts after mining its block.
    await expect(net.gateway.node.registerChain(271, '0x1111111111111111111111111111111111111111', 1n)).rejects.toThrow();
    expect(Number(await net.gateway.node.engine.blockNumber())).toBe(gatewayBlock);
    const sent = await sendMessage(net.node(272), 'after a refused registration');
    const settled = await waitSettled(net.node(272), net.gateway, sent);
    await waitInteropRoot(net.node(273), net.gateway.chainId, settled.gatewayBlock);
    expect(await proveOn(net.node(273), claimOf(272, settled))).toBe(true);
    expect(backgroundErrors).toEqual([]);
  });
});

describe('a chain whose port was taken', () => {
  let other: Network;
  afterAll(async () => {
    await other?.stop();
  });

  it('can be added again on a free port, and then settles', async () => {
    other = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant', onError: () => undefined });
    const takenPort = Number(new URL(other.node(271).rpcUrl).port);
    await expect(other.addChain({ chainId: 280, port: takenPort })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    const added = await other.addChain({ chainId: 280 });
    const sent = await sendMessage(added, 'from a chain added on the second try');
    const settled = await waitSettled(added, other.gateway, sent);
    await waitInteropRoot(other.node(271), other.gateway.chainId, settled.gatewayBlock);
    expect(await proveOn(other.node(271), claimOf(280, settled))).toBe(true);
  });

  it('is in a snapshot asked for while it was being added, as the snapshot waits for it', async () => {
    const [added, id] = await Promise.all([other.addChain({ chainId: 281 }), other.snapshot()]);
    expect(added.chainId).toBe(281);
    await expect(other.revert(id)).resolves.toBe(true);
  });
});
