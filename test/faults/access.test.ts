/**
 * Who may inject faults: nobody by default (-32601 saying how to turn it on), anyone with `dev: true`,
 * and with a dev token only calls that pass `{ devToken }` as their last param (-32602 otherwise).
 * `zkinterop_listFaults` only reads and is always served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RpcClientError } from '../../src/rpc/client.ts';
import { listFaults } from '../support/faults.ts';
import { runCli } from '../cli/runCli.ts';

/** The error a call ends with (fails the test if it succeeds). */
async function errorOf(call: Promise<unknown>): Promise<RpcClientError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcClientError);
  return error as RpcClientError;
}

const FAULT_CALLS: [string, unknown[]][] = [
  ['zkinterop_pauseGateway', []],
  ['zkinterop_resumeGateway', []],
  ['zkinterop_delayInteropRoots', [271, 10]],
  ['zkinterop_dropInteropRoot', [271, 5]],
  ['zkinterop_offerForgedRoot', [271, 5, `0x${'11'.repeat(32)}`]],
  ['zkinterop_killSettlement', [271]],
  ['zkinterop_restartSettlement', [271]],
  ['zkinterop_pauseL1', []],
  ['zkinterop_resumeL1', []],
  ['zkinterop_rejectNextL1Batch', []],
];

describe('fault injection on a network started without dev mode', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 1 });
  });
  afterAll(() => net.stop());

  it.each(FAULT_CALLS)('refuses %s with -32601 saying how to enable it', async (method, params) => {
    const error = await errorOf(net.network.node(271).client.request(method, params));
    expect(error.rpcCode).toBe(-32601);
    expect(error.message).toMatch(/fault injection is off: start the network with `zkinterop up --dev`/);
  });

  it('answers the same refusal over HTTP', async () => {
    const response = await fetch(net.chain(271).rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'zkinterop_pauseGateway', params: [] }),
    });
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32601);
    expect(body.error.message).toMatch(/--dev-token <token>/);
  });

  it('still serves zkinterop_listFaults, reporting access off and no faults', async () => {
    const report = await listFaults(net.network.gateway);
    expect(report.access).toBe('off');
    expect(report.gateway.paused).toBe(false);
    expect(report.events).toEqual([]);
  });
});

describe('fault injection on a network started with a dev token', () => {
  const TOKEN = 'let-me-break-it';
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createNetwork({ chains: 1, devToken: TOKEN });
  });
  afterAll(() => net.stop());

  it('refuses a call without the token with -32602 saying how to pass it', async () => {
    const error = await errorOf(net.network.node(271).client.request('zkinterop_pauseGateway'));
    expect(error.rpcCode).toBe(-32602);
    expect(error.message).toMatch(/needs the dev token: .* pass \{"devToken": "<token>"\} as the last param/);
  });

  it('refuses a call with a wrong token with -32602', async () => {
    const error = await errorOf(net.network.node(271).client.request('zkinterop_delayInteropRoots', [271, 10, { devToken: 'guess' }]));
    expect(error.rpcCode).toBe(-32602);
    expect(error.message).toMatch(/wrong dev token/);
  });

  it('runs calls that pass the token as their last param', async () => {
    const client = net.network.node(271).client;
    expect(await client.request('zkinterop_delayInteropRoots', [271, 10, { devToken: TOKEN }])).toEqual({ chainId: 271, rootDelayMs: 10, waitingRoots: 0 });
    expect(await client.request('zkinterop_pauseGateway', [{ devToken: TOKEN }])).toMatchObject({ paused: true });
    expect(await client.request('zkinterop_resumeGateway', [{ devToken: TOKEN }])).toMatchObject({ paused: false });
    expect((await listFaults(net.network.gateway)).access).toBe('token');
  });

  it('still validates the params after the token', async () => {
    const error = await errorOf(net.network.node(271).client.request('zkinterop_delayInteropRoots', [271, -1, { devToken: TOKEN }]));
    expect(error.rpcCode).toBe(-32602);
    expect(error.message).toMatch(/param 1 \(ms\)/);
  });
});

describe('zkinterop up', () => {
  it('documents --dev and --dev-token in its help', async () => {
    const result = await runCli(['up', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--dev\s+serve the fault-injection methods/);
    expect(result.stdout).toMatch(/--dev-token <token>/);
  });
});
