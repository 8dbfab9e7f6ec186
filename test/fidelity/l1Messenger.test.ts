/**
 * L1Messenger as the real one (era-contracts system-contracts L1Messenger.sol, SPEC §2): sendToL1 emits
 * `L2ToL1LogSent` before `L1MessageSent`; `sendL2ToL1Log` is for system contracts only
 * (`onlyCallFromSystemContract`: addresses up to 0xffff) and its log names the caller as sender. The
 * node puts such a log in the batch's log tree in execution order with the messages, and
 * zks_getL2ToL1LogProof proves it.
 *
 * The network runs without an L1 (`l1: false`), where the no-mode proof ends at the chain batch root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEventLog, encodeFunctionData, keccak256, toHex, type Address, type Hex } from 'viem';
import { L1_MESSENGER_ADDRESS, l1MessengerAbi } from '../../src/contracts/index.ts';
import { EVENT_TOPICS } from '../../src/protocol/constants.ts';
import { calculateRoot } from '../../src/protocol/merkle.ts';
import { l2ToL1LogLeaf } from '../../src/protocol/l2ToL1Log.ts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { TEST_ACCOUNT, calldata, createSystemChain, revertOf } from '../support/systemChain.ts';
import { RICH_ADDRESS, type LogProof } from '../support/interop.ts';
import { settleOpenBatch } from '../support/manual.ts';

/** A system contract (≤ 0xffff) that forwards its calldata to L1Messenger: CALLDATACOPY, CALL 0x8008, STOP. */
const FORWARDER: Address = '0x000000000000000000000000000000000000ff01';
const FORWARDER_CODE: Hex = '0x365f5f375f5f365f5f6180085af15000';
const KEY: Hex = `0x${'11'.repeat(32)}`;
const VALUE: Hex = `0x${'22'.repeat(32)}`;
const rawLogCall = encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendL2ToL1Log', args: [false, KEY, VALUE] });

describe('L1Messenger contract', () => {
  it('emits L2ToL1LogSent (the log of sender 0x…8008, key = caller, value = H(message)) before L1MessageSent in sendToL1', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const message = toHex('ordered');
    const receipt = await engine.execute({ from: TEST_ACCOUNT.address, to: L1_MESSENGER_ADDRESS, data: calldata(l1MessengerAbi, 'sendToL1', [message]) });
    expect(receipt.logs.map((l) => l.topics[0])).toEqual([EVENT_TOPICS.L2ToL1LogSent, EVENT_TOPICS.L1MessageSent]);
    const first = decodeEventLog({ abi: l1MessengerAbi, eventName: 'L2ToL1LogSent', data: receipt.logs[0]!.data, topics: receipt.logs[0]!.topics });
    expect(first.args._l2log).toMatchObject({ l2ShardId: 0, isService: true, sender: L1_MESSENGER_ADDRESS, value: keccak256(message) });
    expect(BigInt(first.args._l2log.key)).toBe(BigInt(TEST_ACCOUNT.address));
  });

  it('refuses sendL2ToL1Log from an account that is not a system contract', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const refused = await revertOf(engine.execute({ from: TEST_ACCOUNT.address, to: L1_MESSENGER_ADDRESS, data: rawLogCall }), l1MessengerAbi);
    expect(refused.errorName).toBe('Unauthorized');
  });

  it('accepts sendL2ToL1Log from a system contract and names it as the log sender', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    await engine.setCode(FORWARDER, FORWARDER_CODE);
    const receipt = await engine.execute({ from: TEST_ACCOUNT.address, to: FORWARDER, data: rawLogCall });
    const event = decodeEventLog({ abi: l1MessengerAbi, eventName: 'L2ToL1LogSent', data: receipt.logs[0]!.data, topics: receipt.logs[0]!.topics });
    expect(event.args._l2log).toMatchObject({ isService: false, sender: FORWARDER, key: KEY, value: VALUE });
  });
});

describe('a raw L2→L1 log on a running chain', () => {
  let net: Network;
  let chain: NetworkNode;
  let messageTx: Hex;
  let rawTx: Hex;

  beforeAll(async () => {
    net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], manual: true, l1: false });
    chain = net.node(271);
    await chain.node.engine.request('hardhat_setCode', [FORWARDER, FORWARDER_CODE]);
    const send = (to: Address, data: Hex) => chain.client.request<Hex>('eth_sendTransaction', [{ from: RICH_ADDRESS, to, data }]);
    messageTx = await send(L1_MESSENGER_ADDRESS, encodeFunctionData({ abi: l1MessengerAbi, functionName: 'sendToL1', args: [toHex('before the raw log')] }));
    rawTx = await send(FORWARDER, rawLogCall);
    await settleOpenBatch(chain);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it("enters the batch's log tree after the message sent before it, with the caller as sender", async () => {
    const receipt = await chain.client.request<{ l2ToL1Logs: Record<string, unknown>[]; l1BatchNumber: Hex }>('eth_getTransactionReceipt', [rawTx]);
    expect(receipt.l2ToL1Logs).toHaveLength(1);
    expect(receipt.l2ToL1Logs[0]).toMatchObject({ sender: FORWARDER, isService: false, key: KEY, value: VALUE });
    const message = await chain.client.request<LogProof>('zks_getL2ToL1LogProof', [messageTx]);
    const raw = await chain.client.request<LogProof>('zks_getL2ToL1LogProof', [rawTx]);
    expect(raw.batchNumber).toBe(message.batchNumber);
    expect(raw.id).toBe(message.id + 1);
  });

  it('is proven by zks_getL2ToL1LogProof: its leaf and path lead to the chain batch root', async () => {
    const receipt = await chain.client.request<{ l1BatchTxIndex: Hex }>('eth_getTransactionReceipt', [rawTx]);
    const proof = await chain.client.request<LogProof>('zks_getL2ToL1LogProof', [rawTx]);
    const leaf = l2ToL1LogLeaf({ l2ShardId: 0, isService: false, txNumberInBatch: Number(BigInt(receipt.l1BatchTxIndex)), sender: FORWARDER, key: KEY, value: VALUE });
    // proof = [metadata, 14 siblings, aggregatedRoot]: the path of the leaf to the chain batch root
    expect(calculateRoot(proof.proof.slice(1), proof.id, leaf)).toBe(proof.root);
  });
});
