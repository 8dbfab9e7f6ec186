import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodePacked, keccak256, pad, type Address, type Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { L1_MESSENGER_ADDRESS } from './constants.ts';
import { l2MessageToLog, l2ToL1LogLeaf, messageLog, serializeL2ToL1Log, type L2ToL1Log } from './l2ToL1Log.ts';

const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex);
const logArb: fc.Arbitrary<L2ToL1Log> = fc.record({
  l2ShardId: fc.integer({ min: 0, max: 255 }),
  isService: fc.boolean(),
  txNumberInBatch: fc.integer({ min: 0, max: 0xffff }),
  sender: hex(20) as fc.Arbitrary<Address>,
  key: hex(32),
  value: hex(32),
});

describe('l2ToL1Log', () => {
  test('a log serializes as abi.encodePacked(uint8, bool, uint16, address, bytes32, bytes32)', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const packed = encodePacked(
          ['uint8', 'bool', 'uint16', 'address', 'bytes32', 'bytes32'],
          [log.l2ShardId, log.isService, log.txNumberInBatch, log.sender, log.key, log.value],
        );
        expect(serializeL2ToL1Log(log)).toBe(packed);
        expect(l2ToL1LogLeaf(log)).toBe(keccak256(packed));
      }),
    );
  });

  test('a serialized log is 88 bytes', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        expect((serializeL2ToL1Log(log).length - 2) / 2).toBe(88);
      }),
    );
  });

  test('messageLog is the log L1Messenger records for sendToL1', () => {
    const sender: Address = '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049';
    expect(messageLog(sender, '0xdeadbeef', 7)).toEqual({
      l2ShardId: 0,
      isService: true,
      txNumberInBatch: 7,
      sender: L1_MESSENGER_ADDRESS,
      key: pad(sender.toLowerCase() as Hex, { size: 32 }),
      value: keccak256('0xdeadbeef'),
    });
  });

  test('l2MessageToLog builds the same log as messageLog', () => {
    const message = { txNumberInBatch: 3, sender: '0x000000000000000000000000000000000000beef' as Address, data: '0x0102' as Hex };
    expect(l2MessageToLog(message)).toEqual(messageLog(message.sender, message.data, 3));
  });

  test('error: a txNumberInBatch beyond uint16 is rejected', () => {
    const log = messageLog('0x000000000000000000000000000000000000beef', '0x', 0x10000);
    expect(() => serializeL2ToL1Log(log)).toThrow(InvalidArgumentError);
  });

  test('error: a malformed key is rejected', () => {
    const log = { ...messageLog('0x000000000000000000000000000000000000beef', '0x', 1), key: '0x01' as Hex };
    expect(() => serializeL2ToL1Log(log)).toThrow(InvalidArgumentError);
  });
});
