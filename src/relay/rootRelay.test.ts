import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Hex } from 'viem';
import type { InteropRootRef } from '../chain/types.ts';
import { DeliveryPolicy } from './deliveryPolicy.ts';
import { RootRelay } from './rootRelay.ts';

const GATEWAY = 506;
const root = (blockNumber: number): InteropRootRef => ({ chainId: GATEWAY, blockNumber, root: `0x${blockNumber.toString(16).padStart(64, '0')}` as Hex });

function relayWithSink() {
  const imported: InteropRootRef[][] = [];
  const dropped: number[] = [];
  const relay = new RootRelay({
    gatewayChainId: GATEWAY,
    sink: { importInteropRoots: (roots) => void imported.push([...roots]) },
    onDropped: (d) => void dropped.push(d.gatewayBlock),
  });
  return { relay, imported, dropped };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('RootRelay', () => {
  test('default: with no policy set, hands the roots straight to the sink and no policy code runs', () => {
    const take = vi.spyOn(DeliveryPolicy.prototype, 'take');
    const { relay, imported } = relayWithSink();
    relay.handOver([root(1), root(2)]);
    expect(imported).toEqual([[root(1), root(2)]]);
    expect(relay.hasPolicy).toBe(false);
    expect(take).not.toHaveBeenCalled();
    expect(relay.status()).toEqual({ rootDelayMs: 0, waitingRoots: [], dropsArmed: [], droppedRoots: [] });
  });

  test('behavior: a delay holds roots until it passes, then hands them on in order', () => {
    vi.useFakeTimers();
    const { relay, imported } = relayWithSink();
    expect(relay.setRootDelay(100)).toEqual({ rootDelayMs: 100, waitingRoots: 0 });
    relay.handOver([root(1)]);
    relay.handOver([root(2)]);
    expect(imported).toEqual([]);
    expect(relay.status().waitingRoots.map((w) => w.blockNumber)).toEqual([1, 2]);
    vi.advanceTimersByTime(100);
    expect(imported.flat()).toEqual([root(1), root(2)]);
  });

  test('behavior: lowering the delay to 0 releases waiting roots and takes the policy off the path', () => {
    vi.useFakeTimers();
    const { relay, imported } = relayWithSink();
    relay.setRootDelay(1_000);
    relay.handOver([root(1)]);
    expect(relay.hasPolicy).toBe(true);
    expect(relay.setRootDelay(0)).toEqual({ rootDelayMs: 0, waitingRoots: 0 });
    expect(imported).toEqual([[root(1)]]);
    expect(relay.hasPolicy).toBe(false);
  });

  test('behavior: an armed drop skips that Gateway block\'s root, tells onDropped, and the rest pass', () => {
    const { relay, imported, dropped } = relayWithSink();
    expect(relay.dropRoot(2)).toEqual({ status: 'armed' });
    expect(relay.status().dropsArmed).toEqual([2]);
    relay.handOver([root(1), root(2), root(3)]);
    expect(imported.flat()).toEqual([root(1), root(3)]);
    expect(dropped).toEqual([2]);
    expect(relay.status().droppedRoots).toEqual([{ gatewayBlock: 2, root: root(2).root, at: expect.any(Number) }]);
    expect(relay.hasPolicy).toBe(false);
  });

  test('behavior: dropping a waiting root drops it at once', () => {
    vi.useFakeTimers();
    const { relay, imported, dropped } = relayWithSink();
    relay.setRootDelay(100);
    relay.handOver([root(1), root(2)]);
    expect(relay.dropRoot(1)).toEqual({ status: 'dropped', root: root(1).root });
    expect(dropped).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(imported.flat()).toEqual([root(2)]);
  });

  test('behavior: offered roots go to the sink past the policy', () => {
    vi.useFakeTimers();
    const { relay, imported } = relayWithSink();
    relay.setRootDelay(100);
    relay.offerRoots([root(7)]);
    expect(imported).toEqual([[root(7)]]);
  });

  test('behavior: forgetWaiting forgets held roots; they are never handed on', () => {
    vi.useFakeTimers();
    const { relay, imported } = relayWithSink();
    relay.setRootDelay(100);
    relay.handOver([root(1)]);
    relay.forgetWaiting();
    vi.advanceTimersByTime(1_000);
    expect(imported).toEqual([]);
    expect(relay.status().waitingRoots).toEqual([]);
  });
});
