/**
 * The root path watcher → relay → chain with faults off: every root reaches the chain while no fault
 * code runs on the path (no delivery policy is ever made, the fault module is never called).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import type { NetworkNode } from '../../src/network/network.ts';
import { NetworkFaults } from '../../src/network/faults.ts';
import { DeliveryPolicy } from '../../src/relay/deliveryPolicy.ts';
import { RootRelay } from '../../src/relay/rootRelay.ts';
import { claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

let net: TestNetwork;

beforeAll(async () => {
  net = await createNetwork({ chains: 2 });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await net?.stop();
});

it('hands roots from the watcher straight to the chain, with no policy and no fault code on the path', async () => {
  const handOver = vi.spyOn(RootRelay.prototype, 'handOver');
  const policyTake = vi.spyOn(DeliveryPolicy.prototype, 'take');
  const prototype = NetworkFaults.prototype as unknown as Record<string, unknown>;
  const faultMethods = Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(prototype, name)?.value === 'function')
    .map((name) => vi.spyOn(prototype, name as never));
  expect(faultMethods.length).toBeGreaterThan(5);
  const [a, b] = [271, 272].map((id) => net.network.node(id)) as [NetworkNode, NetworkNode];
  const gateway = net.network.gateway;

  const settled = await waitSettled(a, gateway, await sendMessage(a, 'faults off'));
  await waitInteropRoot(b, gateway.chainId, settled.gatewayBlock);
  expect(await proveOn(b, claimOf(271, settled))).toBe(true);

  expect(handOver).toHaveBeenCalled();
  expect(policyTake).not.toHaveBeenCalled();
  for (const spy of faultMethods) expect(spy).not.toHaveBeenCalled();
  for (const chainId of [271, 272]) expect((net.network.relayOf(chainId) as RootRelay).hasPolicy).toBe(false);
});
