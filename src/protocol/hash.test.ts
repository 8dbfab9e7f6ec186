import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesToHex, concat, hexToBytes, keccak256 as viemKeccak, type Hex } from 'viem';
import { InvalidArgumentError } from '../errors.ts';
import { bytesToUint256, hexBytes, keccak256, keccakHex, keccakPair, packWords, toUint256, u256Bytes, uint256ToWord, wordToBytes } from './hash.ts';

const word = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('hash', () => {
  test('keccak256 agrees with viem on any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(bytesToHex(keccak256(bytes))).toBe(viemKeccak(bytes));
      }),
    );
  });

  test('keccakPair is the hash of the two words concatenated', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(bytesToHex(keccakPair(a, b))).toBe(viemKeccak(concat([a, b]), 'hex'));
      }),
    );
  });

  test('keccakPair returns a fresh array each call, so earlier results survive', () => {
    const first = keccakPair(new Uint8Array(32), new Uint8Array(32).fill(1));
    const copy = first.slice();
    keccakPair(new Uint8Array(32).fill(7), new Uint8Array(32).fill(9));
    expect(first).toEqual(copy);
  });

  test('keccakHex accepts hex and bytes alike', () => {
    expect(keccakHex('0xdeadbeef')).toBe(keccakHex(new Uint8Array([0xde, 0xad, 0xbe, 0xef])));
    expect(keccakHex('0x')).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  test('u256Bytes and bytesToUint256 round-trip every uint256', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (n) => {
        expect(bytesToUint256(u256Bytes(n))).toBe(n);
        expect(uint256ToWord(n)).toBe(`0x${n.toString(16).padStart(64, '0')}`);
      }),
    );
  });

  test('error: toUint256 rejects negative, fractional and too-large values', () => {
    expect(() => toUint256(-1n)).toThrow(InvalidArgumentError);
    expect(() => toUint256(1.5)).toThrow(InvalidArgumentError);
    expect(() => toUint256(1n << 256n)).toThrow(InvalidArgumentError);
  });

  test('packWords lays words out back to back', () => {
    const words = [`0x${'01'.repeat(32)}`, `0x${'ab'.repeat(32)}`] as const;
    expect(packWords([...words])).toEqual(new Uint8Array([...wordToBytes(words[0]), ...wordToBytes(words[1])]));
  });

  test('error: packWords rejects a malformed word', () => {
    expect(() => packWords([`0x${'01'.repeat(31)}`])).toThrow(InvalidArgumentError);
  });

  test('error: wordToBytes rejects anything but 32 bytes of hex', () => {
    expect(() => wordToBytes('0x1234')).toThrow(InvalidArgumentError);
    expect(() => wordToBytes(`0x${'zz'.repeat(32)}`)).toThrow(InvalidArgumentError);
    expect(wordToBytes(`0x${'ab'.repeat(32)}`)).toHaveLength(32);
  });
});

describe('hexBytes', () => {
  test('gives the bytes viem gives, upper or lower case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, upper) => {
        const hex = bytesToHex(bytes);
        const text = (upper ? `0x${hex.slice(2).toUpperCase()}` : hex) as Hex;
        expect(hexBytes(text)).toEqual(hexToBytes(text));
      }),
      { numRuns: 200 },
    );
  });

  test('error: refuses odd-length, unprefixed or non-hex text', () => {
    for (const bad of ['0x123', '1234', '0x12zz', '0x12\u00e9f']) expect(() => hexBytes(bad as Hex)).toThrow(InvalidArgumentError);
  });
});
