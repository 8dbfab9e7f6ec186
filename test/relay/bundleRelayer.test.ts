/**
 * Which bundles the network's relayer takes (`BundleRelayer.relays`, shown as `relayed`): any bundle
 * without an executionAddress, or one naming the relayer (with no chain, or the destination's), and only
 * on destinations it relays to; never one naming someone else or another chain, nor unreadable bytes.
 */
import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { BundleIndex } from '../../src/relay/bundleIndex.ts';
import { BundleRelayer } from '../../src/relay/bundleRelayer.ts';
import { formatEvmV1 } from '../../src/protocol/bundle.ts';

const key = generatePrivateKey();
const relayerAddress = privateKeyToAddress(key);
const index = new BundleIndex({ gatewayChainId: 506, chains: () => [], pollMs: () => 10, onError: () => undefined });
const relayer = new BundleRelayer({ index, privateKey: key, chains: () => [], relaysOn: (chainId) => chainId !== 273, onError: () => undefined });
const relays = (executionAddress: Hex | null, destinationChainId = 272) => relayer.relays({ destinationChainId, executionAddress });

describe('BundleRelayer.relays', () => {
  it('takes a bundle anyone may execute', () => {
    expect(relays(null)).toBe(true);
  });

  it('takes a bundle naming the relayer without a chain or on the destination', () => {
    expect(relays(formatEvmV1({ address: relayerAddress }))).toBe(true);
    expect(relays(formatEvmV1({ chainId: 272, address: relayerAddress }))).toBe(true);
  });

  it('leaves a bundle naming another account, or the relayer on another chain', () => {
    expect(relays(formatEvmV1({ address: privateKeyToAddress(generatePrivateKey()) }))).toBe(false);
    expect(relays(formatEvmV1({ chainId: 271, address: relayerAddress }))).toBe(false);
  });

  it('leaves a bundle whose executionAddress does not parse, or names a chain only', () => {
    expect(relays('0x1234')).toBe(false);
    expect(relays(formatEvmV1({ chainId: 272 }))).toBe(false);
  });

  it('leaves every bundle to a destination it does not relay to', () => {
    expect(relays(null, 273)).toBe(false);
  });
});
