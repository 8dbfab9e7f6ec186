/**
 * Tracing and what the node says it is, over JSON-RPC: debug_traceTransaction (a standard and a
 * ZKsync 0x71 transaction, by the hash the client knows), debug_traceCall, their bounds,
 * hardhat_metadata, and a web3_clientVersion that Hardhat's network helpers accept.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Provider, Wallet } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { CLIENT_VERSION, EDR_VERSION, ZKINTEROP_VERSION } from '../../src/chain/rpc/clientVersion.ts';
import { call, post } from '../support/httpRpc.ts';
import { RICH_ADDRESS, RICH_KEY } from '../support/interop.ts';

const TARGET = '0x2222222222222222222222222222222222222222';
type CallFrame = { from: string; to: string; value?: string; gas: string; type: string };
const layout = () => ({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], profile: 'instant' as const });

let net: Network;
let url: string;

beforeAll(async () => {
  net = await startNetwork(layout());
  url = net.node(271).rpcUrl;
});
afterAll(async () => {
  await net?.stop();
});

describe('debug_traceTransaction', () => {
  it('traces a standard transaction with the callTracer', async () => {
    const hash = await call<string>(url, 'eth_sendTransaction', [{ from: RICH_ADDRESS, to: TARGET, value: '0x7' }]);
    const frame = await call<CallFrame>(url, 'debug_traceTransaction', [hash, { tracer: 'callTracer' }]);
    expect(frame).toMatchObject({ type: 'CALL', from: RICH_ADDRESS.toLowerCase(), to: TARGET, value: '0x7' });
  });

  it('traces with the default struct logger when no tracer is named', async () => {
    const hash = await call<string>(url, 'eth_sendTransaction', [{ from: RICH_ADDRESS, to: TARGET, value: '0x1' }]);
    expect(await call(url, 'debug_traceTransaction', [hash])).toMatchObject({ failed: false, gas: 21_000, structLogs: [] });
  });

  it('traces a ZKsync 0x71 transaction by its ZKsync hash', async () => {
    const provider = new Provider(url);
    try {
      const tx = await new Wallet(RICH_KEY, provider).sendTransaction({ to: TARGET, value: 9n });
      expect(tx.type).toBe(0x71);
      await tx.wait();
      const frame = await call<CallFrame>(url, 'debug_traceTransaction', [tx.hash, { tracer: 'callTracer' }]);
      expect(frame).toMatchObject({ type: 'CALL', from: RICH_ADDRESS.toLowerCase(), to: TARGET, value: '0x9' });
    } finally {
      provider.destroy();
    }
  });

  it('answers -32001 for a transaction the chain does not have', async () => {
    expect((await post(url, 'debug_traceTransaction', [`0x${'ab'.repeat(32)}`])).error?.code).toBe(-32001);
  });
});

describe('debug_traceCall', () => {
  it('traces a call without sending it', async () => {
    const frame = await call<CallFrame>(url, 'debug_traceCall', [{ from: RICH_ADDRESS, to: TARGET, value: '0x3' }, 'latest', { tracer: 'callTracer' }]);
    expect(frame).toMatchObject({ type: 'CALL', to: TARGET, value: '0x3' });
  });
});

describe('bounds on tracing', () => {
  const gasCap = 100_000n;
  let bounded: Network;
  beforeAll(async () => {
    bounded = await startNetwork({ ...layout(), requestLimits: { gasCap } });
  });
  afterAll(async () => {
    await bounded?.stop();
  });

  it('debug_traceCall asking for more gas than the cap runs with the cap', async () => {
    const frame = await call<CallFrame>(bounded.node(271).rpcUrl, 'debug_traceCall', [{ from: RICH_ADDRESS, to: TARGET, gas: '0x7fffffffffff' }, 'latest', { tracer: 'callTracer' }]);
    expect(BigInt(frame.gas)).toBe(gasCap);
  });

  it('debug_traceTransaction of a transaction that used more gas than the cap is refused with -32005', async () => {
    // The node's own components are not capped: 10,000 nonzero calldata bytes use 181,000 gas.
    const hash = await bounded.node(271).client.request<string>('eth_sendTransaction', [{ from: RICH_ADDRESS, to: TARGET, data: `0x${'ff'.repeat(10_000)}` }]);
    const answer = await post(bounded.node(271).rpcUrl, 'debug_traceTransaction', [hash]);
    expect(answer.error?.code).toBe(-32005);
    expect(answer.error?.message).toMatch(/--rpc-gas-cap/);
  });
});

describe('what the node says it is', () => {
  it('hardhat_metadata answers Hardhat\'s fields for the latest block', async () => {
    const metadata = await call<Record<string, unknown>>(url, 'hardhat_metadata');
    const latest = await call<{ number: string; hash: string }>(url, 'eth_getBlockByNumber', ['latest', false]);
    expect(metadata).toEqual({ clientVersion: CLIENT_VERSION, chainId: 271, instanceId: expect.stringMatching(/^0x[0-9a-f]{64}$/), latestBlockNumber: Number(latest.number), latestBlockHash: latest.hash });
  });

  it('web3_clientVersion passes the prefix checks of Hardhat\'s network helpers 1.x and 3.x', async () => {
    const version = (await call<string>(url, 'web3_clientVersion')).toLowerCase();
    // 1.x (Hardhat 2): "hardhatnetwork", "zksync" or "anvil"; 3.x: "hardhat", "zksync" or "anvil".
    expect(['hardhatnetwork', 'zksync', 'anvil'].some((p) => version.startsWith(p))).toBe(true);
    expect(['hardhat', 'zksync', 'anvil'].some((p) => version.startsWith(p))).toBe(true);
  });

  it('web3_clientVersion names the zkinterop and EDR versions installed', async () => {
    const edr = JSON.parse(readFileSync(new URL('../../node_modules/@nomicfoundation/edr/package.json', import.meta.url), 'utf8')) as { version: string };
    const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect([EDR_VERSION, ZKINTEROP_VERSION]).toEqual([edr.version, own.version]);
    expect(await call(url, 'web3_clientVersion')).toBe(`HardhatNetwork/zkinterop/${own.version}/@nomicfoundation/edr/${edr.version}`);
  });
});
