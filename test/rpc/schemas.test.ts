import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  address,
  blockId,
  blockNumberOrTag,
  boolean,
  hash32,
  hexData,
  optionalParam,
  quantity,
  quantityAsNumber,
} from '../../src/rpc/schemas.ts';

function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  return schema.safeParse(value).error?.issues.map((issue) => issue.message).join('; ');
}

describe('hexData', () => {
  test('normalises to lowercase', () => {
    expect(hexData.parse('0XABcd')).toBe('0xabcd');
  });
  test('accepts empty data', () => {
    expect(hexData.parse('0x')).toBe('0x');
  });
  test('rejects an odd number of digits', () => {
    expect(messageOf(hexData, '0xabc')).toBe('expected hex data with an even number of digits');
  });
  test('rejects non-hex characters', () => {
    expect(hexData.safeParse('0xzz').success).toBe(false);
  });
});

describe('hash32', () => {
  test('accepts 32 bytes', () => {
    expect(hash32.parse(`0x${'AB'.repeat(32)}`)).toBe(`0x${'ab'.repeat(32)}`);
  });
  test('rejects 31 bytes', () => {
    expect(messageOf(hash32, `0x${'ab'.repeat(31)}`)).toBe('expected a 32-byte hex hash (0x + 64 hex digits)');
  });
});

describe('address', () => {
  test('accepts a checksummed address and returns it lowercase', () => {
    expect(address.parse('0x36615Cf349d7F6344891B1e7CA7C72883F5dc049')).toBe('0x36615cf349d7f6344891b1e7ca7c72883f5dc049');
  });
  test('does not enforce the checksum of a mixed-case address', () => {
    expect(address.safeParse('0x36615cF349d7F6344891B1e7CA7C72883F5dc049').success).toBe(true);
  });
  test('rejects a number', () => {
    expect(messageOf(address, 5)).toBe('expected a 20-byte hex address (0x + 40 hex digits)');
  });
});

describe('quantity', () => {
  test('parses to a bigint', () => {
    expect(quantity.parse('0x1a')).toBe(26n);
  });
  test('tolerates leading zeros', () => {
    expect(quantity.parse('0x001')).toBe(1n);
  });
  test('rejects the empty 0x', () => {
    expect(quantity.safeParse('0x').success).toBe(false);
  });
  test('rejects JSON numbers', () => {
    expect(messageOf(quantity, 26)).toBe('expected a hex quantity such as "0x1a"');
  });
  test('rejects values above 2^256 - 1', () => {
    expect(messageOf(quantity, `0x1${'0'.repeat(64)}`)).toBe('expected a quantity of at most 2^256 - 1');
  });
  test('as a number, rejects values above 2^53 - 1', () => {
    expect(quantityAsNumber.safeParse('0x20000000000000').success).toBe(false);
  });
  test('as a number, returns a number', () => {
    expect(quantityAsNumber.parse('0x10')).toBe(16);
  });
});

test('boolean rejects the string "true"', () => {
  expect(boolean.safeParse('true').success).toBe(false);
});

describe('blockNumberOrTag', () => {
  test.each(['latest', 'earliest', 'pending', 'safe', 'finalized', 'committed', 'l1_committed'] as const)('accepts the tag %s', (tag) => {
    expect(blockNumberOrTag.parse(tag)).toEqual({ kind: 'tag', tag });
  });
  test('accepts a hex number', () => {
    expect(blockNumberOrTag.parse('0x10')).toEqual({ kind: 'number', number: 16n });
  });
  test('rejects an unknown tag with the list of valid ones', () => {
    expect(messageOf(blockNumberOrTag, 'newest')).toBe(
      'expected a block number (hex quantity) or one of "latest", "earliest", "pending", "safe", "finalized", "committed", "l1_committed"',
    );
  });
});

describe('blockId (EIP-1898)', () => {
  const hash = `0x${'11'.repeat(32)}`;
  test('accepts a tag', () => {
    expect(blockId.parse('safe')).toEqual({ kind: 'tag', tag: 'safe' });
  });
  test('accepts { blockNumber }', () => {
    expect(blockId.parse({ blockNumber: '0x2' })).toEqual({ kind: 'number', number: 2n });
  });
  test('accepts { blockHash, requireCanonical }', () => {
    expect(blockId.parse({ blockHash: hash, requireCanonical: true })).toEqual({ kind: 'hash', hash, requireCanonical: true });
  });
  test('defaults requireCanonical to false', () => {
    expect(blockId.parse({ blockHash: hash })).toEqual({ kind: 'hash', hash, requireCanonical: false });
  });
  test('rejects both blockHash and blockNumber', () => {
    expect(blockId.safeParse({ blockHash: hash, blockNumber: '0x1' }).success).toBe(false);
  });
  test('reports a bad blockHash at its path', () => {
    const issue = blockId.safeParse({ blockHash: '0x12' }).error?.issues[0];
    expect(issue?.path).toEqual(['blockHash']);
  });
});

describe('optionalParam', () => {
  const schema = z.tuple([z.string(), optionalParam(quantity)]);
  test('treats an absent trailing param as undefined', () => {
    expect(schema.parse(['a'])).toEqual(['a']);
  });
  test('treats a null trailing param as undefined', () => {
    expect(schema.parse(['a', null])).toEqual(['a', undefined]);
  });
  test('still validates a given value', () => {
    expect(schema.safeParse(['a', 'zz']).success).toBe(false);
  });
});
