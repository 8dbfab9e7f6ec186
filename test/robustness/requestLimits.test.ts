/**
 * Robustness: every request is bounded (docs/security.md, "Request limits"). Found by an adversarial
 * run: an eth_getLogs up to block 2^64-1 kept Gateway's engine busy for good (settlement stopped), and
 * an endless-loop eth_call with gas 2^63-1 grew the process to 24 GB until the kernel killed it. Here,
 * over real HTTP: log ranges are clamped to the head and limited in width and results, calls and
 * estimates are capped in gas and time, the process's memory stays under a bound, and the network
 * keeps sealing and settling afterwards. Bounds are limits (what the node answers, how much memory it
 * may take), never speeds; the waits are polls with deadlines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numberToHex, type Address, type Hex } from 'viem';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { ethNamespace } from '../../src/chain/rpc/ethNamespace.ts';
import { createRequestBounds } from '../../src/chain/rpc/requestLimits.ts';
import { createMethodTable, getMethod } from '../../src/rpc/methodTable.ts';
import { toJsonRpcError } from '../../src/rpc/errors.ts';
import { sendMessage } from '../support/interop.ts';
import { propertyRuns } from '../support/propertyRuns.ts';
import { CALLER_FAULT_CODES, LOOP_RUNTIME, OVERRIDDEN, deployLoop, withPeakRss } from '../support/requestLimits.ts';
import { call, post, type Answer } from '../support/httpRpc.ts';

const MAX_U64 = numberToHex(2n ** 64n - 1n);
const GAS_2_63 = '0x7fffffffffffffff';
const GiB = 1024 ** 3;
/**
 * What one capped call may add to the process's memory. EDR keeps a trace of every EVM step until a
 * call returns: ~200-300 B per gas for this loop, so ~2-3 GB at the default cap of 10,000,000 gas, and
 * one call runs at a time. Uncapped, the same call took more than 20 GB and was killed.
 */
const MEMORY_BOUND = 4 * GiB;

type Log = { blockNumber: Hex; transactionHash: Hex };

describe('with the default request limits', () => {
  let net: TestNetwork;
  let gatewayUrl: string;
  let chainUrl: string;
  let loop: Address;

  beforeAll(async () => {
    net = await createNetwork({ chains: 2 });
    gatewayUrl = net.gateway.rpcUrl;
    chainUrl = net.chain(271).rpcUrl;
    loop = await deployLoop(net, 271);
  });
  afterAll(() => net?.stop());

  it('answers eth_getLogs up to block 2^64-1 on Gateway with its logs up to the head, and the network still settles and imports', async () => {
    const logs = await call<Log[]>(gatewayUrl, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: MAX_U64 }]);
    const head = BigInt(await call<Hex>(gatewayUrl, 'eth_blockNumber'));
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((log) => BigInt(log.blockNumber) <= head)).toBe(true);
    const sent = await sendMessage(net.network.node(271), 'after a query up to 2^64-1');
    await net.advanceUntil(sent.txHash, 'imported', { on: 272 });
  });

  it('answers [] to eth_getLogs from a block past the head, however far', async () => {
    for (const fromBlock of [MAX_U64, numberToHex(2n ** 256n - 1n), numberToHex(BigInt(await call<Hex>(chainUrl, 'eth_blockNumber')) + 1_000_000n)]) {
      expect(await call(chainUrl, 'eth_getLogs', [{ fromBlock, toBlock: MAX_U64 }])).toEqual([]);
    }
  });

  it('answers eth_getFilterLogs of a filter up to block 2^64-1 with the logs eth_getLogs gives up to the head', async () => {
    const id = await call<Hex>(gatewayUrl, 'eth_newFilter', [{ fromBlock: 'earliest', toBlock: MAX_U64 }]);
    const filtered = await call<Log[]>(gatewayUrl, 'eth_getFilterLogs', [id]);
    const head = filtered.at(-1)!.blockNumber;
    expect(filtered).toEqual(await call<Log[]>(gatewayUrl, 'eth_getLogs', [{ fromBlock: 'earliest', toBlock: head }]));
    expect(await call(gatewayUrl, 'eth_uninstallFilter', [id])).toBe(true);
  });

  it('answers an endless-loop eth_call with gas 2^63-1 with an error (out of gas at the cap, or the timeout), within the memory bound, and the chain still works', async () => {
    const { value: answer, before, peak } = await withPeakRss(async () => {
      const looped = await post(chainUrl, 'eth_call', [{ to: OVERRIDDEN, gas: GAS_2_63 }, 'latest', { [OVERRIDDEN]: { code: LOOP_RUNTIME } }]);
      // The next call takes its turn only once the loop has really ended in the engine (the timeout
      // answers early, the gas cap ends it): the sampler covers all of its memory.
      expect((await post(chainUrl, 'eth_call', [{ to: loop, gas: '0x5208' }, 'latest'])).error?.code).toBe(-32000);
      return looped;
    });
    expect(answer.error?.code).toBe(-32000);
    expect(answer.error?.message).toMatch(/^(out of gas: this node runs eth_call with at most 10000000 gas|execution aborted \(timeout = 5s\))/);
    expect(peak - before).toBeLessThan(MEMORY_BOUND);
    await expectChainWorks(net, chainUrl);
  });

  it('answers an endless-loop eth_estimateGas, with gas 2^63-1 or none, with "gas required exceeds allowance", and the chain still works', async () => {
    for (const request of [{ to: loop, gas: GAS_2_63 }, { to: loop }]) {
      const { value: answer, before, peak } = await withPeakRss(() => post(chainUrl, 'eth_estimateGas', [request, 'latest']));
      expect(answer.error?.code, JSON.stringify(request)).toBe(-32000);
      expect(answer.error?.message).toMatch(/^(gas required exceeds allowance \(10000000\)|execution aborted \(timeout = 5s\))/);
      expect(peak - before).toBeLessThan(MEMORY_BOUND);
    }
    await expectChainWorks(net, chainUrl);
  });

  it('runs an in-process component\'s eth_call with the cap too, but without a turn or timeout', async () => {
    await expect(net.chain(271).request('eth_call', [{ to: loop, gas: GAS_2_63 }, 'latest'])).rejects.toThrow(/out of gas: this node runs eth_call with at most 10000000 gas/);
  });
});

describe('with small request limits', () => {
  const limits = { gasCap: 300_000n, maxLogBlockRange: 8, maxLogResults: 3 };
  let net: TestNetwork;
  let url: string;
  let loop: Address;

  beforeAll(async () => {
    net = await createNetwork({ chains: 2, requestLimits: limits });
    url = net.chain(271).rpcUrl;
    loop = await deployLoop(net, 271);
    // Enough blocks and logs on both chains and on Gateway to be over the log limits.
    for (let i = 0; i < 4; i++) await net.advanceUntil((await sendMessage(net.network.node(271 + (i % 2)), `filler ${i}`)).txHash, 'imported');
  });
  afterAll(() => net?.stop());

  it('refuses an eth_getLogs range wider than the limit with -32602 "query exceeds max block range 8"', async () => {
    const answer = await post(url, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }]);
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toMatch(/^query exceeds max block range 8: blocks 0x0 to 0x[0-9a-f]+ are \d+ blocks/);
  });

  it('refuses more logs than the limit over several blocks with -32602 and a narrower range, which then answers', async () => {
    const gatewayUrl = net.gateway.rpcUrl;
    const head = Number(BigInt(await call<Hex>(gatewayUrl, 'eth_blockNumber')));
    const fromBlock = numberToHex(Math.max(0, head - 7));
    const answer = await post(gatewayUrl, 'eth_getLogs', [{ fromBlock, toBlock: 'latest' }]);
    expect(answer.error?.code).toBe(-32602);
    const match = /^Query returned more than 3 results\. Try with this block range \[(0x[0-9a-f]+), (0x[0-9a-f]+)\]\.$/.exec(answer.error!.message);
    expect(match?.[1]).toBe(fromBlock);
    const narrower = await call<Log[]>(gatewayUrl, 'eth_getLogs', [{ fromBlock: match![1], toBlock: match![2] }]);
    expect(narrower.length).toBeLessThanOrEqual(3);
  });

  it('answers every log of one block, over the results limit or not', async () => {
    const gatewayUrl = net.gateway.rpcUrl;
    const head = Number(BigInt(await call<Hex>(gatewayUrl, 'eth_blockNumber')));
    let most = 0;
    for (let block = Math.max(0, head - 7); block <= head; block++) {
      const logs = await call<Log[]>(gatewayUrl, 'eth_getLogs', [{ fromBlock: numberToHex(block), toBlock: numberToHex(block) }]);
      most = Math.max(most, logs.length);
    }
    expect(most).toBeGreaterThan(3);
  });

  it('answers an endless-loop eth_call with -32000 "out of gas" at the cap, naming the flag that raises it', async () => {
    const answer = await post(url, 'eth_call', [{ to: loop, gas: GAS_2_63 }, 'latest']);
    expect(answer.error).toMatchObject({ code: -32000, message: 'out of gas: this node runs eth_call with at most 300000 gas (zkinterop up --rpc-gas-cap <gas> allows more)' });
  });

  it('answers an endless-loop eth_estimateGas with -32000 "gas required exceeds allowance (300000)"', async () => {
    const answer = await post(url, 'eth_estimateGas', [{ to: loop }, 'latest']);
    expect(answer.error?.code).toBe(-32000);
    expect(answer.error?.message).toMatch(/^gas required exceeds allowance \(300000\): this node runs eth_estimateGas with at most 300000 gas/);
  });

  it('keeps a caller\'s own gas below the cap, and its own out-of-gas error', async () => {
    const answer = await post(url, 'eth_call', [{ to: loop, gas: numberToHex(100_000) }, 'latest']);
    expect(answer.error?.code).toBe(-32000);
    expect(answer.error?.message).not.toMatch(/this node runs/);
  });

  it('answers a remote eth_call past the timeout with -32000 "execution aborted (timeout = …)", and a call waiting behind it too', async () => {
    const node = net.network.node(271).node;
    // A cap high enough that the loop cannot burn it within the 20 ms budget on a fast machine (at 300,000 gas an
    // idle CI machine answered "out of gas" first); EDR still runs each call to its cap after the answer, ~0.1–0.5 s.
    const table = createMethodTable(ethNamespace(node, createRequestBounds({ ...limits, gasCap: 20_000_000n, timeoutMs: 20 })));
    const remote = (params: unknown[]) =>
      getMethod(table, 'eth_call')
        .invoke(params, { path: '/', method: 'eth_call', transport: 'http' })
        .then((result) => ({ result }) as Answer, (error: unknown) => ({ error: toJsonRpcError(error, () => undefined) }) as Answer);
    const answers = await Promise.all([remote([{ to: loop }, 'latest']), remote([{ to: loop }, 'latest'])]);
    // Each budget counts from arrival, and which call runs first is up to the scheduler: a call may be
    // aborted while waiting, or just after the turn reached it in the instant its own timer fired (a loaded
    // CI machine saw that); either way it is the timeout, never a result.
    for (const answer of answers) {
      expect(answer.error).toMatchObject({ code: -32000, message: expect.stringMatching(/^execution aborted \(timeout = 20ms\): eth_call (waited for its turn|ran) longer/) });
    }
  });

  it('still settles, imports, and feeds a chain added late from Gateway\'s first block, all within the log limits', async () => {
    const added = await net.chain(271).request<{ chainId: number }>('zkinterop_addChain', [{}]);
    const sent = await sendMessage(net.network.node(271), 'to a chain that started late');
    await net.advanceUntil(sent.txHash, 'imported', { on: added.chainId });
  });

  it('answers random block ranges, filters and gas amounts with a result or a caller error, never an internal one, and still answers after', async () => {
    const realHash = (await call<{ hash: Hex }>(url, 'eth_getBlockByNumber', ['0x1', false])).hash;
    const quantity = fc.oneof(
      fc.bigInt({ min: 0n, max: 40n }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.constantFrom(2n ** 63n - 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 256n - 1n, 2n ** 256n),
    ).map((n) => numberToHex(n));
    const block = fc.oneof(
      { arbitrary: fc.constantFrom('latest', 'earliest', 'pending', 'safe', 'finalized'), weight: 3 },
      { arbitrary: quantity, weight: 6 },
      { arbitrary: fc.constantFrom('0x', 'banana', '-0x1'), weight: 1 },
    );
    const hash = fc.oneof(fc.constant(realHash), fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}`));
    const where = { address: fc.constantFrom(loop, OVERRIDDEN, '0x0000000000000000000000000000000000010005'), topics: fc.array(fc.oneof(fc.constant(null), fc.constant(`0x${'00'.repeat(32)}`)), { maxLength: 4 }) };
    const filter = fc.oneof(
      { arbitrary: fc.record({ fromBlock: block, toBlock: block, ...where }, { requiredKeys: [] }), weight: 8 },
      { arbitrary: fc.record({ blockHash: hash, ...where }, { requiredKeys: ['blockHash'] }), weight: 1 },
      { arbitrary: fc.record({ blockHash: hash, fromBlock: block, toBlock: block }, { requiredKeys: ['blockHash'] }), weight: 1 },
    );
    const gas = fc.option(quantity, { nil: undefined, freq: 4 });
    const target = fc.constantFrom(loop, OVERRIDDEN, '0x0000000000000000000000000000000000010005');
    const request = fc.oneof(
      filter.map((f) => ({ method: 'eth_getLogs', params: [f] })),
      filter.map((f) => ({ method: 'eth_newFilter', params: [f], then: 'eth_getFilterLogs' })),
      fc.tuple(target, gas, block).map(([to, g, b]) => ({ method: 'eth_call', params: [{ to, gas: g }, b, { [OVERRIDDEN]: { code: LOOP_RUNTIME } }] })),
      fc.tuple(target, gas, block).map(([to, g, b]) => ({ method: 'eth_estimateGas', params: [{ to, gas: g }, b] })),
      fc.tuple(target, gas).map(([to, g]) => ({ method: 'zks_estimateFee', params: [{ to, gas: g }] })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ method, params, then }: { method: string; params: unknown[]; then?: string }) => {
        const answers = [await post(url, method, params)];
        if (then && answers[0]!.result !== undefined) answers.push(await post(url, then, [answers[0]!.result]));
        for (const answer of answers) {
          if (answer.error) expect(CALLER_FAULT_CODES, `${method} ${JSON.stringify(params)}: ${answer.error.message}`).toContain(answer.error.code);
          else expect(answer.result, method).not.toBeUndefined();
        }
      }),
      { numRuns: propertyRuns(60) },
    );
    expect(BigInt(await call<Hex>(url, 'eth_blockNumber'))).toBeGreaterThan(0n);
  });
});

/** The chain answers eth_blockNumber and seals a new block with a transaction. */
async function expectChainWorks(net: TestNetwork, url: string): Promise<void> {
  const before = BigInt(await call<Hex>(url, 'eth_blockNumber'));
  const hash = await net.chain(271).wallet.sendTransaction({ to: '0x0000000000000000000000000000000000000001', value: 1n });
  const receipt = await net.chain(271).client.waitForTransactionReceipt({ hash, pollingInterval: 10 });
  expect(receipt.status).toBe('success');
  expect(BigInt(await call<Hex>(url, 'eth_blockNumber'))).toBeGreaterThan(before);
}
