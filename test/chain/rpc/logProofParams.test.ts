/**
 * zks_getL2ToL1LogProof's hand-written params check must never disagree with its zod schema: where it
 * answers, the schema accepts with the same output; everything else is left to the schema (whose
 * errors the robustness suite pins).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fastLogProofParams, logProofParams } from '../../../src/chain/rpc/zksNamespace.ts';

const HASH = `0x${'ab'.repeat(32)}`;

const hexDigits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n });
const hashLike = fc.oneof(
  hexDigits(64).map((d) => `0x${d}`),
  hexDigits(64).map((d) => `0X${d}`),
  fc.integer({ min: 0, max: 70 }).chain((n) => hexDigits(n).map((d) => `0x${d}`)),
  fc.string(),
  fc.constantFrom(null, 5, true, {}, []),
);
const indexLike = fc.oneof(
  fc.integer({ min: -3, max: 300 }),
  fc.constantFrom(0.5, -0, 2 ** 53, 2 ** 53 - 1, Number.MAX_VALUE, null, '0x1', '0x', '7', true, {}),
  hexDigits(3).map((d) => `0x${d}`),
);
const modeLike = fc.oneof(fc.constantFrom('proof_based_gw', 'messageRoot', 'gw_message_root', 'l1BatchRoot', 'final', 'PROOF_BASED_GW', 'messageroot', 'toString', '', null, 1, {}), fc.string());
const paramsLike = fc.oneof(
  fc.tuple(hashLike),
  fc.tuple(hashLike, indexLike),
  fc.tuple(hashLike, indexLike, modeLike),
  fc.tuple(hashLike, indexLike, modeLike, fc.anything()),
  fc.constant([]),
);

describe('fastLogProofParams', () => {
  test('answers for the calls clients make', () => {
    expect(fastLogProofParams([HASH.toUpperCase().replace('0X', '0x'), 3, 'proof_based_gw'])).toEqual([HASH, 3, 'gateway']);
    expect(fastLogProofParams([HASH])).toEqual([HASH]);
    expect(fastLogProofParams([HASH, null, null])).toEqual([HASH, undefined, undefined]);
    expect(fastLogProofParams([HASH, 0, 'messageRoot'])).toEqual([HASH, 0, 'messageRoot']);
    expect(fastLogProofParams([HASH, 0, 'l1BatchRoot'])).toEqual([HASH, 0, 'l1BatchRoot']);
  });

  test('property: where it answers, the schema accepts the same params with the same output', () => {
    fc.assert(
      fc.property(paramsLike, (params) => {
        const fast = fastLogProofParams(params);
        if (fast === undefined) return;
        const parsed = logProofParams.safeParse(params);
        expect(parsed.success).toBe(true);
        expect(fast).toEqual(parsed.data);
      }),
      { numRuns: 5_000 },
    );
  });

  test('property: well-formed params (hash, JSON-number index, known mode) take the fast path', () => {
    fc.assert(
      fc.property(hexDigits(64), fc.nat(100_000), fc.constantFrom('proof_based_gw', 'messageRoot', 'gw_message_root', 'l1BatchRoot', null, undefined), (digits, index, mode) => {
        expect(fastLogProofParams([`0x${digits}`, index, mode])).toEqual(logProofParams.parse([`0x${digits}`, index, mode]));
      }),
    );
  });
});
