import { describe, expect, it } from 'vitest';
import { decodeEventLog, decodeFunctionResult, keccak256, type Hex } from 'viem';
import { L1_MESSENGER_ADDRESS, l1MessengerAbi } from '../../src/contracts/index.ts';
import { TEST_ACCOUNT, calldata, createSystemChain } from '../support/systemChain.ts';

const MESSAGE: Hex = '0x48656c6c6f2c20696e7465726f7021';

describe('L1Messenger', () => {
  it('sendToL1 returns the keccak256 of the message', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const result = await engine.call({ from: TEST_ACCOUNT.address, to: L1_MESSENGER_ADDRESS, data: calldata(l1MessengerAbi, 'sendToL1', [MESSAGE]) });
    expect(decodeFunctionResult({ abi: l1MessengerAbi, functionName: 'sendToL1', data: result })).toBe(keccak256(MESSAGE));
  });

  it('sendToL1 emits L1MessageSent with the caller, the hash and the message, after its L2ToL1LogSent', async () => {
    const { engine } = await createSystemChain({ chainId: 271 });
    const receipt = await engine.execute({ from: TEST_ACCOUNT.address, to: L1_MESSENGER_ADDRESS, data: calldata(l1MessengerAbi, 'sendToL1', [MESSAGE]) });
    expect(receipt.logs).toHaveLength(2);
    const log = receipt.logs[1]!;
    expect(log.address).toBe(L1_MESSENGER_ADDRESS);
    expect(decodeEventLog({ abi: l1MessengerAbi, data: log.data, topics: log.topics })).toEqual({
      eventName: 'L1MessageSent',
      args: { sender: TEST_ACCOUNT.address, hash: keccak256(MESSAGE), message: MESSAGE },
    });
  });
});
