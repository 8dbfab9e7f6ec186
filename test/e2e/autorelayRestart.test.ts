/**
 * Auto-relay across restarts and network changes: with `autorelay: false` nothing executes bundles and a
 * manual executeBundle works; a file-backed network restarted with auto-relay on rebuilds the same bundle
 * lifecycles from its chains and its relayer (the same account, its key kept in the store) executes the
 * bundle that was waiting, once; a chain added at runtime has its bundles relayed; manual mode starts
 * with auto-relay off unless asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAddress, toEventSelector, toHex, type Address, type Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { openStore } from '../../src/store/index.ts';
import { INTEROP_HANDLER_ADDRESS, bundleReceiverBytecode } from '../../src/contracts/index.ts';
import type { AutorelayConfig, BundleLifecycle } from '../../src/wire/types.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { executeBundle, proveBundle, sendBundle, sendTx, type Chain, type Sent } from '../support/bundles.ts';
import { pollUntil } from '../support/poll.ts';
import { sqliteBackend } from '../support/stores.ts';

const GATEWAY = 506;
const BUNDLE_EXECUTED = toEventSelector('BundleExecuted(bytes32)');
const layout = () => ({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], l1: false as const, profile: 'instant' as const });

const backend = sqliteBackend();
let location: string;
let net: Network;

const lifecycle = (hash: Hex) => net.node(271).client.request<BundleLifecycle | null>('zkinterop_getBundle', [hash]);
const autorelay = async () => (await net.node(271).client.request<{ autorelay: AutorelayConfig }>('zkinterop_networkConfig')).autorelay;
const untilStage = (hash: Hex, stage: string) =>
  pollUntil(async () => {
    const found = await lifecycle(hash);
    return found?.stage === stage ? found : undefined;
  }, { what: `bundle ${hash} to reach ${stage}` });
const executions = async (chain: Chain, hash: Hex) =>
  (await chain.client.request<unknown[]>('eth_getLogs', [{ address: INTEROP_HANDLER_ADDRESS, topics: [BUNDLE_EXECUTED, hash], fromBlock: '0x0', toBlock: 'latest' }])).length;
const deployReceiver = async (chain: Chain): Promise<Address> => getAddress((await sendTx(chain, { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
/** What a rebuild must reproduce: everything but the handler's step times (read time live, block time after a restart) and `relayed`. */
const durable = (l: BundleLifecycle) => ({ ...l, relayed: undefined, steps: l.steps.map((s) => (['verified', 'executed', 'unbundled'].includes(s.step) ? { ...s, at: undefined } : s)) });

beforeAll(async () => {
  location = await backend.location();
  net = await startNetwork({ ...layout(), store: await openStore(location), autorelay: false });
});

afterAll(async () => {
  await net?.stop();
  await backend.cleanup();
});

describe('with autorelay: false', () => {
  let receiver: Address;
  let manual: Sent;
  let waiting: Sent;

  beforeAll(async () => {
    receiver = await deployReceiver(net.node(272));
    manual = await sendBundle(net.node(271), 272, [{ to: receiver, data: toHex('by hand') }], { from: RICH_ADDRESS });
    waiting = await sendBundle(net.node(271), 272, [{ to: receiver, data: toHex('waits') }], { from: RICH_ADDRESS });
  });

  it('says it is off, with no address', async () => {
    expect(await autorelay()).toEqual({ enabled: false, address: null });
  });

  it('leaves provable bundles alone, not relayed, while the index follows them', async () => {
    const found = await untilStage(waiting.hash, 'rootImported');
    expect(found.relayed).toBe(false);
    expect(await executions(net.node(272), waiting.hash)).toBe(0);
  });

  it('lets anyone execute a bundle by hand, which the index shows as executed', async () => {
    const proof = await proveBundle(net.node(271), net.node(272), GATEWAY, manual);
    const receipt = await executeBundle(net.node(272), RICH_ADDRESS, manual, proof);
    const executed = await untilStage(manual.hash, 'executed');
    expect(executed.steps.at(-1)).toMatchObject({ step: 'executed', txHash: receipt.transactionHash });
  });

  describe('after a restart from the store with auto-relay on', () => {
    let before: BundleLifecycle;
    let relayer: AutorelayConfig;

    beforeAll(async () => {
      before = (await lifecycle(manual.hash))!;
      await net.stop();
      net = await startNetwork({ ...layout(), store: await openStore(location) });
      relayer = await autorelay();
    });

    it('answers the same lifecycle for a bundle executed before', async () => {
      expect(durable((await lifecycle(manual.hash))!)).toEqual(durable(before));
    });

    it('has its relayer execute the bundle that was waiting, once', async () => {
      expect(relayer.enabled).toBe(true);
      const executed = await untilStage(waiting.hash, 'executed');
      const tx = await net.node(272).client.request<{ from: Address }>('eth_getTransactionByHash', [executed.steps.at(-1)!.txHash]);
      expect(getAddress(tx.from)).toBe(relayer.address);
      expect(await executions(net.node(272), waiting.hash)).toBe(1);
      expect(await executions(net.node(272), manual.hash)).toBe(1);
    });

    it('relays from the same account after another restart, executing nothing again', async () => {
      await net.stop();
      net = await startNetwork({ ...layout(), store: await openStore(location) });
      expect((await autorelay()).address).toBe(relayer.address);
      // A new bundle goes through, and the earlier ones stay executed once.
      const later = await sendBundle(net.node(271), 272, [{ to: receiver, data: toHex('later') }], { from: RICH_ADDRESS });
      await untilStage(later.hash, 'executed');
      for (const hash of [manual.hash, waiting.hash, later.hash]) expect(await executions(net.node(272), hash)).toBe(1);
    });

    it('relays the bundles of a chain added at runtime, both ways', async () => {
      const added = await net.addChain({ chainId: 280, port: 0 });
      const onAdded = await deployReceiver(added);
      const on271 = await deployReceiver(net.node(271));
      const to = await sendBundle(net.node(271), 280, [{ to: onAdded, data: toHex('to 280') }], { from: RICH_ADDRESS });
      const from = await sendBundle(added, 271, [{ to: on271, data: toHex('from 280') }], { from: RICH_ADDRESS });
      await untilStage(to.hash, 'executed');
      await untilStage(from.hash, 'executed');
      expect((await lifecycle(from.hash))!.relayed).toBe(true);
    });
  });
});

describe('in manual mode', () => {
  it('auto-relay is off unless asked for', async () => {
    for (const [autorelay, enabled] of [[undefined, false], [true, true]] as const) {
      const manual = await startNetwork({ ...layout(), manual: true, ...(autorelay === undefined ? {} : { autorelay }) });
      try {
        expect(manual.config().autorelay.enabled).toBe(enabled);
      } finally {
        await manual.stop();
      }
    }
  });
});
