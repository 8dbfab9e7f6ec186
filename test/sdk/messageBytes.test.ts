/** How a message given to sendMessage becomes bytes. */
import { describe, expect, it } from 'vitest';
import { messageBytes } from '../../src/sdk/internal/messageBytes.ts';
import { InvalidArgumentError } from '../../src/errors.ts';

describe('messageBytes', () => {
  it('keeps 0x-hex as those bytes', () => {
    expect(messageBytes('0xDEADbeef')).toBe('0xdeadbeef');
  });

  it('sends other text as its UTF-8 bytes', () => {
    expect(messageBytes('hé')).toBe('0x68c3a9');
  });

  it('allows the empty message', () => {
    expect(messageBytes('0x')).toBe('0x');
  });

  it('rejects 0x-prefixed text that is not hex, or hex of an odd length', () => {
    expect(() => messageBytes('0xhello')).toThrow(InvalidArgumentError);
    expect(() => messageBytes('0xabc')).toThrow(InvalidArgumentError);
  });
});
