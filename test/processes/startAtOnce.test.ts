/**
 * `zkinterop up --processes` with fixed ports (the default layout's case) starts every node process at
 * once (processNetwork.ts): a chain may come up before its settlement layer answers and waits for it
 * (nodeAlone.ts waitForLayer). The network must still be whole: every node answers, and a message sent
 * on 271 verifies on 272 (so each chain reached its layer and Gateway reached the L1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { createChainClients, getInteropProof, sendMessage, verifyMessage, waitForMessage } from '../../src/sdk/index.ts';
import { freePorts } from '../../src/testing/freePorts.ts';
import { rpc } from '../support/childNetwork.ts';
import { startProcessUp, tempDir, writeProcessConfig, type ProcessNetworkChild } from '../support/processNetwork.ts';


describe('up --processes on fixed ports', () => {
  let net: ProcessNetworkChild;
  let ports: number[];
  beforeAll(async () => {
    ports = await freePorts(4);
    const [l1, gateway, a, b] = ports as [number, number, number, number];
    net = await startProcessUp(writeProcessConfig(tempDir(), { l1: { port: l1 }, gateway: { chainId: 506, port: gateway }, chains: [{ chainId: 271, port: a }, { chainId: 272, port: b }], profile: 'instant' }));
  });
  afterAll(async () => {
    expect(await net?.stop(), net?.stderr()).toBe(0);
  });

  it('serves every node on the port it was given', async () => {
    const nodes = [net.config.l1!, net.config.gateway, ...net.config.chains];
    expect(nodes.map((n) => Number(new URL(n.rpcUrl).port))).toEqual(ports);
    expect(await Promise.all(nodes.map((n) => rpc<string>(n.rpcUrl, 'eth_chainId')))).toEqual(['0x9', '0x1fa', '0x10f', '0x110']);
  });

  it('settles a message from 271 through Gateway and the L1 so that it verifies on 272', async () => {
    const a = await createChainClients({ rpcUrl: net.own(271), account: RICH_WALLET_KEYS[0]! });
    const b = await createChainClients({ rpcUrl: net.own(272) });
    const sent = await sendMessage(a.walletClient!, { message: 'started all at once' });
    await waitForMessage(a.publicClient, { txHash: sent.txHash, until: 'verifiable', on: b.publicClient, timeoutMs: 60_000 });
    expect(await verifyMessage(b.publicClient, await getInteropProof(a.publicClient, { txHash: sent.txHash }))).toBe(true);
  });
});
