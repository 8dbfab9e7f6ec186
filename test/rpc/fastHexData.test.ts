/**
 * eth_sendRawTransaction's hand-written params check must never disagree with its zod schema: where it
 * answers, the schema accepts with the same output; everything else is left to the schema.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { fastHexDataTuple, hexData } from '../../src/rpc/schemas.ts';

const schema = z.tuple([hexData]);
const hexDigits = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 40 });
const valueLike = fc.oneof(
  hexDigits.map((d) => `0x${d}`),
  hexDigits.map((d) => `0X${d}`),
  hexDigits,
  fc.string(),
  fc.constantFrom(null, 5, true, {}, [], '0x', '0x0', 'x0'),
);
const paramsLike = fc.oneof(fc.tuple(valueLike), fc.tuple(valueLike, fc.anything()), fc.constant([]));

describe('fastHexDataTuple', () => {
  test('answers for a signed transaction as clients send it, lowercased', () => {
    expect(fastHexDataTuple(['0x02F8AB'])).toEqual(['0x02f8ab']);
    expect(fastHexDataTuple(['0x'])).toEqual(['0x']);
  });

  test('leaves anything unusual to the schema', () => {
    for (const params of [[], ['0x123'], ['12'], [5], ['0x12', 'extra'], ['0xzz']]) expect(fastHexDataTuple(params)).toBeUndefined();
  });

  test('never disagrees with the zod schema where it answers', () => {
    fc.assert(
      fc.property(paramsLike, (params) => {
        const fast = fastHexDataTuple(params);
        if (fast === undefined) return;
        const parsed = schema.safeParse(params);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(fast);
      }),
      { numRuns: 2_000 },
    );
  });
});
