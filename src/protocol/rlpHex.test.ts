import fc from 'fast-check';
import { bytesToHex, toRlp, type Hex } from 'viem';
import { describe, expect, test } from 'vitest';
import { RLP_LIST, RlpHexError, readRlpHexList } from './rlpHex.ts';

const byteString = fc.uint8Array({ maxLength: 80 }).map(bytesToHex);
const item = fc.oneof(byteString, fc.array(byteString, { maxLength: 3 }));

describe('readRlpHexList', () => {
  test('reads back the top-level items of any list viem encodes, nested lists marked', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (items) => {
        const encoded = toRlp(items as (Hex | Hex[])[]);
        expect(readRlpHexList(encoded)).toEqual(items.map((i) => (Array.isArray(i) ? RLP_LIST : i)));
      }),
      { numRuns: 300 },
    );
  });

  test('starts reading where it is told (after a typed transaction byte)', () => {
    const encoded = toRlp(['0x01', '0x']);
    expect(readRlpHexList(`0x02${encoded.slice(2)}`, 4)).toEqual(['0x01', '0x']);
  });

  test('reads a long list (more than 55 bytes of payload)', () => {
    const items = Array.from({ length: 30 }, (_, i) => bytesToHex(new Uint8Array([i + 1, i + 2])));
    expect(readRlpHexList(toRlp(items))).toEqual(items);
  });

  test.each([
    ['a byte string, not a list', '0x8180'],
    ['a single byte below 0x80 in the one-byte form', '0xc28105'],
    ['the long form for a short string', '0xc3b80100'],
    ['a length with a leading zero', `0xf90000${'00'.repeat(0)}`],
    ['data after the list', '0xc10102'],
    ['a list that runs past the end', '0xc30102'],
    ['an item that runs past its list', '0xc2820102'],
    ['nothing at all', '0x'],
  ])('error: refuses %s', (_, hex) => {
    expect(() => readRlpHexList(hex)).toThrow(RlpHexError);
  });
});
