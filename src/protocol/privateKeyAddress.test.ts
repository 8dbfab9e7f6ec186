import fc from 'fast-check';
import { bytesToHex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, test } from 'vitest';
import { privateKeyAddress } from './privateKeyAddress.ts';

describe('privateKeyAddress', () => {
  test('gives the rich wallet its documented address', () => {
    expect(privateKeyAddress('0x7726827caac94a7f9e1b160f7ea819f172f7b6f9d2a97f992c38edeab82d4110')).toBe('0x36615Cf349d7F6344891B1e7CA7C72883F5dc049');
  });

  test('agrees with viem on random keys', () => {
    const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => b.some((x) => x !== 0) && b[0]! < 0xff).map(bytesToHex);
    fc.assert(fc.property(key, (k) => {
      expect(privateKeyAddress(k)).toBe(privateKeyToAddress(k));
    }), { numRuns: 200 });
  });

  test('error: refuses a zero key', () => {
    expect(() => privateKeyAddress(`0x${'00'.repeat(32)}`)).toThrow();
  });

  test('error: refuses a key that is not 32 bytes of hex', () => {
    expect(() => privateKeyAddress('0x1234')).toThrow(/32 bytes/);
    expect(() => privateKeyAddress(`0x${'zz'.repeat(32)}`)).toThrow(/32 bytes/);
  });
});
