/**
 * The shapes of a chain's JSON-RPC answers that ZKsync clients parse (SPEC §8): receipts with their
 * batch fields and L2→L1 logs, EVM logs with ZKsync's extra fields, zks_getTransactionDetails /
 * zks_getL1BatchDetails / zks_getBlockDetails, the `safe` and `finalized` tags following settlement,
 * WebSocket subscriptions, and the gas and fee methods. The network runs in manual mode so the test
 * moves the batch through settlement one stage at a time.
 *
 * It runs without an L1 (`l1: false`), so `finalized` follows Gateway's execute alone; test/l1 covers the
 * rule with an L1 (SPEC §10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeFunctionData, keccak256, numberToHex, pad, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { L1_MESSENGER_ADDRESS, l1MessengerAbi } from '../../src/contracts/index.ts';
import { RICH_ADDRESS } from '../support/interop.ts';
import { advance, inOneBlock, sealBatch } from '../support/manual.ts';
import { pollUntil } from '../support/poll.ts';

const GATEWAY = 506;
const SECOND_ADDRESS: Address = privateKeyToAddress(RICH_WALLET_KEYS[1]!);
const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/;
const HASH = /^0x[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

type Json = Record<string, unknown>;
type Receipt = Json & { blockNumber: Hex; blockHash: Hex; transactionHash: Hex; transactionIndex: Hex; l1BatchNumber: Hex | null; l1BatchTxIndex: Hex | null; logs: Json[]; l2ToL1Logs: Json[] };
type Block = Json & { number: Hex; hash: Hex };

let net: Network;
let chain: NetworkNode;
/** Two messages sent in one block, by two accounts: [first, second]. */
let receipts: [Receipt, Receipt];
const texts = ['first message of the block', 'second message of the block'].map((t) => toHex(t));

function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  return chain.client.request<T>(method, params);
}

function sendToL1(from: Address, data: Hex): Promise<Hex> {
  return rpc<Hex>('eth_sendTransaction', [{ from, to: L1_MESSENGER_ADDRESS, data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [data] }) }]);
}

async function blockNumberOf(tag: string): Promise<number> {
  return Number(BigInt((await rpc<Block>('eth_getBlockByNumber', [tag, false])).number));
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: GATEWAY, port: 0 }, chains: [{ chainId: 271, port: 0 }], manual: true, l1: false });
  chain = net.node(271);
  const hashes = await inOneBlock(chain.node, 2, () => Promise.all([sendToL1(RICH_ADDRESS, texts[0]!), sendToL1(SECOND_ADDRESS, texts[1]!)]));
  const [first, second] = await Promise.all(hashes.map((h) => rpc<Receipt>('eth_getTransactionReceipt', [h])));
  receipts = [first!, second!];
});

afterAll(async () => {
  await net?.stop();
});

describe('receipts', () => {
  it('carry l1BatchNumber, l1BatchTxIndex and l2ToL1Logs with every field of SPEC §8', () => {
    const [receipt] = receipts;
    expect(receipt.l1BatchNumber).toBe('0x1');
    expect(receipt.l1BatchTxIndex).toBe('0x0');
    expect(receipt.l2ToL1Logs).toHaveLength(1);
    const log = receipt.l2ToL1Logs[0]!;
    expect(Object.keys(log).sort()).toEqual(
      ['blockHash', 'blockNumber', 'isService', 'key', 'l1BatchNumber', 'logIndex', 'sender', 'shardId', 'transactionHash', 'transactionIndex', 'transactionLogIndex', 'txIndexInL1Batch', 'value'].sort(),
    );
    expect(log).toEqual({
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      l1BatchNumber: '0x1',
      transactionIndex: receipt.transactionIndex,
      transactionHash: receipt.transactionHash,
      transactionLogIndex: '0x0',
      txIndexInL1Batch: '0x0',
      shardId: '0x0',
      isService: true,
      sender: L1_MESSENGER_ADDRESS,
      key: pad(RICH_ADDRESS.toLowerCase() as Address, { size: 32 }),
      value: keccak256(texts[0]!),
      logIndex: '0x0',
    });
  });

  it('of two messages in one block number the second log 1 in the block and its transaction 1 in the batch', () => {
    const [first, second] = receipts;
    expect(second.blockNumber).toBe(first.blockNumber);
    expect(second.l1BatchTxIndex).toBe('0x1');
    expect(second.l2ToL1Logs[0]).toMatchObject({
      transactionIndex: second.transactionIndex,
      txIndexInL1Batch: '0x1',
      transactionLogIndex: '0x0',
      logIndex: '0x1',
      key: pad(SECOND_ADDRESS.toLowerCase() as Address, { size: 32 }),
      value: keccak256(texts[1]!),
    });
  });

  it('carry EVM logs with l1BatchNumber, transactionLogIndex counted within their transaction, and logType null', () => {
    const [first, second] = receipts;
    expect(first.logs[0]).toMatchObject({ address: L1_MESSENGER_ADDRESS, l1BatchNumber: '0x1', transactionLogIndex: '0x0', logType: null, logIndex: '0x0' });
    // each sendToL1 emits L2ToL1LogSent then L1MessageSent: the second transaction's first log is the
    // block's third, but its transaction's first
    expect(first.logs[1]).toMatchObject({ transactionLogIndex: '0x1', logIndex: '0x1' });
    expect(second.logs[0]).toMatchObject({ l1BatchNumber: '0x1', transactionLogIndex: '0x0', logType: null, logIndex: '0x2', transactionHash: second.transactionHash });
  });

  it('match what eth_getLogs answers for the same block, ZKsync fields included', async () => {
    const logs = await rpc<Json[]>('eth_getLogs', [{ fromBlock: receipts[0].blockNumber, toBlock: receipts[0].blockNumber, address: L1_MESSENGER_ADDRESS }]);
    expect(logs).toEqual([...receipts[0].logs, ...receipts[1].logs]);
  });
});

describe('zks_getTransactionDetails before settlement', () => {
  it('says included, with no Gateway transactions yet', async () => {
    const details = await rpc<Json>('zks_getTransactionDetails', [receipts[0].transactionHash]);
    expect(details).toEqual({
      isL1Originated: false,
      status: 'included',
      fee: expect.stringMatching(QUANTITY),
      gasPerPubdata: expect.stringMatching(QUANTITY),
      initiatorAddress: RICH_ADDRESS.toLowerCase(),
      receivedAt: expect.stringMatching(ISO_TIME),
      ethCommitTxHash: null,
      ethProveTxHash: null,
      ethExecuteTxHash: null,
    });
  });
});

describe('the safe and finalized block tags', () => {
  let batchLastBlock: number;

  it('stay behind latest while the batch is only sealed', async () => {
    const batchNumber = await sealBatch(chain);
    expect(batchNumber).toBe(1);
    const [, last] = await rpc<[Hex, Hex]>('zks_getL1BatchBlockRange', [1]);
    batchLastBlock = Number(BigInt(last));
    const latest = await blockNumberOf('latest');
    expect(latest).toBeGreaterThanOrEqual(batchLastBlock);
    expect(await blockNumberOf('safe')).toBeLessThan(batchLastBlock);
    expect(await blockNumberOf('finalized')).toBeLessThan(batchLastBlock);
  });

  it('moves safe to the last block of the batch once it is committed, and leaves finalized behind', async () => {
    await advance(chain, 'commit');
    expect(await blockNumberOf('safe')).toBe(batchLastBlock);
    expect(await blockNumberOf('finalized')).toBeLessThan(batchLastBlock);
    await advance(chain, 'prove');
    expect(await blockNumberOf('finalized')).toBeLessThan(batchLastBlock);
  });

  it('moves finalized to the last block of the batch once it is executed on Gateway', async () => {
    await advance(chain, 'execute');
    expect(await blockNumberOf('finalized')).toBe(batchLastBlock);
    expect(await blockNumberOf('safe')).toBe(batchLastBlock);
    const finalized = await rpc<Block>('eth_getBlockByNumber', ['finalized', false]);
    expect(finalized.hash).toBe((await rpc<Block>('eth_getBlockByNumber', [numberToHex(batchLastBlock), false])).hash);
  });
});

describe('zks_ detail methods once the batch is executed', () => {
  beforeAll(async () => {
    // The block-tag tests above settle batch 1; finish it here if they did not run.
    for (const stage of ['commit', 'prove', 'execute'] as const) {
      const details = await rpc<{ executeTxHash: Hex | null } | null>('zks_getL1BatchDetails', [1]);
      if (!details) await sealBatch(chain);
      if (details?.executeTxHash) break;
      await chain.client.request(`zkinterop_${stage}Batch`);
    }
  });

  it('zks_getTransactionDetails says verified and names the three Gateway transactions', async () => {
    const details = await rpc<Json>('zks_getTransactionDetails', [receipts[1].transactionHash]);
    expect(details).toMatchObject({ status: 'verified', ethCommitTxHash: expect.stringMatching(HASH), ethProveTxHash: expect.stringMatching(HASH), ethExecuteTxHash: expect.stringMatching(HASH) });
    const gatewayReceipt = await net.gateway.client.request<{ status: Hex }>('eth_getTransactionReceipt', [details.ethExecuteTxHash]);
    expect(gatewayReceipt.status).toBe('0x1');
  });

  it('zks_getL1BatchDetails has JSON numbers for number and timestamp, Gateway hashes and chain ids', async () => {
    const details = await rpc<Json>('zks_getL1BatchDetails', [1]);
    expect(details).toMatchObject({
      number: 1,
      timestamp: expect.any(Number),
      l1TxCount: 0,
      l2TxCount: 2,
      rootHash: expect.stringMatching(HASH),
      status: 'verified',
      commitTxHash: expect.stringMatching(HASH),
      committedAt: expect.stringMatching(ISO_TIME),
      commitChainId: GATEWAY,
      proveTxHash: expect.stringMatching(HASH),
      provenAt: expect.stringMatching(ISO_TIME),
      executeTxHash: expect.stringMatching(HASH),
      executedAt: expect.stringMatching(ISO_TIME),
      executeChainId: GATEWAY,
    });
    expect(details.baseSystemContractsHashes).toEqual(expect.objectContaining({ bootloader: expect.stringMatching(HASH), default_aa: expect.stringMatching(HASH) }));
    // the number also works as a hex quantity, as on the real server
    expect(await rpc('zks_getL1BatchDetails', ['0x1'])).toEqual(details);
  });

  it('zks_getBlockDetails of the messages block names its batch and the batch settlement', async () => {
    const number = Number(BigInt(receipts[0].blockNumber));
    const details = await rpc<Json>('zks_getBlockDetails', [number]);
    const batch = await rpc<Json>('zks_getL1BatchDetails', [1]);
    expect(details).toMatchObject({
      number,
      l1BatchNumber: 1,
      timestamp: expect.any(Number),
      l1TxCount: 0,
      l2TxCount: 2,
      rootHash: receipts[0].blockHash,
      status: 'verified',
      commitTxHash: batch.commitTxHash,
      proveTxHash: batch.proveTxHash,
      executeTxHash: batch.executeTxHash,
      operatorAddress: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
    });
  });

  it('zks_L1BatchNumber, zks_getL1BatchBlockRange and zks_L1ChainId answer hex quantities', async () => {
    expect(await rpc('zks_L1BatchNumber')).toBe('0x1');
    expect(await rpc('zks_getL1BatchBlockRange', [1])).toEqual([expect.stringMatching(QUANTITY), expect.stringMatching(QUANTITY)]);
    expect(await rpc('zks_L1ChainId')).toBe(numberToHex(GATEWAY));
    expect(await rpc('zks_getL1BatchBlockRange', [99])).toBeNull();
  });
});

/** A WebSocket JSON-RPC client that keeps every subscription notification. */
class WsClient {
  readonly notifications: { subscription: Hex; result: Json }[] = [];
  private readonly pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.method === 'eth_subscription') this.notifications.push(message.params);
      else this.pending.get(message.id)?.(message);
    });
  }

  static async connect(url: string): Promise<WsClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsClient(socket);
  }

  request<T>(method: string, params: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => (message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result as T)));
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

describe('WebSocket subscriptions', () => {
  let ws: WsClient;

  beforeAll(async () => {
    ws = await WsClient.connect(chain.wsUrl);
  });

  afterAll(() => ws?.close());

  it('eth_subscribe newHeads delivers the header of the block a transaction landed in', async () => {
    const subscription = await ws.request<Hex>('eth_subscribe', ['newHeads']);
    expect(subscription).toMatch(/^0x[0-9a-f]+$/);
    const receipt = await rpc<Receipt>('eth_getTransactionReceipt', [await sendToL1(RICH_ADDRESS, toHex('seen by newHeads'))]);
    const head = await pollUntil(() => ws.notifications.find((n) => n.subscription === subscription && n.result.number === receipt.blockNumber), { what: 'the newHeads notification' });
    expect(head.result).toMatchObject({ hash: receipt.blockHash, parentHash: expect.stringMatching(HASH), timestamp: expect.stringMatching(QUANTITY) });
    expect(await ws.request('eth_unsubscribe', [subscription])).toBe(true);
  });

  it('eth_subscribe logs delivers a matching log with the ZKsync fields', async () => {
    const subscription = await ws.request<Hex>('eth_subscribe', ['logs', { address: L1_MESSENGER_ADDRESS }]);
    const hash = await sendToL1(SECOND_ADDRESS, toHex('seen by a logs subscription'));
    const log = await pollUntil(() => ws.notifications.find((n) => n.subscription === subscription && n.result.transactionHash === hash), { what: 'the logs notification' });
    const receipt = await rpc<Receipt>('eth_getTransactionReceipt', [hash]);
    expect(log.result).toEqual(receipt.logs[0]);
    expect(log.result).toMatchObject({ transactionLogIndex: '0x0', logType: null, l1BatchNumber: receipt.l1BatchNumber });
  });
});

describe('gas and fee methods', () => {
  const call = { from: RICH_ADDRESS, to: L1_MESSENGER_ADDRESS, data: encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex('estimate me')] }) };

  it('eth_estimateGas takes an EIP-712 request with eip712Meta and estimates like the same plain call', async () => {
    const plain = BigInt(await rpc<Hex>('eth_estimateGas', [call]));
    const eip712 = await rpc<Hex>('eth_estimateGas', [{ ...call, type: '0x71', eip712Meta: { gasPerPubdata: '0xc350', factoryDeps: [] } }]);
    expect(eip712).toMatch(QUANTITY);
    expect(BigInt(eip712)).toBe(plain);
    expect(plain).toBeGreaterThan(21_000n);
  });

  it('zks_gasPerPubdata answers the gas per pubdata byte zksync-ethers signs with (50,000)', async () => {
    expect(await rpc('zks_gasPerPubdata')).toBe(numberToHex(50_000));
  });

  it('zks_estimateFee answers gas limit, fees and gas per pubdata as hex quantities', async () => {
    const fee = await rpc<Json>('zks_estimateFee', [call]);
    expect(fee).toEqual({
      gas_limit: expect.stringMatching(QUANTITY),
      max_fee_per_gas: expect.stringMatching(QUANTITY),
      max_priority_fee_per_gas: expect.stringMatching(QUANTITY),
      gas_per_pubdata_limit: numberToHex(50_000),
    });
    expect(BigInt(fee.gas_limit as Hex)).toBe(BigInt(await rpc<Hex>('eth_estimateGas', [call])));
  });
});
