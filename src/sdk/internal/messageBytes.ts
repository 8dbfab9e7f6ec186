/** How the SDK and CLI turn a message given as hex or text into bytes. */
import { isHex, stringToHex, type Hex } from 'viem';
import { InvalidArgumentError } from '../../errors.ts';

/**
 * The bytes of a message given as 0x-hex or text.
 * @throws InvalidArgumentError for 0x-prefixed text that is not whole bytes of hex
 */
export function messageBytes(message: Hex | string): Hex {
  if (isHex(message, { strict: true })) {
    if (message.length % 2 !== 0) throw new InvalidArgumentError(`message ${message} is 0x-hex of an odd length; give whole bytes`);
    return message.toLowerCase() as Hex;
  }
  if (message.startsWith('0x')) throw new InvalidArgumentError(`message "${message}" starts with 0x but is not hex; give hex bytes or text without the 0x prefix`);
  return stringToHex(message);
}
