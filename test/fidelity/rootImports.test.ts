/**
 * Root imports as a real ZKsync node does them (SPEC §6): bootloader work, not transactions. No block
 * lists an import, none shifts a user transaction's index, an import's EVM hash names nothing, and its
 * `InteropRootAdded` event stays readable by eth_getLogs as an event outside any transaction. At most
 * MAX_INTEROP_ROOTS_IN_BATCH (100, the bootloader's limit) roots go into one batch; the rest wait for
 * the next. Chains here settle nowhere, so roots of a made-up chain are fine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, keccak256, numberToHex, toHex, type Hex } from 'viem';
import { ChainNode } from '../../src/chain/chainNode.ts';
import { ethNamespace } from '../../src/chain/rpc/ethNamespace.ts';
import { zksNamespace } from '../../src/chain/rpc/zksNamespace.ts';
import { hardhatNamespace } from '../../src/chain/rpc/hardhatNamespace.ts';
import { NO_TRANSACTION_HASH } from '../../src/chain/rpc/present.ts';
import type { InteropRootRef } from '../../src/chain/types.ts';
import { createMethodTable } from '../../src/rpc/methodTable.ts';
import { createTableRpcClient } from '../../src/rpc/client.ts';
import type { RpcClient } from '../../src/rpc/client.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { l1MessengerAbi } from '../../src/contracts/index.ts';
import { L1_MESSENGER_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS, MAX_INTEROP_ROOTS_IN_BATCH } from '../../src/protocol/constants.ts';
import { openMemoryStore } from '../../src/store/memoryStore.ts';
import type { Store } from '../../src/store/journal.ts';

type Json = Record<string, unknown>;
const account = devAccounts()[0]!;
/** A chain nothing settles on: its roots are never checked. */
const MADE_UP_CHAIN = 999;

const rootsFrom = (first: number, count: number): InteropRootRef[] =>
  Array.from({ length: count }, (_, i) => ({ chainId: MADE_UP_CHAIN, blockNumber: first + i, root: keccak256(toHex(`root ${first + i}`)) }));

function createChain(options: { store?: Store; manual?: boolean } = {}): Promise<ChainNode> {
  return ChainNode.create({ chainId: 271, role: 'chain', accounts: [{ privateKey: account.privateKey, balance: account.balance }], ...options });
}

function clientOf(node: ChainNode): RpcClient {
  return createTableRpcClient(createMethodTable([...ethNamespace(node), ...zksNamespace(node, 506), ...hardhatNamespace(node)]));
}

/** A user transaction that sends an L2→L1 message (so it has logs), sealed in one block with `roots` imported at its head. */
async function blockWithImportAndMessage(node: ChainNode, client: RpcClient, roots: InteropRootRef[]): Promise<{ txHash: Hex; blockNumber: number }> {
  await node.holdBlockProduction();
  node.importInteropRoots(roots);
  const data = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: ['0x1234'] });
  const sent = client.request<Hex>('eth_sendTransaction', [{ from: account.address, to: L1_MESSENGER_ADDRESS, data }]);
  while (node.queuedTransactions === 0) await new Promise((r) => setImmediate(r));
  node.releaseBlockProduction();
  const txHash = await sent;
  const receipt = await node.engine.getReceipt(txHash);
  return { txHash, blockNumber: Number(receipt!.blockNumber) };
}

describe('a block that imported a root', () => {
  let node: ChainNode;
  let client: RpcClient;
  let txHash: Hex;
  let block: number;
  let importHash: Hex;
  const root = rootsFrom(1, 1);

  beforeAll(async () => {
    node = await createChain();
    client = clientOf(node);
    ({ txHash, blockNumber: block } = await blockWithImportAndMessage(node, client, root));
    const engineBlock = await node.engine.request<{ transactions: Hex[] }>('eth_getBlockByNumber', [numberToHex(block), false]);
    expect(engineBlock.transactions).toHaveLength(2);
    importHash = engineBlock.transactions[0]!;
  });

  afterAll(async () => {
    await node?.stop();
  });

  it('lists only the user transaction, by hash and in full', async () => {
    expect((await client.request<Json>('eth_getBlockByNumber', [numberToHex(block), false])).transactions).toEqual([txHash]);
    const full = await client.request<{ transactions: Json[] }>('eth_getBlockByNumber', [numberToHex(block), true]);
    expect(full.transactions.map((t) => [t.hash, t.transactionIndex])).toEqual([[txHash, '0x0']]);
  });

  it('gives the user transaction index 0 in its object, its receipt and its logs', async () => {
    const tx = await client.request<Json>('eth_getTransactionByHash', [txHash]);
    const receipt = await client.request<{ transactionIndex: Hex; logs: Json[]; l2ToL1Logs: Json[] }>('eth_getTransactionReceipt', [txHash]);
    expect(tx.transactionIndex).toBe('0x0');
    expect(receipt.transactionIndex).toBe('0x0');
    expect(receipt.logs.map((l) => l.transactionIndex)).toEqual(['0x0', '0x0']);
    expect(receipt.l2ToL1Logs.map((l) => l.transactionIndex)).toEqual(['0x0']);
    const logs = await client.request<Json[]>('eth_getLogs', [{ fromBlock: numberToHex(block), toBlock: numberToHex(block), address: L1_MESSENGER_ADDRESS }]);
    expect(logs.map((l) => [l.transactionHash, l.transactionIndex])).toEqual([[txHash, '0x0'], [txHash, '0x0']]);
  });

  it('counts one transaction by number, by hash and in zks_getBlockDetails', async () => {
    const blockHash = (await client.request<{ hash: Hex }>('eth_getBlockByNumber', [numberToHex(block), false])).hash;
    expect(await client.request('eth_getBlockTransactionCountByNumber', [numberToHex(block)])).toBe('0x1');
    expect(await client.request('eth_getBlockTransactionCountByHash', [blockHash])).toBe('0x1');
    expect((await client.request<{ l2TxCount: number }>('zks_getBlockDetails', [block])).l2TxCount).toBe(1);
    expect((await client.request<{ common_data: { L2: { input: { hash: Hex } } } }[]>('zks_getRawBlockTransactions', [block])).map((t) => t.common_data.L2.input.hash)).toEqual([txHash]);
  });

  it('finds the user transaction at index 0 and nothing at index 1', async () => {
    const blockHash = (await client.request<{ hash: Hex }>('eth_getBlockByNumber', [numberToHex(block), false])).hash;
    expect((await client.request<Json>('eth_getTransactionByBlockNumberAndIndex', [numberToHex(block), '0x0'])).hash).toBe(txHash);
    expect((await client.request<Json>('eth_getTransactionByBlockHashAndIndex', [blockHash, '0x0'])).hash).toBe(txHash);
    expect(await client.request('eth_getTransactionByBlockNumberAndIndex', [numberToHex(block), '0x1'])).toBeNull();
    expect(await client.request('eth_getTransactionByBlockHashAndIndex', [blockHash, '0x1'])).toBeNull();
  });

  it("answers null for the import's own hash", async () => {
    expect(await client.request('eth_getTransactionByHash', [importHash])).toBeNull();
    expect(await client.request('eth_getTransactionReceipt', [importHash])).toBeNull();
    expect(await client.request('zks_getTransactionDetails', [importHash])).toBeNull();
    await expect(client.request('debug_traceTransaction', [importHash])).rejects.toThrow(/not known/);
    await expect(client.request('debug_traceTransaction', [txHash])).resolves.toBeTruthy();
  });

  it('keeps InteropRootAdded readable by eth_getLogs, as an event outside any transaction', async () => {
    const logs = await client.request<Json[]>('eth_getLogs', [{ fromBlock: numberToHex(block), toBlock: numberToHex(block), address: L2_INTEROP_ROOT_STORAGE_ADDRESS }]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ transactionHash: NO_TRANSACTION_HASH, transactionIndex: '0x0', logIndex: '0x0', transactionLogIndex: '0x0', blockNumber: numberToHex(block) });
    expect(BigInt((logs[0]!.topics as Hex[])[1]!)).toBe(BigInt(MADE_UP_CHAIN));
  });

  it('brings InteropRootAdded to log filters, as an event outside any transaction', async () => {
    const filter = await client.request<Hex>('eth_newFilter', [{ address: L2_INTEROP_ROOT_STORAGE_ADDRESS }]);
    node.importInteropRoots(rootsFrom(2, 1));
    await node.idle();
    const changes = await client.request<Json[]>('eth_getFilterChanges', [filter]);
    expect(changes.map((l) => [l.transactionHash, l.transactionIndex, l.blockNumber])).toEqual([[NO_TRANSACTION_HASH, '0x0', numberToHex(node.blockNumber)]]);
  });

  it('still hides the import after a snapshot is restored', async () => {
    const state = await node.saveState();
    await client.request('eth_sendTransaction', [{ from: account.address, to: account.address, value: '0x1' }]);
    await node.restoreState(state);
    expect((await client.request<Json>('eth_getBlockByNumber', [numberToHex(block), false])).transactions).toEqual([txHash]);
    expect((await client.request<Json>('eth_getTransactionReceipt', [txHash])).transactionIndex).toBe('0x0');
  });
});

describe('root imports after a restart', () => {
  it('are hidden the same way once the journal is replayed', async () => {
    const store = openMemoryStore();
    const first = await createChain({ store });
    const { txHash, blockNumber } = await blockWithImportAndMessage(first, clientOf(first), rootsFrom(1, 3));
    await first.stop();
    const again = await createChain({ store });
    const client = clientOf(again);
    try {
      expect((await client.request<Json>('eth_getBlockByNumber', [numberToHex(blockNumber), false])).transactions).toEqual([txHash]);
      expect((await client.request<Json>('eth_getTransactionReceipt', [txHash])).transactionIndex).toBe('0x0');
      expect(again.batchOfBlock(blockNumber)!.dependencyRoots).toHaveLength(3);
    } finally {
      await again.stop();
    }
  });
});

describe('at most 100 roots per batch', () => {
  it('is the bootloader constant', () => {
    expect(MAX_INTEROP_ROOTS_IN_BATCH).toBe(100);
  });

  it('spreads 250 waiting roots over three batches, each root imported once', async () => {
    const node = await createChain();
    try {
      const roots = rootsFrom(1, 250);
      node.importInteropRoots(roots);
      await node.idle();
      expect(node.batches.slice(1).map((b) => [b.stage, b.dependencyRoots.length])).toEqual([['sealed', 100], ['sealed', 100], ['open', 50]]);
      expect(node.batches.flatMap((b) => b.dependencyRoots)).toEqual(roots);
      for (const r of roots) expect(node.importedRoot(r.chainId, r.blockNumber)).toBeDefined();
    } finally {
      await node.stop();
    }
  });

  it('seals a full batch when one more root arrives, and imports it in the next', async () => {
    const node = await createChain();
    try {
      node.importInteropRoots(rootsFrom(1, 100));
      await node.idle();
      expect(node.batches.slice(1).map((b) => [b.stage, b.dependencyRoots.length])).toEqual([['open', 100]]);
      node.importInteropRoots(rootsFrom(101, 1));
      await node.idle();
      expect(node.batches.slice(1).map((b) => [b.stage, b.dependencyRoots.length])).toEqual([['sealed', 100], ['open', 1]]);
    } finally {
      await node.stop();
    }
  });

  it("keeps the batches' boundaries through a restart", async () => {
    const store = openMemoryStore();
    const first = await createChain({ store });
    first.importInteropRoots(rootsFrom(1, 150));
    await first.idle();
    const before = first.batches.map((b) => [b.number, b.stage, b.firstBlock, b.lastBlock, b.dependencyRoots.length]);
    await first.stop();
    const again = await createChain({ store });
    try {
      expect(again.batches.map((b) => [b.number, b.stage, b.firstBlock, b.lastBlock, b.dependencyRoots.length])).toEqual(before);
    } finally {
      await again.stop();
    }
  });

  it('in manual mode, imports what the open batch has room for, and the rest once it is sealed', async () => {
    const node = await createChain({ manual: true });
    try {
      node.importInteropRoots(rootsFrom(1, 150));
      expect((await node.importWaitingRoots()).roots).toHaveLength(100);
      expect((await node.importWaitingRoots()).roots).toHaveLength(0);
      await node.sealBatch();
      expect((await node.importWaitingRoots()).roots).toHaveLength(50);
      expect(node.batches.slice(1).map((b) => b.dependencyRoots.length)).toEqual([100, 50]);
    } finally {
      await node.stop();
    }
  });
});
